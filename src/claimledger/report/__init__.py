"""Reports (terminal, Markdown, HTML, JSON) and the ``claimledger/1`` export.

``render`` is for people, ``export`` for programs; both read only a LedgerView, so they work
the same on a fresh analysis, on a store opened years later, and on a view built by hand.
"""

from __future__ import annotations

from claimledger.errors import ClaimledgerError
from claimledger.records import LedgerView
from claimledger.report.export import (
    EXPORT_FORMATS,
    SCHEMA,
    claims_csv,
    export,
    payload,
    read_export,
)
from claimledger.report.html import render_html
from claimledger.report.markdown import render_markdown
from claimledger.report.model import build
from claimledger.report.terminal import render_terminal

REPORT_FORMATS = ("terminal", "md", "html", "json")

__all__ = [
    "EXPORT_FORMATS",
    "REPORT_FORMATS",
    "SCHEMA",
    "claims_csv",
    "export",
    "payload",
    "read_export",
    "render",
]


def render(view: LedgerView, fmt: str, *, width: int = 100) -> str:
    """The ledger as a report for people: terminal, md, html, or json (= export json)."""
    if fmt == "json":
        return export(view, "json")
    if fmt not in REPORT_FORMATS:
        raise ClaimledgerError(
            f"unknown report format {fmt!r}: choose one of {', '.join(REPORT_FORMATS)}"
        )
    stories = build(view)
    if fmt == "terminal":
        return render_terminal(stories, width=width)
    if fmt == "md":
        return render_markdown(stories)
    return render_html(stories)
