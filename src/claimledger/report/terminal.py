"""The terminal report: rich tables rendered to plain text that fits the given width.

Report text is passed to rich as ``Text`` objects, never as markup, so a title containing
"[bold]" or "[link=...]" prints literally.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from claimledger.report.model import StoryView
from claimledger.review import describe
from claimledger.words import count, plural


def _reports(ids: list[int]) -> str:
    """"report 3" or "reports 3, 5"."""
    noun = "report" if len(ids) == 1 else plural("report")
    return f"{noun} {', '.join(map(str, ids))}"


def render_terminal(stories: list[StoryView], width: int = 100) -> str:
    console = Console(
        width=width,
        record=True,
        file=io.StringIO(),
        force_terminal=False,
        color_system=None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if not stories:
        console.print(Text("claimledger: no reports in this ledger yet"))
    for sv in stories:
        story = sv.story
        span = [d[:10] for d in (story.first_published, story.last_published) if d]
        info = f"{count(len(sv.documents), 'report')}, {count(len(sv.measures), 'measure')}"
        if span:
            info += ", " + " to ".join(dict.fromkeys(span))
        console.print(Text(f"Story {story.id}: {story.title}", style="bold"))
        console.print(Text(info))
        console.print()
        if story.brief:
            console.print(Text(story.brief))
            console.print()
        if sv.undated:
            console.print(Text(sv.undated))
            console.print()
        if sv.measures:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            # Only the free-text columns wrap; the short ones keep their heading whole, so a
            # long status or a narrow terminal never shortens "sources" to "sou" or drops it.
            table.add_column("#", justify="right", no_wrap=True)
            table.add_column("measure", overflow="fold", ratio=3, min_width=12)
            table.add_column("status", overflow="fold", ratio=1, min_width=len("conflict"))
            table.add_column("range", overflow="fold", min_width=len("range"))
            table.add_column("sources", justify="right", no_wrap=True, min_width=len("sources"))
            for n, mv in enumerate(sv.measures, start=1):
                m = mv.measure
                status = m.status + (", disputed" if m.disputed else "")
                if m.status == "revised" and not m.ordered:
                    status += ", order unknown"
                if m.id in sv.reviewed_measures:
                    status += ", reviewed"
                table.add_row(
                    Text(str(n)),
                    Text(m.label),
                    Text(status),
                    Text(mv.range),
                    Text(str(m.independent_sources)),
                )
            console.print(table)
            console.print()
            for n, mv in enumerate(sv.measures, start=1):
                console.print(Text(f"{n}. {mv.measure.id}", style="bold"))
                for src in mv.sources:
                    grouped: dict[str, list[int]] = {}
                    for r in src.figures:
                        mark = " reviewed" if r.claim.id in sv.reviewed_claims else ""
                        docs = grouped.setdefault(r.figure + mark, [])
                        if r.claim.document not in docs:
                            docs.append(r.claim.document)
                    figs = ", ".join(
                        f"{fig} ({_reports(d)})"
                        for fig, d in grouped.items()
                    )
                    console.print(Padding(Text(f"{src.claimer}: {figs}"), (0, 0, 0, 3)))
                if mv.context:
                    ctx = ", ".join(f"report {r.claim.document}" for r in mv.context)
                    console.print(Padding(Text(f"context without a figure: {ctx}"), (0, 0, 0, 3)))
            console.print()
        if sv.corrections:
            console.print(Text("Corrections by reviewers", style="bold"))
            for corr in sv.corrections:
                console.print(Padding(Text(describe(corr)), (0, 0, 0, 3)))
            for corr in sv.unmatched:
                anchors = "; ".join(f"report {a.document}: {a.quote!r}" for a in corr.claims)
                line = f"#{corr.id} NOT APPLIED, evidence not found: {anchors}"
                console.print(Padding(Text(line), (0, 0, 0, 3)))
            console.print()
        if sv.citations:
            console.print(Text("Reports cited", style="bold"))
            for c in sv.citations:
                doc = c.document
                title = (doc.title or doc.source) if doc else f"report {c.doc_id}"
                outlet = (doc.outlet or "unknown outlet") if doc else "unknown outlet"
                date = f", {doc.published[:10]}" if doc and doc.published else ""
                console.print(Text(f"[{c.n}] report {c.doc_id}: {outlet}{date}: {title}"))
            console.print()
    text = console.export_text()
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
