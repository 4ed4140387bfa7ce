"""Claimer accuracy against PolNeAR's hand-annotated attributions (train, dev).

Usage: .venv/bin/python benchmarks/polnear.py [--shared ../shared] [--split dev]
       [--mismatches N] [--limit N] [--speed]

For every claim claimledger extracts from a PolNeAR article whose figure lies inside an
annotated Content span with a Source, the claimer is right when it names that Source
(or the source of any attribution that relays it: nested reports credit the innermost
asserting source too); see ``claimledger.claims.attribution_eval``. Prints accuracy,
the share of empty claimers, claimers that are no name at all, and with --mismatches
the first N wrong ones. Tune on train; report dev. Exits 2 when ../shared is absent.
--speed also times claim extraction against raw ``nlp.pipe`` on the same articles.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from claimledger.claims import ClaimExtractor
from claimledger.claims.attribution_eval import Article, Score, load_split, score_claims
from claimledger.claims.components import NAMES
from claimledger.claims.pipeline import build_pipeline
from claimledger.records import Document


def documents(articles: list[Article]) -> list[Document]:
    return [Document(id=n, source=a.name, url=None, title=None, outlet=None, published=None,
                     published_source="unknown", language="en", duplicate_of=None, story=None,
                     text=a.text) for n, a in enumerate(articles)]


def run(articles: list[Article]) -> Score:
    extractor = ClaimExtractor()
    result = Score()
    for article, (claims, _stances) in zip(articles, extractor.extract_many(
            documents(articles)), strict=True):
        score_claims(article, claims, result)
    return result


def speed(articles: list[Article]) -> tuple[float, float]:
    nlp = build_pipeline()
    extractor = ClaimExtractor(nlp)
    docs = documents(articles)
    with nlp.select_pipes(disable=list(NAMES)):
        list(nlp.pipe([d.text for d in docs[:2]]))
        start = time.perf_counter()
        for _ in nlp.pipe([d.text for d in docs]):
            pass
        raw = time.perf_counter() - start
    start = time.perf_counter()
    for _ in extractor.extract_many(docs):
        pass
    return raw, time.perf_counter() - start


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent
                    / "shared")
    ap.add_argument("--split", action="append", choices=("train", "dev"),
                    help="split(s) to score (default: dev)")
    ap.add_argument("--mismatches", type=int, default=0, help="print the first N mismatches")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    ap.add_argument("--speed", action="store_true", help="time extraction against nlp.pipe")
    args = ap.parse_args(list(argv) if argv is not None else None)
    root = args.shared / "data" / "polnear"
    if not root.is_dir():
        print(f"{root} is absent: pass --shared (PolNeAR is read there, never copied)",
              file=sys.stderr)
        return 2
    for split in args.split or ["dev"]:
        articles = load_split(root / split)
        if args.limit:
            articles = articles[:args.limit]
        result = run(articles)
        print(result.format(f"PolNeAR {split} ({len(articles)} articles)"))
        for m in result.mismatches[:args.mismatches]:
            print(f"- [{m.article[:40]}] {m.quote!r}: claimer {m.claimer!r}, gold {m.gold}")
            print(f"    {m.evidence[:300]}")
        if args.speed:
            raw, mine = speed(articles)
            print(f"speed on {split}: raw nlp.pipe {raw:.2f} s, extract_many {mine:.2f} s, "
                  f"overhead {mine / raw:.2f}x (goal <= 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
