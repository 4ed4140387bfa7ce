"""Main text and metadata of an HTML page.

trafilatura finds the article body (it weighs link density and page structure);
comments are left out because reader comments are not the outlet's claims. Its plain
text no longer points into the page, so offsets are recovered by finding each line, or
failing that each word, in the decoded HTML in reading order: best effort, -1 where a
character (an entity, a joined space) has no literal source.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import htmldate
import trafilatura
from lxml import html as lxml_html

_WINDOW = 50_000
_RECHECK_BELOW = 5_000
_SHORTER_BY = 2.0
_TOKEN = re.compile(r"\S+")


@dataclass
class Page:
    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None  # from the markup's metadata (meta tags, <time>, JSON-LD, URL)
    guessed: str | None = None  # htmldate's search of the visible text: a guess, not metadata


def _clean_meta(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _run(markup: str, url: str | None, *, precise: bool, metadata: bool) -> Any:
    try:
        return trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=metadata,
            include_comments=False,
            include_tables=True,
            favor_precision=precise,
            # The page date comes from htmldate's full search below; trafilatura's own
            # pass only needs to be cheap.
            date_extraction_params={"extensive_search": False, "original_date": False},
        )
    except Exception:  # trafilatura raises assorted errors on hostile markup
        return None


def extract_page(markup: str, url: str | None) -> Page:
    """Article text and page metadata; text is "" when the page holds no readable body.

    Precision mode keeps teasers and link lists out, but now and then it cuts an article
    short; when its text is short, the balanced mode is run too and wins if precision mode
    kept less than half of what it found.
    """
    document = _run(markup, url, precise=True, metadata=True)
    text = (document.text or "") if document is not None else ""
    if len(text) < _RECHECK_BELOW:
        balanced = _run(markup, url, precise=False, metadata=False)
        other = (balanced.text or "") if balanced is not None else ""
        if len(text) * _SHORTER_BY < len(other):
            text = other
    if text.strip():
        text = _split_body(markup, text) or text
    else:
        text = _fallback_text(markup) or _event_text(markup)
    published: str | None = None
    guessed: str | None = None
    try:
        published = htmldate.find_date(markup, url=url, extensive_search=False)
        if published is None:
            guessed = htmldate.find_date(markup, url=url)
    except Exception:  # htmldate raises on some malformed pages; the date is optional
        published = None
    if document is None:
        return Page(text, None, None, url, published, guessed)
    return Page(
        text=text,
        title=_clean_meta(document.title),
        outlet=_clean_meta(document.sitename),
        url=_clean_meta(document.url) or url,
        published=published or _clean_meta(document.date),
        guessed=guessed,
    )


_MIN_SPLIT_GAIN = 1.3


def _paragraph_text(element: Any) -> str:
    return " ".join((element.text_content() or "").split())


def _split_body(markup: str, text: str) -> str | None:
    """The whole body of an article split into several same-class containers (an ad or a
    related-link block between each chunk), of which the extractor kept the first.

    The chunks are the elements with exactly the tag and class of the one holding the first
    extracted paragraph; their paragraphs, in page order, replace the text only when they
    hold every paragraph already found and clearly more.
    """
    lines = [line for line in text.split("\n") if len(line) >= 40]
    if not lines:
        return None
    try:
        tree = lxml_html.fromstring(markup)
    except Exception:  # lxml refuses empty or non-markup documents
        return None
    probe = " ".join(lines[0].split())[:40]
    start = next((p for p in tree.iter("p") if probe in _paragraph_text(p)), None)
    container = start.getparent() if start is not None else None
    while container is not None and not container.get("class"):
        container = container.getparent()
    if container is None:
        return None
    chunks = [e for e in tree.iter(container.tag) if e.get("class") == container.get("class")]
    if len(chunks) < 2:
        return None
    paragraphs = [t for c in chunks for p in c.iter("p") if (t := _paragraph_text(p))]
    joined = "\n".join(paragraphs)
    have = [" ".join(line.split()) for line in lines]
    if len(joined) < len(text) * _MIN_SPLIT_GAIN or not all(h in joined for h in have):
        return None
    return joined


_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
    "article", "header", "footer", "blockquote", "pre", "dd", "dt", "figcaption", "table",
    "ul", "ol", "main", "aside", "nav",
})  # fmt: skip
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


class _TextEvents(HTMLParser):
    """Visible text from a stream of parser events: no tree, so no depth or size limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def _break(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.blocks.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)


def _event_text(markup: str) -> str:
    """Last resort for markup lxml cannot build a tree of (a text node over 10 MB,
    nesting 100,000 deep): the text is kept rather than the report refused as empty."""
    parser = _TextEvents()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # the stdlib parser is lenient, but hostile markup is hostile
        pass
    parser._break()
    return "\n".join(parser.blocks)


def _fallback_text(markup: str) -> str:
    """Visible text of pages trafilatura gives up on (fragments, odd markup)."""
    try:
        tree = lxml_html.fromstring(markup)
    except Exception:  # lxml refuses empty or non-markup documents
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and element.text.strip():
            blocks.append(" ".join(element.text.split()))
        if element.tail and element.tail.strip():
            blocks.append(" ".join(element.tail.split()))
    return "\n".join(blocks)


def align(text: str, source: str) -> array[int]:
    """Offsets of ``text``'s characters in ``source``, in order, -1 where not found."""
    offsets = array("i", [-1]) * len(text)  # 4 bytes a character, not a list's ~36
    cursor = 0
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        found = source.find(stripped, cursor, cursor + _WINDOW) if stripped else -1
        if found >= 0:
            lead = len(line) - len(line.lstrip())
            for k in range(len(stripped)):
                offsets[position + lead + k] = found + k
            cursor = found + len(stripped)
        else:
            for match in _TOKEN.finditer(line):
                word = match.group(0)
                hit = source.find(word, cursor, cursor + _WINDOW)
                if hit < 0:
                    continue
                for k in range(len(word)):
                    offsets[position + match.start() + k] = hit + k
                cursor = hit + len(word)
        position += len(line) + 1
    return offsets
