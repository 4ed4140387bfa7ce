"""Independent sources: who is the same claimer, and whom an unattributed figure echoes."""

from __future__ import annotations

from typing import Any

from claimfixtures import claim as _claim

from claimledger.reconcile import reconcile
from claimledger.reconcile.claimers import ClaimerIndex
from claimledger.records import Claim, Document, Story


def _docs(n: int) -> list[Document]:
    return [Document(id=i, source=f"{i}.txt", url=None, title="t", outlet=f"Outlet {i}",
                     published="2025-05-02", published_source="metadata", language="en",
                     duplicate_of=None, story=1, text="")
            for i in range(1, n + 1)]  # fmt: skip


def test_a_role_without_a_title_word_maps_to_the_one_person_given_that_role() -> None:
    s = "The fine was $2 million."
    lawyer = _claim("1-1", 1, 2e6, s, "$2 million", claimer="Dana Whitfield",
                    claimer_role="the mayor's lawyer")
    role = _claim("2-1", 2, 2e6, s, "$2 million", claimer="the mayor's lawyer")
    index = ClaimerIndex([lawyer, role])
    a, b = index.resolve(lawyer), index.resolve(role)
    assert a is not None and b is not None and a.key == b.key
    assert "held by Dana Whitfield" in b.reason


def test_a_bare_head_noun_is_the_one_named_body_it_ends() -> None:
    s = "Support stood at 48 percent."
    named = _claim("1-1", 1, 48, s, "48 percent", unit="%", claimer="Harbor Research survey")
    bare = _claim("2-1", 2, 48, s, "48 percent", unit="%", claimer="survey")
    index = ClaimerIndex([named, bare])
    a, b = index.resolve(named), index.resolve(bare)
    assert a is not None and b is not None and a.key == b.key
    # with two named surveys the bare noun stays its own source
    other = _claim("3-1", 3, 44, s, "48 percent", unit="%", claimer="Lakeview Polling survey")
    c = ClaimerIndex([named, bare, other]).resolve(bare)
    assert c is not None and c.key != a.key


def test_a_surname_matches_a_name_with_a_generational_suffix() -> None:
    s = "The settlement was $84,000."
    full = _claim("1-1", 1, 84000, s, "$84,000", claimer="Edwin K. Pruitt Jr.")
    short = _claim("2-1", 2, 84000, s, "$84,000", claimer="Pruitt")
    index = ClaimerIndex([full, short])
    a, b = index.resolve(full), index.resolve(short)
    assert a is not None and b is not None and a.key == b.key


def _measure_of(claims: list[Claim]) -> Any:
    result = reconcile(Story(id=1, title="t"), _docs(3), claims, [])
    (measure,) = {result.claim_measure[c.id] for c in claims}
    return next(m for m in result.measures if m.id == measure)


def test_an_unattributed_figure_joins_a_claimer_whose_figures_it_fits() -> None:
    a = "The agency counts at least 30 active flood warnings across the state."
    b = "Some 31 active flood warnings remain across the state."
    claims = [
        _claim("1-1", 1, 30, a, "at least 30 active flood warnings", qualifier="at least",
               item="flood warnings", item_lemma="warning", claimer="National Weather Service"),
        _claim("2-1", 2, 31, b, "31 active flood warnings", item="flood warnings",
               item_lemma="warning"),
    ]
    measure = _measure_of(claims)
    assert measure.status == "agree" and measure.independent_sources == 1


def test_an_unattributed_figure_never_joins_a_claimer_it_contradicts() -> None:
    a = "The city will move about $3.6 billion from road repairs, the mayor said."
    b = "Council aides said the city will move $3.6 billion from road repairs."
    c = "The city will move $3.5 billion from road repairs."
    claims = [
        _claim("1-1", 1, 3.6e9, a, "about $3.6 billion", unit="USD", qualifier="about",
               item="road repairs", claimer="Mayor Lena Ortiz"),
        _claim("2-1", 2, 3.6e9, b, "$3.6 billion", unit="USD", item="road repairs",
               claimer="Mayor Lena Ortiz"),
        _claim("3-1", 3, 3.5e9, c, "$3.5 billion", unit="USD", item="road repairs"),
    ]
    measure = _measure_of(claims)
    assert measure.independent_sources == 2 and measure.status == "conflict"


def test_a_president_named_by_a_bare_title_speaks_for_the_storys_state() -> None:
    a = "Nine crew members died, the Peruvian government said in a statement."
    b = "President Ana Quispe said nine crew members died in the fire."
    claims = [
        _claim("1-1", 1, 9, a, "Nine crew members", item="crew members",
               item_lemma="member", predicate="die", claimer="Peruvian government"),
        _claim("2-1", 2, 9, b, "nine crew members", item="crew members",
               item_lemma="member", predicate="die", claimer="Ana Quispe",
               claimer_role="President"),
    ]
    measure = _measure_of(claims)
    assert measure.independent_sources == 1


def test_a_local_police_force_counts_once_with_the_bare_authorities() -> None:
    a = "Two people were killed in the shooting, Dayton police said."
    b = "Authorities said two people were killed in the shooting."
    c = "Two people were killed, the Dayton police chief told reporters."
    claims = [
        _claim("1-1", 1, 2, a, "Two people", item="people", item_lemma="people",
               predicate="kill", claimer="Dayton police"),
        _claim("2-1", 2, 2, b, "two people", item="people", item_lemma="people",
               predicate="kill", claimer="Authorities"),
        _claim("3-1", 3, 2, c, "Two people", item="people", item_lemma="people",
               predicate="kill", claimer="Dayton police chief"),
    ]
    measure = _measure_of(claims)
    assert measure.independent_sources == 1


def test_a_bound_the_same_source_also_gives_is_no_revision() -> None:
    a = "The curator, Lena Ortiz, said the museum has a 38-year history."
    b = "The museum has been open for more than 30 years, Ortiz said."
    claims = [
        _claim("1-1", 1, 38, a, "38-year", unit="year", item="history",
               claimer="Lena Ortiz"),
        _claim("2-1", 2, 30, b, "more than 30 years", unit="year", qualifier="more than",
               item="years", claimer="Ortiz"),
    ]
    measure = _measure_of(claims)
    assert measure.status == "agree"


def test_a_figure_restated_in_another_unit_is_no_revision() -> None:
    a = "Park officials said the ledge is about 12 feet (3.7 meters) high."
    claims = [
        _claim("1-1", 1, 12, a, "about 12 feet", unit="foot", qualifier="about",
               item="ledge", claimer="Park officials"),
        _claim("1-2", 1, 3.7, a, "3.7 meters", unit="m", item="ledge",
               claimer="Park officials"),
        _claim("2-1", 2, 12, "The ledge is 12 feet high.", "12 feet", unit="foot",
               item="ledge"),
    ]
    measure = _measure_of(claims)
    assert measure.status == "agree"


def test_a_middle_initial_does_not_make_a_second_person() -> None:
    s = "The odds are one in three."
    a = _claim("1-1", 1, 33.33, s, "one in three", unit="%", claimer="Maria Delgado")
    b = _claim("2-1", 2, 33.33, s, "one in three", unit="%", claimer="Maria T. Delgado")
    index = ClaimerIndex([a, b])
    x, y = index.resolve(a), index.resolve(b)
    assert x is not None and y is not None and x.key == y.key


def test_initials_and_generic_forces_are_told_apart() -> None:
    from claimledger.reconcile.claimers import _tokens
    from claimledger.reconcile.measures import _police_force

    assert _tokens("George H. W. Bush") != _tokens("George W. Bush")
    assert _police_force("the police") is None and _police_force("Federal Police") is None
    assert _police_force("Dayton police chief") == "police:dayton"


def test_an_unattributed_open_bound_credits_nobody() -> None:
    a = "The agency says 120 flood warnings are active."
    b = "More than 100 flood warnings are active."
    claims = [
        _claim("1-1", 1, 120, a, "120 flood warnings", item="flood warnings",
               item_lemma="warning", claimer="National Weather Service"),
        _claim("2-1", 2, 100, b, "More than 100 flood warnings", qualifier="more than",
               item="flood warnings", item_lemma="warning"),
    ]
    measure = _measure_of(claims)
    assert measure.independent_sources == 2


def test_a_name_with_and_without_its_suffix_is_one_person() -> None:
    s = "The settlement was $84,000."
    short = _claim("1-1", 1, 84000, s, "$84,000", claimer="Pruitt")
    plain = _claim("2-1", 2, 84000, s, "$84,000", claimer="Edwin Pruitt")
    full = _claim("3-1", 3, 84000, s, "$84,000", claimer="Edwin K. Pruitt Jr.")
    index = ClaimerIndex([short, plain, full])
    keys = {i.key for i in map(index.resolve, (short, plain, full)) if i is not None}
    assert len(keys) == 1


def test_unnamed_officials_and_authorities_are_one_voice() -> None:
    s = "The suspect was shot nine times."
    officials = _claim("1-1", 1, 9, s, "nine times", item="times", item_lemma="time",
                       claimer="officials", predicate="shoot")
    authorities = _claim("2-1", 2, 9, s, "nine times", item="times", item_lemma="time",
                         claimer="Authorities", predicate="shoot")
    assert _measure_of([officials, authorities]).independent_sources == 1


def test_an_unattributed_open_bound_close_to_a_named_figure_echoes_it() -> None:
    a = "His lawyer said he is a 21-year veteran of the agency."
    b = "He served the agency for over 20 years."
    claims = [
        _claim("1-1", 1, 21, a, "21-year veteran", item="veteran", item_lemma="year",
               claimer="Dana Whitfield"),
        _claim("2-1", 2, 20, b, "over 20 years", qualifier="over", item="years",
               item_lemma="year"),
    ]
    assert _measure_of(claims).independent_sources == 1


def test_anonymous_officials_echo_the_one_named_source_they_fit() -> None:
    a = "A family of four from Ohio was aboard, officials said."
    b = "Four members of his congregation were aboard, Pastor Dana Whitfield said."
    claims = [
        _claim("1-1", 1, 4, a, "A family of four", item="family", item_lemma="family",
               claimer="officials"),
        _claim("2-1", 2, 4, b, "Four members", item="members", item_lemma="family",
               claimer="Dana Whitfield", claimer_role="Pastor"),
    ]
    measure = _measure_of(claims)
    assert measure.independent_sources == 1 and measure.status == "agree"


def test_aboard_and_killed_are_two_measures_even_when_all_died() -> None:
    a = "The plane was carrying 10 passengers when it crashed."
    b = "The crash killed 10 passengers, officials said."
    c = "Ten passengers were aboard, the airline said."
    claims = [
        _claim("1-1", 1, 10, a, "10 passengers", item="passengers", item_lemma="passenger",
               predicate="carry"),
        _claim("2-1", 2, 10, b, "10 passengers", item="passengers", item_lemma="passenger",
               predicate="kill", claimer="officials"),
        _claim("3-1", 3, 10, c, "Ten passengers", item="passengers", item_lemma="passenger",
               predicate="be", claimer="airline"),
    ]
    result = reconcile(Story(id=1, title="t"), _docs(3), claims, [])
    where = result.claim_measure
    assert where["1-1"] == where["3-1"] != where["2-1"]


def test_an_open_bound_without_a_value_echoes_nobody() -> None:
    a = "The agency says 120 flood warnings are active."
    b = "Dozens of flood warnings are active."
    claims = [
        _claim("1-1", 1, 120, a, "120 flood warnings", item="flood warnings",
               item_lemma="warning", claimer="National Weather Service"),
        _claim("2-1", 2, None, b, "Dozens of flood warnings", vague=True,
               item="flood warnings", item_lemma="warning"),
    ]
    result = reconcile(Story(id=1, title="t"), _docs(3), claims, [])
    measure = next(m for m in result.measures if m.id == result.claim_measure["1-1"])
    assert measure.independent_sources == 1  # the vague figure is context, never a source
