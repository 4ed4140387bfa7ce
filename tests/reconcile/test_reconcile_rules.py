"""The small rules reconciliation is built from: names, roles, items, verbs, intervals."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimledger.reconcile.align import times_compatible
from claimledger.reconcile.claimers import ClaimerIndex
from claimledger.reconcile.ranges import interval
from claimledger.reconcile.vocab import canonical_actor, item_family, predicate_kind
from claimledger.records import Claim


def claim(**fields: Any) -> Claim:
    base: dict[str, Any] = dict(
        id="1-1", document=1, value=100.0, low=None, high=None, unit=None, item="trucks",
        item_lemma="truck", subject=None, recipient=None, predicate=None, claimer=None,
        claimer_role=None, channel=[], hedge=None, qualifier=None, vague=False, negated=False,
        time_scope=None, time_start=None, time_end=None, evidence="", quote="", start=0, end=0,
    )  # fmt: skip
    base.update(fields)
    return Claim(**base)


def keys(*claimers: tuple[str | None, str | None]) -> list[str | None]:
    claims = [claim(id=f"1-{i}", claimer=c, claimer_role=r) for i, (c, r) in enumerate(claimers)]
    index = ClaimerIndex(claims)
    return [(i.key if (i := index.resolve(c)) else None) for c in claims]


def test_spellings_surnames_and_roles_are_one_claimer() -> None:
    found = keys(
        ("Shin Won-sik", "South Korea's defence minister"),
        ("Shin Wonsik", None),
        ("Shin", None),
        ("Minister Shin", None),
        ("South Korea's defense minister", None),
        (None, "defense minister"),
    )
    assert len(set(found)) == 1, found


def test_ambiguous_surname_and_role_stay_apart() -> None:
    found = keys(("Kim Jong Un", None), ("Kim Yo Jong", None), ("Kim", None))
    assert len(set(found)) == 3
    found = keys(
        ("Defence Minister Ana Lind", None),
        ("Defence Minister Bo Berg", None),
        ("the defence minister", None),
    )
    assert len(set(found)) == 3


def test_title_is_not_a_role_match_for_a_longer_role() -> None:
    found = keys(("Minister Lind", None), ("Carpania's defence minister", None))
    assert found[0] != found[1]


def test_acronyms_and_descriptions_of_organisations() -> None:
    found = keys(
        ("National Intelligence Service", None),
        ("NIS", None),
        ("the intelligence service", None),
        ("South Korea's National Intelligence Service", None),
    )
    assert len(set(found)) == 1, found


def test_agency_relay_is_the_source_of_an_unattributed_claim() -> None:
    index = ClaimerIndex([])
    ident = index.resolve(claim(channel=["Yonhap News"]))
    assert ident is not None and ident.display == "Yonhap News"
    assert index.resolve(claim()) is None


@pytest.mark.parametrize(
    ("lemma", "item", "family"),
    [
        ("shell", "artillery shells", "shell"),
        ("round", "rounds of 152 mm shells", "round"),
        (None, "artillery ammunition", "ammunition"),
        ("munition", None, "munition"),
        ("container", "containers loaded with munitions", "container"),
        (None, "trucks", "truck"),
        (None, "persons", "people"),
        ("tent", "tents", "tent"),
    ],
)
def test_item_families(lemma: str | None, item: str | None, family: str) -> None:
    found = item_family(lemma, item)
    assert found is not None and found[0] == family


def test_item_families_keep_weapons_apart_from_shells() -> None:
    weapons = item_family("weapon", "weapons")
    assert weapons is not None and weapons[0] != "shell"
    assert item_family(None, None) is None


def test_predicate_kinds() -> None:
    assert {predicate_kind(v) for v in ("send", "ship", "deliver", "transfer", "supply")} == {
        "flow"
    }
    assert predicate_kind("receive") == "receive"
    assert predicate_kind("promise") == predicate_kind("pledge") == "pledge"
    assert predicate_kind("test-fire") == predicate_kind("fire") == "fire"
    assert predicate_kind("ponder") is None and predicate_kind(None) is None
    # nouns that carry the event, as extractors sometimes give them
    assert predicate_kind("firing") == predicate_kind("test-firing") == "fire"
    assert predicate_kind("shipment") == predicate_kind("supplying") == "flow"
    assert predicate_kind("commitment") == "pledge"


def test_rates_are_not_counts() -> None:
    from claimledger.reconcile.align import facet

    assert facet(claim(quote="a million shells a year")).unit == "per year"
    assert facet(claim(quote="500 trucks", time_scope="annually")).unit == "per year"
    assert facet(claim(quote="500 trucks", time_scope="since May")).unit == ""


def test_actor_aliases() -> None:
    assert canonical_actor("Pyongyang") == "North Korea"
    # "the North" is resolved by the report that says it (claims stage), never guessed here
    assert canonical_actor("the North") != "North Korea"
    assert canonical_actor("N. Korea") == "North Korea"
    assert canonical_actor("Moscow") == canonical_actor("Russian forces") == "Russia"
    assert canonical_actor("Avalon") == "Avalon"
    assert canonical_actor(None) is None


def test_qualifiers_set_intervals() -> None:
    about = interval(claim(value=7000.0, qualifier="about"))
    assert about is not None and (about.low, about.high) == pytest.approx((6300, 7700))
    over = interval(claim(value=1e6, qualifier="over"))
    assert over is not None and over.low == 1e6 and math.isinf(over.high)
    up_to = interval(claim(value=500.0, qualifier="up to"))
    assert up_to is not None and (up_to.low, up_to.high) == (0.0, 500.0)
    ranged = interval(claim(value=None, low=6000.0, high=7000.0))
    assert ranged is not None and ranged.low < 6000 < 7000 < ranged.high
    assert interval(claim(value=None, vague=True)) is None
    assert interval(claim(value=5.0, vague=True)) is None


@given(
    value=st.floats(min_value=1, max_value=1e12),
    qualifier=st.sampled_from([None, "about", "over", "up to", "nearly", "at least", "roughly"]),
)
def test_intervals_contain_the_stated_figure(value: float, qualifier: str | None) -> None:
    found = interval(claim(value=value, qualifier=qualifier))
    assert found is not None
    assert found.low <= value <= found.high


def test_time_scopes() -> None:
    assert not times_compatible(("2020-01-01", "2020-12-31"), ("2023-08-01", ""))
    assert times_compatible(("2023-01-01", ""), ("2023-09-01", "2023-11-02"))
    assert times_compatible(None, ("2020-01-01", "2020-12-31"))
    assert times_compatible(("2020", "2020"), ("2020-05-01", "2020-05-31"))


def test_a_description_names_an_organisation_of_a_kindred_kind() -> None:
    found = keys(("State Intelligence Directorate", None), ("Brask's intelligence service", None),
                 ("Brask's defence ministry", None))
    assert found[0] == found[1]
    assert found[2] != found[0]  # a ministry is no directorate


def test_open_bounds_credit_no_unattributed_figure() -> None:
    assert not interval(claim(value=900_000.0, qualifier="more than")).closed  # type: ignore[union-attr]
    assert not interval(claim(value=1_600_000.0, qualifier="up to")).closed  # type: ignore[union-attr]
    assert interval(claim(value=1_500_000.0, qualifier="about")).closed  # type: ignore[union-attr]


def test_a_state_speaks_through_its_only_official_in_a_measure() -> None:
    from claimledger.reconcile import reconcile
    from claimledger.records import Document, Story

    texts = {1: "Brask sent about 4,200 trucks to Velmora, Tiranova says.",
             2: "Brask sent about 3,900 trucks to Velmora, Velk said. Another put it at 4,000."}
    docs = [Document(id=n, source=f"{n}.txt", url=None, title="t", outlet=f"Outlet {n}",
                     published=f"2025-03-0{n}", published_source="metadata", language="en",
                     duplicate_of=None, story=1, text=text)
            for n, text in texts.items()]  # fmt: skip
    flow = dict(item="trucks", item_lemma="truck", subject="Brask", recipient="Velmora",
                predicate="send")
    claims = [
        claim(id="1-1", document=1, value=4200.0, claimer="Tiranova", quote="4,200 trucks",
              evidence=texts[1], start=17, end=29, **flow),
        claim(id="1-2", document=1, value=4200.0, claimer="Hanno Velk", quote="4,200 trucks",
              claimer_role="Tiranova's defence minister", evidence=texts[1], start=17, end=29,
              **flow),
        claim(id="2-1", document=2, value=3900.0, claimer="Velk", quote="3,900 trucks",
              evidence=texts[2], start=17, end=29, **flow),
    ]
    result = reconcile(Story(id=1, title="t"), docs, claims, [])
    (measure,) = result.measures
    assert measure.independent_sources == 1 and measure.status == "revised"
    assert result.brief.index("4,200") < result.brief.index("3,900")
    at = texts[2].index("Another")
    other = claim(id="2-2", document=2, value=4000.0, claimer="Edda Kroll", quote="4,000",
                  claimer_role="Tiranova's deputy minister", evidence=texts[2][at:],
                  start=texts[2].index("4,000"), end=texts[2].index("4,000") + 5,
                  sentence_start=at, **flow)
    result = reconcile(Story(id=1, title="t"), docs, [*claims, other], [])
    assert result.measures[0].independent_sources == 3  # two officials: the state is ambiguous
