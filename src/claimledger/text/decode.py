"""Bytes to text, refusing what is not text.

Reports arrive in every encoding the web has produced; a wrong guess silently corrupts
names and figures, so a declared encoding is trusted only when it decodes cleanly, and a
guess is accepted only when the result looks like language rather than noise.
"""

from __future__ import annotations

import codecs
import itertools
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


# typographic marks legacy code pages carry besides letters
_TYPOGRAPHIC = frozenset("\u00a0«»‹›‘’‚“”„–—…•·°€£¥§©®™±×÷¶†‡‰¢¤¦¨ªº¹²³¼½¾µ")


_WORD = re.compile(r"[^\W\d_]+")


def _word_like(word: str) -> bool:
    """A run of letters that reads as a word: no lower-to-upper turn inside it ("žĆ"),
    one letter alone only in lower case ("à", "в"; not "Ã" before a bracket), and no
    compatibility forms."""
    if any(a.islower() and b.isupper() for a, b in itertools.pairwise(word)):
        return False
    if unicodedata.normalize("NFKC", word) != word:
        return False  # presentation forms and the like: what code-page noise decodes to
    if any(ch.isascii() for ch in word) and not all(
        ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in word
    ):
        return False  # a Latin word with a CJK or Arabic letter inside is noise
    return len(word) >= 2 or word.islower()


def _plausible(text: str) -> bool:
    """True when the non-ASCII characters of a guessed decoding read as words.

    A few stray bytes decode in any single-byte code page to *something*; charset
    detectors then name one with full confidence ("˙ţĂ(" from bytes that are simply
    invalid UTF-8). Real legacy text puts its accented letters inside words (café,
    Zürich) or writes whole words in another script; the guess is believed only when
    nearly every non-ASCII character does one of those or is a typographic mark.
    """
    total = sum(1 for ch in text if ord(ch) > 127)
    if not total:
        return True
    good = sum(1 for ch in text if ch in _TYPOGRAPHIC)
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.isascii() and _word_like(word):
            good += sum(1 for ch in word if ord(ch) > 127)
    return total - good <= total // 20


def _legacy(data: bytes) -> tuple[str, str] | None:
    """The first legacy decoding charset-normalizer offers that reads as language."""
    for match in from_bytes(data):
        if match.chaos >= 0.3:
            continue
        guess = str(match)
        if _sensible(guess) and _plausible(guess):
            return guess, match.encoding
    return None


def _utf8_replacing(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with each invalid byte shown as U+FFFD, when such bytes are a small minority.

    Keeping bad bytes visible is better than a guessed code page turning them into
    letters; text that is mostly invalid is refused instead.
    """
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    controls = len(_CONTROL.findall(text)) - replaced
    if replaced > max(8, len(text) // 50) or controls > max(2, len(text) // 200):
        return None
    return text, "utf-8"


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
        text, used = _legacy(data) or _utf8_replacing(data) or (None, "")
    if text is None:
        raise InputError(source, "the input could not be decoded as text in any known encoding; "
                                 "convert it to UTF-8")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(source, "the input holds only whitespace; nothing to read")
    return text, used
