"""The brief never contradicts the table of measures beside it, and labels use real plurals."""

from __future__ import annotations

from claimledger.reconcile.brief import compose
from claimledger.reconcile.vocab import item_family
from claimledger.records import Document, Measure


def _doc() -> Document:
    return Document(
        id=1, source="a.txt", url=None, title="Pier closed", outlet=None, published=None,
        published_source="unknown", language="en", duplicate_of=None, story=1,
        text="The pier stayed closed.",
    )  # fmt: skip


def _measure(mid: str) -> Measure:
    return Measure(
        id=mid, story=1, label="crossings: ? -> ?", item="crossing", subject=None,
        recipient=None, predicate=None, unit=None, status="single", disputed=False, low=None,
        high=None, spread=None, independent_sources=1,
    )  # fmt: skip


def test_fallback_brief_names_the_measures_it_could_not_summarise() -> None:
    text, cited = compose([_measure("1:a"), _measure("1:b")], [], [], [_doc()], 100)
    assert "no figure that could be reconciled" not in text
    assert "2 measures" in text and cited == [1]


def test_fallback_brief_without_measures_says_so() -> None:
    text, _ = compose([], [], [], [_doc()], 100)
    assert "no figure that could be reconciled" in text


def test_unlisted_items_get_real_plurals() -> None:
    for lemma, label in (("city", "cities"), ("security", "securities"), ("crash", "crashes")):
        found = item_family(lemma, lemma)
        assert found is not None and found[1] == label
