"""Check examples/gold.json against the example corpus.

Every gold quote must be a verbatim substring of its document's body text, lie at the
recorded start/end offsets, and stay inside one sentence (the evaluator matches a claim
by the sentence that holds it, so a quote that spans sentences could never match).

Body text, the text the offsets point into:
  * .txt files: the whole file, decoded as UTF-8;
  * HTML (files, the "html" field of a JSONL record, an RSS item's content:encoded, a WARC
    response payload): the <p> elements without a class attribute inside <article> (or
    in the whole fragment where there is no <article>), outside aside/figure/nav/header/
    footer, each with its whitespace collapsed, joined by a blank line;
  * JSONL records with a "text" field: that field as it stands.

Run:  .venv/bin/python examples/check_gold.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
_SKIP_PARENTS = {"aside", "figure", "nav", "header", "footer"}
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
# A sentence ends at . ! or ? followed by a space and a capital or an opening quote; the
# check is deliberately simple, it only has to catch a quote pasted across two sentences.
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“A-Z]")


def html_body(markup: str) -> str:
    """Paragraph text of an article, the way the gold offsets count it."""
    root = lxml_html.fromstring(markup)
    articles = root.xpath("//article")
    scope = articles[0] if articles else root
    paragraphs: list[str] = []
    for p in scope.iter("p"):
        if p.get("class") is not None:
            continue
        if any(a.tag in _SKIP_PARENTS for a in p.iterancestors()):
            continue
        text = " ".join(p.text_content().split())
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _records(path: Path) -> list[str]:
    """Body texts of the records in a container file, in file order."""
    if path.suffix == ".jsonl":
        bodies = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                bodies.append(record["text"] if "text" in record else html_body(record["html"]))
        return bodies
    if path.suffix == ".rss":
        tree = ET.parse(path)
        return [html_body(item.findtext(_CONTENT) or "") for item in tree.iter("item")]
    if path.name.endswith(".warc.gz"):
        bodies = []
        with gzip.open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    bodies.append(html_body(record.content_stream().read().decode("utf-8")))
        return bodies
    raise ValueError(f"{path} is not a container")


def documents() -> dict[str, str]:
    """Every gold document name (basename, '#n' for records) mapped to its body text."""
    docs: dict[str, str] = {}
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or path.name == "manifest.csv":
            continue
        if path.suffix == ".txt":
            docs[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".html":
            docs[path.name] = html_body(path.read_text(encoding="utf-8"))
        else:
            for n, body in enumerate(_records(path), start=1):
                docs[f"{path.name}#{n}"] = body
    return docs


def check(gold_path: Path) -> list[str]:
    """Problems found in the gold file; empty when every claim checks out."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = documents()
    problems: list[str] = []
    seen_ids: set[str] = set()
    for claim in gold["claims"]:
        cid, doc, quote = claim["id"], claim["doc"], claim["quote"]
        if cid in seen_ids:
            problems.append(f"{cid}: duplicate id")
        seen_ids.add(cid)
        text = docs.get(doc)
        if text is None:
            problems.append(f"{cid}: no document {doc!r}")
            continue
        if quote not in text:
            problems.append(f"{cid}: quote {quote!r} not found in {doc}")
            continue
        if text[claim["start"] : claim["end"]] != quote:
            problems.append(f"{cid}: offsets {claim['start']}:{claim['end']} do not hold the quote")
        if _SENTENCE_BREAK.search(quote) or "\n" in quote:
            problems.append(f"{cid}: quote spans more than one sentence")
        if claim["value"] is None and not claim["vague"]:
            problems.append(f"{cid}: no value but not marked vague")
        if claim["vague"] and not claim["optional"]:
            problems.append(f"{cid}: vague amounts must be optional")
    return problems


def main() -> int:
    problems = check(HERE / "gold.json")
    for problem in problems:
        print(problem)
    if not problems:
        gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
        print(f"ok: {len(gold['claims'])} gold claims in {len(documents())} documents")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
