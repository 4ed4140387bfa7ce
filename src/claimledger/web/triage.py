"""What a story page shows first: what is contested, by whom, since when.

A fact-checker opens a story to triage it. The page therefore leads with contested measures
(conflict, revised, disputed) and who stands behind each figure; measures resting on one
incidental figure ("posts 12") are folded under a summary line; and two cross-tables answer
"which outlet carries which figure" and "who said what, when". Everything here is computed
from a StoryView, so the page, the report and the export never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimledger.records import Correction
from claimledger.report.model import SORTS, FigureRow, MeasureView, StoryView, story_rows

CONTESTED = ("conflict", "revised")


@dataclass
class Figure:
    """One figure as the triage views show it."""

    row: FigureRow
    chain: str  # "Ilse Marven (energy minister) via Yonhap"
    cite: str  # "[2]" when the report is in the cited list, else "report 7"
    hedge: str | None
    qualifier: str | None
    time_scope: str | None
    reviewed: bool
    outlet: str = ""  # short: a file's name rather than its whole path


@dataclass
class Source:
    claimer: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Triage:
    contested: list[tuple[MeasureView, list[Source], str | None]]  # measure, who, since when
    main: list[MeasureView]
    incidental: list[MeasureView]
    coverage_outlets: list[str]
    coverage_measures: list[MeasureView]
    coverage: dict[tuple[str, str], list[str]]  # (outlet, measure id) -> figures
    table: list[tuple[str, Figure, MeasureView]]  # (date or "undated", figure, measure)
    charted: set[str]  # measure ids with 2+ dated figures: only those get a chart
    unmatched: list[Correction]
    cited: dict[int, int] = field(default_factory=dict)
    reviewed: set[str] = field(default_factory=set)

    def figure_of(self, row: FigureRow) -> Figure:
        return figure(row, self.cited, self.reviewed)


def contested(mv: MeasureView) -> bool:
    m = mv.measure
    return m.status in CONTESTED or m.disputed


def incidental(mv: MeasureView) -> bool:
    """One figure from one source, uncontested: it belongs in the story, not on top of it."""
    m = mv.measure
    return not contested(mv) and m.independent_sources <= 1 and len(mv.rows) <= 1


_SCOPE_CHARS = 48


def short_outlet(row: FigureRow) -> str:
    """The outlet, or for a report without one the last part of its path or address."""
    doc = row.document
    if doc is not None and doc.outlet:
        return doc.outlet
    name = row.outlet.rstrip("/").replace("\\", "/").rsplit("/", 1)[-1]
    return name or row.outlet


def _clip(text: str | None) -> str | None:
    if text is None or len(text) <= _SCOPE_CHARS:
        return text
    return text[: _SCOPE_CHARS - 1].rstrip() + "…"


def _chain(row: FigureRow) -> str:
    claim = row.claim
    who = row.claimer
    if claim.claimer_role and claim.claimer_role.lower() not in who.lower():
        who += f" ({claim.claimer_role})"
    if claim.channel:
        who += " via " + " → ".join(claim.channel)
    return who


def figure(row: FigureRow, cited: dict[int, int], reviewed: set[str]) -> Figure:
    n = cited.get(row.claim.document)
    return Figure(
        row=row,
        chain=_chain(row),
        cite=f"[{n}]" if n else f"report {row.claim.document}",
        hedge=row.claim.hedge,
        qualifier=row.claim.qualifier,
        time_scope=_clip(row.claim.time_scope),
        reviewed=row.claim.id in reviewed,
        outlet=short_outlet(row),
    )


def _since(mv: MeasureView) -> str | None:
    """The earliest date behind a measure: a report date, or the start of a time scope."""
    dates = [r.date for r in mv.rows if r.date]
    dates += [r.claim.time_start[:10] for r in mv.rows if r.claim.time_start]
    return min(dates) if dates else None


def build_triage(sv: StoryView) -> Triage:
    cited = {c.doc_id: c.n for c in sv.citations}
    reviewed = set(sv.reviewed_claims)
    hot = [mv for mv in sv.measures if contested(mv)]
    rest = [mv for mv in sv.measures if not contested(mv)]
    small = [mv for mv in rest if incidental(mv)]
    main = [mv for mv in rest if not incidental(mv)]
    top: list[tuple[MeasureView, list[Source], str | None]] = []
    for mv in hot:
        sources = [
            Source(s.claimer, [figure(r, cited, reviewed) for r in s.figures]) for s in mv.sources
        ]
        top.append((mv, sources, _since(mv)))
    shown = hot + main
    outlets: list[str] = []
    coverage: dict[tuple[str, str], list[str]] = {}
    table: list[tuple[str, Figure, MeasureView]] = []
    for mv in shown:
        for r in mv.rows:
            outlet = short_outlet(r)
            if outlet not in outlets:
                outlets.append(outlet)
            cell = coverage.setdefault((outlet, mv.measure.id), [])
            if r.figure not in cell:
                cell.append(r.figure)
            table.append((r.date or "undated", figure(r, cited, reviewed), mv))
    table.sort(key=lambda t: (t[0] == "undated", t[0], t[1].chain))
    charted = {
        mv.measure.id for mv in sv.measures if len({r.claim.id for r in mv.rows if r.date}) >= 2
    }
    return Triage(
        contested=top,
        main=main,
        incidental=small,
        coverage_outlets=sorted(outlets),
        coverage_measures=shown,
        coverage=coverage,
        table=table,
        charted=charted,
        unmatched=sv.unmatched,
        cited=cited,
        reviewed=reviewed,
    )



__all__ = ["SORTS", "Triage", "build_triage", "contested", "incidental", "story_rows"]
