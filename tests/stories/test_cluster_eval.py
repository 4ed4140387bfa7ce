"""B-cubed scoring of story assignments against a clusters gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import GoldFileError
from claimledger.stories import bcubed, evaluate_clusters


def _gold(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_hand_computed_bcubed(tmp_path: Path) -> None:
    # gold {a,b,c} {d}; predicted {a,b} {c,d}
    gold = _gold(tmp_path, {"a": "x", "b": "x", "c": "x", "d": "y"})
    result = evaluate_clusters(gold, {"a": 1, "b": 1, "c": 2, "d": 2})
    # precision: a 1, b 1, c 1/2, d 1/2 -> 0.75; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    assert result.precision == pytest.approx(0.75)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert (result.documents, result.gold_stories, result.predicted_stories) == (4, 2, 2)


def test_sources_match_by_basename_and_missing_are_listed(tmp_path: Path) -> None:
    gold = _gold(
        tmp_path,
        {"seeds/a.txt": "s", "seeds/b.txt": "s", "c.html": 7, "gone.txt": 1, "p.jsonl#2": 7},
    )
    assignment = {
        "/data/seeds/a.txt": 3,
        "/data/seeds/b.txt": 3,
        "https://x.org/c.html": 4,
        "/tmp/p.jsonl#1": 5,
        "/tmp/p.jsonl#2": 4,
    }
    result = evaluate_clusters(gold, assignment)
    assert result.f1 == pytest.approx(1.0)
    assert result.missing == ["gone.txt"]
    assert "gone.txt" in result.format()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "non-empty JSON object"),
        ("{}", "non-empty JSON object"),
        ("{not json", "not a readable JSON"),
        ('{"a": [1]}', "must be a string or an integer"),
    ],
)
def test_bad_gold_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError, match=message):
        evaluate_clusters(path, {"a": 1})


def test_missing_gold_file_and_no_overlap(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="no such gold file"):
        evaluate_clusters(tmp_path / "nope.json", {"a": 1})
    with pytest.raises(GoldFileError, match="none of its"):
        evaluate_clusters(_gold(tmp_path, {"a": "x"}), {"b": 1})


labels = st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 4), min_size=1)


@settings(max_examples=100, deadline=None)
@given(labels, st.data())
def test_bcubed_properties(gold: dict[str, int], data: st.DataObject) -> None:
    as_str = {k: str(v) for k, v in gold.items()}
    p, r = bcubed(as_str, dict(gold))
    assert p == pytest.approx(1.0) and r == pytest.approx(1.0)
    predicted = {k: data.draw(st.integers(0, 4)) for k in gold}
    p, r = bcubed(as_str, predicted)
    assert 0.0 < p <= 1.0 + 1e-9 and 0.0 < r <= 1.0 + 1e-9
    _p1, r1 = bcubed(as_str, dict.fromkeys(gold, 0))  # one big cluster: full recall
    assert r1 == pytest.approx(1.0)
