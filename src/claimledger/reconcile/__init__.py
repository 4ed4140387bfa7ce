"""Claims -> measures: alignment, independent sources, status, timeline and brief.

``reconcile`` is a pure function of one story's records: same input, same measures, ids and
brief, with no network and no model. Every decision it takes is written down per claim in
``Reconciliation.explanations`` (what ``claimledger explain CLAIM_ID`` prints) and per
measure in ``Measure.explanation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.reconcile.align import group
from claimledger.reconcile.brief import compose, numbers_in, word_count
from claimledger.reconcile.claimers import ClaimerIndex
from claimledger.reconcile.currency import local_currencies
from claimledger.reconcile.measures import build
from claimledger.records import Claim, Document, Measure, Stance, Story

__all__ = ["Reconciliation", "brief", "numbers_in", "reconcile", "word_count"]

_NEAR_MISSES = 4


@dataclass
class Reconciliation:
    """One story's measures, the claim -> measure map, the brief and why each claim went where."""

    measures: list[Measure] = field(default_factory=list)
    claim_measure: dict[str, str] = field(default_factory=dict)
    brief: str = ""
    citations: list[int] = field(default_factory=list)
    explanations: dict[str, list[str]] = field(default_factory=dict)

    def explain(self, claim_id: str) -> list[str]:
        return list(self.explanations.get(claim_id, [f"claim {claim_id} is not in this story"]))


def reconcile(
    story: Story,
    documents: list[Document],
    claims: list[Claim],
    stances: list[Stance],
    *,
    words: int = 100,
) -> Reconciliation:
    """Group a story's claims into measures and summarise them in a cited brief."""
    docs = {d.id: d for d in documents}
    in_story = [c for c in claims if c.document in docs] if docs else list(claims)
    in_story = local_currencies(in_story)
    texts = {d.id: d.text for d in documents}
    groups, left = group(in_story, texts)
    index = ClaimerIndex(in_story)
    measures, lines = build(story.id, groups, docs, stances, index)
    claim_measure: dict[str, str] = {}
    for measure in measures:
        for cid in measure.claims:
            claim_measure[cid] = measure.id
    by_id = {m.id: m for m in measures}
    near = {f.claim.id: f.near for g in groups for f in g.facets}
    why_left = {f.claim.id: f.family_why for f in left}
    explanations: dict[str, list[str]] = {}
    for claim in in_story:
        out = list(lines.get(claim.id, []))
        mine = claim_measure.get(claim.id)
        if mine is None:
            out.insert(0, "in no measure: " + why_left.get(claim.id, "not reconciled"))
        elif by_id[mine].explanation:
            out.append("  measure status: " + by_id[mine].explanation[0])
        out += _near_misses(near.get(claim.id, []), claim_measure, by_id)
        explanations[claim.id] = out
    text, citations = compose(measures, in_story, stances, documents, words)
    return Reconciliation(measures, claim_measure, text, citations, explanations)


def brief(
    story: Story,
    documents: list[Document],
    claims: list[Claim],
    stances: list[Stance],
    words: int = 100,
) -> tuple[str, list[int]]:
    """Only the brief and its citations, for callers that re-summarise at another length."""
    result = reconcile(story, documents, claims, stances, words=words)
    return result.brief, result.citations


def _near_misses(
    near: list[tuple[str, float, str]], claim_measure: dict[str, str],
    by_id: dict[str, Measure],
) -> list[str]:
    """The figures in other measures that scored closest to a claim, and why they stayed
    apart."""
    out = []
    for other, score, why in near:
        m = by_id.get(claim_measure.get(other, ""))
        where = f"{m.id} ({m.label})" if m is not None else "no measure"
        out.append(f"kept apart from {where}, claim {other} (pair score {score:.2f}): {why}")
    return out
