"""The realworld-extra golds (extra, extra3: development; extra2: held out) hold offsets only.

With ../shared present, every set is materialised into a temporary folder and every claim's
slice must hold its value; without it those tests skip and only the repository files are checked.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "realworld_extra.py"
SETS = ("extra", "extra2", "extra3")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld_extra", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("realworld_extra", module)
    spec.loader.exec_module(module)
    return module


rx = _script()


def _gold(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    chosen = rx.gold_set(name)
    gold = json.loads(chosen.gold.read_text(encoding="utf-8"))
    status = json.loads(chosen.status.read_text(encoding="utf-8"))
    return gold, status


@pytest.mark.parametrize("name", SETS)
def test_repository_gold_holds_no_text(name: str) -> None:
    gold, _ = _gold(name)
    assert gold["claims"]
    for claim in gold["claims"]:
        assert "quote" not in claim, f"{claim['id']}: the repository must not hold quotes"
        assert 0 <= claim["start"] < claim["end"], claim["id"]


@pytest.mark.parametrize("name", SETS)
def test_gold_covers_its_stories(name: str) -> None:
    gold, _ = _gold(name)
    names = {r.name for r in rx.gold_set(name).stories}
    listed = {doc for story in gold["stories"] for doc in story["docs"]}
    assert listed == names
    assert {claim["doc"] for claim in gold["claims"]} <= names


@pytest.mark.parametrize("name", SETS)
def test_status_measures_are_given_by_two_reports_or_claimers(name: str) -> None:
    gold, status = _gold(name)
    reports: dict[str, set[str]] = {}
    claimers: dict[str, set[str]] = {}
    for claim in gold["claims"]:
        if not claim.get("optional"):
            reports.setdefault(claim["measure"], set()).add(claim["doc"])
            claimers.setdefault(claim["measure"], set()).add(json.dumps(claim["claimer"]))
    for entry in status:
        measure = entry["measure"]
        assert entry["status"] in {"agree", "conflict", "revised", "disputed"}, entry
        assert entry["independent_sources"] >= 1, entry
        assert len(reports.get(measure, set())) >= 2 or len(claimers.get(measure, set())) >= 2, \
            measure


@pytest.mark.parametrize(("one", "other"),
                         [("extra", "extra2"), ("extra", "extra3"), ("extra2", "extra3")])
def test_sets_do_not_share_reports(one: str, other: str) -> None:
    first = {r.key for r in rx.gold_set(one).stories}
    second = {r.key for r in rx.gold_set(other).stories}
    assert not first & second
    assert not {r.story for r in rx.gold_set(one).stories} & {
        r.story for r in rx.gold_set(other).stories}


def test_unknown_set_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown set"):
        rx.gold_set("extra4")


@pytest.mark.parametrize("name", SETS)
def test_claim_ids_are_unique_and_measures_labelled(name: str) -> None:
    gold, status = _gold(name)
    ids = [claim["id"] for claim in gold["claims"]]
    assert len(ids) == len(set(ids))
    assert all(claim["measure"] for claim in gold["claims"])
    measures = [entry["measure"] for entry in status]
    assert len(measures) == len(set(measures))


def test_slice_ok_reads_a_half() -> None:
    assert rx.slice_ok("the first hour and a half", 1.5)
    assert rx.slice_ok("2.5 billion", 2.5e9)
    assert not rx.slice_ok("an hour", 1.5)


def test_slice_ok_reads_odds_and_scaled_words() -> None:
    assert rx.slice_ok("a one-in-three chance", 33.33)
    assert rx.slice_ok('a "2 in 3" chance', 66.67)
    assert not rx.slice_ok("one in four", 33.33)
    assert rx.slice_ok("ordered to pay two million pounds", 2e6)
    assert rx.slice_ok("more than a million migrants", 1e6)
    assert not rx.slice_ok("three million", 2e6)


@pytest.fixture()
def shared_data(shared_dir: Path) -> Path:
    if not (shared_dir / "data").is_dir():
        pytest.skip(f"{shared_dir / 'data'} is absent: the report texts are not available here")
    return shared_dir


@pytest.mark.parametrize("name", SETS)
def test_materialised_slices_hold_their_values(name: str, shared_data: Path,
                                               tmp_path: Path) -> None:
    gold_path, status_path, problems = rx.materialise(shared_data, tmp_path, name)
    assert problems == []
    written = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "docs").glob("*/*.txt")}
    assert len(texts) == len(rx.gold_set(name).stories)
    for claim in written["claims"]:
        assert claim["quote"] == texts[claim["doc"]][claim["start"]:claim["end"]]
        assert claim["quote"].strip(), claim["id"]
        assert rx.slice_ok(claim["quote"], claim["value"]), claim["id"]
    assert json.loads(status_path.read_text(encoding="utf-8"))
    manifest = (tmp_path / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 1 + len(texts)


def test_extra3_reports_are_not_in_realworld_dev(shared_data: Path, tmp_path: Path) -> None:
    manifest = shared_data / "gold" / "realworld-dev" / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"{manifest} is absent: cannot compare with realworld-dev")
    dev = manifest.read_text(encoding="utf-8")
    rx.materialise(shared_data, tmp_path, "extra3")
    with (tmp_path / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["url"] not in dev, row["source"]
        assert Path(row["source"]).parent.name not in dev, row["source"]


def test_default_set_is_extra(shared_data: Path, tmp_path: Path) -> None:
    gold_path, status_path, _ = rx.materialise(shared_data, tmp_path)
    assert gold_path.name == "realworld-extra.json"
    assert status_path.name == "realworld-extra-status.json"
