"""The Markdown report.

Markdown renderers pass raw HTML through, so report text is escaped for both HTML
(``<``, ``&``) and Markdown control characters; a report titled
``<script>`` or ``[click](javascript:...)`` shows as text wherever the file is rendered.
"""

from __future__ import annotations

import re

from claimledger.records import Claim
from claimledger.report.model import StoryView, evidence_parts
from claimledger.review import describe
from claimledger.words import count

# Only characters that act mid-line: our own markup starts every line, so "-", "+" and "#"
# from report text can never begin one.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def md(text: str | None) -> str:
    """Escape one piece of report text for inline Markdown."""
    if not text:
        return ""
    text = re.sub(r"\s+", " ", text)
    # "<" is enough to stop any tag; ">" only quotes at a line start, which we never give away
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _brief(text: str) -> str:
    """The brief keeps its [n] markers readable, everything else escaped."""
    parts = re.split(r"(\[\d+\])", text)
    return "".join(p if re.fullmatch(r"\[\d+\]", p) else md(p) for p in parts)


def render_markdown(stories: list[StoryView]) -> str:
    out: list[str] = ["# claimledger report", ""]
    if not stories:
        out += ["No reports in this ledger yet.", ""]
    for sv in stories:
        story = sv.story
        out += [f"## Story {story.id}: {md(story.title)}", ""]
        span = [d[:10] for d in (story.first_published, story.last_published) if d]
        meta = f"{count(len(sv.documents), 'report')}, {count(len(sv.measures), 'measure')}"
        if span:
            meta += ", " + " to ".join(dict.fromkeys(span))
        out += [meta, ""]
        if sv.undated:
            out += [f"**{md(sv.undated)}**", ""]
        if story.brief:
            out += ["### Brief", "", _brief(story.brief), ""]
        if sv.citations:
            for c in sv.citations:
                doc = c.document
                title = md(doc.title or doc.source) if doc else f"report {c.doc_id}"
                outlet = md(doc.outlet) if doc and doc.outlet else "unknown outlet"
                date = f", {md(doc.published[:10])}" if doc and doc.published else ""
                out.append(f"- \\[{c.n}\\] report {c.doc_id}: {outlet}{date}: {title}")
            out.append("")
        if sv.measures:
            out += [
                "### Measures",
                "",
                "| measure | status | range | independent sources | claims |",
                "|---|---|---|---:|---:|",
            ]
            for mv in sv.measures:
                m = mv.measure
                status = f"**{m.status}**" + (" (disputed)" if m.disputed else "")
                if m.status == "revised" and not m.ordered:
                    status += " (order unknown)"
                if m.id in sv.reviewed_measures:
                    status += " (reviewed)"
                out.append(
                    f"| {md(m.label)} | {status} | {md(mv.range)} | {m.independent_sources} "
                    f"| {len(m.claims)} |"
                )
            out.append("")
            for mv in sv.measures:
                m = mv.measure
                out += [f"#### {md(m.label)}", "", f"`{m.id}`: {m.status}", ""]
                for src in mv.sources:
                    outlets = ", ".join(md(o) for o in src.outlets)
                    out.append(f"- **{md(src.claimer)}** (via {outlets})")
                    for r in src.figures:
                        date = f", {r.date}" if r.date else ""
                        mark = " (reviewed)" if r.claim.id in sv.reviewed_claims else ""
                        out.append(
                            f"  - {md(r.figure)}{mark}: report {r.claim.document} ({md(r.outlet)}"
                            f"{date}), claim {md(r.claim.id)}: {_quote(r.claim)}"
                        )
                for r in mv.context:
                    out.append(
                        f"- context, {md(r.claimer)}: {_quote(r.claim)} "
                        f"(report {r.claim.document}, claim {md(r.claim.id)})"
                    )
                if m.explanation:
                    out.append("")
                    out += [f"> {md(line)}" for line in m.explanation]
                out.append("")
        if sv.corrections:
            out += ["### Corrections by reviewers", ""]
            out += [f"- {md(describe(c))}" for c in sv.corrections]
            out.append("")
        denials = [s for s in sv.stances if s.stance == "deny"]
        if denials:
            out += ["### Denials", ""]
            for s in denials:
                who = ", ".join(md(a) for a in s.actors) or "someone"
                out.append(f"- {who} deny {md(s.target)} (report {s.document})")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _quote(claim: Claim) -> str:
    before, quote, after = evidence_parts(claim)
    if not quote:
        return f"“{md(before)}”"
    return f"“{md(before)}**{md(quote)}**{md(after)}”"
