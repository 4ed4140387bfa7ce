"""Quantity extraction quality and speed: claimledger against quantulum3, same sentences.

Usage: .venv/bin/python benchmarks/quantities.py [--shared ../shared] [--repeat N]

Scores every quantity each tool reports on NewsQuant's developers' half (its README: every
quantity is annotated, so this compares the raw quantity readings, not the claims list)
and on the quotes of the seeds' dev gold claims. A prediction matches a gold quantity in
the same sentence when its value is within 1 % (ranges: both ends; vague amounts such as
"millions of": the implied lower bound lies in the gold range). Value F1 is micro-averaged.
Throughput: claimledger's ``ClaimExtractor.extract_many`` over real reports against raw
``nlp.pipe`` with the same model on the same text in the same run. CQE does not install
here (its dependencies pull torch), so its published figure is printed, labelled as such.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from claimledger.claims import ClaimExtractor, find_quantities
from claimledger.claims.components import NAMES
from claimledger.claims.pipeline import build_pipeline
from claimledger.records import Document, RawInput

NOT_QUANTITIES = frozenset({"date", "year", "clock-time", "ordinal", "list-number",
                            "designation", "debris", "calibre", "score", "modifier"})
Reading = tuple[float | None, float | None, float | None, bool]  # value, low, high, vague


def _gold_values(raw: str) -> tuple[float, float] | None:
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*(?:-\s*([\d.]+))?\s*", raw)
    if not m:
        return None
    low = float(m.group(1))
    return low, float(m.group(2)) if m.group(2) else low


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1e-9)


def _matches(gold: tuple[float, float], got: Reading) -> bool:
    value, low, high, vague = got
    g_low, g_high = gold
    if vague and low is not None:
        return g_low <= low <= g_high or _close(low, g_low)
    if value is not None:
        return _close(value, g_low) if g_low == g_high else g_low <= value <= g_high
    if low is not None and high is not None:
        return _close(low, g_low) and _close(high, g_high)
    return False


def score(gold: list[list[tuple[float, float]]], predicted: list[list[Reading]]
          ) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for wanted, got in zip(gold, predicted, strict=True):
        left = list(got)
        # exact single values first, so a range cannot take the reading another value needs
        for g in sorted(wanted, key=lambda g: g[0] != g[1]):
            hit = next((p for p in left if _matches(g, p)), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                left.remove(hit)
        fp += len(left)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ours(sentences: list[str]) -> list[list[Reading]]:
    out: list[list[Reading]] = []
    for text in sentences:
        out.append([(q.value, q.low, q.high, q.vague) for q in find_quantities(text)
                    if q.reason not in NOT_QUANTITIES])
    return out


def theirs(sentences: list[str]) -> list[list[Reading]]:
    from quantulum3 import parser

    out: list[list[Reading]] = []
    for text in sentences:
        try:
            found = parser.parse(text)
        except Exception:  # quantulum3 raises on some inputs; count as nothing found
            found = []
        out.append([(float(q.value), float(q.value), float(q.value), False) for q in found])
    return out


def _timed(fn: Callable[[list[str]], list[list[Reading]]], sentences: list[str]
           ) -> tuple[list[list[Reading]], float]:
    start = time.perf_counter()
    result = fn(sentences)
    return result, time.perf_counter() - start


def newsquant(shared: Path) -> tuple[list[str], list[list[tuple[float, float]]]]:
    records: list[dict[str, Any]] = json.loads(
        (shared / "data" / "newsquant" / "dev.json").read_text(encoding="utf-8"))
    texts = [r["text"] for r in records]
    gold = [[v for q in r["quantities"] if (v := _gold_values(str(q["value"]))) is not None]
            for r in records]
    return texts, gold


def seeds_gold(shared: Path) -> tuple[list[str], list[list[tuple[float, float]]]]:
    data = json.loads((shared / "gold" / "seeds-dev.json").read_text(encoding="utf-8"))
    texts, gold = [], []
    for claim in data["claims"]:
        if claim["value"] is None:
            continue
        texts.append(claim["quote"])
        gold.append([(float(claim["value"]), float(claim["value"]))])
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


def throughput(docs: list[Document], repeat: int) -> tuple[float, float]:
    nlp = build_pipeline()
    extractor = ClaimExtractor(nlp)
    texts = [d.text for d in docs] * repeat
    many = docs * repeat
    with nlp.select_pipes(disable=list(NAMES)):
        list(nlp.pipe(texts[:2]))
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        raw = time.perf_counter() - start
    list(extractor.extract_many(many[:2]))
    start = time.perf_counter()
    for _ in extractor.extract_many(many):
        pass
    return raw, time.perf_counter() - start


def _row(name: str, prf: tuple[float, float, float], seconds: float, n: int) -> str:
    p, r, f = prf
    return f"  {name:<12} value P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {n / seconds:8.1f} sentences/s"


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent
                    / "shared")
    ap.add_argument("--repeat", type=int, default=20, help="copies of the reports to time")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not (args.shared / "data" / "newsquant" / "dev.json").is_file():
        print(f"{args.shared}/data/newsquant/dev.json is absent: pass --shared", file=sys.stderr)
        return 2
    find_quantities("warm up 1 model.")
    for title, (texts, gold) in (("NewsQuant dev (290 sentences)", newsquant(args.shared)),
                                 ("seeds dev gold quotes", seeds_gold(args.shared))):
        print(title)
        got, ours_s = _timed(ours, texts)
        print(_row("claimledger", score(gold, got), ours_s, len(texts)))
        got, theirs_s = _timed(theirs, texts)
        print(_row("quantulum3", score(gold, got), theirs_s, len(texts)))
    print("  CQE          value F1 0.920 on all 590 NewsQuant sentences "
          "(published figure, EMNLP 2023; not run here: needs torch)")
    raw, mine = throughput(reports(args.shared), args.repeat)
    print(f"throughput on the seed reports x{args.repeat}: raw nlp.pipe {raw:.2f} s, "
          f"claimledger extract_many {mine:.2f} s, overhead {mine / raw:.2f}x (goal <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
