"""Many concurrent clients against ``serve`` while an ingest job runs.

Builds (or reuses) a ledger of fictional reports with benchmarks/web.py's generator,
starts the server in its own process on 127.0.0.1, queues an ingest job of fresh reports
through the API, and has ``--clients`` concurrent clients request pages and API endpoints
for ``--seconds``. Prints the error count, p50/p95/max latency for pages and for the API,
whether the ingest job finished, and the server's peak resident memory (VmHWM).

Goals (issue 11): no error, page p95 under 1 s, server memory under 500 MB.

Usage: python benchmarks/load.py [--reports 1000] [--clients 200] [--seconds 30]
       [--db PATH (reused if present)]
Loopback only; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from web import build, endpoints, reports, serve

GOAL_P95_S = 1.0
GOAL_RSS_MB = 500.0


def _server_pid(base: str) -> int | None:
    """The pid listening on the server's port, found through /proc (Linux only)."""
    port = int(base.rsplit(":", 1)[1])
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                target = str(fd.readlink())
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(proc.name)
        except OSError:
            continue
    return None


def _peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def _client(
    base: str, paths: list[tuple[str, str]], stop: float, seed: int,
    out: dict[str, list[float]], errors: list[str],
) -> None:  # fmt: skip
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        n = seed
        while time.monotonic() < stop:
            kind, path = paths[n % len(paths)]
            n += 7
            started = time.perf_counter()
            try:
                response = await client.get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code}")
                    continue
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            out.setdefault(kind, []).append(elapsed)


def _fresh_texts(n: int) -> list[dict[str, str]]:
    texts = []
    for raw in list(reports(n, seed=99))[:n]:
        texts.append({"text": raw.data.decode() + f"\n\nLoad run {time.time()}.",
                      "title": raw.title or "", "outlet": raw.outlet or ""})  # fmt: skip
    return texts


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _run(base: str, clients: int, seconds: float, ingest: int) -> int:
    with httpx.Client(base_url=base, timeout=60) as setup:
        named = endpoints(setup)
        job = setup.post("/api/ingest", json={"texts": _fresh_texts(ingest)})
        job.raise_for_status()
        status_url = job.json()["status_url"]
    paths = [(("api" if p.startswith("/api/") else "page"), p) for _, p in named
             if not p.startswith("/static/")]  # fmt: skip
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    stop = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(
        _client(base, paths, stop, seed, out, errors) for seed in range(clients)
    ))  # fmt: skip
    wall = time.perf_counter() - started
    with httpx.Client(base_url=base, timeout=60) as check:
        state = check.get(status_url).json()["state"]
    rss = _peak_rss_mb(_server_pid(base))
    total = sum(len(v) for v in out.values())
    print(
        f"{clients} clients for {wall:.1f} s: {total} requests ({total / wall:.0f}/s), "
        f"{len(errors)} errors; ingest job of {ingest} reports: {state} at the end"
    )
    for kind in ("page", "api"):
        values = out.get(kind, [])
        if values:
            print(
                f"  {kind:4}: n={len(values):6d}  p50 {statistics.median(values) * 1000:7.0f} ms"
                f"  p95 {_p(values, 0.95) * 1000:7.0f} ms  max {max(values) * 1000:7.0f} ms"
            )
    print(f"  server peak RSS: {rss:.0f} MB" if rss is not None else "  server RSS: unknown")
    for line in sorted(set(errors))[:10]:
        print("  error:", line)
    page_p95 = _p(out.get("page", []), 0.95)
    ok = not errors and page_p95 < GOAL_P95_S and (rss is None or rss < GOAL_RSS_MB)
    print(
        f"goals (no error, page p95 < {GOAL_P95_S:g} s, RSS < {GOAL_RSS_MB:g} MB): "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--ingest", type=int, default=20, help="reports in the ingest job")
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.db"
        if not db.exists():
            build(db, args.reports)
        with serve(db) as base:
            return asyncio.run(_run(base, args.clients, args.seconds, args.ingest))


if __name__ == "__main__":
    sys.exit(main())
