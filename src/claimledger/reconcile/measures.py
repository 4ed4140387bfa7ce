"""From groups of claims to Measures: independent sources, status, range and timeline.

Independence rule (documented in docs and printed by ``explain``):

* the source of a figure is its claimer, resolved across the story (see ``claimers``); a
  figure relayed through an agency or several outlets stays one source;
* an unattributed figure belongs to a claimer who gives the same figure for the same
  measure in the same report; failing that, to any claimer in the story who gives the same
  figure (it is assumed to be an echo); failing that, to a claimer with an overlapping
  figure in the same report, both figures bounded on both sides (an open bound such as "up
  to 1.6 million" or "more than 900,000" overlaps almost anything, so it credits nobody);
  failing that, a closed figure goes to the one claimer in the story whose figures are all
  compatible with it within their written precision ("31" with "at least 30", "2 km" with
  "more than a mile"); failing that, it is one "unattributed" source per outlet;
* reports that are syndicated duplicates or later versions of another report add outlets to
  the original's sources but never a source of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from claimledger.reconcile.align import Facet, Group
from claimledger.reconcile.claimers import ClaimerIndex, Identity
from claimledger.reconcile.match import dimension
from claimledger.reconcile.ranges import EXACT, fmt_number, stated
from claimledger.reconcile.vocab import (
    FLOW,
    canonical_actor,
    fold,
    known_actor,
    singular,
    unit_key,
)
from claimledger.records import Document, Measure, SourceEcho, Stance, TimelinePoint

_FLOW_TARGET = re.compile(
    r"\b(transfers?|shipments?|ship|shipping|shipped|deals?|supply|supplies|supplied|"
    r"supplying|deliver\w*|trade|trading|sales?|sell\w*|exports?|provision|provid\w*|arms|"
    r"weapons?|allegations?|accusations?|claims?|reports?|cooperation|munitions?)\b",
    re.IGNORECASE,
)


@dataclass
class Sourced:
    facet: Facet
    key: str
    display: str | None
    reason: str


def outlet_of(doc: Document | None) -> str:
    if doc is None:
        return "unknown outlet"
    if doc.outlet:
        return doc.outlet
    if doc.url:
        host = re.sub(r"^https?://(www\.)?", "", doc.url).split("/")[0]
        if host:
            return host
    return f"report {doc.id}"


def _root(docs: dict[int, Document], doc_id: int) -> int:
    seen: set[int] = set()
    current = doc_id
    while current not in seen:
        seen.add(current)
        doc = docs.get(current)
        if doc is None:
            return current
        parent = doc.duplicate_of if doc.duplicate_of is not None else doc.version_of
        if parent is None or parent not in docs:
            return current
        current = parent
    return current


def _same(a: Facet, b: Facet) -> bool:
    sa, sb = stated(a.claim), stated(b.claim)
    if sa is None or sb is None:
        return False
    return all(abs(x - y) <= EXACT * max(abs(x), abs(y), 1e-9) for x, y in zip(sa, sb, strict=True))


def _compatible(a: Facet, b: Facet) -> bool:
    """Equal within their written precision, in one unit: "31" fits "at least 30", "2 km"
    fits "more than a mile"."""
    if a.figure is None or b.figure is None:
        return False
    (dim_a, fa), (dim_b, fb) = dimension(a.claim, ""), dimension(b.claim, "")
    if dim_a != dim_b:
        return False
    if fa == fb:
        return a.figure.compatible(b.figure)
    return a.figure.scaled(fa).compatible(b.figure.scaled(fb))


def attribute(group: Group, docs: dict[int, Document], index: ClaimerIndex) -> list[Sourced]:
    """The source of every figure in a group, with the reason."""
    resolved: list[tuple[Facet, Identity | None]] = [
        (f, index.resolve(f.claim)) for f in group.facets
    ]
    out: list[Sourced] = []
    attributed = [(f, i) for f, i in resolved if i is not None]
    for f, ident in resolved:
        root = _root(docs, f.claim.document)
        if ident is not None:
            out.append(Sourced(f, ident.key, ident.display, ident.reason))
            continue
        same_report = [
            (g, i)
            for g, i in attributed
            if _root(docs, g.claim.document) == root
            and g.figure
            and f.figure
            and (
                _same(f, g)
                or (g.figure.closed and f.figure.closed and g.figure.overlaps(f.figure))
            )
        ]
        same_report.sort(key=lambda gi: (not _same(f, gi[0]), gi[0].claim.start))
        echo = [(g, i) for g, i in attributed if _same(f, g)]
        if same_report and (_same(f, same_report[0][0]) or not echo):
            _, i = same_report[0]
            out.append(
                Sourced(
                    f,
                    i.key,
                    i.display,
                    f"unattributed, but its report attributes a matching figure to "
                    f"{i.display}: counted as that source",
                )
            )
            continue
        if echo:
            _, i = echo[0]
            out.append(
                Sourced(
                    f,
                    i.key,
                    i.display,
                    f"unattributed, and {i.display} gives the same figure elsewhere "
                    "in the story: counted as an echo of that source",
                )
            )
            continue
        outlet = outlet_of(docs.get(root))
        out.append(
            Sourced(
                f,
                f"unattributed:{fold(outlet)}",
                None,
                f"unattributed and matched by no named claimer: one unattributed "
                f"source for {outlet}",
            )
        )
    # a source seen only in duplicates or versions merges into a source of the original
    originals = {
        s.key for s in out if _root(docs, s.facet.claim.document) == s.facet.claim.document
    }
    for s in out:
        doc_id = s.facet.claim.document
        if s.key in originals or _root(docs, doc_id) == doc_id:
            continue
        root = _root(docs, doc_id)
        twins = [t for t in out if t.facet.claim.document == root]
        if twins:
            s.key, s.display = twins[0].key, twins[0].display
            s.reason += f"; its report duplicates report {root}, so it adds no source"
    _states_speak_through_officials(out)
    _one_institution(out)
    _join_compatible(out)
    return out


def _anonymous(s: Sourced) -> bool:
    """ "officials", "authorities": a voice that names nobody, whose figure, like an
    unattributed one, echoes the one named source it fits."""
    claim = s.facet.claim
    return not claim.claimer_role and fold(
        claim.claimer or "").removeprefix("the ") in _ANONYMOUS_OFFICIALS


def _close(a: Facet, b: Facet) -> bool:
    """An open bound within a tenth of a named figure ("over 20 years" and "21 years") is
    its echo; farther off ("more than 900,000" and 1.1 million) it fits almost anything."""
    x, y = a.claim.value, b.claim.value
    return x is not None and y is not None and x > 0 and y > 0 and max(x, y) / min(x, y) <= 1.1


def _join_compatible(out: list[Sourced]) -> None:
    """An unattributed figure that matched no claimer's figure joins the one named source
    whose figures in the measure it all fits ("31" fits "at least 30"; "$3.5 billion" does
    not join a source that also gave a bare "$3.6 billion"; an open bound only within a
    tenth of them: "over 20 years" echoes "21 years", "more than 100" does not echo 120).
    With two or more such sources nobody is credited: one source per outlet."""
    anonymous = {s.key for s in out if _anonymous(s)}
    if all(s.key in anonymous or s.key.startswith("unattributed:") for s in out):
        anonymous = set()  # anonymous officials with nobody named beside them stay a source
    named = [s for s in out if not s.key.startswith("unattributed:") and s.key not in anonymous]
    for s in out:
        if not (s.key.startswith("unattributed:") or s.key in anonymous) or \
                s.facet.figure is None:
            continue
        near = s.facet.figure.closed
        fits = {c.key: c for c in named
                if all(_compatible(s.facet, t.facet) and (near or _close(s.facet, t.facet))
                       for t in named if t.key == c.key)}
        if len(fits) == 1:  # several fitting sources: no telling whose echo it is
            candidate = next(iter(fits.values()))
            s.key, s.display = candidate.key, candidate.display
            s.reason = (f"unattributed, and every figure of {candidate.display} in this "
                        "measure is compatible with it: counted as that source")


# Voices of an institution rather than persons of their own: a government speaks through its
# president, ministers, officials and statements; a prosecution through its prosecutors and
# its indictment. Words that name such a voice, and the words that tie it to a state.
_OFFICIAL = frozenset({
    "government", "governments", "official", "officials", "authorities", "authority",
    "ministry", "minister", "president", "spokesman", "spokeswoman", "spokesperson",
    "statement", "police", "investigators", "prosecutor", "prosecutors", "prosecution",
    "indictment", "department", "agency", "administration", "office", "chief", "director",
    "sheriff", "army", "military", "embassy", "consulate", "ministers", "officers",
    "premier", "chancellor",
})


# A head of state or government named by a bare title speaks for the story's state.
_HEADS = frozenset({"president", "prime minister", "premier", "chancellor", "vice president"})


def _institution(s: Sourced) -> str | None:
    """The institution a claimer speaks for: "state:<country>" when the claimer or its role
    names a country and an official word ("Costa Rica's civil aviation director", "the
    Costa Rican government"), "officials" for an official voice that names none ("police",
    "officials", "a government statement"), "head" for a head of state or government named
    by a bare title ("President Luis Guillermo Solis"); None for anyone else (a witness, a
    named person without an official role, an outlet)."""
    claim = s.facet.claim
    text = " ".join(t for t in (claim.claimer, claim.claimer_role) if t)
    words = set(fold(text).split())
    if not words & _OFFICIAL:
        return None
    for n in range(len(text.split()), 0, -1):
        for i in range(len(text.split()) - n + 1):
            country = known_actor(" ".join(text.split()[i:i + n]).strip(",.'’s"))
            if country is not None:
                return f"state:{country}"
    if fold(claim.claimer_role or "") in _HEADS or any(
            fold(claim.claimer or "").startswith(h + " ") for h in _HEADS):
        return "head"  # "President Luis Guillermo Solis": the state whose president he is
    has_name = any(w[:1].isupper() and fold(w) not in _OFFICIAL and fold(w) not in (
        "the", "a", "an") for w in (claim.claimer or "").split())
    return None if has_name else "officials"


def _one_institution(out: list[Sourced]) -> None:
    """Voices of one state's government count once; unnamed official voices ("officials",
    "a government statement") join the one state institution of the measure, if there is
    exactly one; otherwise they stay as they are. A claimer moves whole: every figure of
    one identity goes to the same institution."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for s in out:
        kind = _institution(s)
        if kind is not None:
            kinds[s.key].add(kind)
    states = sorted({k for ks in kinds.values() for k in ks if k.startswith("state:")})
    target: dict[str, str] = {}
    for key, found in kinds.items():
        mine = sorted(k for k in found if k.startswith("state:"))
        if len(mine) == 1:
            target[key] = mine[0]
        elif not mine and len(states) == 1:
            target[key] = states[0]  # an unnamed official voice, or a bare-titled head
    for s in out:
        new = target.get(s.key)
        if new is None or new == s.key:
            continue
        s.reason += (f"; {s.display or 'an official voice'} speaks for the "
                     f"{new.removeprefix('state:')} government: one institution, one source")
        s.key = new
    if not states:
        _one_police_force(out)
        _one_officialdom(out)
    shown: dict[str, str | None] = {}
    for s in out:  # one display name per institution: its first named voice
        if s.key.startswith(("state:", "police:")):
            shown.setdefault(s.key, s.display)
            s.display = shown[s.key]


_FORCE = re.compile(
    r"^(?:[Tt]he\s+)?((?:[A-Z][\w.'’-]*\s+){1,4})(?:[Pp]olice|[Ss]heriff)(?:['’]s)?"
    r"(?:\s+(?:[Dd]epartment|[Dd]ept\.?|[Cc]hief|[Oo]ffice|[Ss]pokes(?:man|woman|person)))?$")
_NOT_PLACES = frozenset({"the", "local", "federal", "state", "riot", "military", "secret",
                         "city", "county", "national", "border", "capitol"})
_FORCE_VOICES = frozenset({"police", "authorities", "officers", "investigators", "detectives"})


def _police_force(claim_text: str | None) -> str | None:
    """ "Cincinnati police", "the Harris County Sheriff's Office", "Dayton police chief": the
    force a voice speaks for, keyed by its place."""
    m = _FORCE.match(" ".join((claim_text or "").split()))
    if m is None or set(fold(m.group(1)).split()) <= _NOT_PLACES:
        return None  # "the police", "Federal Police": no place names the force
    return f"police:{fold(m.group(1)).strip()}"


def _one_police_force(out: list[Sourced]) -> None:
    """In a measure with no state voice, a local police force counts once: its chief, its
    spokesman and the bare "police" or "authorities" of other reports join the one force the
    measure names ("Cincinnati police" and "authorities": one source)."""
    forces: dict[str, str] = {}
    for s in out:
        claim = s.facet.claim
        force = _police_force(claim.claimer) or _police_force(claim.claimer_role)
        if force is not None:
            forces[s.key] = force
    if len(set(forces.values())) != 1:
        return
    force = next(iter(forces.values()))
    for s in out:
        generic = fold(s.facet.claim.claimer or "").removeprefix("the ") in _FORCE_VOICES
        if s.key in forces or (generic and not s.facet.claim.claimer_role):
            who = s.display or "a police voice"
            s.reason += f"; {who} speaks for {force[7:]} police: one source"
            s.key = force


# nobody in particular on the official side: "officials" and "authorities" of two reports
# are one anonymous officialdom, not two witnesses
_ANONYMOUS_OFFICIALS = frozenset({"officials", "official", "authorities", "authority"})


def _one_officialdom(out: list[Sourced]) -> None:
    """Unnamed "officials" and "authorities" (no role, no place, no body) count once."""
    generic = [s for s in out if _anonymous(s)]
    if len({s.key for s in generic}) < 2:
        return
    for s in generic:
        s.reason += "; unnamed officials and authorities are one anonymous voice"
        s.key = "officials:anonymous"


def _owner(text: str | None) -> str | None:
    m = re.match(r"^(?:the\s+)?(.+?)['’]s\s+\S", text or "")
    return fold(m.group(1)) if m else None


def _states_speak_through_officials(out: list[Sourced]) -> None:
    """ "4,200 trucks, Saltria says" and "Saltria's defence minister, Hanno Velk, says 4,200"
    are one source when the minister is the only Saltrian official in the measure: a state
    states its figures through its officials, it is no second witness."""
    for s in out:
        claim = s.facet.claim
        if not claim.claimer or claim.claimer_role or len(claim.claimer.split()) > 3:
            continue
        state = fold(claim.claimer)
        officials = {
            t.key: t for t in out if t.key != s.key and state in (
                _owner(t.facet.claim.claimer_role), _owner(t.facet.claim.claimer))
        }
        if len(officials) == 1:
            official = next(iter(officials.values()))
            s.key, s.display = official.key, official.display
            s.reason += (f"; {claim.claimer} speaks here through its only official in this "
                         f"measure, {official.display}: the same source")


def _label(group: Group) -> str:
    kind = group.kind or ""
    first = group.facets[0].claim if group.facets else None
    if first is not None and kind == FLOW and dimension(first, "")[0] != "count":
        kind = ""  # "35 days", "17 percent", "$600 million moved": a flow verb is wording
    verb = {
        FLOW: "sent",
        "pledge": "pledged",
        "fire": "fired",
        "produce": "produced",
        "stock": "held",
        "casualty": "lost",
    }.get(kind, kind)
    written = next((f.claim.unit for f in group.facets if f.claim.unit), None) or group.unit
    unit = f" ({written})" if written and written.lower() not in (
        group.phrase or "").lower() else ""
    if (kind == FLOW and (group.subject or group.recipient)) or (
            group.recipient and kind in ("", "pledge")):
        who = f"{group.subject or '?'} -> {group.recipient or '?'}"
        return f"{group.family_label}{unit}{' ' + verb if verb else ''}: {who}"
    # anything else reads as what is measured, and whose figure it is when the reports say
    what = f"{group.phrase or group.family_label}{unit}"
    if kind and kind not in ("casualty",) and verb and verb not in what:
        what += f" {verb}"
    return f"{what}: {group.subject}" if group.subject else what


def _slug(text: str | None) -> str:
    if not text:
        return "unknown"
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "unknown"


def _date(doc: Document | None, facet: Facet) -> str | None:
    if doc is not None and doc.published:
        return doc.published[:10]
    if facet.claim.time_end:
        return facet.claim.time_end[:10]
    if facet.claim.time_start:
        return facet.claim.time_start[:10]
    return None


def _disputes(group: Group, stances: list[Stance], docs: dict[int, Document]) -> list[str]:
    """One line naming who denies the measure and where; empty when no actor of it does."""
    actors = {a for a in (group.subject, group.recipient) if a}
    words = {group.family, singular(group.family)}
    deniers: list[str] = []
    where: list[str] = []
    for stance in stances:
        if stance.stance != "deny":
            continue
        who = sorted({canonical_actor(a) or a for a in stance.actors} & actors)
        if not who:
            continue
        target = fold(stance.target)
        about_item = any(singular(w) in words for w in target.split())
        flow_like = group.kind == FLOW or (group.kind is None and group.recipient is not None)
        about_flow = flow_like and _FLOW_TARGET.search(stance.target) is not None
        if about_item or about_flow:
            deniers += [w for w in who if w not in deniers]
            where.append(f"'{stance.target}' (report {stance.document}, "
                         f"{outlet_of(docs.get(stance.document))})")  # fmt: skip
    if not deniers:
        return []
    shown = "; ".join(where[:4]) + (f"; and {len(where) - 4} more" if len(where) > 4 else "")
    verb = "denies" if len(deniers) == 1 else "deny"
    return [f"disputed: {' and '.join(deniers)} {verb} it: {shown}"]


def build(
    story_id: int,
    groups: list[Group],
    docs: dict[int, Document],
    stances: list[Stance],
    index: ClaimerIndex,
) -> tuple[list[Measure], dict[str, list[str]]]:
    """Measures in a stable order, plus per-claim explanation lines."""
    measures: list[Measure] = []
    lines: dict[str, list[str]] = defaultdict(list)
    counters: dict[str, int] = defaultdict(int)
    for group in groups:
        base = f"{story_id}:{_slug(group.family)}:{_slug(group.subject)}->{_slug(group.recipient)}"
        counters[base] += 1
        mid = f"{base}:{counters[base]}"
        sourced = attribute(group, docs, index)
        measure = _measure(mid, story_id, group, sourced, docs, stances)
        measures.append(measure)
        for s in sourced:
            f = s.facet
            lines[f.claim.id] += [
                f"joined {mid} ({measure.label})",
                f"  item: {f.family_why}",
                f"  verb: {f.verb_why}",
                f"  {f.direction_why}",
                f"  figure: {f.figure.why if f.figure else 'none'}",
                f"  source: {s.reason}",
                *(f"  {n}" for n in group.notes.get(f.claim.id, [])),
            ]
        for f in group.context:
            lines[f.claim.id] += [
                f"joined {mid} ({measure.label}) as context",
                f"  item: {f.family_why}",
                f"  {f.direction_why}",
                *(f"  {n}" for n in group.notes.get(f.claim.id, [])),
            ]
    return measures, lines


def _measure(
    mid: str,
    story_id: int,
    group: Group,
    sourced: list[Sourced],
    docs: dict[int, Document],
    stances: list[Stance],
) -> Measure:
    by_source: dict[str, list[Sourced]] = defaultdict(list)
    for s in sourced:
        by_source[s.key].append(s)
    echoes: list[SourceEcho] = []
    for key in sorted(by_source, key=lambda k: min(s.facet.claim.id for s in by_source[k])):
        items = by_source[key]
        outlets: list[str] = []
        for s in items:
            for name in [outlet_of(docs.get(s.facet.claim.document)), *s.facet.claim.channel]:
                if name and name not in outlets:
                    outlets.append(name)
        values = sorted({v for s in items if (v := _value(s.facet)) is not None})
        echoes.append(
            SourceEcho(
                claimer=items[0].display,
                outlets=outlets,
                claims=[s.facet.claim.id for s in items],
                values=values,
            )
        )
    status, explanation, ordered = _status(by_source, sourced, docs)
    disputes = _disputes(group, stances, docs)
    explanation += disputes
    figures = [x for s in sourced if (x := stated(s.facet.claim)) is not None]
    low = min(x[0] for x in figures) if figures else None
    high = max(x[1] for x in figures) if figures else None
    spread = high / low if low and high is not None and low > 0 else None
    timeline = sorted(
        (
            TimelinePoint(
                date=_date(docs.get(s.facet.claim.document), s.facet),
                value=s.facet.claim.value,
                low=s.facet.claim.low,
                high=s.facet.claim.high,
                claim=s.facet.claim.id,
                claimer=s.display,
                outlet=outlet_of(docs.get(s.facet.claim.document)),
            )
            for s in sourced
        ),
        key=lambda p: (p.date is None, p.date or "", p.claim),
    )
    claims = [s.facet.claim.id for s in sourced] + [f.claim.id for f in group.context]
    return Measure(
        id=mid,
        story=story_id,
        label=_label(group),
        item=group.family,
        subject=group.subject,
        recipient=group.recipient,
        predicate=group.kind,
        unit=(group.facets[0].claim.unit if group.facets else None) or group.unit or None,
        status=status,  # type: ignore[arg-type]
        disputed=bool(disputes),
        low=low,
        high=high,
        spread=spread,
        independent_sources=len(by_source),
        claims=claims,
        sources=echoes,
        timeline=timeline,
        ordered=ordered,
        explanation=explanation,
    )


def _status(
    by_source: dict[str, list[Sourced]], sourced: list[Sourced], docs: dict[int, Document]
) -> tuple[str, list[str], bool]:
    """(status, explanation, ordered), following how journalists read figures:

    * ``agree``: every figure is compatible with every other within its stated precision,
      and more than one report or source gives it (``single`` when only one does);
    * ``revised``: one source changed its own figure (and no two sources clash), or every
      report is dated, the reports of each date agree with each other and the figure moves
      one way in date order (a toll rising from 15 to 16);
    * ``conflict``: figures given for the same moment by different sources disagree; it
      takes precedence over a source's own revision.
    """
    figures = [s for s in sourced if s.facet.figure is not None]
    clashes = [
        (a, b) for i, a in enumerate(figures) for b in figures[i + 1:]
        if a.facet.figure is not None and b.facet.figure is not None
        and not _compatible(a.facet, b.facet)
    ]
    reports = {_root(docs, s.facet.claim.document) for s in sourced}
    cross = [(a, b) for a, b in clashes if a.key != b.key]
    own, ordered = _own_revisions(by_source, docs)
    if cross:
        moved = _date_order(figures, docs)
        if moved is not None:
            return "revised", [moved], True
        lines = [
            f"conflict: {a.display or 'unattributed'} ({_figure(a.facet)}: "
            f"{a.facet.figure.why if a.facet.figure else ''}) is not compatible with "
            f"{b.display or 'unattributed'} ({_figure(b.facet)}: "
            f"{b.facet.figure.why if b.facet.figure else ''})"
            for a, b in cross
        ][:4]
        return "conflict", lines + [
            e + " (the conflict between claimers takes precedence)" for e in own], ordered
    if own:
        return "revised", own, ordered
    if len(by_source) > 1:
        return "agree", [f"agree: {len(by_source)} independent sources give compatible "
                         "figures"], True
    if len(reports) > 1:
        return "agree", [f"agree: {len(reports)} reports give compatible figures, all from "
                         "one source"], True
    return "single", ["single: one independent source"], True


def _own_revisions(
    by_source: dict[str, list[Sourced]], docs: dict[int, Document]
) -> tuple[list[str], bool]:
    explanation: list[str] = []
    ordered = True
    for items in by_source.values():
        distinct: list[Sourced] = []
        for s in items:
            # a source's own figures differ when they are not the same figure ("7,000" then
            # "6,700"); an unattributed figure credited to it as an echo differs only when it
            # does not fit ("over 20" echoing "21" is no revision)
            if not any(_same(s.facet, d.facet) or (_loosely_one(s, d)
                                                    and _compatible(s.facet, d.facet))
                       for d in distinct):
                distinct.append(s)
        if len(distinct) < 2:
            continue
        who = items[0].display or "an unattributed source"
        # each figure dates from the first report that gives it
        dated = [(_first_date(d, items, docs), d) for d in distinct]
        if all(d for d, _ in dated) and len({d for d, _ in dated}) == len(dated):
            dated.sort(key=lambda ds: str(ds[0]))
            steps = ", then ".join(f"{_figure(s.facet)} ({d})" for d, s in dated)
            explanation.append(f"revised: {who} gave {steps}")
        else:
            ordered = False
            steps = " and ".join(_figure(s.facet) for _, s in dated)
            explanation.append(
                f"revised: {who} gave {steps}; the order is unknown (report dates missing or equal)"
            )
    return explanation, ordered


def _loosely_one(a: Sourced, b: Sourced) -> bool:
    """Two figures of one source that are one figure when they fit each other: an echo, a
    bound, or a conversion into another unit ("about 12 feet (3.7 meters)")."""
    return _echo(a) or _echo(b) or _open(a) or _open(b) or \
        unit_key(a.facet.claim.unit) != unit_key(b.facet.claim.unit)


def _open(s: Sourced) -> bool:
    """A bound, not a figure: "more than 30 years" is no revision of "a 38-year history"."""
    return s.facet.figure is not None and not s.facet.figure.closed


def _echo(s: Sourced) -> bool:
    """Credited to its source as an echo: the report names no claimer for it, or only
    anonymous officials."""
    return not (s.facet.claim.claimer or s.facet.claim.claimer_role) or _anonymous(s)


def _first_date(figure: Sourced, items: list[Sourced], docs: dict[int, Document]) -> str | None:
    days = [_date(docs.get(s.facet.claim.document), s.facet) for s in items
            if _same(s.facet, figure.facet)]
    if not days or any(d is None for d in days):
        return None
    return min(d for d in days if d is not None)


def _date_order(figures: list[Sourced], docs: dict[int, Document]) -> str | None:
    """A line saying how the figure moved in date order, or None when it did not move one way
    (a report undated, reports of one day disagreeing, or a figure going back)."""
    by_date: dict[str, list[Sourced]] = defaultdict(list)
    for s in figures:
        day = _date(docs.get(s.facet.claim.document), s.facet)
        if day is None:
            return None
        by_date[day].append(s)
    if len(by_date) < 2:
        return None
    centres: list[tuple[str, float]] = []
    for day in sorted(by_date):
        group = by_date[day]
        if any(a.facet.figure and b.facet.figure and not a.facet.figure.compatible(b.facet.figure)
               for i, a in enumerate(group) for b in group[i + 1:]):
            return None
        values = [s.facet.figure.centre for s in group if s.facet.figure]
        centres.append((day, sum(values) / len(values)))
    rises = all(b[1] >= a[1] for a, b in pairwise(centres))
    falls = all(b[1] <= a[1] for a, b in pairwise(centres))
    if not (rises or falls):
        return None
    steps = ", then ".join(
        f"{'/'.join(sorted({_figure(s.facet) for s in by_date[d]}))} ({d})" for d, _ in centres)
    return f"revised: the figure {'rose' if rises else 'fell'} in date order: {steps}"


def _value(f: Facet) -> float | None:
    x = stated(f.claim)
    if x is None:
        return None
    return x[0] if x[0] == x[1] else (x[0] + x[1]) / 2


def _figure(f: Facet) -> str:
    x = stated(f.claim)
    if x is None:
        return "no figure"
    q = f"{f.claim.qualifier} " if f.claim.qualifier else ""
    if x[0] == x[1]:
        return q + fmt_number(x[0])
    return f"{q}{fmt_number(x[0])}-{fmt_number(x[1])}"
