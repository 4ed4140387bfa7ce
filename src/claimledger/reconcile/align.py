"""Which claims measure the same quantity.

Every figure of a story that says what it measures (a counted noun, a unit or a verb) is
profiled and every pair scored by ``reconcile.match`` (a learned logistic model over what the
figures measure, their values at their written precision, their actors and words); claims are
then grouped by average linkage under cannot-links, listed in docs/measures.md: different
dimensions, periods that do not touch, different kinds of event (for counts), different
recipients or flow suppliers, two different figures of one sentence, and actors a figure's
own report never names. A figure missing its actors that two flow directions could hold
stays apart, since choosing one would fabricate a conflict or an agreement.

Vague claims ("millions of shells") and claims without a figure never open a measure: they
join the best-fitting one as supporting context and never set its range or sources. Negated
claims ("did not send 300 trucks") stay out of every measure; ``explain`` says so, and prints
for every claim the pair scores that put it in its measure and its nearest misses.

Kinds of predicate (``vocab``): send/ship/supply/deliver/transfer... are one flow;
receive/buy/import are the same flow seen from the receiver (direction turned round);
contain/carry/hold state what a shipment holds and so count as the flow too; pledge, fire,
produce, stock and casualty verbs are separate events. Figures per period ("a million shells
a year") are rates and never join totals.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from claimledger.reconcile import match
from claimledger.reconcile.ranges import Interval, precise
from claimledger.reconcile.vocab import (
    FLOW,
    FLOW_KINDS,
    RATE,
    actor_aliases,
    canonical_actor,
    fold,
    generic_agent,
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
    # the closest figures of other measures, for ``explain``: (claim id, score, why apart)
    near: list[tuple[str, float, str]] = field(default_factory=list)


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
    phrase: str = ""  # what its figures measure, as most of its reports word it

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
    subject, recipient = (None if generic_agent(who) else canonical_actor(who)
                          for who in (claim.subject, claim.recipient))
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
        figure=precise(claim),
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


def group(
    claims: list[Claim], texts: dict[int, str] | None = None
) -> tuple[list[Group], list[Facet]]:
    """Groups of claims measuring one quantity, and the claims left out (with reasons).

    Every figure with something that says what it measures (a counted noun, a unit, a verb)
    takes part; pairs are scored by ``match`` and clustered under its cannot-links. Vague
    figures join the measure they fit best as context; negated ones stay out. ``texts`` is
    accepted for callers of the earlier keyed alignment and no longer needed.
    """
    facets = [facet(c) for c in sorted(claims, key=lambda c: (c.document, c.start, c.id))]
    left: list[Facet] = []
    active: list[Facet] = []
    context: list[Facet] = []
    for f in facets:
        if f.claim.negated:
            f.family_why = "negated: the report says this did not happen"
            left.append(f)
        elif f.family is None and not f.claim.unit and not f.claim.predicate:
            f.family_why = "nothing says what it measures (no counted noun, unit or verb)"
            left.append(f)
        elif f.figure is None:
            context.append(f)
        else:
            active.append(f)
    everyone = active + context
    profiles = [match.profile(f.claim, _rate(f.claim), (f.subject, f.recipient), f.kind)
                for f in everyone]
    feats = match.features(profiles)
    n = len(active)
    # a vague figure has no value to compare: score it on what it measures alone
    feats[n:, :, match.FEATURES.index("compatible")] = 1.0
    feats[:, n:, match.FEATURES.index("compatible")] = 1.0
    for name in ("log_ratio", "log_ratio_loose"):
        feats[n:, :, match.FEATURES.index(name)] = 0.0
        feats[:, n:, match.FEATURES.index(name)] = 0.0
    w = match.weights()
    prob = match.probabilities(feats, w)
    texts = texts or {}
    blocked = _blocked(everyone, profiles, texts)
    clusters = match.cluster(prob[:n, :n], blocked[:n, :n], w.threshold)
    clusters = match.attach(clusters, prob[:n, :n], blocked[:n, :n], w.attach_best,
                            w.attach_mean)
    ambiguous = _ambiguous(clusters, active, prob, blocked, w)
    groups = [_make_group([active[i] for i in members]) for members in clusters]
    where = {i: g for g, members in zip(groups, clusters, strict=True) for i in members}
    for members, g in zip(clusters, groups, strict=True):
        for i in members:
            g.notes.setdefault(active[i].claim.id, []).extend(
                _why_joined(i, members, active, prob, feats, w))
    for i, why in ambiguous.items():
        where[i].notes[active[i].claim.id] = [why]
    for i in range(n):
        active[i].near = _near(i, where, active, everyone, profiles, prob, blocked, texts)
    for k, f in enumerate(context, start=n):
        scores = [(float(prob[k, members].mean()), gi) for gi, members in enumerate(clusters)
                  if not blocked[k, members].any()]
        best = max(scores, default=None)
        if best is None or best[0] < w.context_threshold:
            f.family_why = "vague or without a figure, and no measure fits it well enough: left out"
            left.append(f)
            continue
        g = groups[best[1]]
        g.context.append(f)
        g.notes.setdefault(f.claim.id, []).append(
            f"vague or without a figure: supporting context only (fit {best[0]:.2f}); "
            "it sets neither the range nor the sources")
    return groups, left


def _codes(values: list[object]) -> np.ndarray:
    """Integer codes per distinct value; -1 for None."""
    table: dict[object, int] = {}
    return np.array([-1 if v is None else table.setdefault(v, len(table)) for v in values],
                    dtype=np.int64)


def _blocked(facets: list[Facet], profiles: list[match.Profile],
             texts: dict[int, str]) -> np.ndarray:
    """Cannot-links as a matrix, vectorised where the rule compares labels (stories can hold
    thousands of figures); ``why_blocked`` says why for one pair."""
    dims = _codes([p.dimension for p in profiles])
    blocked = dims[:, None] != dims[None, :]
    kinds = _codes([p.kind if p.dimension == "count" else None for p in profiles])
    known = kinds >= 0
    heads = _codes([p.head for p in profiles])
    same_head = (heads[:, None] >= 0) & (heads[:, None] == heads[None, :])
    blocked |= known[:, None] & known[None, :] & (kinds[:, None] != kinds[None, :]) & same_head
    outcomes = _codes([p.outcome for p in profiles])
    told = outcomes >= 0
    blocked |= told[:, None] & told[None, :] & (outcomes[:, None] != outcomes[None, :])
    takers = _codes([p.recipient for p in profiles])
    named = takers >= 0
    blocked |= named[:, None] & named[None, :] & (takers[:, None] != takers[None, :])
    # suppliers: a flow's direction is what it measures; elsewhere a named subject is too
    # often the verb's grammatical subject ("Trump closed the government for 35 days") to
    # forbid a match, so it only scores
    givers = _codes([p.subject for p in profiles])
    named = givers >= 0
    flow = np.array([p.kind == FLOW for p in profiles], dtype=bool)
    blocked |= named[:, None] & named[None, :] & (givers[:, None] != givers[None, :]) & (
        flow[:, None] | flow[None, :])
    sentences = _codes([p.sentence for p in profiles])
    starts = np.array([p.claim.start for p in profiles], dtype=np.int64)
    middles = np.array([p.middle if p.middle is not None else np.nan for p in profiles],
                       dtype=np.float64)
    units = _codes([unit_key(p.claim.unit) for p in profiles])
    rtol = np.where(units[:, None] != units[None, :], match.CONVERSION, 1e-9)
    with np.errstate(invalid="ignore"):
        scale = np.maximum(np.maximum(np.abs(middles[:, None]), np.abs(middles[None, :])), 1.0)
        differ = ~(np.abs(middles[:, None] - middles[None, :]) <= rtol * scale)
    blocked |= (sentences[:, None] == sentences[None, :]) & (starts[:, None] != starts[None, :]) \
        & differ
    timed = [i for i, f in enumerate(facets) if f.time is not None]
    for x, i in enumerate(timed):
        for j in timed[x + 1:]:
            if not times_compatible(facets[i].time, facets[j].time):
                blocked[i, j] = blocked[j, i] = True
    # _unnamed reads only the other figure's actors, kind and whether it has a unit: decide
    # once per such key
    others: dict[tuple[str | None, str | None, str | None, bool], list[int]] = {}
    for j, g in enumerate(facets):
        others.setdefault((g.subject, g.recipient, g.kind, bool(g.unit)), []).append(j)
    mentioned: dict[tuple[int, str], bool] = {}
    for i, f in enumerate(facets):
        if f.subject is not None and f.recipient is not None:
            continue
        for members in others.values():
            if _unnamed(f, facets[members[0]], texts, mentioned):
                blocked[i, members] = True
                blocked[members, i] = True
    np.fill_diagonal(blocked, False)
    result: np.ndarray = blocked
    return result


def _unnamed(f: Facet, g: Facet, texts: dict[int, str],
             named: dict[tuple[int, str], bool] | None = None) -> str | None:
    """Why a figure missing its actors cannot share a measure with one that has them: its
    report never names them (a queue of 70 drones "at the border" is no flow between two
    states the report never mentions), or nothing in it says it is a flow at all."""
    if f.subject is None and f.recipient is None and f.kind is None and g.kind == FLOW and \
            (g.subject or g.recipient) and not g.unit:
        # a count of things sent is a flow; for money "moved" or "sent" is mostly wording
        return "neither its actors nor its verb say it is this flow"
    if FLOW not in (f.kind, g.kind):
        return None  # elsewhere a named subject is mostly the verb's grammatical subject
    text = texts.get(f.claim.document)
    if text is None:
        return None
    cache = named if named is not None else {}
    for mine, theirs in ((f.subject, g.subject), (f.recipient, g.recipient)):
        if mine is None and theirs is not None:
            key = (f.claim.document, theirs)
            if key not in cache:
                cache[key] = bool(_mentions(text, theirs))
            if not cache[key]:
                return f"its report never names {theirs}"
    return None


def why_blocked(f: Facet, g: Facet, pf: match.Profile, pg: match.Profile,
                texts: dict[int, str]) -> str | None:
    """The cannot-link between two figures, in words; None when they may be one measure."""
    reason = match.cannot_link(pf, pg, times_compatible(f.time, g.time))
    return reason or _unnamed(f, g, texts) or _unnamed(g, f, texts)


def _make_group(members: list[Facet]) -> Group:
    def common(values: list[str | None]) -> str | None:
        counted = Counter(v for v in values if v)
        return counted.most_common(1)[0][0] if counted else None

    family = common([f.family for f in members]) or _measured(members[0])
    label = next((f.family_label for f in members if f.family == family and f.family_label),
                 family)
    return Group(family=family, family_label=label, kind=common([f.kind for f in members]),
                 subject=common([f.subject for f in members]),
                 recipient=common([f.recipient for f in members]),
                 unit=members[0].unit, facets=list(members),
                 phrase=_phrase(members) or label)


_CASUALTY_WORDS = {"kill": "killed", "die": "dead", "injure": "injured", "wound": "wounded",
                   "hurt": "hurt"}


_DANGLING = frozenset({"that", "who", "which", "whose", "whom", "where", "when", "of", "in",
                       "for", "to", "and", "or", "the", "a", "an", "by", "with", "on", "at",
                       "are", "is", "was", "were", "be", "being", "been", "might", "may"})


def _tidy(phrase: str) -> str:
    """A label from the words of a report: no stray quotes or brackets, at most six words,
    and no dangling relative or function word ("arrests that" -> "arrests")."""
    words = re.sub(r"[\"“”()\[\]]|(?<!\w)[‘’']|[‘’'](?!\w)", " ", phrase).split()[:6]
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words = words[:-1]
    return " ".join(words)


def _phrase(members: list[Facet]) -> str:
    """The most common wording of what the group's figures measure ("federal employees",
    "money for the wall"), with the casualty verb when the noun alone is "people"."""
    counted = Counter(re.sub(r"^(?:the|a|an)\s+", "", f.claim.item.strip(), flags=re.I)
                      for f in members if f.claim.item and f.claim.item.strip())
    if not counted:
        return ""
    phrase = _tidy(counted.most_common(1)[0][0])
    verbs = Counter(_CASUALTY_WORDS[f.claim.predicate] for f in members
                    if f.claim.predicate in _CASUALTY_WORDS)
    if verbs and not any(v in phrase.lower() for v in _CASUALTY_WORDS.values()):
        phrase += " " + verbs.most_common(1)[0][0]
    return phrase


def _measured(f: Facet) -> str:
    """A name for what a figure without a counted noun measures: its verb, else its unit."""
    claim = f.claim
    if claim.predicate:
        return claim.predicate
    return claim.unit or "figure"


def _why_joined(i: int, members: list[int], active: list[Facet], prob: np.ndarray,
                feats: np.ndarray, w: match.Weights) -> list[str]:
    others = [j for j in members if j != i]
    if not others:
        return ["no other figure in the story scores as the same quantity: a measure of its own"]
    best = sorted(others, key=lambda j: -prob[i, j])[:2]
    return [f"scored {prob[i, j]:.2f} with {active[j].claim.id} "
            f"({_reasons(feats[i, j], w)})" for j in best]


def _reasons(row: np.ndarray, w: match.Weights) -> str:
    parts = sorted(((w.coef[k] * float(row[n]), k, float(row[n]))
                    for n, k in enumerate(match.FEATURES)), key=lambda t: -abs(t[0]))
    return ", ".join(f"{k} {v:+.2f}" for _, k, v in parts[:3])


def _near(i: int, where: dict[int, Group], active: list[Facet], everyone: list[Facet],
          profiles: list[match.Profile], prob: np.ndarray, blocked: np.ndarray,
          texts: dict[int, str]) -> list[tuple[str, float, str]]:
    """The three figures of other measures that scored closest: (claim id, score, why apart)."""
    mine = where.get(i)
    out: list[tuple[str, float, str]] = []
    for j in np.argsort(-prob[i, :len(active)]):
        j = int(j)
        if j == i or where.get(j) is mine:
            continue
        why = None
        if blocked[i, j]:
            why = why_blocked(everyone[i], everyone[j], profiles[i], profiles[j], texts)
        out.append((active[j].claim.id, float(prob[i, j]),
                    why or f"scored {prob[i, j]:.2f}, below the threshold"))
        if len(out) == 3:
            break
    return out


def _ambiguous(clusters: list[list[int]], active: list[Facet], prob: np.ndarray,
               blocked: np.ndarray, w: match.Weights) -> dict[int, str]:
    """Figures missing an actor, in a group with actors, stay apart when the story holds
    flows of the same thing between other actors that they could equally belong to (not
    cannot-linked: their report names those actors too): a value close to one flow's is no
    evidence of its direction. Returns index -> reason, and splits those figures out."""
    out: dict[int, str] = {}
    for members in list(clusters):
        if len(members) < 2:
            continue
        for i in list(members):
            f = active[i]
            if (f.subject is not None and f.recipient is not None) or f.kind not in (FLOW, None):
                continue
            head = f.claim.item_lemma or f.family
            flows = {
                (active[j].subject, active[j].recipient) for j in range(len(active))
                if j != i and not blocked[i, j] and active[j].kind == FLOW
                and (active[j].claim.item_lemma or active[j].family) == head
                and (active[j].subject is not None or active[j].recipient is not None)
            }
            # keep the most complete directions consistent with what the figure names
            flows = {(a, b) for a, b in flows if f.subject in (None, a) and
                     f.recipient in (None, b)}
            flows = {x for x in flows if not any(
                y != x and y[0] is not None and y[1] is not None
                and x[0] in (None, y[0]) and x[1] in (None, y[1]) for y in flows)}
            if len(flows) > 1:
                members.remove(i)
                clusters.append([i])
                out[i] = (f"{_missing(f)} unknown and {len(flows)} compatible measures with "
                          "other actors could hold it, so it stays apart")
    return out


def _missing(f: Facet) -> str:
    parts = []
    if f.subject is None:
        parts.append("supplier")
    if f.recipient is None:
        parts.append("recipient")
    return " and ".join(parts) or "nothing"
