"""Main-text extraction quality and speed: claimledger.text.extract against bare trafilatura.

Usage: .venv/bin/python benchmarks/extraction.py [--data ../shared/data] [--limit N] [--dates]
       [--snippets] [--show N]

Scores follow scrapinghub/article-extraction-benchmark: per page, precision and recall of the
set of 4-token shingles (tokens are ``\\w+``) of the extracted text against the hand-written
article body, averaged over pages; F1 from the averaged precision and recall. Bare
``trafilatura.extract`` (library defaults) is measured in the same run as the baseline.
With ``--dates`` it also scores exact-day publication dates on htmldate's MediaCloud pages,
ours (``ExtractedText.published``) against bare ``htmldate.find_date``; with ``--snippets``,
trafilatura's own must/must-not snippet benchmark (mostly German pages).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import htmldate
import trafilatura

from claimledger.errors import InputError
from claimledger.records import RawInput
from claimledger.text import extract

_TOKEN = re.compile(r"\w+", re.UNICODE)
REPO = Path(__file__).resolve().parents[1]


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def page_scores(truth: str, predicted: str) -> tuple[float, float]:
    gold, ours = shingles(truth), shingles(predicted)
    if not gold and not ours:
        return 1.0, 1.0
    hits = len(gold & ours)
    precision = hits / len(ours) if ours else 0.0
    recall = hits / len(gold) if gold else 0.0
    return precision, recall


def ours(page: bytes, url: str | None, source: str) -> str:
    try:
        return extract(RawInput(source=source, data=page, kind="html", url=url)).text
    except InputError:
        return ""


def baseline(page: bytes, url: str | None, source: str) -> str:
    return trafilatura.extract(page, url=url) or ""


def run(
    name: str,
    extractor: Callable[[bytes, str | None, str], str],
    pages: dict[str, bytes],
    truth: dict[str, dict[str, str]],
) -> dict[str, float]:
    precision = recall = 0.0
    start = time.perf_counter()
    outputs = {key: extractor(page, truth[key].get("url"), key) for key, page in pages.items()}
    elapsed = time.perf_counter() - start
    for key, text in outputs.items():
        p, r = page_scores(truth[key]["articleBody"], text)
        precision += p
        recall += r
    count = len(pages)
    precision /= count
    recall /= count
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {"precision": precision, "recall": recall, "f1": f1, "pages_per_s": count / elapsed}
    print(f"{name:<24} P={precision:.4f} R={recall:.4f} F1={f1:.4f} "
          f"{result['pages_per_s']:.1f} pages/s")
    return result


def dates(folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    ours_right = base_right = 0
    sources: dict[str, int] = {}
    for url, item in gold.items():
        page = gzip.decompress((folder / "html" / item["file"]).read_bytes())
        try:
            extracted = extract(RawInput(source=item["file"], data=page, kind="html", url=url))
            found, how = extracted.published, str(extracted.published_source)
        except InputError:
            found, how = None, "error"
        sources[how] = sources.get(how, 0) + 1
        ours_right += found == item["date"]
        try:
            base = htmldate.find_date(page, url=url)
        except Exception:  # htmldate raises on some hostile pages; count as a miss
            base = None
        base_right += base == item["date"]
    count = len(gold)
    print(f"dates on {count} pages: claimledger {ours_right / count:.4f}, "
          f"htmldate.find_date defaults {base_right / count:.4f}, "
          f"ratio {ours_right / max(base_right, 1):.3f}; our provenance {sources}")


def snippets(folder: Path) -> None:
    """trafilatura's own with/without snippet benchmark (mostly German pages)."""
    gold = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    counts = {name: [0, 0, 0, 0] for name in ("trafilatura.extract", "claimledger extract")}
    for url, item in gold.items():
        page = gzip.decompress((folder / "html" / item["file"]).read_bytes())
        outputs = {
            "trafilatura.extract": baseline(page, url, item["file"]),
            "claimledger extract": ours(page, url, item["file"]),
        }
        for name, text in outputs.items():
            tp_fn_fp_tn = counts[name]
            for snippet in item.get("with", []):
                tp_fn_fp_tn[0 if snippet in text else 1] += 1
            for snippet in item.get("without", []):
                tp_fn_fp_tn[2 if snippet in text else 3] += 1
    for name, (tp, fn, fp, tn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = (tp + tn) / max(tp + fn + fp + tn, 1)
        print(f"snippets {name:<22} P={precision:.4f} R={recall:.4f} F1={f1:.4f} "
              f"accuracy={accuracy:.4f} ({len(gold)} pages)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--dates", action="store_true", help="also score publication dates")
    parser.add_argument("--snippets", action="store_true",
                        help="also run trafilatura's with/without snippet benchmark")
    parser.add_argument("--show", type=int, default=0, help="print the N worst pages")
    args = parser.parse_args(argv)
    folder = args.data / "article-extraction"
    if not folder.is_dir():
        print(f"{folder} is absent: check out ../shared/data first", file=sys.stderr)
        return 2
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
             for key in keys}
    print(f"article-extraction: {len(pages)} pages")
    base = run("trafilatura.extract", baseline, pages, truth)
    mine = run("claimledger extract", ours, pages, truth)
    print(f"ratio F1 {mine['f1'] / base['f1']:.4f}, "
          f"speed {mine['pages_per_s'] / base['pages_per_s']:.3f}x of the baseline")
    if args.show:
        worst = []
        for key in keys:
            text = ours(pages[key], truth[key].get("url"), key)
            p, r = page_scores(truth[key]["articleBody"], text)
            worst.append((2 * p * r / (p + r) if p + r else 0.0, p, r, key))
        for f1, p, r, key in sorted(worst)[: args.show]:
            print(f"  {key[:16]} F1={f1:.3f} P={p:.3f} R={r:.3f}")
    if args.snippets:
        snippet_folder = args.data / "trafilatura-eval"
        if snippet_folder.is_dir():
            snippets(snippet_folder)
        else:
            print(f"{snippet_folder} is absent: snippets skipped", file=sys.stderr)
    if args.dates:
        date_folder = args.data / "htmldate-mediacloud"
        if date_folder.is_dir():
            dates(date_folder)
        else:
            print(f"{date_folder} is absent: dates skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
