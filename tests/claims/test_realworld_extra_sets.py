"""The realworld-extra golds (extra: development; extra2: held out) hold offsets, never texts.

With ../shared present, both sets are materialised into a temporary folder and every claim's
slice must hold its value; without it those tests skip and only the repository files are checked.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "realworld_extra.py"
SETS = ("extra", "extra2")


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


def test_sets_do_not_share_reports() -> None:
    extra = {r.key for r in rx.gold_set("extra").stories}
    extra2 = {r.key for r in rx.gold_set("extra2").stories}
    assert not extra & extra2


def test_unknown_set_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown set"):
        rx.gold_set("extra3")


def test_slice_ok_reads_a_half() -> None:
    assert rx.slice_ok("the first hour and a half", 1.5)
    assert rx.slice_ok("2.5 billion", 2.5e9)
    assert not rx.slice_ok("an hour", 1.5)


@pytest.mark.parametrize("name", SETS)
def test_materialised_slices_hold_their_values(name: str, shared_dir: Path,
                                               tmp_path: Path) -> None:
    gold_path, status_path, problems = rx.materialise(shared_dir, tmp_path, name)
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


def test_default_set_is_extra(shared_dir: Path, tmp_path: Path) -> None:
    gold_path, status_path, _ = rx.materialise(shared_dir, tmp_path)
    assert gold_path.name == "realworld-extra.json"
    assert status_path.name == "realworld-extra-status.json"
