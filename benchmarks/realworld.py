"""Measures on real multi-outlet reporting: claims, alignment and status, tuned vs validation.

Usage: .venv/bin/python benchmarks/realworld.py [--shared ../shared] [--split tune|validation|all]
       [--gold GOLD --status STATUS --docs DIR --manifest CSV]   # any other gold in that format

Runs the whole pipeline (ingest with the manifest, analyze) on the real reports of
``../shared/gold/realworld-dev`` in a temporary ledger, then scores it with ``claimledger eval``'s
scorer, separately for the stories alignment was tuned on and for the stories held back as a
validation split. The split is by story (a story's reports are never on both sides) and fixed
here, so that a figure reported for the validation stories was never used to choose a rule or a
threshold. Anything that only holds on the tuning stories is not a result.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from claimledger.claims.evaluate import EvalResult, evaluate
from claimledger.ledger import Ledger

# Stories (folder names under realworld-dev/docs) used to tune alignment; the rest validate.
TUNE = frozenset({"basil-borderwall", "basil-orlando", "w5h-costarica", "gva-cameo"})


def _story(doc_name: str) -> str:
    """The story a report's file name belongs to: 'basil-orlando-fox.txt' -> 'basil-orlando'."""
    return doc_name.rsplit("-", 1)[0]


def _subset(gold: dict[str, Any], status: list[dict[str, Any]], keep: set[str],
            out: Path) -> tuple[Path, Path]:
    claims = [c for c in gold["claims"] if _story(c["doc"]) in keep]
    labels = {c["measure"] for c in claims}
    g = out / "gold.json"
    s = out / "status.json"
    g.write_text(json.dumps({**gold, "claims": claims}), encoding="utf-8")
    s.write_text(json.dumps([m for m in status if m["measure"] in labels]), encoding="utf-8")
    return g, s


def run(shared: Path, split: str, gold_path: Path | None, status_path: Path | None,
        docs: Path | None, manifest: Path | None, verbose: bool) -> dict[str, EvalResult]:
    base = shared / "gold"
    gold_path = gold_path or base / "realworld-dev.json"
    status_path = status_path or base / "realworld-dev-status.json"
    docs = docs or base / "realworld-dev" / "docs"
    manifest = manifest or base / "realworld-dev" / "manifest.csv"
    for path in (gold_path, status_path, docs, manifest):
        if not path.exists():
            sys.exit(f"{path} is absent: the shared real-world gold is not checked out here")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    status = json.loads(status_path.read_text(encoding="utf-8"))
    stories = {_story(c["doc"]) for c in gold["claims"]}
    splits = {
        "tune": stories & TUNE,
        "validation": stories - TUNE,
        "all": stories,
    }
    wanted = ["tune", "validation", "all"] if split == "both" else [split]
    results: dict[str, EvalResult] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ledger.db"
        # the manifest names files relative to its own folder
        import os

        here = Path.cwd()
        os.chdir(manifest.parent)
        try:
            with Ledger(db) as ledger:
                ledger.ingest([str(docs)], manifest=manifest)
                ledger.analyze()
                documents, claims, measures = (
                    ledger.documents(), ledger.claims(), ledger.measures())
        finally:
            os.chdir(here)
        for name in wanted:
            keep = splits[name]
            if not keep:
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            g, s = _subset(gold, status, keep, folder)
            result = evaluate(g, documents, claims, measures, s)
            results[name] = result
            print(f"== {name}: {len(keep)} stories ({', '.join(sorted(keep))})")
            text = result.format()
            if not verbose:
                text = "\n".join(line for line in text.splitlines()
                                 if (not line.startswith(" ") and ":" not in line[:12])
                                 or line.split()[0] in {"recall", "precision", "claimer",
                                                        "item", "direction", "alignment",
                                                        "aligned", "pure", "status",
                                                        "sources", "all"})
            print(text)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent
                        / "shared")
    parser.add_argument("--split", choices=("tune", "validation", "all", "both"), default="both")
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--status", type=Path)
    parser.add_argument("--docs", type=Path)
    parser.add_argument("--manifest", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and measures")
    args = parser.parse_args()
    run(args.shared, args.split, args.gold, args.status, args.docs, args.manifest, args.verbose)


if __name__ == "__main__":
    main()
