"""The text stage: clean text plus metadata with provenance, from one RawInput.

Later stages read only ``ExtractedText.text``; the raw input stays untouched in the store
and ``offsets``/``debris`` say exactly how the clean text relates to it.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from claimledger.errors import InputError
from claimledger.records import ExtractedText, PublishedSource, RawInput
from claimledger.text.clean import (
    clean,
    front_matter,
    front_matter_lines,
    line_key,
    split_lines,
)
from claimledger.text.dates import find_dateline, parse_date
from claimledger.text.decode import decode
from claimledger.text.html import align, extract_page
from claimledger.text.lang import detect_language

__all__ = ["content_hash", "extract", "line_key", "parse_date"]

_HTML_HINTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p>",
               b"<p ", b"<meta", b"<title")


def content_hash(text: str) -> str:
    """sha256 of the clean text with case and whitespace folded, for exact dedupe."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _http(value: str | None) -> str | None:
    return value if value and value.lower().startswith(("http://", "https://")) else None


def _readable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return any(hint in head for hint in _HTML_HINTS)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def extract(raw: RawInput, *, outlet_boilerplate: frozenset[str] = frozenset()) -> ExtractedText:
    """Clean text and metadata of ``raw``; raises InputError when it holds no readable text.

    ``raw_text`` (what offsets point into) is the decoded input; for a JSON record it is the
    record's ``html`` or ``text`` field, since that, not the JSON syntax, is the report.
    ``outlet_boilerplate`` holds ``line_key``s the caller has seen in other documents of
    the same outlet; short lines matching them are removed as "outlet boilerplate".
    """
    kind = raw.kind
    record_title: str | None = None
    if kind == "json":
        decoded, encoding = decode(raw.source, raw.data, raw.encoding)
        record = _json_record(raw.source, decoded)
        title = record.get("title")
        record_title = title.strip() or None if isinstance(title, str) else None
        markup = record.get("html")
        if isinstance(markup, str) and markup.strip():
            return _from_html(raw, markup, encoding, outlet_boilerplate, record_title)
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            raise InputError(raw.source, "the JSON record has no non-empty 'text' or 'html' field")
        return _from_text(raw, body, encoding, outlet_boilerplate, False, record_title)
    decoded, encoding = decode(raw.source, raw.data, raw.encoding)
    if kind == "html" or (kind not in ("text", "markdown") and looks_like_html(raw.data)):
        return _from_html(raw, decoded, encoding, outlet_boilerplate, None)
    return _from_text(raw, decoded, encoding, outlet_boilerplate, kind == "markdown", None)


def _json_record(source: str, decoded: str) -> dict[str, object]:
    try:
        record = json.loads(decoded)
    except RecursionError:
        raise InputError(source, "the JSON record is nested too deeply to be a report") from None
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(record, dict):
        raise InputError(source, "a JSON record must be an object with a 'text' or 'html' field")
    return record


def _from_text(
    raw: RawInput,
    decoded: str,
    encoding: str,
    outlet_boilerplate: frozenset[str],
    markdown: bool,
    record_title: str | None,
) -> ExtractedText:
    # a range, not a list: a list of 20 million ints alone would take ~700 MB
    cleaned = clean(decoded, range(len(decoded)), outlet_boilerplate=outlet_boilerplate,
                    markdown=markdown)
    if not _readable(cleaned.text):
        raise InputError(raw.source, "no text is left once page debris is removed")
    fields = front_matter(decoded) if markdown else {}
    lines = decoded.split("\n")
    skip = len(front_matter_lines(split_lines(decoded))) if markdown else 0
    dateline = find_dateline(lines[skip:])
    meta_date = fields.get("date") or fields.get("published")
    published, published_source = _published(raw, meta_date, dateline[1] if dateline else None)
    url = raw.url or _http(fields.get("url") or fields.get("link"))
    return ExtractedText(
        text=cleaned.text,
        title=record_title or raw.title or fields.get("title") or cleaned.title,
        outlet=_outlet(raw, fields.get("outlet") or fields.get("source"), url),
        url=url,
        published=published,
        published_source=published_source,
        language=detect_language(cleaned.text),
        encoding=encoding,
        raw_text=decoded,
        offsets=cleaned.offsets,
        debris=cleaned.debris,
    )


def _from_html(
    raw: RawInput,
    markup: str,
    encoding: str,
    outlet_boilerplate: frozenset[str],
    record_title: str | None,
) -> ExtractedText:
    page = extract_page(markup, raw.url)
    if not _readable(page.text):
        raise InputError(raw.source, "the HTML holds no readable text (malformed or empty page)")
    offsets = align(page.text, markup)
    cleaned = clean(page.text, offsets, outlet_boilerplate=outlet_boilerplate)
    if not _readable(cleaned.text):
        raise InputError(raw.source, "no text is left once page debris is removed")
    dateline = find_dateline(page.text.split("\n"))
    published, published_source = _published(
        raw, page.published, dateline[1] if dateline else None, page.guessed
    )
    url = page.url or raw.url
    return ExtractedText(
        text=cleaned.text,
        title=record_title or page.title or raw.title or cleaned.title,
        outlet=_outlet(raw, page.outlet, url),
        url=url,
        published=published,
        published_source=published_source,
        language=detect_language(cleaned.text),
        encoding=encoding,
        raw_text=markup,
        offsets=cleaned.offsets,
        debris=cleaned.debris,
    )


def _container_is_metadata(raw: RawInput) -> bool:
    return raw.published_source == "metadata" or (
        raw.published_source is None and raw.kind in ("json", "feed-entry", "warc-record")
    )


def _published(
    raw: RawInput, page_date: str | None, text_date: str | None, guess: str | None = None
) -> tuple[str | None, PublishedSource]:
    """Date and where it came from: container metadata, page metadata, a dateline, the
    manifest, then a date guessed from the page's text.

    A JSON record's or feed entry's own date was set by whoever made the record, so it
    beats a date inside the HTML it carries (often a template's or a cache's).
    """
    container = parse_date(raw.published) if raw.published else None
    if container and _container_is_metadata(raw):
        return container, "metadata"
    page_iso = parse_date(page_date) if page_date else None
    if page_iso:
        return page_iso, "metadata"
    if text_date:
        return text_date, "text"
    if container:
        return container, "manifest" if raw.published_source in (None, "manifest") else (
            raw.published_source
        )
    guessed = parse_date(guess) if guess else None
    if guessed:
        return guessed, "text"
    return None, "unknown"


def _outlet(raw: RawInput, page_outlet: str | None, url: str | None) -> str | None:
    """What the user or the record named (manifest, JSON field, feed channel) when it is
    the only name; else page metadata, then the URL's host.

    A page's own site name beats a feed's channel title, but a host name never beats a
    name someone wrote down: "Harbourline Daily" reads better than its domain.
    """
    if raw.outlet and raw.kind == "json":
        return raw.outlet
    host = _host(url)
    if page_outlet and host and page_outlet.lower().removeprefix("www.") == host.lower():
        page_outlet = None  # trafilatura names the site after its domain when the page won't
    return page_outlet or raw.outlet or host
