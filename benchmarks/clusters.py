"""Story-clustering quality on real text: B-cubed precision / recall / F1 per evaluation set.

Sets (each skipped with a note when its data is absent):
  seeds+pages  the five seed reports (one story) mixed with the article-extraction pages
               (each its own story unless they cover the same event); gold in
               benchmarks/gold/clusters-seeds-pages.json
  examples     examples/corpus (fictional; three stories), ingested through the Ledger;
               gold in benchmarks/gold/clusters-examples.json
  5w1h         news-cluster-5w1h: 199 reports of 36 events from 51 outlets (gold: event_id)
  ecbplus      ECB+ topics 1-35: two events of the same kind per topic, no dates (hard)

Splits (--split): the developers' halves of 5w1h and ECB+ are divided once more, by a salted
sha256 of the gold group (the 5w1h event name; the ECB+ topic, so a topic's two look-alike
events stay together): `tune` (even first byte) is where parameters are chosen, `validation`
(odd) is only reported, `all` is both. Each part is clustered on its own. seeds+pages and
examples are not split: they are always scored whole.

Usage: python benchmarks/clusters.py [--sets seeds+pages,5w1h] [--split tune|validation|all]
       [--shuffle SEED] [--orders N] [--ner spacy] [--param threshold=0.3 ...]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claimledger.errors import InputError
from claimledger.records import Document, RawInput
from claimledger.stories import StoryClusterer, evaluate_clusters

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = REPO / "benchmarks" / "gold"
SPLITS = ("tune", "validation", "all")


def split_of(group: str) -> str:
    """`tune` or `validation` for a gold group, fixed forever by a salted hash of its name."""
    digest = hashlib.sha256(f"claimledger-split:{group}".encode()).digest()
    return "validation" if digest[0] % 2 else "tune"


def _document(n: int, source: str, raw: RawInput) -> Document:
    """Clean text through the text stage, exactly as the ledger would store it."""
    from claimledger.text import extract

    try:
        ex = extract(raw)
        text, title, published = ex.text, ex.title, ex.published
        outlet, language = ex.outlet, ex.language
    except InputError:
        text = raw.data.decode("utf-8", "replace")
        title, published, outlet, language = raw.title, raw.published, raw.outlet, None
    return Document(
        id=n,
        source=source,
        url=raw.url,
        title=title,
        outlet=outlet,
        published=published,
        published_source="metadata" if published else "unknown",
        language=language,
        duplicate_of=None,
        story=None,
        text=text,
    )


def seeds_pages() -> tuple[list[Document], Path] | str:
    seeds = SHARED / "seeds"
    pages = SHARED / "data" / "article-extraction"
    if not seeds.is_dir() or not pages.is_dir():
        return f"{seeds} or {pages} is absent"
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    docs: list[Document] = []
    for path in sorted(seeds.iterdir()):
        source = f"seeds/{path.name}"
        docs.append(_document(len(docs) + 1, source, RawInput(source, path.read_bytes(), "text")))
    for key in sorted(truth):
        path = pages / "html" / f"{key}.html.gz"
        source = f"article-extraction/html/{path.name}"
        raw = RawInput(source, gzip.decompress(path.read_bytes()), "html", url=truth[key]["url"])
        docs.append(_document(len(docs) + 1, source, raw))
    return docs, GOLD / "clusters-seeds-pages.json"


def examples() -> tuple[list[Document], Path] | str:
    """examples/corpus through the real ingest and text stages (every format it holds)."""
    corpus = REPO / "examples" / "corpus"
    gold = GOLD / "clusters-examples.json"
    if not corpus.is_dir():
        return f"{corpus} is absent"
    from claimledger import Ledger

    manifest = corpus / "manifest.csv"
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "examples.db") as ledger:
        ledger.ingest(
            [str(p) for p in sorted(corpus.iterdir()) if p.name != "manifest.csv"],
            manifest=manifest if manifest.exists() else None,
            fetch=False,
        )
        docs = ledger.documents()
    return docs, gold


def _jsonl_set(
    folder: Path,
    to_doc: Callable[[int, dict[str, Any]], Document],
    group: str,
    split: str,
) -> tuple[list[Document], Path] | str:
    path = folder / "docs.jsonl"
    if not path.exists():
        return f"{path} is absent"
    docs: list[Document] = []
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if split != "all" and split_of(str(record[group])) != split:
                continue
            doc = to_doc(len(docs) + 1, record)
            docs.append(doc)
            gold[doc.source] = str(record["event_id"])
    tmp = Path(tempfile.mkdtemp()) / f"{folder.name}-{split}-gold.json"
    tmp.write_text(json.dumps(gold), encoding="utf-8")
    return docs, tmp


def five_w1h(split: str = "all") -> tuple[list[Document], Path] | str:
    def doc(n: int, r: dict[str, Any]) -> Document:
        return Document(
            id=n,
            source=r["doc_id"],
            url=r.get("url"),
            title=r.get("title"),
            outlet=r.get("source_domain"),
            published=(r.get("date_publish") or "")[:10] or None,
            published_source="metadata",
            language="en",
            duplicate_of=None,
            story=None,
            text="\n".join(x for x in (r.get("description"), r.get("text")) if x),
        )

    return _jsonl_set(SHARED / "data" / "news-cluster-5w1h", doc, "event", split)


def ecbplus(split: str = "all") -> tuple[list[Document], Path] | str:
    def doc(n: int, r: dict[str, Any]) -> Document:
        sentences = r["sentences"]
        return Document(
            id=n,
            source=r["doc_id"],
            url=r.get("url"),
            title=None,
            outlet=None,
            published=None,
            published_source="unknown",
            language="en",
            duplicate_of=None,
            story=None,
            text="\n".join(sentences),
        )

    return _jsonl_set(SHARED / "data" / "ecbplus", doc, "topic", split)


SETS: dict[str, Callable[[], tuple[list[Document], Path] | str]] = {
    "seeds+pages": seeds_pages,
    "examples": examples,
    "5w1h": five_w1h,
    "ecbplus": ecbplus,
}
SPLITTABLE: dict[str, Callable[[str], tuple[list[Document], Path] | str]] = {
    "5w1h": five_w1h,
    "ecbplus": ecbplus,
}


def load(name: str, split: str = "all") -> tuple[list[Document], Path] | str:
    if name in SPLITTABLE:
        return SPLITTABLE[name](split)
    return SETS[name]()


def cluster(
    docs: list[Document], params: dict[str, Any]
) -> tuple[dict[str, int], StoryClusterer, float]:
    """source -> story for one pass over ``docs`` in their order, and the seconds it took."""
    clusterer = StoryClusterer(None, **params)
    started = time.perf_counter()
    by_id: dict[int, int] = {}
    for d in docs:
        original = by_id.get(d.duplicate_of) if d.duplicate_of else None
        by_id[d.id] = original if original is not None else clusterer.assign(d)
    return {d.source: by_id[d.id] for d in docs}, clusterer, time.perf_counter() - started


def _param(text: str) -> tuple[str, Any]:
    key, _, value = text.partition("=")
    if value.lower() in ("true", "false"):  # else "False" would pass as a truthy string
        return key, value.lower() == "true"
    for cast in (int, float):
        try:
            return key, cast(value)
        except ValueError:
            continue
    return key, value


def run(
    names: list[str],
    shuffle: int | None,
    params: dict[str, Any],
    split: str = "all",
    orders: int = 0,
) -> Iterator[str]:
    """One line per set; with ``orders`` > 0, P/R/F1 are means over that many shuffled orders
    (seeds 0..orders-1) and the F1 range is shown, since single-pass clustering is
    order-dependent."""
    for name in names:
        loaded = load(name, split)
        if isinstance(loaded, str):
            yield f"{name}: skipped ({loaded})"
            continue
        docs, gold = loaded
        label = f"{name} [{split}]" if name in SPLITTABLE else name
        if shuffle is not None:
            random.Random(shuffle).shuffle(docs)
        runs = []
        seeds = list(range(orders)) if orders > 0 else [None]
        for seed in seeds:
            ordered = list(docs)
            if seed is not None:
                random.Random(seed).shuffle(ordered)
            assignment, clusterer, elapsed = cluster(ordered, params)
            runs.append((evaluate_clusters(gold, assignment), assignment, clusterer, elapsed))
        result, assignment, clusterer, _ = runs[0]
        p = statistics.fmean(r[0].precision for r in runs)
        r_ = statistics.fmean(r[0].recall for r in runs)
        f1 = statistics.fmean(r[0].f1 for r in runs)
        speed = len(docs) * len(runs) / max(sum(r[3] for r in runs), 1e-9)
        spread = (
            f", F1 {min(r[0].f1 for r in runs):.3f}-{max(r[0].f1 for r in runs):.3f} "
            f"over {len(runs)} orders"
            if len(runs) > 1
            else ""
        )
        yield (
            f"{label}: P {p:.3f} R {r_:.3f} F1 {f1:.3f}  "
            f"({result.documents} docs, {result.gold_stories} gold / "
            f"{result.predicted_stories} predicted stories{spread}, {speed:.0f} docs/s)"
        )
        if name == "seeds+pages":
            seeds_in = {assignment[d.source] for d in docs if d.source.startswith("seeds/")}
            yield f"  seeds in {len(seeds_in)} story(ies): {[clusterer.title(k) for k in seeds_in]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS)
    )
    parser.add_argument("--shuffle", type=int, default=None, help="shuffle input order with SEED")
    parser.add_argument(
        "--split", choices=SPLITS, default="all",
        help="part of the 5w1h / ECB+ developers' halves: tune, validation or all",
    )
    parser.add_argument(
        "--orders", type=int, default=0, help="average over N shuffled input orders"
    )
    parser.add_argument("--ner", choices=("capitalised", "spacy"), default=None)
    parser.add_argument("--param", action="append", default=[], help="clusterer KEY=VALUE")
    args = parser.parse_args(argv)
    params = dict(_param(p) for p in args.param)
    if args.ner:
        params["ner"] = args.ner
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {unknown}; choose from {list(SETS)}")
    for line in run(names, args.shuffle, params, args.split, args.orders):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
