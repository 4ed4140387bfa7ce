"""Quantity extraction quality and speed: claimledger against quantulum3, same sentences.

Usage: .venv/bin/python benchmarks/quantities.py [--shared ../shared] [--repeat N]

Scores every quantity each tool reports on NewsQuant's developers' half (its README: every
quantity is annotated, so this compares the raw quantity readings, not the claims list)
and on the quotes of the seeds' dev gold claims. A prediction matches a gold quantity in
the same sentence when its value is within 1 % (ranges: both ends; vague amounts such as
"millions of": the implied lower bound lies in the gold range). Value F1 is micro-averaged.

The developers' half is split again, by a hash of each sentence, into a tuning part (rules
may be fitted to it) and a validation part (read only to report): a rule that only fits the
sentences it was tuned on shows as a gap between the two. Besides value F1 it prints
value+unit F1 (the unit, or for a count the counted noun, agrees with NewsQuant's
normalised unit) and value+concept F1 (a word of the figure's item is a word of NewsQuant's
referred concept, or both have none): CQE's three published measures, though CQE's own
unit and concept matching is its own, so compare those two columns loosely.

Throughput: claimledger's ``ClaimExtractor.extract_many`` over real reports against raw
``nlp.pipe`` with the same model on the same text in the same run. CQE does not install
here (its dependencies pull torch), so its published figures are printed, labelled as such.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from claimledger.claims import ClaimExtractor, find_quantities
from claimledger.claims.components import NAMES
from claimledger.claims.pipeline import build_pipeline
from claimledger.records import Document, RawInput

NOT_QUANTITIES = frozenset({"date", "year", "clock-time", "ordinal", "list-number",
                            "designation", "debris", "calibre", "score", "modifier"})


@dataclass(frozen=True)
class Reading:
    """One quantity a tool reported: its value or range, unit key and item words."""

    value: float | None
    low: float | None
    high: float | None
    vague: bool = False
    unit: str | None = None  # a key comparable with NewsQuant's normalised units
    concept: frozenset[str] = frozenset()  # content words of what the figure counts


@dataclass(frozen=True)
class Gold:
    low: float
    high: float
    unit: str | None = None
    concept: frozenset[str] = frozenset()


# claimledger's unit codes as NewsQuant (quantulum3-style) names them
_UNIT_NAMES: dict[str, str] = {
    "percent": "percentage", "percentage point": "percentage", "USD": "dollar",
    "GBP": "pound sterling", "EUR": "euro", "JPY": "japanese yen", "CNY": "chinese yuan",
    "HKD": "hong kong dollar", "AUD": "australian dollar", "CAD": "canadian dollar",
    "MYR": "malaysian ringgit", "INR": "indian rupee", "KRW": "south korean won",
    "SGD": "singapore dollar", "NZD": "new zealand dollar", "RUB": "russian ruble",
    "km/h": "kilometre per hour", "mph": "mile per hour", "hp": "horsepower", "km": "kilometre",
    "m": "metre", "cm": "centimetre", "mm": "millimetre", "GB": "gigabyte", "TB": "terabyte",
    "MB": "megabyte", "kW": "kilowatt", "MW": "megawatt", "GW": "gigawatt", "W": "watt",
    "mAh": "milliampere-hour", "lb": "pound-mass", "lb-ft": "pound-foot",
    "rpm": "revolutions per minute", "mg": "milligram", "g": "gram", "kg": "kilogram",
    "degC": "celsius", "degF": "fahrenheit", "m2": "square metre", "km2": "square kilometre",
    "ml": "millilitre", "litre": "litre", "pence": "penny", "GHz": "gigahertz",
}
_STOP = frozenset({"the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "its", "their",
                   "his", "her", "per", "by", "at", "with", "from", "-"})


def _words(text: str | None) -> frozenset[str]:
    """Lower-case content words, plural s dropped, so "students" meets "student"."""
    if not text:
        return frozenset()
    words = re.findall(r"[a-z][a-z'-]*", text.lower())
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w
                     for w in words if w not in _STOP)


def _unit_key(unit: str | None) -> str | None:
    if unit is None or unit.strip() in ("", "-"):
        return None
    return unit.strip().lower()


def _gold_values(raw: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*(?:-\s*([\d.]+))?\s*", raw)
    if not m:
        return None
    try:
        low = float(m.group(1))
        return low, float(m.group(2)) if m.group(2) else low
    except ValueError:
        return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)


def _value_matches(gold: Gold, got: Reading) -> bool:
    g_low, g_high = gold.low, gold.high
    if got.vague and got.low is not None:
        return g_low <= got.low <= g_high or _close(got.low, g_low)
    if got.value is not None:
        return _close(got.value, g_low) if g_low == g_high else g_low <= got.value <= g_high
    if got.low is not None and got.high is not None:
        return _close(got.low, g_low) and _close(got.high, g_high)
    return False


def _unit_matches(gold: Gold, got: Reading) -> bool:
    if gold.unit is None or got.unit is None:
        return gold.unit is None and got.unit is None
    if gold.unit == got.unit:
        return True
    # a count: NewsQuant names the counted noun ("students"), claimledger its item
    return bool(_words(gold.unit) & _words(got.unit)) and not got.unit.isupper()


def _concept_matches(gold: Gold, got: Reading) -> bool:
    if not gold.concept:
        return not got.concept
    return bool(gold.concept & got.concept)


MATCHERS: dict[str, Callable[[Gold, Reading], bool]] = {
    "value": _value_matches,
    "value+unit": lambda g, r: _value_matches(g, r) and _unit_matches(g, r),
    "value+concept": lambda g, r: _value_matches(g, r) and _concept_matches(g, r),
}


def score(gold: list[list[Gold]], predicted: list[list[Reading]], mode: str = "value"
          ) -> tuple[float, float, float]:
    matches = MATCHERS[mode]
    tp = fp = fn = 0
    for wanted, got in zip(gold, predicted, strict=True):
        left = list(got)
        # exact single values first, so a range cannot take the reading another value needs
        for g in sorted(wanted, key=lambda g: g.low != g.high):
            hit = next((p for p in left if matches(g, p)), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                left.remove(hit)
        fp += len(left)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _our_unit(unit: str | None, reason: str | None, item_lemma: str | None) -> str | None:
    if reason == "age":
        return "year of age"
    if unit is not None:
        return _UNIT_NAMES.get(unit, unit.lower())
    return item_lemma.lower() if item_lemma else None


def ours(sentences: list[str]) -> list[list[Reading]]:
    out: list[list[Reading]] = []
    for text in sentences:
        readings = []
        for q in find_quantities(text):
            if q.reason in NOT_QUANTITIES:
                continue
            unit = _our_unit(q.unit, q.reason, q.item_lemma)
            value, low, high = q.value, q.low, q.high
            if q.unit == "percent" and not re.search(r"\d|%|per\s?cent", q.text, re.I):
                # claimledger gives a share ("two-thirds") as a percentage; NewsQuant
                # writes it as a fraction (0.67)
                value, low, high = (None if v is None else v / 100 for v in (value, low, high))
                unit = None
            # the concept is what the figure is about beyond its unit: "15 years" of
            # "nuclear fusion", not "years"; a bare count ("two sides") has none
            concept = (_words(q.item) - _words(q.text) - _words(unit) - _words(q.item_lemma)
                       ) | _words(q.subject) | _words(q.measured)
            readings.append(Reading(value, low, high, q.vague, unit, concept))
        out.append(readings)
    return out


def theirs(sentences: list[str]) -> list[list[Reading]]:
    from quantulum3 import parser

    out: list[list[Reading]] = []
    for text in sentences:
        try:
            found = parser.parse(text)
        except Exception:  # quantulum3 raises on some inputs; count as nothing found
            found = []
        out.append([Reading(float(q.value), float(q.value), float(q.value), False,
                            None if q.unit.name == "dimensionless" else q.unit.name.lower())
                    for q in found])
    return out


def _timed(fn: Callable[[list[str]], list[list[Reading]]], sentences: list[str]
           ) -> tuple[list[list[Reading]], float]:
    start = time.perf_counter()
    result = fn(sentences)
    return result, time.perf_counter() - start


def newsquant(shared: Path) -> tuple[list[str], list[list[Gold]]]:
    records: list[dict[str, Any]] = json.loads(
        (shared / "data" / "newsquant" / "dev.json").read_text(encoding="utf-8"))
    texts: list[str] = []
    gold: list[list[Gold]] = []
    for r in records:
        texts.append(r["text"])
        wanted = []
        for q in r["quantities"]:
            values = _gold_values(str(q["value"]))
            if values is None:
                continue
            concept = str(q.get("referred_concepts") or "-")
            wanted.append(Gold(values[0], values[1], _unit_key(q.get("normalized_unit")),
                               frozenset() if concept.strip() == "-" else _words(concept)))
        gold.append(wanted)
    return texts, gold


def split_half(text: str) -> str:
    """"tuning" or "validation", fixed by a hash of the sentence, never by its content."""
    return "tuning" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "validation"


def seeds_gold(shared: Path) -> tuple[list[str], list[list[Gold]]]:
    data = json.loads((shared / "gold" / "seeds-dev.json").read_text(encoding="utf-8"))
    texts, gold = [], []
    for claim in data["claims"]:
        if claim["value"] is None:
            continue
        texts.append(claim["quote"])
        gold.append([Gold(float(claim["value"]), float(claim["value"]))])
    return texts, gold


def reports(shared: Path) -> list[Document]:
    from claimledger.text import extract

    docs = []
    for n, path in enumerate(sorted((shared / "seeds").glob("*.txt"))):
        text = extract(RawInput(source=path.name, data=path.read_bytes(), kind="text")).text
        docs.append(Document(id=n, source=path.name, url=None, title=None, outlet=None,
                             published=None, published_source="unknown", language="en",
                             duplicate_of=None, story=None, text=text))
    return docs


def raw_pipe_seconds(nlp: Language, texts: list[str]) -> float:
    """Seconds the bare model (claimledger's components off) takes over ``texts``, after a
    warm-up: the baseline every speed goal is a ratio against."""
    with nlp.select_pipes(disable=list(NAMES)):
        list(nlp.pipe(texts[:2]))
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        return time.perf_counter() - start


def throughput(docs: list[Document], repeat: int) -> tuple[float, float]:
    nlp = build_pipeline()
    extractor = ClaimExtractor(nlp)
    texts = [d.text for d in docs] * repeat
    many = docs * repeat
    raw = raw_pipe_seconds(nlp, texts)
    list(extractor.extract_many(many[:2]))
    start = time.perf_counter()
    for _ in extractor.extract_many(many):
        pass
    return raw, time.perf_counter() - start


def _row(name: str, gold: list[list[Gold]], got: list[list[Reading]], seconds: float,
         modes: tuple[str, ...] = ("value", "value+unit", "value+concept")) -> str:
    p, r, f = score(gold, got)
    extra = "".join(f"  {mode} F1 {score(gold, got, mode)[2]:.3f}" for mode in modes[1:])
    return (f"  {name:<12} value P {p:.3f}  R {r:.3f}  F1 {f:.3f}{extra}"
            f"   {len(gold) / seconds:8.1f} sentences/s")


def _subset(keep: list[bool], items: list[Any]) -> list[Any]:
    return [item for k, item in zip(keep, items, strict=True) if k]


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent
                    / "shared")
    ap.add_argument("--repeat", type=int, default=20, help="copies of the reports to time")
    ap.add_argument("--no-throughput", action="store_true", help="scores only")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not (args.shared / "data" / "newsquant" / "dev.json").is_file():
        print(f"{args.shared}/data/newsquant/dev.json is absent: pass --shared", file=sys.stderr)
        return 2
    find_quantities("warm up 1 model.")
    texts, gold = newsquant(args.shared)
    got, ours_s = _timed(ours, texts)
    got_q, theirs_s = _timed(theirs, texts)
    halves = [split_half(t) for t in texts]
    for title, keep in ((f"NewsQuant dev, all ({len(texts)} sentences)", [True] * len(texts)),
                        *((f"NewsQuant dev, {half} part ({halves.count(half)} sentences)",
                           [h == half for h in halves]) for half in ("tuning", "validation"))):
        print(title)
        share = sum(keep) / len(keep)
        print(_row("claimledger", _subset(keep, gold), _subset(keep, got), ours_s * share))
        print(_row("quantulum3", _subset(keep, gold), _subset(keep, got_q), theirs_s * share,
                   ("value", "value+unit")))
    print("  CQE          value F1 0.920  value+unit F1 0.856  value+concept F1 0.761 on all 590 "
          "NewsQuant sentences (published, EMNLP 2023; not run here: needs torch)")
    texts, gold = seeds_gold(args.shared)
    print("seeds dev gold quotes")
    got, ours_s = _timed(ours, texts)
    print(_row("claimledger", gold, got, ours_s, ("value",)))
    got, theirs_s = _timed(theirs, texts)
    print(_row("quantulum3", gold, got, theirs_s, ("value",)))
    if args.no_throughput:
        return 0
    raw, mine = throughput(reports(args.shared), args.repeat)
    print(f"throughput on the seed reports x{args.repeat}: raw nlp.pipe {raw:.2f} s, "
          f"claimledger extract_many {mine:.2f} s, overhead {mine / raw:.2f}x (goal <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
