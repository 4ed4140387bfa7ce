"""``cl_measured``: what money, shares and durations measure, whose figure, what kind."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.claims.model import Candidate, candidates


def _one(nlp: Language, text: str) -> Candidate:
    found = [c for c in candidates(nlp(text)) if c.quantity.reason is None]
    assert len(found) == 1, [c.quantity for c in found]
    return found[0]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Her effective tax rate was 21.4 percent last year.", "effective tax rate"),
    ("The county recorded an unemployment rate of 6.2 percent.", "unemployment rate"),
    ("The campaign raised $640,000 in small donations.", "small donations"),
    ("The council set aside $3 million for the new bridge.", "money for new bridge"),
    ("The county shifted money to the tune of $4 million from parks.", "money shifted"),
    ("The repairs cost in the region of $900,000.", "money cost"),
])
def test_a_figure_without_a_counted_noun_gets_a_phrase(
        nlp: Language, text: str, phrase: str) -> None:
    cand = _one(nlp, text)
    assert cand.item is None or cand.measured is None
    assert cand.measured == phrase


def test_a_counted_noun_needs_no_phrase(nlp: Language) -> None:
    cand = _one(nlp, "Rescuers pulled 14 miners from the shaft.")
    assert cand.item_lemma == "miner" and cand.measured is None


def test_the_verb_names_what_an_amount_is_when_nothing_else_does(nlp: Language) -> None:
    cand = _one(nlp, "The mayor demanded $2.5 million.")
    assert cand.measured == "money demanded"


def test_owner_is_the_possessive_or_the_named_actor(nlp: Language) -> None:
    cand = _one(nlp, "Governor Alvarez's approval rating fell to 38 percent.")
    assert cand.owner is not None and "Alvarez" in cand.owner
    cand = _one(nlp, "Harlow Mining paid $12 million in fines.")
    assert cand.owner == "Harlow Mining"


@pytest.mark.parametrize(("text", "kind"), [
    ("The new barges could hold 2,000 tonnes of grain.", "capacity"),
    ("The defendant faces up to 15 years in prison.", "limit"),
    ("The ministry pledged 400 ambulances to the provinces.", "target"),
    ("Analysts expect sales of 3 million phones next year.", "forecast"),
    ("Officials estimated that 9,000 people attended the rally.", "estimate"),
    ("Police arrested 23 people after the match.", "reported"),
])
def test_kind_of_figure(nlp: Language, text: str, kind: str) -> None:
    assert _one(nlp, text).figure_kind == kind
