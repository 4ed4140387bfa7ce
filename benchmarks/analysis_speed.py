"""Whole analysis (stories, claims, alignment, briefs) against raw spaCy on the same text.

Usage: .venv/bin/python benchmarks/analysis_speed.py [--shared ../shared] [--repeat N]

The goal (issue "measures"): ``claimledger analyze`` stays within 1.3x of running the bare
``nlp.pipe`` of the same model over the same report texts, measured in the same run on the same
machine. Reports: the real multi-outlet stories of ``../shared/gold/realworld-dev`` (26), each
copied ``--repeat`` times with a marker line so that deduplication keeps the copies (every
copy is analysed as a report of its own). Ingest is not timed: it is the same for any analysis.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from claimledger.claims.pipeline import build_pipeline
from claimledger.ledger import Ledger
from claimledger.records import RawInput

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quantities import raw_pipe_seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path,
                    default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args()
    folder = args.shared / "gold" / "realworld-dev" / "docs"
    if not folder.is_dir():
        print(f"{folder} is absent: pass --shared", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
    copies = [f"{t}\n\nCopy {n}." for n in range(args.repeat) for t in texts]
    raw = raw_pipe_seconds(build_pipeline(), copies)
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "l.db") as ledger:
        ledger.ingest([RawInput(source=f"copy-{i}.txt", data=t.encode("utf-8"), kind="text")
                       for i, t in enumerate(copies)])
        start = time.perf_counter()
        result = ledger.analyze()
        ours = time.perf_counter() - start
        claims = ledger.count_claims()
        measures = len(ledger.measures())
    words = sum(len(t.split()) for t in copies)
    print(f"{len(copies)} reports, {words:,} words; {claims} claims, {measures} measures, "
          f"{len(result.stories_touched)} stories")
    print(f"  raw nlp.pipe (same model, same texts)  {raw:7.2f} s  {len(copies) / raw:6.1f} "
          "reports/s")
    print(f"  claimledger analyze (whole analysis)   {ours:7.2f} s  {len(copies) / ours:6.1f} "
          "reports/s")
    print(f"  ratio {ours / raw:.2f}x (goal: at most 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
