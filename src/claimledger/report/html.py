"""The single-file HTML report: inline CSS and SVG, no script, no external asset.

All report text reaches the page through Jinja2 autoescaping; this module only computes
geometry (numbers) for the SVG charts and splits the brief into text and citation links. A
Content-Security-Policy forbidding scripts is a second line of defence should escaping ever
be bypassed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from claimledger.report.model import (
    MeasureView,
    StoryView,
    anchor,
    evidence_parts,
    measure_anchor,
    number,
)
from claimledger.review import describe
from claimledger.words import count

_env: Environment | None = None

TIMELINE_W, TIMELINE_H = 560, 170
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 64, 80, 14, 34


def environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=PackageLoader("claimledger.report", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _env.filters["count"] = lambda n, noun: count(int(n), str(noun))
        _env.globals["describe"] = describe
    return _env


@dataclass
class Point:
    x: float
    y: float
    y_low: float
    y_high: float
    label: str
    anchor: str
    status: str
    short: str = ""  # the label printed beside the point: figure and citation number


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def timeline(mv: MeasureView, cited: dict[int, int] | None = None) -> dict[str, Any] | None:
    """Coordinates for one measure's figures over report date (undated ones on the right).

    ``cited`` maps report ids to the [n] of the story's citation list, so a point's label
    carries the same number as the list of reports."""
    rows = [r for r in mv.rows if r.claim.value is not None or r.claim.low is not None]
    if not rows:
        return None

    def val(v: float | None, fallback: float) -> float:
        return v if v is not None and math.isfinite(v) else fallback

    values = []
    for r in rows:
        mid = val(r.claim.value, val(r.claim.low, 0.0))
        values += [mid, val(r.claim.low, mid), val(r.claim.high, mid)]
    top = max(values) or 1.0
    bottom = min(v for v in values if v > 0) if any(v > 0 for v in values) else 1.0
    log = top / bottom > 20
    plot_h = TIMELINE_H - _PAD_T - _PAD_B
    plot_w = TIMELINE_W - _PAD_L - _PAD_R

    def y(v: float) -> float:
        if log:
            lo, hi = math.log10(bottom) - 0.1, math.log10(top) + 0.1
            frac = (math.log10(max(v, bottom)) - lo) / (hi - lo)
        else:
            frac = v / (top * 1.1)
        return round(_PAD_T + plot_h * (1 - frac), 1)

    dated = sorted({d for r in rows if (d := _date(r.date)) is not None})
    undated = [r for r in rows if _date(r.date) is None]
    span = (dated[-1] - dated[0]).days if len(dated) > 1 else 0
    points: list[Point] = []
    for i, r in enumerate(rows):
        d = _date(r.date)
        if d is not None and span:
            x = _PAD_L + plot_w * 0.85 * (d - dated[0]).days / span
        elif d is not None:
            x = _PAD_L + plot_w * 0.4
        else:
            k = undated.index(r)
            x = (
                _PAD_L + plot_w * (0.9 + 0.1 * (k + 1) / (len(undated) + 1))
                if dated
                else (_PAD_L + plot_w * (k + 0.5) / len(undated))
            )
        mid = val(r.claim.value, val(r.claim.low, 0.0))
        points.append(
            Point(
                x=round(x + (i % 3) * 2.0, 1),
                y=y(mid),
                y_low=y(val(r.claim.low, mid)),
                y_high=y(val(r.claim.high, mid)),
                label=f"{r.claimer}: {r.figure} ({r.outlet}{', ' + r.date if r.date else ''})",
                anchor=r.anchor,
                status=mv.measure.status,
                short=_short(r.figure, (cited or {}).get(r.claim.document)),
            )
        )
    ticks = sorted({bottom, math.sqrt(bottom * top), top}) if log else [0.0, top / 2, top]
    return {
        "width": TIMELINE_W,
        "height": TIMELINE_H,
        "points": points,
        "ticks": [{"y": y(t), "label": number(_round2(t))} for t in ticks],
        "x_labels": (
            [{"x": _PAD_L, "label": dated[0].isoformat()}]
            + ([{"x": _PAD_L + plot_w * 0.85, "label": dated[-1].isoformat()}] if span else [])
            + ([{"x": _PAD_L + plot_w * 0.95, "label": "undated"}] if undated and dated else [])
        )
        if dated
        else [{"x": _PAD_L, "label": "report dates unknown: figures in text order"}],
        "left": _PAD_L,
        "right": TIMELINE_W - _PAD_R,
        "base": TIMELINE_H - _PAD_B,
        "top": _PAD_T,
        "log": log,
    }


def dated_figures(mv: MeasureView) -> int:
    """How many of a measure's figures carry a report date."""
    return len({r.claim.id for r in mv.rows if r.date})


def _short(figure: str, n: int | None) -> str:
    text = figure if len(figure) <= 18 else figure[:17] + "…"
    return f"{text} [{n}]" if n else text


def _round2(value: float) -> float:
    """Two significant figures, so axis labels read 1,700,000 rather than 1,732,050.81."""
    if value <= 0:
        return 0.0
    digits = 1 - math.floor(math.log10(value))
    return float(round(value, digits))


def source_graph(sv: StoryView) -> dict[str, Any] | None:
    """Claimer -> outlet edges over all measures of a story."""
    claimers: list[str] = []
    outlets: list[str] = []
    edges: set[tuple[int, int]] = set()
    for mv in sv.measures:
        for src in mv.sources:
            if src.claimer not in claimers:
                claimers.append(src.claimer)
            for outlet in src.outlets:
                if outlet not in outlets:
                    outlets.append(outlet)
                edges.add((claimers.index(src.claimer), outlets.index(outlet)))
    if not claimers:
        return None
    row = 26
    height = max(len(claimers), len(outlets)) * row + 20
    left_x, right_x = 250, 420

    def ys(n: int) -> list[float]:
        offset = (height - n * row) / 2 + row / 2
        return [round(offset + i * row, 1) for i in range(n)]

    cy, oy = ys(len(claimers)), ys(len(outlets))
    return {
        "width": 680,
        "height": height,
        "claimers": [
            {"x": left_x, "y": y, "label": _cut(c)} for c, y in zip(claimers, cy, strict=True)
        ],
        "outlets": [
            {"x": right_x, "y": y, "label": _cut(o)} for o, y in zip(outlets, oy, strict=True)
        ],
        "edges": [
            {"x1": left_x, "y1": cy[a], "x2": right_x, "y2": oy[b]} for a, b in sorted(edges)
        ],
    }


def _cut(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def brief_parts(text: str | None) -> list[tuple[str, int | None]]:
    """The brief as text runs and citation numbers, so markers become links."""
    if not text:
        return []
    out: list[tuple[str, int | None]] = []
    for part in re.split(r"(\[\d+\])", text):
        m = re.fullmatch(r"\[(\d+)\]", part)
        out.append((part, int(m.group(1)) if m else None))
    return out


def _safe_url(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def render_html(stories: list[StoryView], title: str = "claimledger report") -> str:
    template = environment().get_template("report.html")
    items = []
    for sv in stories:
        by_doc: dict[int, list[Any]] = {}
        measure_of = {cid: mv.measure for mv in sv.measures for cid in mv.measure.claims}
        for claim in sv.claims:
            before, quote, after = evidence_parts(claim)
            by_doc.setdefault(claim.document, []).append(
                {
                    "claim": claim,
                    "anchor": anchor(claim.id),
                    "before": before,
                    "quote": quote,
                    "after": after,
                    "measure": measure_of.get(claim.id),
                    "measure_anchor": measure_anchor(measure_of[claim.id].id)
                    if claim.id in measure_of
                    else "",
                }
            )
        cite_n = {c.doc_id: c.n for c in sv.citations}
        items.append(
            {
                "sv": sv,
                "brief": brief_parts(sv.story.brief),
                "cite_doc": {c.n: c.doc_id for c in sv.citations},
                "cite_n": cite_n,
                "graph": source_graph(sv),
                # a chart only where it shows an order: two or more dated figures
                "timelines": {
                    mv.measure.id: timeline(mv, cite_n) if dated_figures(mv) >= 2 else None
                    for mv in sv.measures
                },
                "evidence": by_doc,
                "urls": {d.id: _safe_url(d.url) for d in sv.documents},
            }
        )
    return template.render(title=title, stories=items)
