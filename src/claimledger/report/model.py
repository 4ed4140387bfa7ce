"""What every report format shows, computed once from a LedgerView.

Formats differ only in markup; the choice of what to show (measure order, figures as the
reports word them, which report a [n] marker cites, where a figure's evidence sits) lives
here so the terminal, Markdown and HTML reports never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from claimledger.dating import undated_note
from claimledger.records import Claim, Correction, Document, LedgerView, Measure, Stance, Story
from claimledger.review import reviewed_claims, reviewed_measures

STATUS_ORDER = {"conflict": 0, "revised": 1, "agree": 2, "single": 3}


def number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "?"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def figure(claim: Claim) -> str:
    """A claim's figure as a reader would say it: qualifier, number or range, unit."""
    if claim.low is not None and claim.high is not None and claim.low != claim.high:
        core = f"{number(claim.low)}-{number(claim.high)}"
    elif claim.value is not None:
        core = number(claim.value)
    elif claim.vague:
        core = claim.quote.strip() or "vague"
    else:
        core = "no figure"
    if claim.qualifier and (claim.value is not None or claim.low is not None):
        core = f"{claim.qualifier} {core}"
    if claim.unit:
        core = f"{core} {claim.unit}"
    return core


def anchor(claim_id: str) -> str:
    return "claim-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in claim_id)


def measure_anchor(measure_id: str) -> str:
    return "measure-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in measure_id)


@dataclass
class FigureRow:
    claim: Claim
    figure: str
    claimer: str
    outlet: str
    date: str | None
    document: Document | None
    context: bool  # vague or figure-less: supporting context only
    anchor: str


@dataclass
class SourceRow:
    claimer: str
    outlets: list[str]
    figures: list[FigureRow]


@dataclass
class MeasureView:
    measure: Measure
    range: str
    sources: list[SourceRow]
    context: list[FigureRow]
    rows: list[FigureRow]

    @property
    def anchor(self) -> str:
        return measure_anchor(self.measure.id)


@dataclass
class Citation:
    n: int
    document: Document | None
    doc_id: int


@dataclass
class StoryView:
    story: Story
    documents: list[Document]
    citations: list[Citation]
    measures: list[MeasureView]
    stances: list[Stance]
    claims: list[Claim]
    unmeasured: list[Claim] = field(default_factory=list)
    undated: str | None = None  # "order unknown: 4 of 5 reports undated; add dates ..."
    corrections: list[Correction] = field(default_factory=list)  # about this story
    reviewed_claims: dict[str, list[Correction]] = field(default_factory=dict)
    reviewed_measures: dict[str, list[Correction]] = field(default_factory=dict)

    @property
    def unmatched(self) -> list[Correction]:
        """Corrections that did not take effect: listed, never silently dropped."""
        return [c for c in self.corrections if c.unmatched and not c.withdrawn_at]


def measure_range(m: Measure) -> str:
    if m.low is None or m.high is None:
        return "-"
    if m.low == m.high:
        return number(m.low)
    spread = f" (x{m.spread:.2f})" if m.spread else ""
    return f"{number(m.low)}-{number(m.high)}{spread}"


def outlet_name(doc: Document | None) -> str:
    if doc is None:
        return "unknown outlet"
    return doc.outlet or doc.url or doc.source or f"report {doc.id}"


def build(view: LedgerView) -> list[StoryView]:
    docs = {d.id: d for d in view.documents}
    claims = {c.id: c for c in view.claims}
    stories = list(view.stories)
    if not stories and (view.documents or view.claims):
        stories = [Story(id=0, title="Unsorted reports", documents=sorted(docs))]
    out: list[StoryView] = []
    for story in stories:
        members = [d for d in view.documents if d.story == story.id or d.id in story.documents]
        member_ids = {d.id for d in members}
        story_claims = [c for c in view.claims if c.document in member_ids]
        measures = [m for m in view.measures if m.story == story.id]
        measures.sort(key=lambda m: (STATUS_ORDER.get(m.status, 9), -m.independent_sources, m.id))
        views = [_measure_view(m, claims, docs) for m in measures]
        in_measure = {cid for m in measures for cid in m.claims}
        citations = [
            Citation(n, docs.get(doc_id), doc_id) for n, doc_id in enumerate(story.citations, 1)
        ]
        out.append(
            StoryView(
                story=story,
                documents=sorted(members, key=lambda d: d.id),
                citations=citations,
                measures=views,
                stances=[s for s in view.stances if s.document in member_ids],
                claims=story_claims,
                unmeasured=[c for c in story_claims if c.id not in in_measure],
                undated=undated_note(members, measures),
                **_review(view.corrections, story.id, member_ids, measures),
            )
        )
    return out


def _review(
    corrections: list[Correction], story: int, docs: set[int], measures: list[Measure]
) -> dict[str, Any]:
    """The story's corrections and what they marked as reviewed."""
    mine = [
        c for c in corrections
        if c.story == story or any(a.document in docs for a in [*c.claims, *c.target])
    ]  # fmt: skip
    by_measure = reviewed_measures(mine)
    claims = reviewed_claims(mine)
    for m in measures:  # a measure holding a reviewed claim was reviewed too
        for cid in m.claims:
            for c in claims.get(cid, []):
                if c not in by_measure.setdefault(m.id, []):
                    by_measure[m.id].append(c)
    return {"corrections": mine, "reviewed_claims": claims, "reviewed_measures": by_measure}


def _row(claim: Claim, claimer: str, docs: dict[int, Document], context: bool) -> FigureRow:
    doc = docs.get(claim.document)
    return FigureRow(
        claim=claim,
        figure=figure(claim),
        claimer=claimer,
        outlet=outlet_name(doc),
        date=(doc.published[:10] if doc is not None and doc.published else None),
        document=doc,
        context=context,
        anchor=anchor(claim.id),
    )


def _measure_view(m: Measure, claims: dict[str, Claim], docs: dict[int, Document]) -> MeasureView:
    sources: list[SourceRow] = []
    sourced: set[str] = set()
    for echo in m.sources:
        name = echo.claimer or "unattributed"
        rows = [_row(claims[c], name, docs, False) for c in echo.claims if c in claims]
        sourced.update(echo.claims)
        sources.append(SourceRow(name, list(echo.outlets), rows))
    context = [
        _row(claims[c], claims[c].claimer or "unattributed", docs, True)
        for c in m.claims
        if c in claims and c not in sourced
    ]
    rows = [r for s in sources for r in s.figures]
    return MeasureView(m, measure_range(m), sources, context, rows)


def evidence_parts(claim: Claim) -> tuple[str, str, str]:
    """The evidence sentence split around the quote, for highlighting."""
    text = claim.evidence or claim.quote
    at = text.find(claim.quote) if claim.quote else -1
    if at < 0:
        return text, "", ""
    return text[:at], claim.quote, text[at + len(claim.quote) :]


def story_rows(
    stories: list[Story], triage: dict[int, dict[str, int]], sort: str, contested_only: bool
) -> list[Story]:
    """The stories list sorted by ``sort`` (latest, conflicts, reports, outlets), optionally
    only stories with a contested measure."""
    keys = {
        "latest": lambda s: (s.last_published or "", s.id),
        "conflicts": lambda s: (triage.get(s.id, {}).get("contested", 0), s.id),
        "reports": lambda s: (len(s.documents), s.id),
        "outlets": lambda s: (triage.get(s.id, {}).get("outlets", 0), s.id),
    }
    chosen = [s for s in stories if not contested_only or triage.get(s.id, {}).get("contested")]
    return sorted(chosen, key=keys.get(sort, keys["latest"]), reverse=True)


SORTS = ("latest", "conflicts", "reports", "outlets")
