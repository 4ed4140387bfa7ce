// Progressive enhancement only: every page works without this file.
"use strict";
(function () {
  var input = document.getElementById("files");
  var note = document.getElementById("files-note");
  if (!input || !note) { return; }
  input.addEventListener("change", function () {
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var total = 0;
    for (var i = 0; i < input.files.length; i++) { total += input.files[i].size; }
    var text = input.files.length + " file(s), " + Math.round(total / 1000) + " kB";
    if (input.files.length > maxFiles) { text += ": too many files, the server takes at most " + maxFiles; }
    else if (total > maxBytes) { text += ": too large, the server takes at most " + Math.round(maxBytes / 1e6) + " MB"; }
    note.textContent = text;
  });
})();
