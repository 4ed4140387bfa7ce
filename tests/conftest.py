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


def _git_status() -> str | None:
    """``git status --porcelain`` of the checkout, None when git or the repository is absent."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STATUS_KEY] = _git_status()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No test may write into the working tree: the suite fails when ``git status`` changed."""
    before = session.config.stash.get(_STATUS_KEY, None)
    if before is None:
        return
    after = _git_status()
    if after is not None and after != before:
        new = sorted(set(after.splitlines()) - set(before.splitlines()))
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "tests changed the working tree (git status): " + "; ".join(new or ["changes"])
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATUS_KEY = pytest.StashKey[str | None]()
