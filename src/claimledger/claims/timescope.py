"""Turning "since last year" into ISO dates against the report's publication date."""

from __future__ import annotations

import re
from datetime import date

from claimledger.claims.numbers import MONTHS


def _published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve(scope: str | None, published: str | None) -> tuple[str | None, str | None]:
    """(time_start, time_end); both None when the scope or the report date is unknown."""
    pub = _published(published)
    if scope is None or pub is None:
        return None, None
    text = scope.lower()
    end = pub.isoformat()
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    month = next((i + 1 for i, name in enumerate(MONTHS) if (re.search(
        rf"\b{name[:3]}[a-z]*\b", text) and name != "may") or (name == "may" and
                                                             re.search(r"\bmay\b", text))), None)
    if m:
        year = int(m.group(1))
        return date(year, month or 1, 1).isoformat(), end
    if month is not None:
        year = pub.year if month <= pub.month else pub.year - 1
        return date(year, month, 1).isoformat(), end
    if "last year" in text:
        return date(pub.year - 1, 1, 1).isoformat(), end
    if "this year" in text or "beginning of the year" in text:
        return date(pub.year, 1, 1).isoformat(), end
    if "last month" in text:
        year, mon = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        return date(year, mon, 1).isoformat(), end
    return None, end
