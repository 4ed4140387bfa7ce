"""The web UI in a real headless Chromium: what a reader sees, clicks and adds.

Screenshots land in test-artifacts/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from webhelpers import ARTIFACTS, DATA, Server, copy_db

pytestmark = pytest.mark.browser


class Watched:
    """A page whose console errors, page errors and dialogs are recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"{message.type}: {message.text} at {self.page.url}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()


def test_story_page_shows_the_brief_and_the_measures(live: str, watched: Watched) -> None:
    page = watched.page
    page.goto(live + "/")
    page.get_by_role("link", name="Tavosk").first.click()
    page.wait_for_url("**/story/*")
    brief = page.locator("#brief .brief")
    assert "generators" in brief.inner_text().lower()
    cite = brief.locator("a.cite").first
    assert cite.get_attribute("href", timeout=2000).startswith("/report/")
    rows = page.locator("table.measures tbody tr")
    assert rows.count() >= 2
    statuses = page.locator("table.measures .badge").all_inner_texts()
    assert set(statuses) <= {"single", "agree", "revised", "conflict", "disputed"}
    assert "300" in page.locator("table.measures").inner_text()
    assert page.locator("svg.chart circle.pt").count() >= 3
    assert page.locator("svg.graph circle").count() >= 2
    watched.shot("story")
    assert watched.problems == []


def test_clicking_a_figure_scrolls_to_its_highlighted_evidence(live: str, watched: Watched) -> None:
    page = watched.page
    page.goto(live + "/story/1")
    figure = page.locator("ul.figures a.figure").last
    href = figure.get_attribute("href")
    assert href is not None and "#claim-" in href
    figure.click()
    page.wait_for_url("**/report/**")
    target_id = href.split("#", 1)[1]
    target = page.locator(f"#{target_id}")
    target.wait_for()
    assert (
        page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
        == target_id
    )
    box = page.evaluate(
        "(() => { const r = document.querySelector(':target').getBoundingClientRect();"
        " return [r.top, r.bottom, window.innerHeight]; })()"
    )
    assert box[0] >= 0 and box[1] <= box[2], f"target not in the viewport: {box}"
    assert target.evaluate("e => e.tagName") == "MARK"
    assert target.evaluate("e => e.closest('.evidence') !== null")
    link = target.locator("a")
    assert link.get_attribute("href").startswith("/claim/")
    watched.shot("report-target")
    link.click()
    page.wait_for_url("**/claim/**")
    assert page.locator("h2", has_text="Explain").count() == 1
    assert page.locator("ul.explain li").count() >= 1
    watched.shot("claim")
    assert watched.problems == []


def test_adding_a_report_through_the_form_updates_the_story(
    corpus_db: Path, server: Server, tmp_path: Path, watched: Watched
) -> None:
    db = copy_db(corpus_db, tmp_path / "add.db")
    page = watched.page
    with server(db) as base:
        before = httpx.get(f"{base}/api/stories/1").json()["documents"]
        page.goto(base + "/add")
        page.fill("#title", "Barges with Tavosk generators finally unload at Hessel")
        page.fill("#outlet", "Coastline Daily")
        page.fill("#published", "2025-05-08")
        page.fill("#text", (DATA / "added-report.txt").read_text(encoding="utf-8"))
        watched.shot("add")
        page.click("#add-submit")
        page.wait_for_url("**/jobs/*")
        page.locator(".state.done, .state.failed").wait_for(timeout=120_000)
        assert page.locator(".state").inner_text() == "done", page.content()
        watched.shot("job")
        page.locator("a.story-link").first.click()
        page.wait_for_url("**/story/*")
        story_id = int(page.url.rsplit("/", 1)[1])
        after = httpx.get(f"{base}/api/stories/{story_id}").json()["documents"]
        assert len(after) == len(before) + 1
        assert "Coastline Daily" in page.locator("#reports").inner_text()
    assert watched.problems == []
    assert watched.dialogs == []


def test_hostile_report_renders_inert(live: str, watched: Watched) -> None:
    page = watched.page
    docs = httpx.get(f"{live}/api/documents").json()["items"]
    hostile = next(d for d in docs if "<script>" in (d["title"] or ""))
    for path in (f"/report/{hostile['id']}", "/story/1", "/?q=generators"):
        page.goto(live + path)
        page.wait_for_load_state("load")
        scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["/static/app.js"], path
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == [], path
        assert page.locator("img").count() == 0, path
    page.goto(f"{live}/report/{hostile['id']}")
    assert "<script>alert('h1')</script>" in page.locator("h1").inner_text()
    watched.shot("hostile")
    assert watched.dialogs == []
    assert watched.problems == []


def test_no_console_error_on_any_page(live: str, watched: Watched) -> None:
    export = httpx.get(f"{live}/api/export").json()
    paths = ["/", "/?q=generators", "/?q=nothing-matches", "/add", "/api/docs"]
    paths += [f"/story/{s['id']}" for s in export["stories"]]
    paths += [f"/report/{d['id']}" for d in export["documents"]]
    paths += ["/measure/" + quote(m["id"], safe="") for m in export["measures"]]
    paths += [f"/claim/{c['id']}" for c in export["claims"]]
    for path in paths:
        response = watched.page.goto(live + path)
        assert response is not None
        assert response.status == 200, path
    watched.page.goto(live + "/measure/" + quote(export["measures"][0]["id"], safe=""))
    watched.shot("measure")
    assert watched.problems == []
    assert watched.dialogs == []


def test_pages_read_with_javascript_off(live: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live + "/story/1")
        assert page.locator("table.measures tbody tr").count() >= 2
        page.goto(live + "/add")
        assert page.locator("form.add input[name=csrf]").count() == 1
    finally:
        context.close()
