"""The brief: a few cited sentences a reader can trust without opening the ledger.

Guarantees, checked before a sentence is kept (a sentence that fails is dropped, never
patched): every sentence cites at least one report as [n]; every number in it is copied as
written from the quote of a claim in a cited report and occurs in that report's text; the
whole brief stays within the word budget (citation markers count as words). Counts the reports
never state (how many sources, dates) are left out, since they would be numbers no report
contains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.reconcile.ranges import fmt_number
from claimledger.reconcile.vocab import FLOW, canonical_actor, item_family
from claimledger.records import Claim, Document, Measure, Stance
from claimledger.words import count

# a figure as written: "7,000", "1.5 million", "one million", "a million", "3m"
_NUMBER_WORDS = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|a few|several|hundreds of|some)"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|bn|m|k)"
FIGURE = re.compile(
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*{_SCALE}\b)?"
    rf"|\b{_NUMBER_WORDS}(?:\s+{_SCALE})+\b",
    re.IGNORECASE,
)
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
MARKER = re.compile(r"\[\d+\]")
_UNATTRIBUTED = "unattributed reports"
_STATUS_RANK = {"conflict": 0, "revised": 1, "agree": 2, "single": 3}


@dataclass
class _Sentence:
    text: str  # with {doc:ID} placeholders where markers go
    docs: list[int]


def numbers_in(text: str) -> list[str]:
    """Digit runs of a brief, citation markers excluded: what must occur in a cited report."""
    return DIGITS.findall(MARKER.sub(" ", text))


def word_count(text: str) -> int:
    return len(text.split())


def _figure_text(claim: Claim, doc: Document | None) -> str | None:
    """The figure exactly as the report writes it, or None when it cannot be found there."""
    if doc is None:
        return None
    for m in FIGURE.finditer(claim.quote or ""):
        candidate = m.group(0).strip()
        if candidate and candidate in doc.text and _plausible(candidate, claim):
            return _with_qualifier(candidate, claim, doc)
    value = claim.value
    if value is not None:
        plain = fmt_number(value)
        if plain in doc.text:
            return _with_qualifier(plain, claim, doc)
    return None


def _plausible(candidate: str, claim: Claim) -> bool:
    digits = DIGITS.findall(candidate)
    if not digits or claim.value is None:
        return bool(re.search(r"[a-z]", candidate, re.IGNORECASE))
    lead = float(digits[0].replace(",", ""))
    return lead != 0 and any(
        abs(claim.value - lead * scale) <= 0.02 * claim.value for scale in (1, 1e3, 1e6, 1e9, 1e12)
    )


def _with_qualifier(figure: str, claim: Claim, doc: Document) -> str:
    if claim.qualifier:
        phrase = f"{claim.qualifier} {figure}"
        if phrase in doc.text and not DIGITS.search(claim.qualifier):
            return phrase
    return figure


def _clean(name: str) -> str:
    return " ".join(name.replace(".", "").replace("[", "(").replace("]", ")").split())


def _what(m: Measure) -> str:
    """The measure as a reader would name it: "Trucks from Avalon to Carpania", "Money for
    the wall (USD) (Trump)", "People killed"."""
    if m.predicate in (FLOW, None) and m.recipient:
        family = item_family(m.item, None)
        label = family[1] if family else (m.item or "figures")
        label = re.sub(r"\s*\([^)]*\)", "", label).strip()
        if m.unit:
            label += f" ({m.unit})"
        head = label[:1].upper() + label[1:]
        source = m.subject or "an unnamed supplier"
        return _clean(f"{head} from {source} to {m.recipient}")
    what, _, who = m.label.partition(": ")
    head = what[:1].upper() + what[1:]
    return _clean(f"{head} ({who})" if who and who != "?" else head)


def _per_source(
    m: Measure, claims: dict[str, Claim], docs: dict[int, Document]
) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """(claimer, [(figure as written, documents)]) per source, distinct figures only."""
    out = []
    for echo in m.sources:
        seen: dict[str, list[int]] = {}
        first: dict[str, str] = {}  # the earliest report date that gives each figure
        for cid in echo.claims:
            claim = claims.get(cid)
            if claim is None:
                continue
            text = _figure_text(claim, docs.get(claim.document))
            if text is None:
                continue
            key = fmt_number(claim.value) if claim.value is not None else text
            bucket = next((k for k in seen if k.split("\x00")[0] == key), None)
            if bucket is None:
                bucket = key + "\x00" + text
                seen[bucket] = [claim.document]
            elif claim.document not in seen[bucket] and len(seen[bucket]) < 2:
                seen[bucket].append(claim.document)
            doc = docs.get(claim.document)
            if doc is not None and doc.published:
                first[bucket] = min(first.get(bucket, "9999"), doc.published[:10])
        buckets = list(seen)
        if m.status == "revised" and m.ordered:
            # a revision reads in the order the figures were first given
            buckets.sort(key=lambda k: first.get(k, "9999"))
        figures = [(k.split("\x00")[1], seen[k]) for k in buckets]
        if figures:
            out.append((_clean(echo.claimer or _UNATTRIBUTED), figures))
    return out


def _cite(docs: list[int]) -> str:
    return "".join(f"{{doc:{d}}}" for d in docs)


def _measure_sentence(
    m: Measure, claims: dict[str, Claim], docs: dict[int, Document], limit: int
) -> _Sentence | None:
    sources = _per_source(m, claims, docs)[:limit]
    if not sources:
        return None
    what = _what(m)
    used: list[int] = []
    for _, figures in sources:
        for _, d in figures:
            used += [x for x in d if x not in used]
    if m.status == "revised" and len(sources) == 1:
        who, figures = sources[0]
        parts = [f"{f} {_cite(d)}" for f, d in figures]
        if m.ordered:
            text = f"{what}: {who} revised the figure from {', then '.join(parts)}."
        else:
            text = f"{what}: {who} gave {' and '.join(parts)} (revised, order unknown)."
    elif m.status == "single":
        who, figures = sources[0]
        who = "an unattributed report" if who == _UNATTRIBUTED else who
        text = f"{what}: {who} alone gives {figures[0][0]} {_cite(figures[0][1])}."
    else:
        # one clause per claimer: the unattributed reports of several outlets read as one
        merged: dict[str, dict[str, list[int]]] = {}
        for who, figures in sources:
            mine = merged.setdefault(who, {})
            for f, d in figures:
                mine.setdefault(f, [])
                mine[f] += [x for x in d if x not in mine[f]][:3 - len(mine[f])]
        parts = []
        for who, shown_figures in merged.items():
            shown = " and ".join(f"{f} {_cite(d)}" for f, d in shown_figures.items())
            parts.append(f"{who} {'say' if who == _UNATTRIBUTED else 'says'} {shown}")
        text = f"{what} ({m.status}): {'; '.join(parts)}."
    return _Sentence(text, used)


def _denial_sentence(measures: Sequence[Measure], stances: Sequence[Stance]) -> _Sentence | None:
    actors = {a for m in measures if m.disputed for a in (m.subject, m.recipient) if a}
    deniers: list[str] = []
    docs: list[int] = []
    for stance in stances:
        if stance.stance != "deny":
            continue
        who = [canonical_actor(a) or a for a in stance.actors]
        who = [w for w in who if w in actors]
        if not who:
            continue
        for w in who:
            if w not in deniers:
                deniers.append(w)
        if stance.document not in docs and len(docs) < 3:
            docs.append(stance.document)
    if not deniers:
        return None
    names = " and ".join(_clean(d) for d in sorted(deniers))
    verb = "denies" if len(deniers) == 1 else "deny"
    return _Sentence(f"{names} {verb} the transfers {_cite(docs)}.", docs)


def _verified(sentence: _Sentence, docs: dict[int, Document]) -> bool:
    if not sentence.docs:
        return False
    texts = [docs[d].text for d in sentence.docs if d in docs]
    plain = re.sub(r"\{doc:\d+\}", " ", sentence.text)
    return all(any(n in t for t in texts) for n in numbers_in(plain))


def compose(
    measures: Sequence[Measure],
    claims: Sequence[Claim],
    stances: Sequence[Stance],
    documents: Sequence[Document],
    words: int = 100,
) -> tuple[str, list[int]]:
    """The brief and the document ids its [1], [2], ... markers cite, in order."""
    by_id = {c.id: c for c in claims}
    docs = {d.id: d for d in documents}
    # lead with what several outlets or claimers report; a figure one report gives comes last
    ranked = sorted(
        (m for m in measures if m.low is not None),
        key=lambda m: (_reports(m) < 2 and m.independent_sources < 2,
                       _STATUS_RANK.get(m.status, 9), -m.independent_sources, -_reports(m),
                       -len(m.claims), m.id),
    )
    chosen: list[_Sentence] = []

    def fits(extra: _Sentence) -> bool:
        text = " ".join(s.text for s in [*chosen, extra])
        return word_count(_numbered(text, [])[0]) <= words

    denial = _denial_sentence(measures, stances)
    for n, m in enumerate(ranked):
        for limit in (6, 4, 3, 2, 1):
            sentence = _measure_sentence(m, by_id, docs, limit)
            if sentence is not None and _verified(sentence, docs) and fits(sentence):
                chosen.append(sentence)
                break
        if n == 0 and denial is not None and fits(denial):
            chosen.append(denial)
            denial = None
    if denial is not None and fits(denial):
        chosen.append(denial)
    if not chosen and documents:
        first = sorted(d.id for d in documents if d.duplicate_of is None)[:1] or [documents[0].id]
        if measures:  # never contradict the table of measures beside the brief
            shown = count(len(measures), "measure")
            text = f"The reports give {shown}; see the table below {_cite(first)}."
        else:
            text = f"The reports state no figure that could be reconciled {_cite(first)}."
        fallback = _Sentence(text, first)
        if fits(fallback):
            chosen.append(fallback)
    return _numbered(" ".join(s.text for s in chosen), [])


def _reports(m: Measure) -> int:
    return len({(p.outlet, p.date) for p in m.timeline})


def _numbered(text: str, citations: list[int]) -> tuple[str, list[int]]:
    order = list(citations)

    def mark(m: re.Match[str]) -> str:
        doc = int(m.group(1))
        if doc not in order:
            order.append(doc)
        return f"[{order.index(doc) + 1}]"

    out = re.sub(r"\{doc:(\d+)\}", mark, text)
    out = re.sub(r"\] \[", "][", out)
    return out, order
