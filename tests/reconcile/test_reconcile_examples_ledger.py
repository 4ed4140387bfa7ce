"""Issue 4's checks on the example corpus, through the whole pipeline as ``make demo`` runs
it: manifest, HTML, RSS, WARC and JSONL inputs, clustering, extraction and reconciliation,
into a real SQLite file. The corpus and its traps are described in examples/README.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger import Ledger
from claimledger.records import Claim, Measure

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    with Ledger(tmp_path_factory.mktemp("examples") / "examples.db") as ledger:
        result = ledger.ingest([str(CORPUS)], manifest=str(CORPUS / "manifest.csv"))
        assert not result.errors
        ledger.analyze()
        yield ledger


def _measure_of(ledger: Ledger, **want: object) -> Measure:
    found = {
        c.measure for c in ledger.claims()
        if c.measure and all(getattr(c, k) == v for k, v in want.items())
    }  # fmt: skip
    assert len(found) == 1, (want, found)
    measure = ledger.measure(found.pop())
    assert measure is not None
    return measure


def _claims(ledger: Ledger, measure: Measure) -> list[Claim]:
    return [c for c in ledger.claims() if c.id in measure.claims]


def test_main_story_and_the_unrelated_ones_apart(ledger: Ledger) -> None:
    stories = {s.id: {ledger.document(d).source for d in s.documents} for s in ledger.stories()}
    assert len(stories) == 3
    main = max(stories.values(), key=len)
    assert len(main) == 10
    assert not any("brennhaven" in s or "skerrow" in s for s in main)


def test_truck_count_is_one_ministers_revision(ledger: Ledger) -> None:
    trucks = _measure_of(ledger, value=3900.0, item_lemma="truck")
    assert (trucks.subject, trucks.recipient) == ("Durovia", "Ostrel")
    assert trucks.status == "revised" and trucks.ordered and trucks.disputed
    assert trucks.independent_sources == 1
    assert {4200.0, 3900.0} <= {c.value for c in _claims(ledger, trucks)}
    story = ledger.story(trucks.story or 0)
    assert story is not None and story.brief is not None
    brief = story.brief
    assert brief.index("4,200") < brief.index("3,900")  # in the order it was given


def test_rocket_deliveries_conflict_between_claimers(ledger: Ledger) -> None:
    rockets = _measure_of(ledger, value=2_000_000.0, item_lemma="rocket")
    assert (rockets.subject, rockets.recipient) == ("Durovia", "Ostrel")
    assert rockets.status == "conflict" and rockets.disputed
    assert rockets.independent_sources >= 2
    values = {c.value for c in _claims(ledger, rockets)}
    assert {900_000.0, 2_000_000.0} <= values


def test_other_flows_events_and_rates_stay_apart(ledger: Ledger) -> None:
    rockets = _measure_of(ledger, value=2_000_000.0, item_lemma="rocket")
    trucks = _measure_of(ledger, value=3900.0, item_lemma="truck")
    main = {rockets.id, trucks.id}
    back = _measure_of(ledger, value=5000.0, item_lemma="truck")
    assert (back.subject, back.recipient) == ("Ostrel", "Durovia") and back.id not in main
    for value in (1_000_000.0, 36.0, 10_000.0):  # the pledge, the 2019 salvo, a daily rate
        for c in ledger.claims():
            if c.value == value and c.item_lemma == "rocket":
                assert c.measure not in main, c.evidence
    for c in ledger.claims():  # trucks queuing at a port, trucks through a tunnel
        if c.item_lemma == "truck" and c.value in (1500.0, 1800.0, 2000.0, 600.0):
            assert c.measure not in main, c.evidence


def test_a_blocs_own_deliveries_stay_out_of_the_accused_flow(ledger: Ledger) -> None:
    """'Compact officials say about 310,000 rockets had been delivered under the programme':
    the programme is the Compact's pledge to Carpania ('its pledge', one sentence earlier)."""
    rockets = _measure_of(ledger, value=2_000_000.0, item_lemma="rocket")
    delivered = _measure_of(ledger, value=310_000.0, item_lemma="rocket")
    assert (delivered.subject, delivered.recipient) == ("Northern Compact", "Carpania")
    assert 310_000.0 not in {c.value for c in _claims(ledger, rockets)}
