"""Page data computed in Python, so templates only lay it out.

The hard part is the report page: every claim's evidence sentence and figure must be marked
in the stored text even when offsets are stale or sentences overlap, without ever emitting
report text as markup. Segments are plain strings plus structure; Jinja escapes the strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from claimledger.records import Claim
from claimledger.report.model import anchor


@dataclass
class Quote:
    claim: Claim
    text: str
    anchor: str


@dataclass
class Segment:
    kind: Literal["text", "evidence"]
    parts: list[str | Quote] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def safe_url(url: str | None) -> str | None:
    """Only web links become hrefs; javascript:, data: and the rest are shown as text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _locate(text: str, needle: str, hint: int) -> int:
    if not needle:
        return -1
    if 0 <= hint <= len(text) - len(needle) and text[hint : hint + len(needle)] == needle:
        return hint
    found = text.find(needle, max(0, hint - 200))
    return found if found >= 0 else text.find(needle)


def _quote_span(text: str, claim: Claim) -> tuple[int, int] | None:
    if 0 <= claim.start < claim.end <= len(text) and (
        not claim.quote or text[claim.start : claim.end] == claim.quote
    ):
        return claim.start, claim.end
    at = _locate(text, claim.quote, claim.start)
    return (at, at + len(claim.quote)) if at >= 0 else None


def _sentence_span(text: str, claim: Claim, quote: tuple[int, int] | None) -> tuple[int, int]:
    at = _locate(text, claim.evidence, claim.sentence_start)
    if at >= 0 and (quote is None or (at <= quote[0] and quote[1] <= at + len(claim.evidence))):
        return at, at + len(claim.evidence)
    return quote if quote is not None else (0, 0)


def segments(text: str, claims: list[Claim]) -> tuple[list[Segment], list[Claim]]:
    """Split a report's text into plain runs and evidence sentences with linked figures.

    Returns the segments and the claims whose quote could not be found in the text (shown
    apart, so no claim silently loses its anchor).
    """
    quotes: list[tuple[int, int, Claim]] = []
    sentences: list[tuple[int, int, list[str]]] = []
    lost: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, c.id)):
        quote = _quote_span(text, claim)
        if quote is None:
            lost.append(claim)
            continue
        sentence = _sentence_span(text, claim, quote)
        if quote[0] < quote[1] and not any(s < quote[1] and quote[0] < e for s, e, _ in quotes):
            quotes.append((quote[0], quote[1], claim))
        else:  # overlaps a figure already marked: keep its anchor on that sentence
            quotes.append((quote[0], quote[0], claim))
        for i, (s, e, ids) in enumerate(sentences):
            if s < sentence[1] and sentence[0] < e:
                sentences[i] = (min(s, sentence[0]), max(e, sentence[1]), [*ids, claim.id])
                break
        else:
            sentences.append((sentence[0], sentence[1], [claim.id]))
    sentences = _merge(sorted(sentences))
    quotes.sort(key=lambda q: (q[0], q[1]))
    out: list[Segment] = []
    pos = 0
    qi = 0

    def fill(segment: Segment, start: int, end: int) -> None:
        nonlocal qi
        at = start
        while qi < len(quotes) and quotes[qi][0] < end:
            qs, qe, claim = quotes[qi]
            qs, qe = max(qs, at), min(max(qe, qs), end)
            if qs > at:
                segment.parts.append(text[at:qs])
            segment.parts.append(Quote(claim, text[qs:qe], anchor(claim.id)))
            at = max(at, qe)
            qi += 1
        if at < end:
            segment.parts.append(text[at:end])

    for s, e, ids in sentences:
        if s > pos:
            plain = Segment("text")
            fill(plain, pos, s)
            out.append(plain)
        evidence = Segment("evidence", claims=ids)
        fill(evidence, max(s, pos), e)
        out.append(evidence)
        pos = max(pos, e)
    tail = Segment("text")
    fill(tail, pos, len(text))
    while qi < len(quotes):  # zero-width anchors at the very end
        tail.parts.append(Quote(quotes[qi][2], "", anchor(quotes[qi][2].id)))
        qi += 1
    if tail.parts:
        out.append(tail)
    return out, lost


def _merge(spans: list[tuple[int, int, list[str]]]) -> list[tuple[int, int, list[str]]]:
    merged: list[tuple[int, int, list[str]]] = []
    for s, e, ids in spans:
        if merged and s < merged[-1][1]:
            ps, pe, pids = merged[-1]
            merged[-1] = (ps, max(pe, e), pids + ids)
        else:
            merged.append((s, e, ids))
    return merged


STATUS_HELP = {
    "single": "one figure, or one source, only",
    "agree": "every independent source gives the same figure",
    "revised": "a later report changed the figure",
    "conflict": "independent sources give different figures",
    "disputed": "a party named in the story denies it",
}


def badges(status: str, disputed: bool) -> list[tuple[str, str]]:
    out = [(status, STATUS_HELP.get(status, status))]
    if disputed:
        out.append(("disputed", STATUS_HELP["disputed"]))
    return out
