"""Scoring extracted claims against a gold file (format: docs/gold-format.md).

A gold claim is found when an extracted claim from the same document has a value within
1 % of it (for vague amounts: the same implied lower bound) and its evidence sentence holds
the gold quote. Field accuracies (claimer, item, direction) are measured on found claims.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import GoldFileError
from claimledger.records import Claim, Document, Measure

REQUIRED = ("doc", "quote", "value", "item", "claimer")


@dataclass
class GoldClaim:
    id: str
    doc: str
    quote: str
    value: float | None
    items: list[str]
    claimers: list[str | None]
    subjects: list[str | None] | None  # None: not scored
    recipients: list[str | None] | None
    optional: bool
    vague: bool
    measure: str | None = None
    start: int | None = None  # the quote's character offsets in its report, when given
    end: int | None = None


@dataclass
class MeasureCheck:
    """How one multi-outlet gold measure came out: its predicted counterpart and what holds."""

    measure: str
    counterpart: str | None  # the predicted measure holding most of its found claims
    found: int  # its gold claims that were found
    aligned: bool  # the counterpart holds its found claims from 2+ reports
    pure: bool  # the counterpart holds no found claim of another gold measure
    expected_status: str
    status: str | None
    expected_sources: int | None
    sources: int | None

    @property
    def status_ok(self) -> bool:
        return self.status == self.expected_status

    @property
    def sources_ok(self) -> bool:
        return self.expected_sources is None or self.sources == self.expected_sources

    @property
    def right(self) -> bool:
        return self.aligned and self.pure and self.status_ok and self.sources_ok

    def format(self) -> str:
        marks = "".join(
            "+" if ok else "-" for ok in (self.aligned, self.pure, self.status_ok, self.sources_ok)
        )
        return (f"{marks} {self.measure}: {self.counterpart or 'no counterpart'} "
                f"({self.found} found), status {self.status} (want {self.expected_status}), "
                f"sources {self.sources} (want {self.expected_sources})")


@dataclass
class EvalResult:
    gold: int  # required gold claims
    found: int  # required gold claims matched
    extracted: int  # claims counted for precision (not matching optional gold)
    correct: int  # of those, matching some gold claim
    claimer_ok: int
    item_ok: int
    direction_ok: int
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)
    pairs_both: int = 0  # pairs of found gold claims in one gold and one predicted measure
    pairs_gold: int = 0  # pairs in one gold measure
    pairs_predicted: int = 0  # pairs in one predicted measure
    measures: list[MeasureCheck] = field(default_factory=list)
    matches: dict[str, str] = field(default_factory=dict)  # gold id -> extracted claim id

    @property
    def alignment_precision(self) -> float:
        return self.pairs_both / self.pairs_predicted if self.pairs_predicted else 1.0

    @property
    def alignment_recall(self) -> float:
        return self.pairs_both / self.pairs_gold if self.pairs_gold else 1.0

    @property
    def alignment_f1(self) -> float:
        p, r = self.alignment_precision, self.alignment_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def _share(self, n: int) -> float:
        return n / self.found if self.found else 1.0

    @property
    def claimer(self) -> float:
        return self._share(self.claimer_ok)

    @property
    def item(self) -> float:
        return self._share(self.item_ok)

    @property
    def direction(self) -> float:
        return self._share(self.direction_ok)

    def format(self) -> str:
        lines = [
            f"recall     {self.recall:.3f}  ({self.found}/{self.gold} required gold claims)",
            f"precision  {self.precision:.3f}  ({self.correct}/{self.extracted} extracted)",
            f"claimer    {self.claimer:.3f}  ({self.claimer_ok}/{self.found})",
            f"item       {self.item:.3f}  ({self.item_ok}/{self.found})",
            f"direction  {self.direction:.3f}  ({self.direction_ok}/{self.found})",
        ]
        if self.pairs_gold or self.pairs_predicted:
            lines.append(
                f"alignment  {self.alignment_f1:.3f}  pairwise F1 (precision "
                f"{self.alignment_precision:.3f}: {self.pairs_both}/{self.pairs_predicted}, "
                f"recall {self.alignment_recall:.3f}: {self.pairs_both}/{self.pairs_gold})"
            )
        if self.measures:
            n = len(self.measures)
            for name, count in (
                ("aligned", sum(m.aligned for m in self.measures)),
                ("pure", sum(m.pure for m in self.measures)),
                ("status", sum(m.status_ok for m in self.measures)),
                ("sources", sum(m.sources_ok for m in self.measures)),
                ("all right", sum(m.right for m in self.measures)),
            ):
                lines.append(f"{name:<10} {count / n:.3f}  ({count}/{n} gold measures)")
        rows_measures = [m.format() for m in self.measures]
        for title, rows in (("missed", self.misses), ("false positives", self.false_positives),
                            ("field errors", self.field_errors),
                            ("measures (aligned, pure, status, sources)", rows_measures)):
            if rows:
                lines.append(f"{title}:")
                lines.extend(f"  {row}" for row in rows)
        return "\n".join(lines)


def _fail(path: Path, where: str, what: str) -> GoldFileError:
    return GoldFileError(f"{path}: {where}: {what} (see docs/gold-format.md)")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldFileError(f"{path}: no such {what}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: not readable JSON ({exc})") from exc


def load_gold(path: Path) -> list[GoldClaim]:
    """Reads and validates a gold file, naming the first problem precisely."""
    data = _read_json(path, "gold file")
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise _fail(path, "top level", 'expected an object with a "claims" list')
    out: list[GoldClaim] = []
    for n, raw in enumerate(data["claims"]):
        where = f"claims[{n}]"
        if not isinstance(raw, dict):
            raise _fail(path, where, "expected an object")
        missing = [k for k in REQUIRED if k not in raw]
        if missing:
            raise _fail(path, where, f"missing field(s) {', '.join(missing)}")
        out.append(_gold_claim(path, where, raw, n))
    return out


def _gold_claim(path: Path, where: str, raw: dict[str, Any], n: int) -> GoldClaim:
    if not isinstance(raw["doc"], str) or not raw["doc"]:
        raise _fail(path, where, '"doc" must be the report file name')
    if not isinstance(raw["quote"], str) or not raw["quote"].strip():
        raise _fail(path, where, '"quote" must be the non-empty text of the claim')
    value = raw["value"]
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise _fail(path, where, '"value" must be a number or null')
    vague = bool(raw.get("vague", False))
    if value is None and not vague and not raw.get("optional", False):
        raise _fail(path, where, 'a null "value" needs "vague": true or "optional": true')
    items = raw["item"] if isinstance(raw["item"], list) else [raw["item"]]
    if not all(isinstance(i, str) for i in items) or not items:
        raise _fail(path, where, '"item" must be a string or a list of strings')
    claimers = raw["claimer"] if isinstance(raw["claimer"], list) else [raw["claimer"]]
    if not all(c is None or isinstance(c, str) for c in claimers) or not claimers:
        raise _fail(path, where, '"claimer" must be a list of names or null')
    actors = {key: _alternatives(path, where, raw, key) for key in ("subject", "recipient")}
    measure = raw.get("measure")
    if measure is not None and not isinstance(measure, str):
        raise _fail(path, where, '"measure" must be a label (string) or null')
    start, end = raw.get("start"), raw.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end) or \
            isinstance(start, bool) or isinstance(end, bool):
        start = end = None  # offsets only guide matching; without them the quote decides
    return GoldClaim(
        id=str(raw.get("id", f"g{n}")), doc=raw["doc"], quote=raw["quote"],
        value=None if value is None else float(value), items=items, claimers=claimers,
        subjects=actors["subject"], recipients=actors["recipient"],
        optional=bool(raw.get("optional", False)), vague=vague, measure=measure,
        start=start, end=end)


def _alternatives(
    path: Path, where: str, raw: dict[str, Any], key: str
) -> list[str | None] | None:
    """A field given as one name, a list of accepted names (``null`` in it accepts an empty
    prediction), or absent/null (not scored)."""
    value = raw.get(key)
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if not values or not all(v is None or isinstance(v, str) for v in values):
        raise _fail(path, where, f'"{key}" must be a name, a list of names (null allowed) or null')
    return values


def fold(text: str | None) -> str:
    """Case, accents, apostrophes and punctuation folded, for name comparison."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("defence", "defense")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def lemma(word: str) -> str:
    """A light lemma for comparing item nouns ("supplies" == "supply")."""
    word = fold(word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _basename(source: str) -> str:
    path, _, record = source.partition("#")
    name = Path(path).name
    return f"{name}#{record}" if record else name


def _value_match(gold: GoldClaim, claim: Claim) -> bool:
    if gold.value is None:
        return claim.vague or claim.value is None
    got = claim.value if claim.value is not None else claim.low
    if got is None:
        return False
    return abs(got - gold.value) <= 0.01 * abs(gold.value)


def _at(gold: GoldClaim, claim: Claim) -> bool:
    """Whether the claim's figure lies inside the gold quote's offsets."""
    return gold.start is not None and gold.end is not None and \
        gold.start <= claim.start and claim.end <= gold.end + 40 and claim.start < gold.end


def _quote_in(gold: GoldClaim, claim: Claim) -> bool:
    return fold(gold.quote) in fold(claim.evidence)


def _name(text: str | None) -> str:
    """A claimer compared without a leading article: "the authority" is "authority"."""
    return re.sub(r"^(?:the|a|an) ", "", fold(text))


def _claimer_ok(gold: GoldClaim, claim: Claim) -> bool:
    if claim.claimer is None:
        return None in gold.claimers
    got = _name(claim.claimer)
    return any(c is not None and _name(c) == got for c in gold.claimers)


_UNIT_WORDS = {"%": "percent", "per cent": "percent", "pct": "percent"}


def _item_ok(gold: GoldClaim, claim: Claim) -> bool:
    wanted = {lemma(i) for i in gold.items}
    if claim.unit and not claim.item_lemma:
        # "9 percent", "40 minutes": with no counted noun the unit is what is counted
        unit = _UNIT_WORDS.get(claim.unit.strip().lower(), claim.unit)
        if lemma(unit) in wanted:
            return True
    got = claim.item_lemma or claim.item
    if got is None:
        return False
    return lemma(got) in wanted or (claim.item is not None and lemma(claim.item) in wanted)


def _actor_ok(gold: list[str | None] | None, got: str | None) -> bool:
    """Right when the gold does not score it, or the prediction is one accepted name (an empty
    prediction only where the list holds ``null``)."""
    if gold is None:
        return True
    if got is None or not got.strip():
        return None in gold
    return any(g is not None and _name(g) == _name(got) for g in gold)


def evaluate(
    gold_path: Path,
    documents: list[Document],
    claims: list[Claim],
    measures: list[Measure] | None = None,
    status_path: Path | None = None,
) -> EvalResult:
    """Recall, precision and field accuracies of ``claims`` against the gold file; with the
    claims' measures, alignment pairwise F1; with a status file, each gold measure's fate."""
    gold = load_gold(gold_path)
    names = {doc.id: _basename(doc.source) for doc in documents}
    covered = {g.doc for g in gold}
    counted = [c for c in claims if names.get(c.document) in covered]
    result = EvalResult(gold=sum(1 for g in gold if not g.optional), found=0, extracted=0,
                        correct=0, claimer_ok=0, item_ok=0, direction_ok=0)
    used: set[str] = set()
    by_gold: dict[str, Claim] = {}
    # required claims choose first, and each takes the claim at its own offsets when the
    # gold gives them: a loose optional quote ("six") never takes the claim a required one
    # ("picked up just six seats ...") is about
    for g in sorted(gold, key=lambda g: g.optional):
        fits = [c for c in counted if c.id not in used and names[c.document] == g.doc
                and _value_match(g, c) and _quote_in(g, c)]
        match = next((c for c in fits if _at(g, c)), fits[0] if fits else None)
        if match is None:
            if not g.optional:
                result.misses.append(f"{g.id} {g.doc}: {g.quote!r} ({g.value})")
            continue
        used.add(match.id)
        by_gold[g.id] = match
        if g.optional:
            continue
        result.found += 1
        ok_claimer, ok_item = _claimer_ok(g, match), _item_ok(g, match)
        ok_dir = _actor_ok(g.subjects, match.subject) and _actor_ok(g.recipients, match.recipient)
        result.claimer_ok += ok_claimer
        result.item_ok += ok_item
        result.direction_ok += ok_dir
        for ok, what, got in ((ok_claimer, "claimer", match.claimer),
                              (ok_item, "item", match.item_lemma),
                              (ok_dir, "direction", f"{match.subject}->{match.recipient}")):
            if not ok:
                result.field_errors.append(f"{g.id} {what}: got {got!r}")
    optional_ids = {by_gold[g.id].id for g in gold if g.optional and g.id in by_gold}
    for c in counted:
        if c.id in optional_ids:
            continue
        result.extracted += 1
        if c.id in used:
            result.correct += 1
        else:
            result.false_positives.append(f"{c.id} {names[c.document]}: {c.quote!r} ({c.value})")
    result.matches = {gid: c.id for gid, c in by_gold.items()}
    required = [(g, by_gold[g.id]) for g in gold if not g.optional and g.id in by_gold]
    _score_pairs(result, required)
    if status_path is not None:
        by_id = {m.id: m for m in measures or []}
        result.measures = [
            _check_measure(row, required, by_id) for row in load_status(status_path)
        ]
    return result


def _score_pairs(result: EvalResult, found: list[tuple[GoldClaim, Claim]]) -> None:
    """Pairwise alignment counts over found, required gold claims that name a gold measure."""
    labelled = [(g, c) for g, c in found if g.measure]
    for i, (ga, ca) in enumerate(labelled):
        for gb, cb in labelled[i + 1:]:
            same_gold = ga.measure == gb.measure
            same_predicted = ca.measure is not None and ca.measure == cb.measure
            result.pairs_gold += same_gold
            result.pairs_predicted += same_predicted
            result.pairs_both += same_gold and same_predicted


@dataclass
class GoldStatus:
    measure: str
    status: str
    sources: int | None


def load_status(path: Path) -> list[GoldStatus]:
    """A status file: a list of {measure, status, independent_sources}."""
    data = _read_json(path, "status file")
    rows = data.get("measures") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise _fail(path, "top level", "expected a list of measures")
    out: list[GoldStatus] = []
    for n, row in enumerate(rows):
        where = f"[{n}]"
        if not isinstance(row, dict) or not isinstance(row.get("measure"), str):
            raise _fail(path, where, 'expected an object with a "measure" label')
        if row.get("status") not in STATUSES:
            raise _fail(path, where, f'"status" must be one of {", ".join(STATUSES)}')
        sources = row.get("independent_sources")
        if sources is not None and (isinstance(sources, bool) or not isinstance(sources, int)):
            raise _fail(path, where, '"independent_sources" must be a whole number or null')
        out.append(GoldStatus(row["measure"], row["status"], sources))
    return out


STATUSES = ("single", "agree", "conflict", "revised", "disputed")


def _check_measure(
    row: GoldStatus, found: list[tuple[GoldClaim, Claim]], measures: dict[str, Measure]
) -> MeasureCheck:
    mine = [(g, c) for g, c in found if g.measure == row.measure]
    votes = Counter(c.measure for _, c in mine if c.measure is not None)
    counterpart = votes.most_common(1)[0][0] if votes else None
    predicted = measures.get(counterpart) if counterpart else None
    inside = [(g, c) for g, c in found if counterpart and c.measure == counterpart]
    reports = {c.document for g, c in inside if g.measure == row.measure}
    status = None
    if predicted is not None:
        status = "disputed" if predicted.disputed and row.status == "disputed" else predicted.status
    return MeasureCheck(
        measure=row.measure,
        counterpart=counterpart,
        found=len(mine),
        aligned=len(reports) >= 2,
        pure=counterpart is not None and all(g.measure == row.measure for g, _ in inside),
        expected_status=row.status,
        status=status,
        expected_sources=row.sources,
        sources=predicted.independent_sources if predicted is not None else None,
    )
