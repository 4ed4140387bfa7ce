"""Scored matching and the status rules, on stories written for these tests."""

from __future__ import annotations

import pytest
from claimfixtures import claim as _claim
from hypothesis import given
from hypothesis import strategies as st

from claimledger.reconcile import match, reconcile
from claimledger.reconcile.ranges import precise
from claimledger.records import Claim, Document, Story


def _docs(*dates: str | None) -> list[Document]:
    return [Document(id=n, source=f"{n}.txt", url=None, title="t", outlet=f"Outlet {n}",
                     published=d, published_source="metadata" if d else "unknown",
                     language="en", duplicate_of=None, story=1, text="")
            for n, d in enumerate(dates, start=1)]  # fmt: skip


@pytest.mark.parametrize(("a", "va", "b", "vb", "ok"), [
    ("$43 million", 43e6, "$43,885,310", 43_885_310, True),
    ("$1.4 billion", 1.4e9, "$1.375 billion", 1.375e9, True),
    ("$3.5 billion", 3.5e9, "$3.6 billion", 3.6e9, False),
    ("47 pages", 47, "48 pages", 48, False),
    ("7,000 containers", 7000, "6,700 containers", 6700, False),
    ("35.7 percent", 35.7, "30 percent", 30, False),
])
def test_compatibility_follows_the_written_precision(a: str, va: float, b: str, vb: float,
                                                     ok: bool) -> None:
    x = precise(_claim("1-1", 1, va, a, a))
    y = precise(_claim("2-1", 2, vb, b, b))
    assert x is not None and y is not None
    assert x.compatible(y) is ok and y.compatible(x) is ok


def test_qualified_figures_admit_their_wording() -> None:
    low = precise(_claim("1-1", 1, 53, "at least 53 hurt", "at least 53", qualifier="at least"))
    exact = precise(_claim("2-1", 2, 53, "53 hurt", "53"))
    assert low is not None and exact is not None and low.compatible(exact)


def test_money_from_three_outlets_is_one_measure_that_agrees() -> None:
    s1 = "The filing shows the company paid $43,885,310 in federal taxes."
    s2 = "It paid $43 million in federal taxes, the filing shows."
    s3 = "The company paid nearly $44 million in federal taxes that year."
    claims = [
        _claim("1-1", 1, 43_885_310, s1, "$43,885,310", unit="USD", item="federal taxes",
               predicate="pay"),
        _claim("2-1", 2, 43e6, s2, "$43 million", unit="USD", item="federal taxes",
               predicate="pay"),
        _claim("3-1", 3, 44e6, s3, "nearly $44 million", unit="USD", item="federal taxes",
               predicate="pay", qualifier="nearly"),
    ]
    result = reconcile(Story(id=1, title="t"), _docs(None, None, None), claims, [])
    (measure,) = result.measures
    assert measure.status == "agree"
    assert sorted(measure.claims) == ["1-1", "2-1", "3-1"]


def test_money_never_meets_a_count_and_one_sentence_keeps_two_figures_apart() -> None:
    s = "The blast killed 50 people and wounded 53 others near the $2 million stage."
    claims = [
        _claim("1-1", 1, 50, s, "50 people", item="people", item_lemma="people",
               predicate="kill"),
        _claim("1-2", 1, 53, s, "53 others", item="others", item_lemma="other",
               predicate="wound"),
        _claim("1-3", 1, 2e6, s, "$2 million", unit="USD", item="stage"),
    ]
    result = reconcile(Story(id=1, title="t"), _docs(None), claims, [])
    assert len({result.claim_measure[c.id] for c in claims}) == 3
    why = " ".join(result.explanations["1-1"])
    assert "kept apart" in why


def test_a_toll_that_rises_in_date_order_is_revised_not_a_conflict() -> None:
    first = "Police said 15 people were injured in the shooting."
    later = "The police chief said 16 people were injured in the shooting."
    claims = [
        _claim("1-1", 1, 15, first, "15 people", item="people", item_lemma="people",
               predicate="injure"),
        _claim("2-1", 2, 15, first, "15 people", item="people", item_lemma="people",
               predicate="injure"),
        _claim("3-1", 3, 16, later, "16 people", item="people", item_lemma="people",
               predicate="injure", claimer="the police chief"),
    ]
    docs = _docs("2025-03-26", "2025-03-26", "2025-03-27")
    result = reconcile(Story(id=1, title="t"), docs, claims, [])
    measure = next(m for m in result.measures if "3-1" in m.claims)
    assert set(measure.claims) == {"1-1", "2-1", "3-1"}
    assert measure.status == "revised"
    assert any("rose in date order" in line for line in measure.explanation)
    # the same figures on one day are a conflict
    result = reconcile(Story(id=1, title="t"), _docs("2025-03-26", "2025-03-26",
                                                     "2025-03-26"), claims, [])
    measure = next(m for m in result.measures if "3-1" in m.claims)
    assert measure.status == "conflict"


def test_weights_cover_every_feature_and_probabilities_are_bounded() -> None:
    w = match.weights()
    assert set(w.coef) == set(match.FEATURES) and 0 < w.threshold < 1
    s = "Officials counted 120 trucks at the crossing."
    profiles = [match.profile(_claim("1-1", 1, 120, s, "120 trucks", item="trucks",
                                     item_lemma="truck"), ""),
                match.profile(_claim("2-1", 2, 120, s, "120 trucks", item="trucks",
                                     item_lemma="truck"), "")]
    prob = match.probabilities(match.features(profiles))
    assert prob.shape == (2, 2) and ((prob >= 0) & (prob <= 1)).all()
    assert prob[0, 1] > w.threshold


def test_days_and_weeks_compare_but_a_rate_never_meets_a_total() -> None:
    s = "The strike lasted 14 days."
    a = match.profile(_claim("1-1", 1, 14, s, "14 days", unit="day"), "")
    b = match.profile(_claim("2-1", 2, 2, "It lasted two weeks.", "two weeks", unit="week"), "")
    assert a.dimension == b.dimension == "time"
    assert a.figure is not None and b.figure is not None and a.figure.compatible(b.figure)
    rate = match.profile(_claim("3-1", 3, 14, "14 days a year", "14 days", unit="day"),
                         "per year")
    assert match.cannot_link(a, rate, True) is not None


@given(st.lists(st.tuples(st.sampled_from([None, "about", "more than", "up to"]),
                          st.sampled_from(["{}", "${} million", "{} pages"]),
                          st.integers(min_value=1, max_value=60)), min_size=1, max_size=8))
def test_the_pair_matrix_agrees_with_each_pair(rows: list[tuple[str | None, str, int]]) -> None:
    profiles = []
    for n, (qualifier, shape, value) in enumerate(rows):
        quote = shape.format(value)
        scale = 1e6 if "million" in shape else 1.0
        claim = _claim(f"{n}-1", n, value * scale, quote, quote, qualifier=qualifier)
        profiles.append(match.profile(claim, ""))
    col = match.FEATURES.index("compatible")
    matrix = match.features(profiles)[:, :, col]
    for i, a in enumerate(profiles):
        for j, b in enumerate(profiles):
            assert a.figure is not None and b.figure is not None
            assert bool(matrix[i, j]) == a.figure.compatible(b.figure)


@pytest.mark.parametrize("fixture", ["seedlike.json", "harbour.json"])
def test_the_cannot_link_matrix_and_its_explanation_agree(fixture: str) -> None:
    """``align._blocked`` is the vectorised twin of ``align.why_blocked``: they must agree."""
    from claimfixtures import load

    from claimledger.reconcile import align

    _, docs, claims, _ = load(fixture)
    texts = {d.id: d.text for d in docs}
    facets = [align.facet(c) for c in claims]
    profiles = [match.profile(f.claim, align._rate(f.claim), (f.subject, f.recipient), f.kind)
                for f in facets]
    blocked = align._blocked(facets, profiles, texts)
    for i, (f, pf) in enumerate(zip(facets, profiles, strict=True)):
        for j, (g, pg) in enumerate(zip(facets, profiles, strict=True)):
            if i != j:
                why = align.why_blocked(f, g, pf, pg, texts)
                assert bool(blocked[i, j]) == (why is not None), (f.claim.id, g.claim.id, why)


@pytest.mark.parametrize(("sentence", "quote", "expected"), [
    ("The gunman opened fire, killing 12 people and wounding 31 others.", "12 people", "dead"),
    ("The gunman opened fire, killing 12 people and wounding 31 others.", "31 others",
     "injured"),
    ("Hospital officials said four patients remained in critical condition.", "four patients",
     "critical"),
    ("The ferry had 212 passengers aboard when it capsized.", "212 passengers", "aboard"),
    ("Police said 40 protesters were arrested overnight.", "40 protesters", "arrested"),
    ("About 300 people gathered outside the courthouse.", "About 300 people", None),
    ("Doctors said three patients were in good condition.", "three patients", "stable"),
    ("The vote count reached 234 on Friday.", "234", None),
    # an "and" that joins two counts does not end the clause they share
    ("Officials said there were 14 tourists and two crew members aboard the ferry.",
     "14 tourists", "aboard"),
    ("The storm hit the ferry, killing two crew members and 14 tourists.", "14 tourists",
     "dead"),
    ("The deceased included 14 tourists from Ohio.", "14 tourists", "dead"),
])
def test_the_outcome_is_read_from_the_figures_own_clause(sentence: str, quote: str,
                                                         expected: str | None) -> None:
    claim = _claim("1-1", 1, 1, sentence, quote, item="people")
    assert match.outcome(claim) == expected


def _feature(a: Claim, b: Claim, name: str) -> float:
    return float(match.features([match.profile(a, ""), match.profile(b, "")])
                 [0, 1, match.FEATURES.index(name)])


def test_counts_with_different_outcomes_score_apart() -> None:
    a = _claim("1-1", 1, 9, "Nine people died in the crash.", "Nine people", item="people",
               item_lemma="people")
    b = _claim("2-1", 2, 9, "Nine people were injured in the crash.", "Nine people",
               item="people", item_lemma="people")
    c = _claim("3-1", 3, 9, "The crash killed nine people.", "nine people", item="people",
               item_lemma="people")
    assert _feature(a, b, "outcome") == -1.0
    assert _feature(a, c, "outcome") == 1.0
    prob = match.probabilities(match.features([match.profile(x, "") for x in (a, b, c)]))
    assert prob[0, 2] > prob[0, 1]


def test_far_apart_exact_figures_and_a_shared_uncommon_figure() -> None:
    s1 = "The council approved 1,250 new housing units."
    s2 = "Councillors backed 1,250 new homes on Tuesday."
    s3 = "The plan includes 600 new homes."
    a = _claim("1-1", 1, 1250, s1, "1,250 new housing units", item="units")
    b = _claim("2-1", 2, 1250, s2, "1,250 new homes", item="homes")
    c = _claim("3-1", 3, 600, s3, "600 new homes", item="homes")
    assert _feature(a, b, "specific") == 1.0 and _feature(a, b, "far") == 0.0
    assert _feature(b, c, "far") == 1.0 and _feature(b, c, "specific") == 0.0
    # small numbers count too many things to be telling
    d = _claim("1-2", 1, 3, "Three schools closed.", "Three schools", item="schools")
    e = _claim("2-2", 2, 3, "Three roads flooded.", "Three roads", item="roads")
    assert _feature(d, e, "specific") == 0.0


def test_verbs_keep_apart_events_of_one_noun_only() -> None:
    shipped = _claim("1-1", 1, 500, "The factory shipped 500 drones.", "500 drones",
                     item="drones", item_lemma="drone", predicate="ship")
    pledged = _claim("2-1", 2, 500, "The allies pledged 500 drones.", "500 drones",
                     item="drones", item_lemma="drone", predicate="pledge")
    offered = _claim("3-1", 3, 500, "The offer covers 500 workers.", "500 workers",
                     item="workers", item_lemma="worker", predicate="pledge")
    kept = _claim("4-1", 4, 500, "The plant kept 500 workers.", "500 workers",
                  item="employees", item_lemma="employee", predicate="have")
    p = [match.profile(c, "", kind=k) for c, k in
         [(shipped, "flow"), (pledged, "pledge"), (offered, "pledge"), (kept, "stock")]]
    assert match.cannot_link(p[0], p[1], True) is not None
    assert match.cannot_link(p[2], p[3], True) is None


def test_a_generic_agent_as_subject_keeps_no_figure_apart() -> None:
    s1 = "Authorities said five people were killed at the depot."
    s2 = "Five people were killed when a gunman opened fire at the bus depot."
    claims = [
        _claim("1-1", 1, 5, s1, "five people", item="people", item_lemma="people",
               subject="Authorities", predicate="kill"),
        _claim("2-1", 2, 5, s2, "Five people", item="people", item_lemma="people",
               predicate="kill"),
    ]
    docs = _docs(None, None)
    docs[0] = Document(**{**docs[0].to_dict(), "text": s1})
    docs[1] = Document(**{**docs[1].to_dict(), "text": s2})
    result = reconcile(Story(id=1, title="t"), docs, claims, [])
    assert result.claim_measure["1-1"] == result.claim_measure["2-1"]


def test_labels_read_as_what_is_measured() -> None:
    s1 = "The governor moved $250 million from the rainy-day fund."
    s2 = "The state moved $250 million out of reserves, aides said."
    claims = [
        _claim("1-1", 1, 2.5e8, s1, "$250 million", unit="USD", item="money moved",
               item_lemma="moved", predicate="move", subject="the governor"),
        _claim("2-1", 2, 2.5e8, s2, "$250 million", unit="USD", item="money moved",
               item_lemma="moved", predicate="move", subject="the governor"),
    ]
    (measure,) = reconcile(Story(id=1, title="t"), _docs(None, None), claims, []).measures
    assert "sent" not in measure.label and "->" not in measure.label
    assert measure.label.startswith("money moved (USD)")
    q = "Officials counted 300 \"ballots that"
    claims = [_claim(f"{n}-1", n, 300, q, "300", item='"ballots that', item_lemma="ballot")
              for n in (1, 2)]
    (measure,) = reconcile(Story(id=1, title="t"), _docs(None, None), claims, []).measures
    assert measure.label == "ballots"
