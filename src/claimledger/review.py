"""Reviewers' corrections: the fact-checker's judgement wins over the machine, and lasts.

A correction is stored once (who, when, why, before/after) and re-applied after every
analysis, as two steps around ``reconcile``:

* ``prepare`` runs before it, on the story's claims: rejected claims are left out and fixed
  fields (value, claimer, item, actors) are set, so grouping, sources and the brief see the
  reviewer's reading;
* ``regroup`` runs after it, on reconcile's output: claims moved, split off or merged are
  regrouped and those measures rebuilt by reconcile's own ``build``; a status set by a
  reviewer wins over the computed one; the brief is composed again.

Corrections find their claims by report and evidence span (``ClaimAnchor``), never by claim
id, because re-extraction renumbers claims. A correction whose claims are gone is kept and
listed with the reason (``Correction.unmatched``), never silently dropped.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.records import (
    CORRECTION_KINDS,
    Claim,
    ClaimAnchor,
    Correction,
    Document,
    Measure,
    Stance,
    Story,
)

CLAIM_KINDS = ("reject", "value", "claimer", "item", "actors")
GROUP_KINDS = ("move", "split", "merge")
STATUSES = ("single", "agree", "revised", "conflict", "disputed", "undisputed")

# the claim fields each kind may set, and nothing else
_FIELDS: dict[str, tuple[str, ...]] = {
    "value": ("value", "low", "high", "unit", "qualifier"),
    "claimer": ("claimer", "claimer_role"),
    "item": ("item", "item_lemma"),
    "actors": ("subject", "recipient"),
}


class CorrectionError(ClaimledgerError):
    """A correction cannot be made as asked (unknown claim, bad value, unknown status)."""


def anchor_of(claim: Claim) -> ClaimAnchor:
    """Where a claim sits: its report, its span, its quote and its sentence."""
    return ClaimAnchor(claim.document, claim.start, claim.end, claim.quote, claim.evidence)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def match(anchor: ClaimAnchor, claims: Sequence[Claim]) -> Claim | None:
    """The claim now at ``anchor``: the same span in the same report; failing that, the same
    quote in the same sentence; failing that, the same quote overlapping the old span."""
    same_doc = [c for c in claims if c.document == anchor.document]
    for c in same_doc:
        if c.start == anchor.start and c.end == anchor.end:
            return c
    quote = _squash(anchor.quote)
    same_quote = [c for c in same_doc if _squash(c.quote) == quote]
    if anchor.evidence:
        sentence = _squash(anchor.evidence)
        in_sentence = [c for c in same_quote if _squash(c.evidence) == sentence]
        if in_sentence:
            return min(in_sentence, key=lambda c: abs(c.start - anchor.start))
    overlapping = [c for c in same_quote if c.start < anchor.end and anchor.start < c.end]
    if overlapping:
        return min(overlapping, key=lambda c: abs(c.start - anchor.start))
    return None


def _matched(anchors: Sequence[ClaimAnchor], claims: Sequence[Claim]) -> list[Claim]:
    out: list[Claim] = []
    for a in anchors:
        c = match(a, claims)
        if c is not None and c not in out:
            out.append(c)
    return out


@dataclass
class Applied:
    """Where one correction took effect, or why it could not."""

    claims: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    unmatched: str | None = None


@dataclass
class Prepared:
    """The story's claims as the reviewers read them, and what each correction did."""

    claims: list[Claim]
    rejected: dict[str, Correction] = field(default_factory=dict)
    applied: dict[int, Applied] = field(default_factory=dict)
    fixed: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim id -> fields set


def _gone(anchors: Sequence[ClaimAnchor]) -> str:
    where = ", ".join(f"report {a.document} at {a.start}-{a.end} ({a.quote!r})" for a in anchors)
    return f"its claim is no longer found: {where or 'no claim named'}"


def prepare(claims: Sequence[Claim], corrections: Sequence[Correction]) -> Prepared:
    """Apply the claim-level corrections (reject, value, claimer, item, actors) in order."""
    current = {c.id: c for c in claims}
    result = Prepared(claims=list(claims))
    for corr in corrections:
        if corr.withdrawn_at or corr.kind not in CLAIM_KINDS:
            continue
        found = _matched(corr.claims, list(current.values()))
        if not found:
            result.applied[corr.id] = Applied(unmatched=_gone(corr.claims))
            continue
        for claim in found:
            if corr.kind == "reject":
                result.rejected[claim.id] = corr
                continue
            values = {k: v for k, v in corr.after.items() if k in _FIELDS[corr.kind]}
            current[claim.id] = dataclasses.replace(current[claim.id], **values)
            result.fixed.setdefault(claim.id, {}).update(values)
        result.applied[corr.id] = Applied(claims=[c.id for c in found])
    result.claims = [current[c.id] for c in claims if c.id not in result.rejected]
    return result


def _majority(anchors: Sequence[ClaimAnchor], claims: Sequence[Claim], owner: dict[str, str]
              ) -> str | None:  # fmt: skip
    votes = Counter(owner[c.id] for c in _matched(anchors, claims) if c.id in owner)
    return votes.most_common(1)[0][0] if votes else None


def regroup(
    outcome: Any,
    story: Story,
    documents: Sequence[Document],
    prepared: Prepared,
    stances: Sequence[Stance],
    corrections: Sequence[Correction],
    words: int = 100,
) -> Any:
    """Apply move/split/merge and status corrections to reconcile's output (in place)."""
    from claimledger.reconcile.brief import compose

    claims = prepared.claims
    members: dict[str, list[str]] = {m.id: list(m.claims) for m in outcome.measures}
    labels: dict[str, str] = {}
    changed: set[str] = set()
    notes: dict[str, list[str]] = {}

    def owner() -> dict[str, str]:
        return {cid: mid for mid, cids in members.items() for cid in cids}

    def take(cids: Sequence[str], into: str) -> None:
        own = owner()
        for cid in cids:
            old = own.get(cid)
            if old is not None and old != into:
                members[old].remove(cid)
                changed.add(old)
            if cid not in members[into]:
                members[into].append(cid)
        changed.add(into)

    group_corrections = [c for c in corrections if not c.withdrawn_at and c.kind in GROUP_KINDS]
    for corr in group_corrections:
        found = _matched(corr.claims, claims)
        if corr.kind == "merge":
            source = _majority(corr.claims, claims, owner())
            into = _majority(corr.target, claims, owner())
            if source is None or into is None:
                gone = "the measure to merge" if source is None else "the measure to merge into"
                prepared.applied[corr.id] = Applied(unmatched=f"{gone} is no longer found")
                continue
            moved = list(members[source]) if source != into else []
            take(moved, into)
            note = f"merged into {into} by {corr.author or 'a reviewer'}"
            for cid in moved:
                notes.setdefault(cid, []).append(note + _why(corr))
            prepared.applied[corr.id] = Applied(claims=moved, measures=[into])
            continue
        if not found:
            prepared.applied[corr.id] = Applied(unmatched=_gone(corr.claims))
            continue
        cids = [c.id for c in found]
        if corr.kind == "split":
            new = f"{story.id}:reviewed:{corr.id}"
            members[new] = []
            labels[new] = str(corr.after.get("label") or "")
            take(cids, new)
            target = new
        else:  # move
            dest = _majority(corr.target, claims, owner())
            if dest is None:
                prepared.applied[corr.id] = Applied(
                    claims=cids, unmatched="the measure to move it to is no longer found"
                )
                continue
            take(cids, dest)
            target = dest
        for cid in cids:
            notes.setdefault(cid, []).append(
                f"{'split off into' if corr.kind == 'split' else 'moved to'} {target} by "
                f"{corr.author or 'a reviewer'}{_why(corr)}"
            )
        prepared.applied[corr.id] = Applied(claims=cids, measures=[target])

    measures = {m.id: m for m in outcome.measures}
    if changed:
        rebuilt = _rebuild(story, documents, claims, stances, members, changed, measures, labels)
        measures = {**{k: v for k, v in measures.items() if k not in changed}, **rebuilt}
    known = [m.id for m in outcome.measures]
    order = known + [k for k in members if k not in known]
    ordered = [measures[k] for k in order if k in measures and members.get(k)]

    for corr in corrections:
        if corr.withdrawn_at or corr.kind != "status":
            continue
        mid = _majority(corr.claims, claims, {c: m.id for m in ordered for c in m.claims})
        if mid is None:
            prepared.applied[corr.id] = Applied(unmatched="its measure is no longer found")
            continue
        m = next(x for x in ordered if x.id == mid)
        status = str(corr.after.get("status"))
        was = m.status + (", disputed" if m.disputed else "")
        if status == "disputed":
            m.disputed = True
        elif status == "undisputed":
            m.disputed = False
        else:
            m.status = status
        m.explanation.insert(
            0, f"status set to {status} by {corr.author or 'a reviewer'} (was {was}){_why(corr)}"
        )
        prepared.applied[corr.id] = Applied(claims=[], measures=[mid])

    outcome.measures = ordered
    outcome.claim_measure = {cid: m.id for m in ordered for cid in m.claims}
    for cid, lines in notes.items():
        outcome.explanations.setdefault(cid, []).insert(0, "reviewed: " + "; ".join(lines))
    for cid, corr in prepared.rejected.items():
        outcome.explanations[cid] = [
            f"rejected by {corr.author or 'a reviewer'}{_why(corr)}: in no measure"
        ]
    for cid, values in prepared.fixed.items():
        shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
        outcome.explanations.setdefault(cid, []).insert(0, f"reviewed: set {shown}")
    if changed or any(c.kind == "status" and not c.withdrawn_at for c in corrections):
        outcome.brief, outcome.citations = compose(
            ordered, claims, list(stances), list(documents), words
        )
    return outcome


def _why(corr: Correction) -> str:
    return f": {corr.reason}" if corr.reason else ""


def _rebuild(
    story: Story,
    documents: Sequence[Document],
    claims: Sequence[Claim],
    stances: Sequence[Stance],
    members: dict[str, list[str]],
    changed: set[str],
    old: dict[str, Measure],
    labels: dict[str, str],
) -> dict[str, Measure]:
    """Measures rebuilt from their (reviewed) claims by reconcile's own ``build``."""
    from claimledger.reconcile.align import Group, facet
    from claimledger.reconcile.claimers import ClaimerIndex
    from claimledger.reconcile.measures import build

    by_id = {c.id: c for c in claims}
    docs = {d.id: d for d in documents}
    index = ClaimerIndex(list(claims))
    out: dict[str, Measure] = {}
    for mid in sorted(changed):
        facets = [facet(by_id[c]) for c in members.get(mid, []) if c in by_id]
        if not facets:
            continue
        figures = [f for f in facets if f.figure is not None] or facets
        context = [f for f in facets if f.figure is None and figures is not facets]
        lead = figures[0]
        before = old.get(mid)
        group = Group(
            family=lead.family or "",
            family_label=lead.family_label,
            kind=lead.kind,
            subject=_common([f.subject for f in figures]) or lead.subject,
            recipient=_common([f.recipient for f in figures]) or lead.recipient,
            unit=lead.unit,
            facets=figures,
            context=context,
        )
        built, _ = build(story.id, [group], docs, list(stances), index)
        measure = dataclasses.replace(built[0], id=mid)
        if labels.get(mid):
            measure.label = labels[mid]
        elif before is not None:
            measure.label = before.label
        measure.explanation.insert(0, "regrouped by a reviewer")
        out[mid] = measure
    return out


def _common(values: Sequence[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def validate(kind: str, after: dict[str, Any]) -> dict[str, Any]:
    """The ``after`` fields of a new correction, checked; raises CorrectionError."""
    if kind not in CORRECTION_KINDS:
        raise CorrectionError(
            f"unknown correction {kind!r}: choose one of {', '.join(CORRECTION_KINDS)}"
        )
    if kind in _FIELDS:
        unknown = set(after) - set(_FIELDS[kind])
        if unknown:
            raise CorrectionError(
                f"a {kind} correction sets only {', '.join(_FIELDS[kind])}, not "
                f"{', '.join(sorted(unknown))}"
            )
        if not after:
            raise CorrectionError(f"a {kind} correction needs a new {_FIELDS[kind][0]}")
    checked = dict(after)
    if kind == "value":
        for key in ("value", "low", "high"):
            value = after.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise CorrectionError(f"{key} must be a number, not {value!r}")
            number = float(value) if abs(value) < 1e300 else math.inf
            if not math.isfinite(number):
                raise CorrectionError(f"{key} must be a finite number, not {value!r}")
            checked[key] = number
    texts = [k for k in after if k not in ("value", "low", "high")]
    for key in texts:
        if after[key] is not None and not isinstance(after[key], str):
            raise CorrectionError(f"{key} must be text, not {after[key]!r}")
        if isinstance(after[key], str) and len(after[key]) > 2000:
            raise CorrectionError(f"{key} is longer than 2,000 characters")
    if kind == "split" and set(after) - {"label"}:
        raise CorrectionError("a split correction sets only the new measure's label")
    if kind == "status" and after.get("status") not in STATUSES:
        raise CorrectionError(
            f"unknown status {after.get('status')!r}: choose one of {', '.join(STATUSES)}"
        )
    return checked


def unmatched(corrections: Sequence[Correction]) -> list[Correction]:
    """Active corrections that did not take effect at the last analysis."""
    return [c for c in corrections if not c.withdrawn_at and c.unmatched]


def reviewed_claims(corrections: Sequence[Correction]) -> dict[str, list[Correction]]:
    """claim id -> the active corrections that touched it."""
    out: dict[str, list[Correction]] = {}
    for c in corrections:
        if not c.withdrawn_at:
            for cid in c.applied_claims:
                out.setdefault(cid, []).append(c)
    return out


def reviewed_measures(corrections: Sequence[Correction]) -> dict[str, list[Correction]]:
    """measure id -> the active corrections that touched it."""
    out: dict[str, list[Correction]] = {}
    for c in corrections:
        if not c.withdrawn_at:
            for mid in c.applied_measures:
                out.setdefault(mid, []).append(c)
    return out


def describe(c: Correction) -> str:
    """One line for lists: "#3 reject by Ana, 2026-01-02: wrong measure"."""
    what = {
        "reject": "rejected",
        "value": "value set to",
        "claimer": "claimer set to",
        "item": "item set to",
        "actors": "actors set to",
        "move": "moved",
        "split": "split off",
        "merge": "merged",
        "status": "status set to",
    }.get(c.kind, c.kind)
    shown = ", ".join(f"{v}" for v in c.after.values() if v not in (None, ""))
    where = ", ".join(c.applied_claims or c.applied_measures) or "-"
    line = f"#{c.id} {what}{' ' + shown if shown else ''} (on {where}) by {c.author or '?'}"
    line += f", {c.created_at[:10]}"
    if c.reason:
        line += f": {c.reason}"
    if c.withdrawn_at:
        line += " [withdrawn]"
    elif c.unmatched:
        line += f" [NOT APPLIED: {c.unmatched}]"
    return line


__all__ = [
    "CLAIM_KINDS",
    "GROUP_KINDS",
    "STATUSES",
    "Applied",
    "CorrectionError",
    "Prepared",
    "anchor_of",
    "describe",
    "match",
    "prepare",
    "regroup",
    "reviewed_claims",
    "reviewed_measures",
    "unmatched",
    "validate",
]
