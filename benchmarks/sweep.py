"""Every text in ../shared/data through the number reader: no exception, figures counted.

Usage: .venv/bin/python benchmarks/sweep.py [--shared ../shared] [--parse N] [--analyze N]
       [--seed 13] [--sets newsquant,basil]

Held-out text is where a reader meets constructions no rule foresaw, so this reads all of
it: every data set under ``shared/data`` (news pages, article bodies, sentences, science
paragraphs), whatever its format. HTML pages (plain or gzipped) go through claimledger's
own text extraction first, as ``ingest`` would; JSON, JSON lines and CSV files give every
string field long enough to be text; plain text files are read whole.

For each set it prints the texts read, the figures ``scan`` found (all of them, and those
that are possible claims) and the exceptions, which must be zero. ``--parse N`` also runs
``find_quantities`` (the full spaCy pipeline, what ``claimledger quantities`` prints) on N
texts per set, sampled with a fixed seed (default: every text; on 2 cores the full parse
of everything takes a long while, so state the sample when you quote the figure).
``--analyze N`` ingests N sampled texts per set into a temporary ledger and runs
``analyze``; a report that fails shows up as a problem, and the problems are counted.
Exit status 1 when any exception or problem was seen.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from claimledger.claims.numbers import scan
from claimledger.errors import ClaimledgerError
from claimledger.records import RawInput

MIN_CHARS = 30  # a string field shorter than this is a label or an id, not text
SKIP_SUFFIXES = (".ann", ".md", ".tar.gz", ".zip")
SKIP_NAMES = ("LICENSE", "COPYING", "LICENSEDATA")


def _strings(value: Any) -> Iterator[str]:
    """Every string of at least MIN_CHARS inside a decoded JSON value."""
    if isinstance(value, str):
        if len(value) >= MIN_CHARS:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _html_text(name: str, data: bytes) -> str:
    from claimledger.text import extract

    return extract(RawInput(source=name, data=data, kind="html")).text


def texts_of_file(path: Path) -> Iterator[str]:
    """The texts a data file holds, in file order; unreadable parts are skipped."""
    name = path.name
    if name.endswith(SKIP_SUFFIXES) or name.startswith(SKIP_NAMES):
        return
    data = path.read_bytes()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return
        name = name[:-3]
    lower = name.lower()
    head = data[:2000].lower()
    if lower.endswith((".html", ".htm")) or b"<html" in head or b"<!doctype html" in head:
        # a page ingest would reject (empty, malformed) gives no text, as in ingest
        with contextlib.suppress(ClaimledgerError):
            yield _html_text(name, data)
        return
    text = data.decode("utf-8", errors="replace")
    if lower.endswith(".jsonl"):
        for line in text.splitlines():
            try:
                yield from _strings(json.loads(line))
            except json.JSONDecodeError:
                continue
        return
    if lower.endswith(".json"):
        try:
            yield from _strings(json.loads(text))
        except json.JSONDecodeError:
            yield text
        return
    if lower.endswith((".csv", ".tsv")):
        csv.field_size_limit(sys.maxsize)
        reader = csv.reader(io.StringIO(text), delimiter="\t" if lower.endswith(".tsv") else ",")
        for row in reader:
            yield from (cell for cell in row if len(cell) >= MIN_CHARS)
        return
    if text.strip():
        yield text


def data_sets(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "data").iterdir() if p.is_dir())


def texts_of_set(folder: Path) -> Iterator[tuple[str, str]]:
    """(file name, text) for every text in one data set, files in sorted order."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for n, text in enumerate(texts_of_file(path)):
            yield f"{path.relative_to(folder)}#{n}", text


def sample(items: list[Any], n: int | None, seed: int) -> list[Any]:
    if n is None or n >= len(items):
        return items
    return random.Random(seed).sample(items, n)


def sweep_set(folder: Path, parse: int | None, seed: int) -> dict[str, Any]:
    from claimledger.claims import find_quantities

    texts = list(texts_of_set(folder))
    row: dict[str, Any] = {"set": folder.name, "texts": len(texts), "figures": 0,
                           "possible_claims": 0, "parsed": 0, "parse_figures": 0,
                           "parse_claims": 0, "exceptions": []}
    start = time.perf_counter()
    for name, text in texts:
        try:
            found = scan(text)
        except Exception as exc:  # counted and named: the point of the sweep
            row["exceptions"].append(f"scan {name}: {type(exc).__name__}: {exc}")
            continue
        row["figures"] += len(found)
        row["possible_claims"] += sum(q.reason is None for q in found)
    row["scan_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    for name, text in sample(texts, parse, seed):
        try:
            reports = find_quantities(text)
        except Exception as exc:
            row["exceptions"].append(f"parse {name}: {type(exc).__name__}: {exc}\n"
                                     + traceback.format_exc(limit=-3))
            continue
        row["parsed"] += 1
        row["parse_figures"] += len(reports)
        row["parse_claims"] += sum(r.claim for r in reports)
    row["parse_s"] = round(time.perf_counter() - start, 2)
    return row


def analyze_sample(folders: Iterable[Path], n: int, seed: int) -> tuple[int, int, int, list[str]]:
    """Ingest n sampled texts per set into a fresh ledger and analyze: (docs, claims, problems)."""
    from claimledger import Ledger

    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "sweep.db") as ledger:
        raws = []
        for folder in folders:
            texts = sample(list(texts_of_set(folder)), n, seed)
            raws += [RawInput(source=f"{folder.name}/{name}", data=text.encode("utf-8"),
                              kind="text") for name, text in texts]
        ingested = ledger.ingest(raws)
        result = ledger.analyze()
        lines = [p.line() for p in result.problems]
        lines += [f"ingest: {e}" for e in ingested.errors]
        return len(ingested.added), result.claims, len(result.problems), lines


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent
                    / "shared")
    ap.add_argument("--parse", type=int, default=None,
                    help="texts per set for the full parse (default: all)")
    ap.add_argument("--analyze", type=int, default=0, help="texts per set to analyze (0: none)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--sets", help="comma-separated set names (default: all)")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not (args.shared / "data").is_dir():
        print(f"{args.shared}/data is absent: pass --shared", file=sys.stderr)
        return 2
    folders = data_sets(args.shared)
    if args.sets:
        wanted = set(args.sets.split(","))
        folders = [f for f in folders if f.name in wanted]
    failed = False
    print(f"{'set':<22}{'texts':>7}{'figures':>9}{'claims?':>9}{'parsed':>8}{'p.figs':>8}"
          f"{'p.claims':>9}{'errors':>7}{'scan s':>8}{'parse s':>8}")
    for folder in folders:
        row = sweep_set(folder, args.parse, args.seed)
        print(f"{row['set']:<22}{row['texts']:>7}{row['figures']:>9}{row['possible_claims']:>9}"
              f"{row['parsed']:>8}{row['parse_figures']:>8}{row['parse_claims']:>9}"
              f"{len(row['exceptions']):>7}{row['scan_s']:>8}{row['parse_s']:>8}", flush=True)
        for line in row["exceptions"][:5]:
            print("   ", line)
        failed = failed or bool(row["exceptions"])
    if args.analyze:
        docs, claims, problems, lines = analyze_sample(folders, args.analyze, args.seed)
        print(f"analyze: {docs} reports ({args.analyze} sampled per set, seed {args.seed}), "
              f"{claims} claims, {problems} problems")
        for line in lines[:20]:
            print("   ", line)
        failed = failed or bool(lines)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
