"""A small sweep over every data set in ../shared/data: no text makes the reader raise.

``benchmarks/sweep.py`` reads every text of every set; this samples a few files per set
(fixed seed) so it stays quick on two cores, and prints the figures read per set
(``pytest -s`` shows them). It skips when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

from claimledger.claims import find_quantities
from claimledger.claims.numbers import scan

REPO = Path(__file__).resolve().parents[2]
SEED = 13
FILES_PER_SET = 3
TEXTS_PER_FILE = 4
PARSED_PER_SET = 2
PARSE_CHARS = 6_000  # the full parse reads the head of a page: enough to meet its shapes


def _sweep_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sweep", REPO / "benchmarks" / "sweep.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sample_texts(sweep: ModuleType, folder: Path) -> list[tuple[str, str]]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    rng = random.Random(SEED)
    picked = rng.sample(files, min(len(files), 12))
    texts: list[tuple[str, str]] = []
    for path in picked:
        got = []
        for n, text in enumerate(sweep.texts_of_file(path)):
            got.append((f"{path.relative_to(folder)}#{n}", text))
            if len(got) >= 200:
                break
        if got:
            texts += rng.sample(got, min(len(got), TEXTS_PER_FILE))
        if len(texts) >= FILES_PER_SET * TEXTS_PER_FILE:
            break
    return texts


def test_every_data_set_reads_without_an_exception(shared_dir: Path) -> None:
    sweep = _sweep_module()
    folders = sweep.data_sets(shared_dir)
    if not folders:
        pytest.skip(f"{shared_dir}/data holds no data sets")
    lines = []
    for folder in folders:
        texts = _sample_texts(sweep, folder)
        figures = claims = 0
        for name, text in texts:
            try:
                figures += len(scan(text))
            except Exception as exc:  # pragma: no cover - the failure this test looks for
                pytest.fail(f"scan raised on {folder.name}/{name}: {type(exc).__name__}: {exc}")
        for name, text in texts[:PARSED_PER_SET]:
            try:
                claims += sum(r.claim for r in find_quantities(text[:PARSE_CHARS]))
            except Exception as exc:  # pragma: no cover
                pytest.fail(f"find_quantities raised on {folder.name}/{name}: "
                            f"{type(exc).__name__}: {exc}")
        lines.append(f"{folder.name:<22} {len(texts):>3} texts {figures:>5} figures "
                     f"{claims:>4} claims in {min(len(texts), PARSED_PER_SET)} parsed")
    print("\n" + "\n".join(lines))
    assert len(lines) == len(folders)
