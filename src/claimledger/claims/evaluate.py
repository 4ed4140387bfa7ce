"""Scoring extracted claims against a gold file (format: docs/gold-format.md).

A gold claim is found when an extracted claim from the same document has a value within
1 % of it (for vague amounts: the same implied lower bound) and its evidence sentence holds
the gold quote. Field accuracies (claimer, item, direction) are measured on found claims.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import GoldFileError
from claimledger.records import Claim, Document

REQUIRED = ("doc", "quote", "value", "item", "claimer")


@dataclass
class GoldClaim:
    id: str
    doc: str
    quote: str
    value: float | None
    items: list[str]
    claimers: list[str | None]
    subject: str | None
    recipient: str | None
    optional: bool
    vague: bool


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
        for title, rows in (("missed", self.misses), ("false positives", self.false_positives),
                            ("field errors", self.field_errors)):
            if rows:
                lines.append(f"{title}:")
                lines.extend(f"  {row}" for row in rows)
        return "\n".join(lines)


def _fail(path: Path, where: str, what: str) -> GoldFileError:
    return GoldFileError(f"{path}: {where}: {what} (see docs/gold-format.md)")


def load_gold(path: Path) -> list[GoldClaim]:
    """Reads and validates a gold file, naming the first problem precisely."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldFileError(f"{path}: no such gold file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: not readable JSON ({exc})") from exc
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
    for key in ("subject", "recipient"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise _fail(path, where, f'"{key}" must be a string or null')
    return GoldClaim(
        id=str(raw.get("id", f"g{n}")), doc=raw["doc"], quote=raw["quote"],
        value=None if value is None else float(value), items=items, claimers=claimers,
        subject=raw.get("subject"), recipient=raw.get("recipient"),
        optional=bool(raw.get("optional", False)), vague=vague)


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


def _actor_ok(gold: str | None, got: str | None) -> bool:
    return gold is None or fold(gold) == fold(got)


def evaluate(gold_path: Path, documents: list[Document], claims: list[Claim]) -> EvalResult:
    """Recall, precision and field accuracies of ``claims`` against the gold file."""
    gold = load_gold(gold_path)
    names = {doc.id: _basename(doc.source) for doc in documents}
    covered = {g.doc for g in gold}
    counted = [c for c in claims if names.get(c.document) in covered]
    result = EvalResult(gold=sum(1 for g in gold if not g.optional), found=0, extracted=0,
                        correct=0, claimer_ok=0, item_ok=0, direction_ok=0)
    used: set[str] = set()
    by_gold: dict[str, Claim] = {}
    for g in gold:
        match = next((c for c in counted if c.id not in used and names[c.document] == g.doc
                      and _value_match(g, c) and _quote_in(g, c)), None)
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
        ok_dir = _actor_ok(g.subject, match.subject) and _actor_ok(g.recipient, match.recipient)
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
    return result
