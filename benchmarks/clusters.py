"""Story-clustering quality on real text: B-cubed precision / recall / F1 per evaluation set.

Sets (each skipped with a note when its data is absent):
  seeds+pages  the five seed reports (one story) mixed with the article-extraction pages
               (each its own story unless they cover the same event); gold in
               benchmarks/gold/clusters-seeds-pages.json
  examples     examples/corpus (fictional; three stories), ingested through the Ledger;
               gold in benchmarks/gold/clusters-examples.json
  5w1h         news-cluster-5w1h: 199 reports of 36 events from 51 outlets (gold: event_id)
  ecbplus      ECB+ topics 1-35: two events of the same kind per topic, no dates (hard)

Usage: python benchmarks/clusters.py [--sets seeds+pages,5w1h] [--shuffle SEED] [--ner spacy]
       [--param threshold=0.3 ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
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
    folder: Path, to_doc: Callable[[int, dict[str, Any]], Document]
) -> tuple[list[Document], Path] | str:
    path = folder / "docs.jsonl"
    if not path.exists():
        return f"{path} is absent"
    docs: list[Document] = []
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            doc = to_doc(len(docs) + 1, record)
            docs.append(doc)
            gold[doc.source] = str(record["event_id"])
    tmp = Path(tempfile.mkdtemp()) / f"{folder.name}-gold.json"
    tmp.write_text(json.dumps(gold), encoding="utf-8")
    return docs, tmp


def five_w1h() -> tuple[list[Document], Path] | str:
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

    return _jsonl_set(SHARED / "data" / "news-cluster-5w1h", doc)


def ecbplus() -> tuple[list[Document], Path] | str:
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

    return _jsonl_set(SHARED / "data" / "ecbplus", doc)


SETS: dict[str, Callable[[], tuple[list[Document], Path] | str]] = {
    "seeds+pages": seeds_pages,
    "examples": examples,
    "5w1h": five_w1h,
    "ecbplus": ecbplus,
}


def _param(text: str) -> tuple[str, Any]:
    key, _, value = text.partition("=")
    for cast in (int, float):
        try:
            return key, cast(value)
        except ValueError:
            continue
    return key, value


def run(names: list[str], shuffle: int | None, params: dict[str, Any]) -> Iterator[str]:
    for name in names:
        loaded = SETS[name]()
        if isinstance(loaded, str):
            yield f"{name}: skipped ({loaded})"
            continue
        docs, gold = loaded
        if shuffle is not None:
            random.Random(shuffle).shuffle(docs)
        clusterer = StoryClusterer(None, **params)
        started = time.perf_counter()
        by_id: dict[int, int] = {}
        for d in docs:
            original = by_id.get(d.duplicate_of) if d.duplicate_of else None
            by_id[d.id] = original if original is not None else clusterer.assign(d)
        assignment = {d.source: by_id[d.id] for d in docs}
        elapsed = time.perf_counter() - started
        result = evaluate_clusters(gold, assignment)
        yield (
            f"{name}: P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}  "
            f"({result.documents} docs, {result.gold_stories} gold / "
            f"{result.predicted_stories} predicted stories, "
            f"{len(docs) / max(elapsed, 1e-9):.0f} docs/s)"
        )
        if name == "seeds+pages":
            seeds = {assignment[d.source] for d in docs if d.source.startswith("seeds/")}
            yield f"  seeds in {len(seeds)} story(ies): {[clusterer.title(k) for k in seeds]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS)
    )
    parser.add_argument("--shuffle", type=int, default=None, help="shuffle input order with SEED")
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
    for line in run(names, args.shuffle, params):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
