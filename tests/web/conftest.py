"""Fixtures for the web tests: real ledgers built by the real pipeline, and a live server.

Ledgers are built once per session from small fictional reports under tests/data/web and
copied (SQLite backup) for any test that writes, so tests never see each other's additions.
The server is uvicorn on 127.0.0.1 with a kernel-chosen port, run in a thread.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webhelpers import DATA, EXAMPLES, Server, serve

from claimledger import Ledger
from claimledger.web import create_app

CORPUS = (
    "northern-post-generators.html",
    "lenhart-courier-generators.html",
    "harbour-radio-generators.txt",
    "hostile.html",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_extractor() -> None:
    try:
        import claimledger.claims  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"claim extraction is not available ({exc}): the web tests need real claims")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture story (four reports, one hostile) ingested and analysed."""
    _require_extractor()
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    with Ledger(path) as ledger:
        result = ledger.ingest([str(DATA / name) for name in CORPUS])
        assert not result.errors, result.errors
        ledger.analyze()
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example corpus, when this checkout has it."""
    _require_extractor()
    if not any(EXAMPLES.rglob("*.*")):
        pytest.skip(f"{EXAMPLES} has no reports")
    path = tmp_path_factory.mktemp("web-examples") / "examples.db"
    manifest = EXAMPLES / "manifest.csv"
    with Ledger(path) as ledger:
        ledger.ingest(
            [str(p) for p in sorted(EXAMPLES.iterdir()) if p.is_dir()],
            manifest=manifest if manifest.exists() else None,
            fetch=False,
        )
        ledger.analyze()
    return path


@pytest.fixture
def server() -> Server:
    """``with server(db, token=...) as base_url:`` runs create_app on a live port."""

    def start(db: Path, **options: Any) -> Any:
        return serve(create_app(db, **options))

    return start


@pytest.fixture(scope="session")
def live(corpus_db: Path) -> Iterator[str]:
    """A read-only server over the fixture story, shared by tests that do not write."""
    with serve(create_app(corpus_db)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: one sync Playwright may run at a time, and other areas start their own."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no chromium on PATH (Debian package 'chromium', `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
