"""The fact-checker's desk in a real headless Chromium, on the seed story (../shared/seeds):
correct the machine through the forms, re-analyse, and see the corrections still applied,
marked reviewed and exported; a correction whose evidence vanished is listed; the top of the
story answers "what is contested, by whom" within one 1280x800 screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from webhelpers import ARTIFACTS, copy_db, serve

from claimledger import Ledger
from claimledger.records import ClaimAnchor, Correction
from claimledger.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("desk") / "seeds.db"
    with Ledger(path) as ledger:
        result = ledger.ingest([str(seeds_dir)])
        assert not result.errors, result.errors
        ledger.analyze()
        assert ledger.stories(), "the seeds should make a story"
    return path


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    problems: list[str] = []
    pg = context.new_page()
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert problems == []


def _contested(ledger: Ledger) -> list[Any]:
    return [m for m in ledger.measures() if m.status in ("conflict", "revised") or m.disputed]


def test_reject_and_split_in_the_browser_survive_reanalysis(
    seeds_db: Path, tmp_path: Path, page: Any
) -> None:
    db = copy_db(seeds_db, tmp_path / "l.db")
    with Ledger(db) as ledger:
        busiest = sorted(ledger.measures(), key=lambda m: (-len(m.claims), m.id))
        rejected = busiest[0].claims[0]
        split_from = busiest[1] if len(busiest[1].claims) >= 2 else busiest[0]
        split_claim = split_from.claims[-1]
        rejected_quote = ledger.claim(rejected).quote  # type: ignore[union-attr]
    with serve(create_app(db)) as base:
        page.goto(f"{base}/claim/{quote(rejected, safe='')}")
        page.get_by_role("link", name="Correct this claim").click()
        form = page.locator("#form-reject")
        form.locator("input[name=reason]").fill("a production capacity, not a shipment")
        form.locator("input[name=author]").fill("Desk tester")
        form.get_by_role("button", name="Reject claim").click()
        page.wait_for_url(f"**/claim/{quote(rejected, safe='')}")
        assert page.locator(".reviewed-note").inner_text().count("rejected") == 1

        page.goto(f"{base}/measure/{quote(split_from.id, safe='')}")
        page.get_by_role("link", name="Correct this measure").click()
        form = page.locator("#form-split")
        form.locator(f"input[name=claims][value='{split_claim}']").check()
        form.locator("input[name=label]").fill("estimate since the summit")
        form.locator("input[name=author]").fill("Desk tester")
        form.get_by_role("button", name="Split off").click()
        page.wait_for_url("**/measure/**reviewed**")
        assert "estimate since the summit" in page.locator("h1").inner_text()

        # re-analyse beside the running server, re-reading every report for claims
        with Ledger(db) as ledger:
            ledger.analyze(reextract=True)
        export = httpx.get(f"{base}/api/export").json()
        kinds = [(c["kind"], c["unmatched"]) for c in export["corrections"]]
        assert kinds == [("reject", None), ("split", None)]
        measures = {m["id"]: m for m in export["measures"]}
        assert all(rejected not in m["claims"] for m in measures.values())
        split_id = export["corrections"][1]["applied_measures"][0]
        assert measures[split_id]["label"] == "estimate since the summit"
        assert [c["quote"] for c in export["claims"] if c["id"] in measures[split_id]["claims"]]

        story = export["stories"][0]["id"]
        page.goto(f"{base}/story/{story}")
        assert page.locator("#corrections li").count() == 2
        assert page.locator(".badge.reviewed").count() >= 1
        assert "estimate since the summit" in page.locator("table.measures").first.inner_text() or (
            "estimate since the summit" in page.locator("details.incidental").inner_text()
        )
        page.goto(f"{base}/claim/{quote(rejected, safe='')}")
        assert "rejected" in page.locator(".reviewed-note").inner_text()
        assert rejected_quote

        # a colleague's correction about a sentence this ledger does not hold is listed
        ghost = Correction(
            id=0, kind="reject", story=None, reason="from a colleague", author="cy",
            claims=[ClaimAnchor(document=1, start=90000, end=90011, quote="912 lorries")],
        )  # fmt: skip
        with Ledger(db) as ledger:
            ledger.import_corrections([ghost])
        page.goto(f"{base}/story/{story}")
        alert = page.locator("p.unmatched[role=alert]")
        assert "no longer matches" in alert.inner_text()
        assert "912 lorries" in page.locator("#corrections li.unmatched").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-desk-reviewed.png"), full_page=True)


def test_seed_story_top_shows_what_is_contested_and_by_whom(seeds_db: Path, page: Any) -> None:
    with Ledger(seeds_db) as ledger:
        contested = _contested(ledger)
        story = ledger.stories()[0].id
    assert contested, "the seed story has contested measures"
    with serve(create_app(seeds_db)) as base:
        page.goto(f"{base}/story/{story}")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-desk-story-1280x800.png"))
        headings = page.locator("#contested .contested-measure h3")
        assert headings.count() == len(contested)
        labels = " ".join(headings.all_inner_texts())
        for m in contested:
            assert m.label in labels
        for locator in (headings, page.locator("#contested strong.claimer")):
            for i in range(locator.count()):
                box = locator.nth(i).bounding_box()
                assert box is not None and box["y"] + box["height"] <= 800, (
                    f"{locator.nth(i).inner_text()!r} is below the fold at y={box}"
                )
        # incidental single-figure measures are folded, not beside the headline conflict
        assert page.locator("details.incidental").count() == 1
        assert not page.locator("details.incidental table.measures-incidental").is_visible()
        # charts only where 2+ figures are dated, and their points are labelled
        charts = page.locator("svg.chart")
        assert charts.count() <= len(contested)
        if charts.count():
            assert charts.first.locator("text.pt-label").count() >= 2
        assert page.locator("table.coverage tbody tr").count() >= 2
        assert page.locator("table.who-when tbody tr").count() >= 3


def test_stories_list_sorts_and_filters(seeds_db: Path, page: Any) -> None:
    with serve(create_app(seeds_db)) as base:
        page.goto(f"{base}/")
        page.locator("#sort").select_option("conflicts")
        page.get_by_label("only stories with contested figures").check()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**sort=conflicts**")
        assert page.locator("table.stories tbody tr").count() >= 1
        assert page.locator("table.stories .badge.conflict").count() >= 1
