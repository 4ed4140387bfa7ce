"""examples/corpus through the real ingest and text stages: three stories, kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import Ledger
from claimledger.stories import StoryClusterer, evaluate_clusters

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
GOLD = REPO / "benchmarks" / "gold" / "clusters-examples.json"


@pytest.fixture(scope="module")
def assignment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    db = tmp_path_factory.mktemp("examples") / "ledger.db"
    with Ledger(db) as ledger:
        ledger.ingest(
            [str(p) for p in sorted(CORPUS.iterdir()) if p.name != "manifest.csv"],
            manifest=CORPUS / "manifest.csv",
            fetch=False,
        )
        docs = ledger.documents()
    clusterer = StoryClusterer()
    by_id: dict[int, int] = {}
    for doc in docs:
        original = by_id.get(doc.duplicate_of) if doc.duplicate_of else None
        by_id[doc.id] = original if original is not None else clusterer.assign(doc)
    return {doc.source: by_id[doc.id] for doc in docs}


def test_unrelated_stories_never_mix(assignment: dict[str, int]) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    result = evaluate_clusters(GOLD, assignment)
    assert result.missing == []
    assert result.precision == pytest.approx(1.0), result.format()
    assert result.f1 >= 0.9, result.format()
    assert result.documents == len(gold)
