"""Fixtures for the report tests: a fixed ledger and a hostile one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from claimledger.reconcile import reconcile
from claimledger.records import Claim, Document, LedgerView, Stance, Story
from claimledger.report import read_export

DATA = Path(__file__).resolve().parents[1] / "data"

PAYLOADS = (
    "<script>alert('title')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(2)>",
    "</mark><b onmouseover=alert(3)>",
)


def _claimfixtures() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "reconcile" / "claimfixtures.py"
    spec = importlib.util.spec_from_file_location("claimfixtures_for_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fixed_view() -> LedgerView:
    """A small ledger stored as a claimledger/1 export, independent of reconcile changes."""
    return read_export((DATA / "report" / "ledger.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seedlike_view() -> LedgerView:
    view: LedgerView = _claimfixtures().view("seedlike.json")
    return view


@pytest.fixture(scope="session")
def hostile_view() -> LedgerView:
    """Every piece of report text carries markup that must never reach a page as markup."""
    p0, p1, p2, p3 = PAYLOADS
    text = (
        f"{p0} Avalon sent 500 trucks to Carpania, {p3}Ana Lind said. "
        f"Carpania received 480 trucks {p2} from Avalon. Avalon denied any {p1} transfers."
    )
    doc = Document(
        id=1, source="hostile.html", url="javascript:alert(5)", title=f"Trucks {p0}",
        outlet=p1, published="2025-01-02", published_source="metadata", language="en",
        duplicate_of=None, story=1, text=text,
    )  # fmt: skip
    doc2 = Document(
        id=2, source="b.html", url="https://example.org/a?x=<script>", title=p2,
        outlet="Ledger [bold red]Daily[/]", published=None, published_source="unknown",
        language="en", duplicate_of=None, story=1, text=text,
    )  # fmt: skip
    claims = []
    for n, (doc_id, value, claimer) in enumerate([(1, 500.0, f"Ana Lind {p3}"), (2, 480.0, p0)]):
        quote = f"{int(value)} trucks"
        at = text.find(quote)
        claims.append(
            Claim(
                id=f"{doc_id}-{n + 1}", document=doc_id, value=value, low=None, high=None,
                unit=None, item=f"trucks {p2}", item_lemma="truck", subject=f"Avalon {p1}",
                recipient="Carpania", predicate="send", claimer=claimer, claimer_role=p3,
                channel=[p1], hedge=None, qualifier=None, vague=False, negated=False,
                time_scope=None, time_start=None, time_end=None, evidence=text, quote=quote,
                start=at, end=at + len(quote), story=1,
            )
        )  # fmt: skip
    stance = Stance(
        id="1-s1", document=1, actors=[f"Avalon {p1}"], stance="deny", target=f"any {p1}",
        evidence=text, start=0, end=5,
    )  # fmt: skip
    story = Story(id=1, title=f"Story {p0}", documents=[1, 2])
    result = reconcile(story, [doc, doc2], claims, [stance])
    for c in claims:
        c.measure = result.claim_measure.get(c.id)
    story.brief, story.citations = result.brief, result.citations
    return LedgerView(
        documents=[doc, doc2], stories=[story], claims=claims, stances=[stance],
        measures=result.measures,
    )  # fmt: skip
