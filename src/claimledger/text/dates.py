"""Publication dates written in the text itself (datelines).

Plain-text reports often carry their date only as a line under the headline
("Thu Nov 02 2023", "November 2, 2023"); claims are dated against it, so a dateline near
the top is worth reading when no metadata says otherwise.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "januar", "janvier", "enero", "gennaio"),
        ("february", "feb", "februar", "février", "fevrier", "febrero", "febbraio"),
        ("march", "mar", "märz", "maerz", "mars", "marzo"),
        ("april", "apr", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio"),
        ("june", "jun", "juni", "juin", "junio", "giugno"),
        ("july", "jul", "juli", "juillet", "julio", "luglio"),
        ("august", "aug", "août", "aout", "agosto"),
        ("september", "sep", "sept", "septembre", "septiembre", "settembre"),
        ("october", "oct", "oktober", "octobre", "octubre", "ottobre"),
        ("november", "nov", "novembre", "noviembre"),
        ("december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH = r"(?P<month>[A-Za-zéûä]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # Thu Nov 02 2023
    re.compile(rf"\b{_WEEKDAY}{_DAY}\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<month>\d\d?)/(?P<day>\d\d?)\b"),
    re.compile(r"\b(?P<day>\d\d?)\.(?P<month>\d\d?)\.(?P<year>(?:19|20)\d\d)\b"),
]
_PREFIX = re.compile(
    r"^\s*(?:(?:published|updated|last\s+updated|posted|date|dated|veröffentlicht|"
    r"aktualisiert|publié|publicado)\s*(?:on|am|le|el)?\s*:?\s*)?",
    re.I,
)
_TIME = re.compile(
    r"(?:[,|•·-]?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?)",
    re.I,
)


def _month(value: str) -> int | None:
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(value.lower().rstrip("."))


def parse_date(text: str) -> str | None:
    """The first real calendar date written in ``text``, as ISO yyyy-mm-dd, or None."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            month = _month(match.group("month"))
            if month is None:
                continue
            try:
                found = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            return found.isoformat()
    return None


def date_line(line: str) -> str | None:
    """The date when the whole line is a dateline (date, maybe a prefix and a time), else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    body = _PREFIX.sub("", stripped, count=1)
    for pattern in _PATTERNS:
        match = pattern.search(body)
        if match is None:
            continue
        rest = (body[: match.start()] + " " + body[match.end() :]).strip(" ,|•·-–—")
        rest = _TIME.sub("", rest).strip(" ,|•·-–—()")
        if rest:
            continue
        return parse_date(match.group(0))
    return None


def find_dateline(lines: list[str], *, window: int = 8) -> tuple[int, str] | None:
    """(line index, ISO date) of a dateline among the first ``window`` non-empty lines.

    A line that is only a date wins; otherwise a short line (<= 12 words, not the headline)
    holding a date, since a date inside a long sentence is usually an event date.
    """
    seen = 0
    fallback: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > window:
            break
        found = date_line(line)
        if found:
            return index, found
        # The headline is skipped here: a date in a headline is usually the event's.
        if fallback is None and seen > 1 and len(line.split()) <= 12:
            loose = parse_date(line)
            if loose:
                fallback = (index, loose)
    return fallback
