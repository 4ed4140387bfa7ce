"""find_quantities: every number, read, with whether it is a claim and why not."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from claimledger.claims import find_quantities
from claimledger.nlp import load_nlp


def test_claims_and_reasons(nlp: Language) -> None:
    text = ("On March 3, 2021, Peru sent about 7,000 crates of 152 mm shells to Chile.\n"
            "The two countries met at 10:30 a.m. for the 3rd time.")
    found = find_quantities(text, nlp)
    by_text = {q.text: q for q in found}
    crates = by_text["about 7,000"]
    assert crates.claim and crates.reason is None
    assert (crates.value, crates.qualifier, crates.item_lemma) == (7000.0, "about", "crate")
    assert text[crates.start:crates.end] == "about 7,000"
    reasons = [(q.text, q.reason) for q in found if not q.claim]
    assert ("3", "date") in reasons and ("2021", "year") in reasons
    assert ("152 mm", "calibre") in reasons and ("two", "reference") in reasons
    assert ("3", "ordinal") in reasons
    assert "clock-time" in {reason for _text, reason in reasons}


def test_to_dict_is_json_ready(nlp: Language) -> None:
    row = find_quantities("Peru sent 40 jets to Chile.", nlp)[0].to_dict()
    assert json.loads(json.dumps(row))["value"] == 40.0
    assert {"value", "low", "high", "unit", "item", "qualifier", "start", "end", "text",
            "claim", "reason"} <= set(row)


def test_no_item_is_not_a_claim(nlp: Language) -> None:
    found = find_quantities("It stood at 40.", nlp)
    assert [(q.claim, q.reason) for q in found] == [(False, "no-item")]


def test_load_nlp_is_cached() -> None:
    assert load_nlp() is load_nlp()
    assert "parser" in load_nlp().pipe_names


def test_counted_speakers_are_sources_not_claims(nlp: Language) -> None:
    found = find_quantities("Two officials said Peru sent 40 jets to Chile.", nlp)
    assert [(q.text, q.claim, q.reason) for q in found] == [
        ("Two", False, "source"), ("40", True, None)]


@pytest.mark.parametrize(("text", "claim"), [
    ("The hiker was in the crevasse for about 40 minutes before rescuers arrived.", True),
    ("The ferry sank roughly 20 minutes after leaving the harbour.", True),
    ("Three years later, the council voted again.", False),
    ("The mill closed two decades ago.", False),
])
def test_how_long_is_a_figure_and_when_is_not(text: str, claim: bool) -> None:
    (q,) = [q for q in find_quantities(text) if q.unit in ("minute", "year", "decade")]
    assert q.claim is claim


@pytest.mark.parametrize(("text", "value", "item"), [
    ("Customs seized 12 crates on Monday and another 30 on Tuesday.", 30, "crate"),
    ("Divers recovered two more of the missing anchors.", 2, "anchor"),
    ("The council has rejected the plan four times since 2019.", 4, "time"),
    # a part of a group counted in the same sentence
    ("Of the 14 trawlers inspected, nine had no licence.", 9, "trawler"),
    ("Forty wards are contested, with 25 currently held by Labour.", 25, "ward"),
    ("Harbor Bank opened 900 accounts there, and Delta Trust opened 410.", 410, "account"),
    ("The volunteers, six of whom were teenagers, cleared the beach.", 6, "volunteer"),
    ("Of the 31 applicants, 12 of them were turned away.", 12, "applicant"),
    # a number a verb sets a counted total to
    ("The bill would cap the number of seasonal visas that can be issued each year at "
     "65,000.", 65000, "visa"),
])
def test_elliptical_counts_borrow_what_they_count(text: str, value: float, item: str) -> None:
    q = next(q for q in find_quantities(text) if q.value == value)
    assert q.claim and q.item_lemma == item


def test_a_multiplier_is_no_count_of_occasions() -> None:
    q = next(q for q in find_quantities("Rents rose three times as fast as wages."))
    assert not q.claim
