"""Recognising input formats and splitting containers into records.

Containers (JSON lists, JSONL, feeds, WARC files) are numbered "<container>#<n>", n
counting every record the container holds, rejected ones too, so that a record keeps its
name when a neighbour is fixed or removed: gold files and evaluations refer to them.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
from warcio.archiveiterator import ArchiveIterator

from claimledger.errors import InputError
from claimledger.records import RawInput

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b", re.I)
_HTML_HINTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p>",
               b"<p ", b"<meta", b"<title")
_WARC_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


TOO_DEEP = "the JSON is nested too deeply to be a report (arrays or objects thousands deep)"


def looks_binary(data: bytes) -> bool:
    """Bytes no text encoding produces: NULs (without a UTF-16/32 BOM) or many controls."""
    head = data[:8192]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > max(4, len(head) // 50)


def kind_for_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    dot = lower.rfind(".")
    return EXTENSIONS.get(lower[dot:]) if dot >= 0 else None


def sniff(data: bytes) -> str:
    """Format of bytes whose name says nothing: warc, feed, html, json, jsonl, text, binary."""
    if data.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 64)
        except zlib.error:
            return "binary"
        return "warc" if inner.startswith(b"WARC/") else "binary"
    if data.startswith(b"WARC/"):
        return "warc"
    if looks_binary(data):
        return "binary"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and _FEED_ROOT.search(head[:2048]):
        return "feed"
    if any(hint in head[:2048] for hint in _HTML_HINTS):
        return "html"
    if head.startswith((b"{", b"[")):
        try:
            json.loads(data)
            return "json"
        except (ValueError, RecursionError):
            lines = [line for line in data.splitlines() if line.strip()]
            if lines and all(line.lstrip().startswith(b"{") for line in lines[:20]):
                return "jsonl"
    return "text"


def iso_date(value: Any) -> str | None:
    """yyyy-mm-dd from the date strings containers use (ISO 8601, RFC 822), else as given."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = re.match(r"^(\d{4}-\d\d-\d\d)", text)
    return match.group(1) if match else text


def _text_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return value.strip() or None if isinstance(value, str) else None


def json_record(source: str, raw: bytes, record: Any) -> RawInput | InputError:
    if not isinstance(record, dict):
        return InputError(source, "a record must be a JSON object with a 'text' or 'html' field")
    if not _text_field(record, "text") and not _text_field(record, "html"):
        return InputError(source, "the record has no non-empty 'text' or 'html' field")
    published = iso_date(record.get("published"))
    return RawInput(
        source=source,
        data=raw,
        kind="json",
        url=_text_field(record, "url"),
        title=_text_field(record, "title"),
        outlet=_text_field(record, "outlet"),
        published=published,
        published_source="metadata" if published else None,
    )


def iter_jsonl(source: str, data: bytes) -> Iterator[RawInput | InputError]:
    n = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        n += 1
        name = f"{source}#{n}"
        try:
            record = json.loads(line)
        except RecursionError:
            yield InputError(name, TOO_DEEP)
            continue
        except ValueError as exc:
            yield InputError(name, f"invalid JSON line ({exc})")
            continue
        yield json_record(name, line.strip(), record)
    if n == 0:
        yield InputError(source, "the JSONL file holds no records")


def iter_json(source: str, data: bytes) -> Iterator[RawInput | InputError]:
    """One object (the file is the record) or a list (each item is "#n", bytes as written)."""
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except RecursionError:
        yield InputError(source, TOO_DEEP)
        return
    except (UnicodeDecodeError, ValueError) as exc:
        if sniff(data) == "jsonl":  # JSON Lines saved with a .json name
            yield from iter_jsonl(source, data)
            return
        yield InputError(source, f"invalid JSON ({exc}); JSON input must be UTF-8")
        return
    if isinstance(document, dict):
        yield json_record(source, data, document)
        return
    if not isinstance(document, list):
        yield InputError(source, "JSON input must be an object or a list of objects")
        return
    if not document:
        yield InputError(source, "the JSON list holds no records")
        return
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    for n in range(1, len(document) + 1):
        while text[position] in " \t\r\n,":
            position += 1
        item, end = decoder.raw_decode(text, position)
        yield json_record(f"{source}#{n}", text[position:end].encode("utf-8"), item)
        position = end


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                year, month, day = parsed[:3]
                return datetime(year, month, day, tzinfo=UTC).date().isoformat()
            except (TypeError, ValueError):
                continue
    return None


def _entry_content(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None


Fetch = Callable[[str], tuple[bytes, str, str | None]]


def iter_feed(
    source: str, data: bytes, fetch: Fetch | None
) -> Iterator[RawInput | InputError]:
    """Feed entries: the linked page when it can be fetched, else the entry's own content."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser is lenient, but sgmllib can still raise
        yield InputError(source, f"the feed could not be parsed ({exc})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = "the feed has no entries"
        if parsed.get("bozo"):
            reason += f" (not a well-formed feed: {parsed.get('bozo_exception')})"
        yield InputError(source, reason)
        return
    # the channel's own name is the outlet of every entry (a fetched page may still say better)
    channel = (parsed.get("feed") or {}).get("title")
    outlet = " ".join(channel.split())[:200] or None if isinstance(channel, str) else None
    for n, entry in enumerate(entries, start=1):
        name = f"{source}#{n}"
        link = entry.get("link")
        title = entry.get("title") if isinstance(entry.get("title"), str) else None
        published = _entry_date(entry)
        why_not = "fetching is off"
        if fetch is not None and isinstance(link, str) and link.lower().startswith("http"):
            try:
                page, url, charset = fetch(link)
            except InputError as exc:
                why_not = f"fetching {link} failed: {exc.reason}"
            else:
                yield RawInput(source=name, data=page, kind="feed-entry", url=url, title=title,
                               outlet=outlet, published=published,
                               published_source="metadata" if published else None,
                               encoding=charset)
                continue
        elif fetch is not None:
            why_not = "the entry has no link"
        content = _entry_content(entry)
        if content is None:
            yield InputError(name, f"the entry has no content and {why_not}")
            continue
        yield RawInput(source=name, data=content.encode("utf-8"), kind="feed-entry",
                       url=link if isinstance(link, str) else None, title=title,
                       outlet=outlet, published=published,
                       published_source="metadata" if published else None, encoding="utf-8")


# A compressed WARC may expand to far more than it weighs: the whole archive, records
# skipped or kept, may expand to at most this many times its own size (or the floor).
MAX_EXPANSION_RATIO = 40
EXPANSION_FLOOR = 8_000_000


def _stream_size(stream: io.BufferedIOBase | io.BytesIO) -> int | None:
    try:
        here = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(here)
    except (OSError, ValueError):
        return None
    return size


def brief_error(exc: BaseException, limit: int = 160) -> str:
    """An exception as one short, printable line: hostile bytes are never quoted at length."""
    text = f"{type(exc).__name__}: {exc}"
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch) & 0xFF:02x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def iter_warc(source: str, stream: io.BufferedIOBase | io.BytesIO,
              max_bytes: int) -> Iterator[RawInput | InputError]:
    """HTML and plain-text response records; other records are numbered but skipped.

    Every record's declared length counts towards the archive's expansion budget, so a
    small gzip that inflates to gigabytes stops with a reason instead of filling memory.
    """
    n = 0
    found = 0
    size = _stream_size(stream)
    budget = min(max_bytes, max(EXPANSION_FLOOR, MAX_EXPANSION_RATIO * (size or max_bytes)))
    expanded = 0
    try:
        for record in ArchiveIterator(stream):
            declared = record.rec_headers.get_header("Content-Length") or "0"
            expanded += int(declared) if declared.isdigit() else 0
            if expanded > budget:
                yield InputError(
                    source, f"the archive expands past {budget:,} bytes ({MAX_EXPANSION_RATIO}"
                    f" times its size, or the --max-bytes cap); the records after #{n} were "
                    "not read; split it, or raise --max-bytes"
                )
                return
            if record.rec_type not in ("response", "resource"):
                continue
            n += 1
            name = f"{source}#{n}"
            headers = record.http_headers
            if record.rec_type == "response":
                if headers is None:
                    continue
                status = headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
                media = headers.get_header("Content-Type") or ""
            else:
                media = record.rec_headers.get_header("Content-Type") or ""
            kind = media.split(";", 1)[0].strip().lower()
            if kind not in _WARC_TYPES:
                continue
            payload = record.content_stream().read(max_bytes + 1)
            found += 1
            if len(payload) > max_bytes:
                yield InputError(name, f"the record is over the cap of {max_bytes} bytes")
                continue
            charset = None
            match = re.search(r"charset=([\w.:-]+)", media, re.I)
            if match:
                charset = match.group(1)
            yield RawInput(source=name, data=payload, kind="warc-record",
                           url=record.rec_headers.get_header("WARC-Target-URI"),
                           encoding=charset)
    except Exception as exc:  # warcio raises many types on damaged input
        yield InputError(source, "the WARC file is damaged or not a WARC file "
                                 f"({brief_error(exc)})")
        return
    if found == 0:
        yield InputError(source, "the WARC file holds no HTML or plain-text responses")
