"""Shared test fixtures.

Golden files are only ever rewritten with ``--regen-golden``; without it a changed report
is a failing test, never a silent update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite golden files under tests/data/golden instead of comparing against them",
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared evaluation data is not checked out here")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the seed reports are not available here")
    return seeds


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text against tests/data/golden/NAME, or rewrite it under --regen-golden."""
    regen = bool(request.config.getoption("--regen-golden"))

    def check(name: str, actual: str) -> None:
        path = DATA / "golden" / name
        if regen:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(
                f"golden file {path} is missing: run pytest --regen-golden once and review it"
            )
        assert actual == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file; "
            "if the change is intended, rerun with --regen-golden"
        )

    return check
