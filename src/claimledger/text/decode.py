"""Bytes to text, refusing what is not text.

Reports arrive in every encoding the web has produced; a wrong guess silently corrupts
names and figures, so a declared encoding is trusted only when it decodes cleanly, and a
guess is accepted only when the result looks like language rather than noise.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from claimledger.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed never occur in
# prose; a few are tolerated (stray bytes in old pages), a share of them means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we accept (images, archives, PDFs)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > max(4, len(head) // 50)


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match:
        return match.group(1).decode("ascii", "replace")
    return None


def _sensible(text: str) -> bool:
    if not text.strip():
        return False
    bad = len(_CONTROL.findall(text))
    return bad <= max(2, len(text) // 200)


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError, ValueError):
        return None
    return text if _sensible(text) else None


def decode(source: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and NFC-normalise it; returns (text, encoding used).

    Raises InputError naming ``source`` for binary, empty or undecodable input.
    """
    if not data.strip():
        raise InputError(source, "the input is empty; nothing to read")
    if looks_binary(data):
        raise InputError(source, "the input is binary (not text or HTML); give a text, HTML, "
                                 "JSON, feed or WARC file")
    text: str | None = None
    used = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, used = _try(data, name), name
            break
    if text is None:
        # Valid UTF-8 with non-ASCII bytes is almost never anything else, while declared
        # charsets are often wrong (servers default to ISO-8859-1), so UTF-8 is tried first.
        for candidate in ("utf-8", declared, _declared(data)):
            text = _try(data, candidate)
            if text is not None:
                used = codecs.lookup(candidate or "utf-8").name
                break
    if text is None:
        best = from_bytes(data).best()
        if best is not None:
            guess = str(best)
            if _sensible(guess) and best.chaos < 0.3:
                text, used = guess, best.encoding
    if text is None:
        raise InputError(source, "the input could not be decoded as text in any known encoding; "
                                 "convert it to UTF-8")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(source, "the input holds only whitespace; nothing to read")
    return text, used
