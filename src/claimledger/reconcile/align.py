"""Which claims measure the same quantity.

A measure is (item family, kind of predicate, direction, unit, time). Claims missing a part
(no subject, no predicate) join a measure only when exactly one measure fits and their own report
names the actors they would borrow from it; otherwise they stay apart, since merging two actors'
figures would fabricate a conflict or an agreement.
Vague claims ("millions of shells") and claims without a figure never open a measure: they
join one as supporting context when exactly one fits, and never set its range or sources.
Claims with no counted item, and negated claims ("did not send 300 trucks"), stay out of
every measure; ``explain`` says so.

Kinds of predicate: send/ship/supply/deliver/transfer... are one flow; receive/buy/import are
the same flow seen from the receiver (direction turned round); contain/carry/hold state what a
shipment holds and so count as the flow too; pledge, fire, produce, stock and casualty verbs
are separate events. A verb outside the table counts as unknown, like a missing one. Figures
per period ("a million shells a year") are rates and never join totals. Two claims that both
say when, with periods that do not touch ("in 2020" and "since August 2023"), are different
events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimledger.reconcile.ranges import Interval, interval
from claimledger.reconcile.vocab import (
    FLOW,
    FLOW_KINDS,
    RATE,
    actor_aliases,
    canonical_actor,
    fold,
    item_family,
    predicate_kind,
    unit_key,
)
from claimledger.records import Claim

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class Facet:
    """What reconciliation knows about one claim, normalised."""

    claim: Claim
    family: str | None
    family_label: str
    family_why: str
    kind: str | None  # normalised: receive/cargo -> flow
    verb_why: str
    subject: str | None
    recipient: str | None
    direction_why: str
    unit: str
    time: tuple[str, str] | None  # ISO (start, end) inclusive; "" for open
    figure: Interval | None


@dataclass
class Group:
    family: str
    family_label: str
    kind: str | None
    subject: str | None
    recipient: str | None
    unit: str
    facets: list[Facet] = field(default_factory=list)
    context: list[Facet] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def documents(self) -> set[int]:
        return {f.claim.document for f in self.facets + self.context}


def _mentions(text: str, actor: str) -> list[int]:
    folded = fold(text)
    spots: list[int] = []
    for alias in actor_aliases(actor):
        spots += [m.start() for m in re.finditer(rf"\b{re.escape(alias)}\b", folded)]
    return sorted(spots)


def _direction(claim: Claim, kind: str | None) -> tuple[str | None, str | None, str]:
    subject, recipient = canonical_actor(claim.subject), canonical_actor(claim.recipient)
    why = f"direction {subject or '?'} -> {recipient or '?'}"
    if kind != "receive" or subject is None:
        return subject, recipient, why
    # "receive" is the same flow seen from the other end. Extractors differ on whether the
    # subject is the grammatical one (the receiver) or already the supplier: the receiver is
    # the actor named before the quantity, or the one the recipient receives "from".
    evidence = claim.evidence or ""
    cut = max(0, claim.start - claim.sentence_start) if claim.sentence_start else None
    if cut is None or cut > len(evidence):
        found = fold(evidence).find(fold(claim.quote)) if claim.quote else -1
        cut = found if found >= 0 else len(evidence)
    before = evidence[:cut]
    from_recipient = recipient is not None and any(
        re.search(rf"\bfrom (?:the )?{re.escape(a)}\b", fold(evidence))
        for a in actor_aliases(recipient)
    )
    subject_first = bool(_mentions(before, subject)) and (
        recipient is None or not _mentions(before, recipient)
    )
    if from_recipient or subject_first:
        return (
            recipient,
            subject,
            f"direction {recipient or '?'} -> {subject}: '{claim.predicate}' is the flow seen "
            f"from the receiver, {subject}",
        )
    return subject, recipient, why + f" ('{claim.predicate}' already written supplier first)"


def _time(claim: Claim) -> tuple[str, str] | None:
    start, end = claim.time_start or "", claim.time_end or ""
    if not start and not end and claim.time_scope:
        years = _YEAR.findall(claim.time_scope)
        if years:
            low, high = min(years), max(years)
            since = re.search(r"\b(since|from|after)\b", claim.time_scope, re.IGNORECASE)
            return (f"{low}-01-01", "" if since else f"{high}-12-31")
    if not start and not end:
        return None
    return (start, end)


def times_compatible(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """Different events when both say when and the periods do not touch."""
    if a is None or b is None:
        return True
    a_start, a_end = a[0] or "0000", a[1] or "9999"
    b_start, b_end = b[0] or "0000", b[1] or "9999"
    # compare on the shared precision: "2020" against "2020-05-01"
    n = min(len(a_start), len(b_end), len(b_start), len(a_end), 10)
    return a_start[:n] <= b_end[:n] and b_start[:n] <= a_end[:n]


def facet(claim: Claim) -> Facet:
    fam = item_family(claim.item_lemma, claim.item)
    raw_kind = predicate_kind(claim.predicate)
    kind = FLOW if raw_kind in FLOW_KINDS else raw_kind
    if claim.predicate and raw_kind is None:
        verb_why = f"predicate '{claim.predicate}' is not in the verb table: kind unknown"
    elif raw_kind is None:
        verb_why = "no predicate"
    elif raw_kind == kind:
        verb_why = f"predicate '{claim.predicate}' is a {kind} verb"
    else:
        verb_why = f"predicate '{claim.predicate}' ({raw_kind}) counts as the same {kind}"
    subject, recipient, direction_why = _direction(claim, raw_kind)
    return Facet(
        claim=claim,
        family=fam[0] if fam else None,
        family_label=fam[1] if fam else "",
        family_why=fam[2] if fam else "no counted item",
        kind=kind,
        verb_why=verb_why,
        subject=subject,
        recipient=recipient,
        direction_why=direction_why,
        unit=unit_key(claim.unit) or _rate(claim),
        time=_time(claim),
        figure=interval(claim),
    )


def _rate(claim: Claim) -> str:
    """'per year' when the quote or time scope makes the figure a rate."""
    for text in (claim.quote, claim.time_scope):
        m = RATE.search(text or "")
        if m:
            period = (m.group(1) or m.group(2) or "").lower()
            period = {"annual": "year", "annually": "year", "yearly": "year", "monthly": "month",
                      "weekly": "week", "daily": "day"}.get(period, period)  # fmt: skip
            return f"per {period}"
    return ""


def _complete(f: Facet) -> bool:
    if f.kind is None or f.subject is None:
        return False
    return f.recipient is not None or f.kind != FLOW


def mismatch(f: Facet, g: Group) -> str | None:
    """Why a claim cannot belong to a group; None when it can."""
    if f.family != g.family:
        return f"different item ({f.family_label or 'none'} vs {g.family_label})"
    if f.unit != g.unit:
        return f"different unit ({f.unit or 'count'} vs {g.unit or 'count'})"
    if f.kind is not None and g.kind is not None and f.kind != g.kind:
        return f"a different event: {f.kind} vs {g.kind}"
    if f.subject is not None and g.subject is not None and f.subject != g.subject:
        return f"different supplier/actor ({f.subject} vs {g.subject})"
    if f.recipient is not None and g.recipient is not None and f.recipient != g.recipient:
        return f"different recipient ({f.recipient} vs {g.recipient})"
    for other in g.facets:
        if not times_compatible(f.time, other.time):
            return (
                f"a different time: '{f.claim.time_scope or f.time}' vs "
                f"'{other.claim.time_scope or other.time}'"
            )
    return None


def unnamed(f: Facet, g: Group, texts: dict[int, str]) -> str | None:
    """The actor a claim would borrow from a measure although its report never names it.

    A figure with no actors ("some 1,500 trucks were waiting") can only be read as part of a
    flow between two countries when the report it comes from speaks of them at all.
    """
    if f.subject is None and f.recipient is None and f.kind is None and g.kind == FLOW:
        return "neither its actors nor its verb say it is this flow"
    text = texts.get(f.claim.document)
    if text is None:
        return None
    for mine, theirs in ((f.subject, g.subject), (f.recipient, g.recipient)):
        if mine is None and theirs is not None and not _mentions(text, theirs):
            return f"its report never names {theirs}"
    return None


def _pick(f: Facet, candidates: list[Group]) -> tuple[Group | None, str]:
    if len(candidates) == 1:
        return candidates[0], "the only compatible measure"
    if not candidates:
        return None, "no compatible measure"
    same_doc = [g for g in candidates if f.claim.document in g.documents]
    if len(same_doc) == 1:
        return same_doc[0], "the only compatible measure this report speaks of"
    return None, f"{len(candidates)} compatible measures, so it stays apart"


def _borrows(f: Facet, g: Group, texts: dict[int, str]) -> bool:
    """Whether a claim missing parts may take them from this group."""
    return mismatch(f, g) is None and unnamed(f, g, texts) is None


def _same_key(f: Facet, groups: list[Group]) -> Group | None:
    """The first group with exactly the claim's item, kind, actors and unit that it fits."""
    key = (f.family, f.kind, f.subject, f.recipient, f.unit)
    return next(
        (g for g in groups
         if (g.family, g.kind, g.subject, g.recipient, g.unit) == key and mismatch(f, g) is None),
        None,
    )  # fmt: skip


def group(
    claims: list[Claim], texts: dict[int, str] | None = None
) -> tuple[list[Group], list[Facet]]:
    """Groups of claims measuring one quantity, and the claims left out (with reasons).

    ``texts`` maps document ids to their text; without it, missing actors are filled from the
    only compatible measure whatever the report names.
    """
    texts = texts or {}
    facets = [facet(c) for c in sorted(claims, key=lambda c: (c.document, c.start, c.id))]
    groups: list[Group] = []
    left: list[Facet] = []
    partial: list[Facet] = []
    context: list[Facet] = []
    for f in facets:
        if f.claim.negated:
            f.family_why = "negated: the report says this did not happen"
            left.append(f)
        elif f.family is None:
            left.append(f)
        elif f.figure is None:
            context.append(f)
        elif _complete(f):
            same = _same_key(f, groups)
            if same is not None:
                same.facets.append(f)
            else:
                groups.append(
                    Group(f.family, f.family_label, f.kind, f.subject, f.recipient, f.unit, [f])
                )
        else:
            partial.append(f)
    complete_groups = list(groups)
    for f in partial:
        candidates = [g for g in complete_groups if _borrows(f, g, texts)]
        chosen, why = _pick(f, candidates)
        if chosen is not None:
            chosen.facets.append(f)
            chosen.notes.setdefault(f.claim.id, []).append(
                f"its missing parts ({_missing(f)}) were filled from {why}"
            )
            continue
        same = _same_key(f, groups[len(complete_groups) :])
        if same is not None:
            same.facets.append(f)
        else:
            g = Group(f.family or "", f.family_label, f.kind, f.subject, f.recipient, f.unit, [f])
            g.notes[f.claim.id] = [f"{_missing(f)} unknown and {why}: a measure of its own"]
            groups.append(g)
    for f in context:
        candidates = [g for g in groups if _borrows(f, g, texts)]
        chosen, why = _pick(f, candidates)
        if chosen is None:
            f.family_why = f"vague or without a figure, and {why}: left out"
            left.append(f)
        else:
            chosen.context.append(f)
            chosen.notes.setdefault(f.claim.id, []).append(
                f"vague or without a figure: supporting context only ({why}); "
                "it sets neither the range nor the sources"
            )
    return groups, left


def _missing(f: Facet) -> str:
    parts = []
    if f.kind is None:
        parts.append("predicate")
    if f.subject is None:
        parts.append("supplier")
    if f.recipient is None and f.kind in (FLOW, None):
        parts.append("recipient")
    return ", ".join(parts) or "nothing"
