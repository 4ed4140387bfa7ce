"""``find_quantities``: every number in a text, read, with whether it is a claim and why not.

This is the inspection face of the claims stage (``claimledger quantities``): it shows the
parser's raw reading of each quantity, including the ones deliberately not turned into
claims (dates, years, calibres, ordinals, list numbering, page debris, time adverbials).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language

from claimledger.claims.model import candidates
from claimledger.claims.numbers import has_number
from claimledger.claims.pipeline import (
    MAX_DOCUMENT_CHARS,
    _is_claim,
    build_pipeline,
    split_sentences,
)


@dataclass
class QuantityReport:
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    item: str | None
    qualifier: str | None
    start: int
    end: int
    text: str
    claim: bool
    reason: str | None  # why it is not a claim: "date", "year", "calibre", "no-item", ...
    vague: bool = False
    item_lemma: str | None = None
    subject: str | None = None  # who or what the figure is about ("the economy", "Acme")
    measured: str | None = None  # what a figure without a counted noun measures

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    return build_pipeline()


def _why_not(reason: str | None, temporal: bool, source: bool, predicate: str | None,
             item: str | None, unit: str | None) -> str | None:
    if reason is not None:
        return reason
    if temporal:
        return "time-adverbial"
    if source:
        return "source"
    if item is None and unit is None:
        return "no-item"
    if predicate is None:
        return "no-predicate"
    return None


def find_quantities(text: str, nlp: Language | None = None) -> list[QuantityReport]:
    """Every quantity in ``text`` in order, each marked claim or not (with the reason)."""
    pipe = build_pipeline(nlp) if nlp is not None else _pipeline()
    text = text[:MAX_DOCUMENT_CHARS]  # a cap on work per input; the rest is not read
    spans = [(s, e) for s, e in split_sentences(text) if has_number(text[s:e])]
    found: list[QuantityReport] = []
    for (s, _e), sdoc in zip(spans, pipe.pipe(text[a:b] for a, b in spans), strict=True):
        for cand in candidates(sdoc):
            q = cand.quantity
            why = _why_not(q.reason, cand.temporal, cand.source, cand.predicate,
                           cand.item_lemma, q.unit)
            found.append(QuantityReport(
                value=q.value, low=q.low, high=q.high, unit=q.unit, item=cand.item,
                qualifier=q.qualifier, start=s + q.start, end=s + q.end, text=q.text,
                claim=_is_claim(cand), reason=why, vague=q.vague, item_lemma=cand.item_lemma,
                subject=cand.subject, measured=cand.measured))
    return found
