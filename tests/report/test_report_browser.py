"""The HTML report in a real headless Chromium: it loads offline, logs no error, runs no
report text as code, and leaves a screenshot in test-artifacts/ for people to look at."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from claimledger.records import LedgerView
from claimledger.report import render

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Any:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("no chromium on PATH (Debian package 'chromium'): browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=ARGS)
        yield instance
        instance.close()


def _open(browser: Any, html: str, path: Path) -> tuple[Any, list[str], list[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    external = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert not external, f"the report fetched {external}"
    return page, problems, dialogs


def test_report_renders_without_errors(browser: Any, seedlike_view: LedgerView) -> None:
    html = render(seedlike_view, "html")
    page, problems, dialogs = _open(browser, html, ARTIFACTS / "report.html")
    assert not problems and not dialogs
    assert page.locator("table tbody tr").count() == len(seedlike_view.measures)
    assert page.locator("svg").count() >= 2
    # a figure link lands on its highlighted evidence sentence
    first = page.locator("td ul.figs a").first
    target = first.get_attribute("href")
    assert target and target.startswith("#claim-")
    first.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target} mark").count() == 1
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()


def test_hostile_report_text_stays_text(browser: Any, hostile_view: LedgerView) -> None:
    html = render(hostile_view, "html")
    page, problems, dialogs = _open(browser, html, ARTIFACTS / "report-hostile.html")
    assert not dialogs
    assert not problems, problems
    assert page.evaluate("document.scripts.length") == 0
    handlers = page.evaluate(
        """[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
              .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    assert page.locator("img").count() == 0
    assert "<script>alert('title')</script>" in page.inner_text("h2")
    page.screenshot(path=str(ARTIFACTS / "report-hostile.png"), full_page=True)
    page.close()
