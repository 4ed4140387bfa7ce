"""Actor names within a report, and time scopes against the report date."""

from __future__ import annotations

import pytest

from claimledger.claims.actors import ActorNormaliser, demonym_state
from claimledger.claims.timescope import resolve


@pytest.mark.parametrize(
    ("mention", "name"),
    [("Pyongyang", "North Korea"), ("N. Korea", "North Korea"), ("Moscow", "Russia"),
     ("the Kremlin", "Russia"), ("the U.S.", "United States"), ("Kyiv", "Ukraine"),
     ("the Russians", "Russia"), ("Peru", "Peru"), ("it", None), ("", None)],
)
def test_aliases_capitals_demonyms(mention: str, name: str | None) -> None:
    assert ActorNormaliser().normalise(mention) == name


def test_the_north_follows_the_report() -> None:
    names = ActorNormaliser()
    names.observe("North Korea")
    assert names.normalise("the North") == "North Korea"
    assert names.normalise("N. Korea Sends") == "North Korea"


def test_demonyms() -> None:
    assert demonym_state("Russian") == "Russia"
    assert demonym_state("North Korean") == "North Korea"
    assert demonym_state("crates") is None


@pytest.mark.parametrize(
    ("scope", "published", "expected"),
    [
        ("since last year", "2024-03-18", ("2023-01-01", "2024-03-18")),
        ("since August", "2023-11-02", ("2023-08-01", "2023-11-02")),
        ("since August", "2024-03-18", ("2023-08-01", "2024-03-18")),
        ("since the September summit", "2024-03-18", ("2023-09-01", "2024-03-18")),
        ("since 2022", "2024-03-18", ("2022-01-01", "2024-03-18")),
        ("since last year", None, (None, None)),
        ("since last year", "not a date", (None, None)),
        (None, "2024-03-18", (None, None)),
    ],
)
def test_time_scopes(scope: str | None, published: str | None,
                     expected: tuple[str | None, str | None]) -> None:
    assert resolve(scope, published) == expected


def test_state_forms_and_demonyms_resolve_to_the_reports_names() -> None:
    names = ActorNormaliser()
    for seen in ("Velmora", "Brask", "Tiranova"):
        names.observe(seen)
    assert names.normalise("the Velmora Federation") == "Velmora"
    assert names.normalise("Republic of Tiranova") == "Tiranova"
    assert names.normalise("the Braskian Republic") == "Brask"
    assert names.normalise("Velmoran") == "Velmora"
    assert names.normalise("Tiranovans") == "Tiranova"
    assert names.normalise("Velmoran forces") == "Velmora"
    # names that only look like a state form, and demonyms of names the report never used
    assert names.normalise("United Kingdom") == "United Kingdom"
    assert names.normalise("Dominican Republic") == "Dominican Republic"
    assert names.normalise("Russian Federation") == "Russia"
    assert ActorNormaliser().demonym("Velmoran") is None


def test_a_long_run_together_phrase_is_read_once_per_prefix() -> None:
    # a table row the parser took for one noun phrase: 2^60 prefix visits without memory
    from claimledger.claims.actors import ActorNormaliser

    phrase = " ".join(["Fahrwerksysteme", "Lehrgang"] * 30)
    assert ActorNormaliser().normalise(phrase) == phrase
