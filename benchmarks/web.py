"""Web UI and API latency over a ledger of 1,000 stored reports.

Builds a ledger of fictional reports (invented places, people, outlets and figures that
agree, conflict and get revised), serves it with uvicorn on 127.0.0.1, requests every page
kind and API endpoint repeatedly, and prints the cold (first) time and p50/p95 latency per
endpoint with its ratio to a static file served by the same server in the same run (the
floor: routing, middleware and HTTP with no ledger work). Goal: p95 < 200 ms per endpoint.

Usage: python benchmarks/web.py [--reports 1000] [--repeat 30] [--db PATH (reused if present)]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx

from claimledger import Ledger, RawInput

GOAL_MS = 200.0
_PLACES = [
    "Varn",
    "Oskel",
    "Tramore",
    "Lisk",
    "Brenna",
    "Kaldor",
    "Medra",
    "Solvik",
    "Ruhn",
    "Pella",
    "Dornach",
    "Ystra",
    "Calder",
    "Morvi",
    "Tesk",
    "Arlen",
    "Quorra",
    "Helm",
]
_PEOPLE = [
    "Ilse Marven",
    "Oskar Lume",
    "Dara Venn",
    "Tomas Reik",
    "Noor Hadi",
    "Piet Sander",
    "Lucia Moro",
    "Kofi Aben",
    "Greta Lind",
    "Idris Kale",
    "Mara Stoll",
    "Jonas Brek",
]
_ROLES = [
    "governor",
    "interior minister",
    "police chief",
    "union leader",
    "health minister",
    "defence minister",
    "mayor",
    "fire chief",
    "port director",
    "army spokesman",
]
_OUTLETS = [
    "Varn Herald",
    "Oskel Courier",
    "Northern Post",
    "Coastline Daily",
    "Harbour Radio",
    "Kaldor Wire",
    "Medra Tribune",
    "Solvik Gazette",
    "Ruhn Monitor",
    "Pella Observer",
]
_ITEMS = [
    ("trucks", "sent", 200, 5000),
    ("tents", "delivered", 500, 20000),
    ("generators", "shipped", 50, 900),
    ("doctors", "deployed", 20, 600),
    ("containers", "loaded", 100, 8000),
    ("shells", "fired", 1000, 90000),
]


def reports(n: int, seed: int = 11) -> Iterator[RawInput]:
    """``n`` fictional reports over about n/12 stories, each with several figures."""
    rng = random.Random(seed)
    made = 0
    story = 0
    day = date(2031, 1, 1)
    while made < n:
        story += 1
        a, b = rng.sample(_PLACES, 2)
        facts = rng.sample(_ITEMS, 3)
        truth = {item: rng.randint(lo, hi) for item, _verb, lo, hi in facts}
        for _ in range(min(n - made, rng.randint(4, 20))):
            made += 1
            when = day + timedelta(days=rng.randint(0, 9))
            outlet = rng.choice(_OUTLETS)
            sentences = [f"{a} and {b} traded accusations on {when:%A} over the crisis in {a}."]
            for item, verb, _lo, _hi in facts:
                value = truth[item]
                if rng.random() < 0.3:
                    value = int(value * rng.choice([0.5, 0.8, 1.2, 1.5]))
                person, role = rng.choice(_PEOPLE), rng.choice(_ROLES)
                hedge = rng.choice(["", "about ", "more than ", "at least "])
                sentences.append(
                    f"{a} has {verb} {hedge}{value:,} {item} to {b} since {when:%B}, "
                    f"{b}'s {role}, {person}, said on {when:%A}."
                )
            sentences.append(f"Officials in {b} said talks would resume next week.")
            rng.shuffle(sentences[1:-1])
            title = f"{a} {facts[0][1]} {truth[facts[0][0]]:,} {facts[0][0]} to {b}, officials say"
            yield RawInput(
                source=f"bench:{made}", data="\n\n".join(sentences).encode(), kind="text",
                url=f"https://{outlet.lower().replace(' ', '')}.example/{when}/{story}-{made}",
                title=title, outlet=outlet, published=when.isoformat(),
                published_source="manifest",
            )  # fmt: skip
        day += timedelta(days=3)


def build(db: Path, n: int) -> None:
    started = time.perf_counter()
    with Ledger(db) as ledger:
        result = ledger.ingest(list(reports(n)))
        ingested = time.perf_counter()
        ledger.analyze()
        print(
            f"built {db}: {len(result.added)} reports added, {len(result.errors)} rejected; "
            f"ingest {ingested - started:.1f} s, analyze {time.perf_counter() - ingested:.1f} s",
            flush=True,
        )


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """The server in its own process, as ``claimledger serve`` runs it.

    In the client's process the two threads would share one GIL, and every request would
    pay for the hand-over (about 40 ms here), drowning what the app itself costs.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = (
        "import sys, uvicorn; from pathlib import Path; from claimledger.web import create_app; "
        "uvicorn.run(create_app(Path(sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]), "
        "log_level='warning')"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/static/style.css", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def endpoints(client: httpx.Client) -> list[tuple[str, str]]:
    """One representative URL per page kind and API endpoint, picked from the ledger."""
    stories = client.get("/api/stories", params={"limit": 1000}).json()["items"]
    biggest = max(stories, key=lambda s: len(s["documents"]))
    claims = client.get("/api/claims", params={"story": biggest["id"], "limit": 1}).json()
    measures = client.get("/api/measures", params={"story": biggest["id"], "limit": 1}).json()
    claim = claims["items"][0]["id"] if claims["items"] else None
    measure = measures["items"][0]["id"] if measures["items"] else None
    doc = biggest["documents"][0]
    out = [
        ("static file (baseline)", "/static/style.css"),
        ("stories page", "/"),
        ("search page", "/?q=generators"),
        ("story page (largest story)", f"/story/{biggest['id']}"),
        ("report page", f"/report/{doc}"),
        ("add page", "/add"),
        ("api stories", "/api/stories"),
        ("api documents", "/api/documents?limit=100"),
        ("api claims", "/api/claims?limit=100"),
        ("api measures (filtered)", "/api/measures?status=conflict"),
        ("api story export", f"/api/export?story={biggest['id']}"),
        ("api stats", "/api/stats"),
        ("openapi", "/api/openapi.json"),
    ]
    if measure:
        out.append(("measure page", "/measure/" + quote(measure, safe="")))
        out.append(("api measure", "/api/measures/" + quote(measure, safe="")))
    if claim:
        out.append(("claim page", f"/claim/{claim}"))
        out.append(("api claim", f"/api/claims/{claim}"))
    return out


def measure(client: httpx.Client, path: str, repeat: int) -> tuple[float, list[float]]:
    """The first (cold: nothing cached for this URL) request's time, then ``repeat`` more."""
    t0 = time.perf_counter()
    client.get(path)
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.text[:200]}")
    return first, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="ledger to use; built first when missing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "web-bench.db"
        if not db.exists():
            build(db, args.reports)
        with serve(db) as base, httpx.Client(base_url=base, timeout=60) as client:
            stats = client.get("/api/stats").json()
            print(f"ledger: {stats}")
            rows: list[tuple[str, float, float, float]] = []
            for name, path in endpoints(client):
                first, times = measure(client, path, args.repeat)
                p50 = statistics.median(times)
                p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
                rows.append((name, first, p50, p95))
    base_p50 = rows[0][2]
    print(
        f"\n{'endpoint':30} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'x static':>9}"
        f"  goal<{GOAL_MS:.0f}ms"
    )
    worst = 0.0
    for name, first, p50, p95 in rows:
        worst = max(worst, p95)
        ok = "ok" if p95 < GOAL_MS else "SLOW"
        print(f"{name:30} {first:8.1f} {p50:8.1f} {p95:8.1f} {p50 / base_p50:9.1f}  {ok}")
    print(
        f"\nworst p95 {worst:.1f} ms (goal judged on p95; cold = first request after a write, "
        f"before the per-URL cache holds it); static baseline p50 {base_p50:.2f} ms "
        f"({args.repeat} requests each)"
    )
    return 0 if worst < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
