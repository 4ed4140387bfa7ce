"""World knowledge: every country's name, capital and demonym, from a maintained package."""

from __future__ import annotations

import pytest

from claimledger.geo import country_of, gazetteer


@pytest.mark.parametrize(("mention", "country"), [
    ("Nigerian", "Nigeria"), ("Irish", "Ireland"), ("Danish", "Denmark"),
    ("Swiss", "Switzerland"), ("Thai", "Thailand"), ("Chilean", "Chile"),
    ("Tunisians", "Tunisia"), ("Costa Rican", "Costa Rica"), ("Kazakh", "Kazakhstan"),
    ("Ouagadougou", "Burkina Faso"), ("Canberra", "Australia"), ("the Kremlin", "Russia"),
    ("U.S.", "United States"), ("N. Korea", "North Korea"), ("S. Africa", "South Africa"),
    ("PRK", "North Korea"), ("EU", "European Union"), ("Nigerien", "Niger"),
])
def test_names_capitals_and_demonyms_of_any_country(mention: str, country: str) -> None:
    assert country_of(mention) == country


@pytest.mark.parametrize("mention", ["Korean", "male", "polish", "the bloc", "the North",
                                     "prk", "Harbor Authority"])
def test_ambiguous_or_common_words_name_no_country(mention: str) -> None:
    assert country_of(mention) is None


def test_every_country_has_a_name_and_most_a_capital() -> None:
    g = gazetteer()
    assert len(set(g.names.values())) >= 240
    assert len(set(g.capitals.values())) >= 230
    assert len(set(g.demonyms.values())) >= 200
