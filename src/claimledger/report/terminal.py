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
from claimledger.safeprint import for_terminal


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
        info = f"{len(sv.documents)} reports, {len(sv.measures)} measures"
        if span:
            info += ", " + " to ".join(dict.fromkeys(span))
        console.print(Text(f"Story {story.id}: {story.title}", style="bold"))
        console.print(Text(info))
        console.print()
        if story.brief:
            console.print(Text(story.brief))
            console.print()
        if sv.measures:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            table.add_column("#", justify="right", no_wrap=True)
            table.add_column("measure", overflow="fold", ratio=3, min_width=30)
            table.add_column("status", overflow="fold", ratio=1)
            table.add_column("range", no_wrap=True)
            table.add_column("sources", justify="right", no_wrap=True)
            for n, mv in enumerate(sv.measures, start=1):
                m = mv.measure
                status = m.status + (", disputed" if m.disputed else "")
                if m.status == "revised" and not m.ordered:
                    status += ", order unknown"
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
                        docs = grouped.setdefault(r.figure, [])
                        if r.claim.document not in docs:
                            docs.append(r.claim.document)
                    figs = ", ".join(
                        f"{fig} (report{'s' if len(d) > 1 else ''} {', '.join(map(str, d))})"
                        for fig, d in grouped.items()
                    )
                    console.print(Padding(Text(f"{src.claimer}: {figs}"), (0, 0, 0, 3)))
                if mv.context:
                    ctx = ", ".join(f"report {r.claim.document}" for r in mv.context)
                    console.print(Padding(Text(f"context without a figure: {ctx}"), (0, 0, 0, 3)))
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
    text = for_terminal(console.export_text())  # titles and outlets are hostile input
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
