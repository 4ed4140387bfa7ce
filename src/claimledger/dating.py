"""Undated reports, counted and flagged where the order of figures matters.

A revision or a timeline is only as good as the dates behind it; most pasted or saved
reports carry none. Rather than order them silently by whatever is dated, every view says
how many reports lack a date and how to add them (a manifest).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimledger.records import Document, Measure
from claimledger.words import count

MANIFEST_HINT = "add dates with a manifest (claimledger ingest FILES --manifest manifest.csv)"


def undated(documents: Iterable[Document]) -> list[int]:
    """Ids of the reports without a publication date."""
    return [d.id for d in documents if not d.published]


def order_matters(measures: Sequence[Measure]) -> bool:
    """True when some measure holds figures from more than one report: then which came first
    decides whether it is a revision or a conflict, and how its timeline runs."""
    for m in measures:
        if m.status == "revised" or not m.ordered:
            return True
        if len({p.claim.split("-", 1)[0] for p in m.timeline}) > 1 or len(m.claims) > 1:
            return True
    return False


def undated_note(documents: Sequence[Document], measures: Sequence[Measure]) -> str | None:
    """"order unknown: 4 of 5 reports undated; add dates with a manifest (...)", or None when
    every report is dated or no figure's order matters."""
    missing = undated(documents)
    if not missing or not order_matters(measures):
        return None
    total = len(documents)
    what = count(total, "report")
    return f"order unknown: {len(missing)} of {what} undated; {MANIFEST_HINT}"


__all__ = ["MANIFEST_HINT", "order_matters", "undated", "undated_note"]
