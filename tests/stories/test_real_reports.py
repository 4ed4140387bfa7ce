"""The seed reports against real, unrelated news pages (needs ../shared; skips without it)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.records import Document, RawInput
from claimledger.stories import StoryClusterer, evaluate_clusters

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "benchmarks" / "gold" / "clusters-seeds-pages.json"


def _document(n: int, raw: RawInput) -> Document:
    from claimledger.text import extract

    try:
        ex = extract(raw)
    except InputError:
        return Document(
            n,
            raw.source,
            raw.url,
            None,
            None,
            None,
            "unknown",
            None,
            None,
            None,
            raw.data.decode("utf-8", "replace"),
        )
    return Document(
        n,
        raw.source,
        raw.url,
        ex.title,
        ex.outlet,
        ex.published,
        ex.published_source,
        ex.language,
        None,
        None,
        ex.text,
    )


@pytest.fixture(scope="module")
def assignment(shared_dir: Path) -> dict[str, int]:
    seeds = shared_dir / "seeds"
    pages = shared_dir / "data" / "article-extraction"
    if not seeds.is_dir() or not (pages / "ground-truth.json").is_file():
        pytest.skip(f"{seeds} or {pages} is absent")
    truth = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    raws = [RawInput(f"seeds/{p.name}", p.read_bytes(), "text") for p in sorted(seeds.iterdir())]
    raws += [
        RawInput(
            f"article-extraction/html/{key}.html.gz",
            gzip.decompress((pages / "html" / f"{key}.html.gz").read_bytes()),
            "html",
            url=truth[key]["url"],
        )
        for key in sorted(truth)
    ]
    clusterer = StoryClusterer()
    return {raw.source: clusterer.assign(_document(n, raw)) for n, raw in enumerate(raws, 1)}


def test_the_five_seeds_form_one_story_of_their_own(assignment: dict[str, int]) -> None:
    seeds = {s: k for s, k in assignment.items() if s.startswith("seeds/")}
    assert len(seeds) == 5
    assert len(set(seeds.values())) == 1
    story = next(iter(seeds.values()))
    intruders = [s for s, k in assignment.items() if k == story and not s.startswith("seeds/")]
    assert intruders == []


def test_unrelated_pages_stay_apart(assignment: dict[str, int]) -> None:
    result = evaluate_clusters(GOLD, assignment)
    assert result.missing == []
    assert result.f1 >= 0.9, result.format()
    assert result.precision >= 0.9, result.format()
