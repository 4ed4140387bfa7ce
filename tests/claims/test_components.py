"""Each named component on its own sentences, through the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.claims.components import NAMES
from claimledger.claims.model import Candidate, candidates, info


def _one(nlp: Language, text: str) -> Candidate:
    found = [c for c in candidates(nlp(text)) if c.quantity.reason is None]
    assert len(found) == 1, [c.quantity for c in found]
    return found[0]


def test_components_are_registered_and_named(nlp: Language) -> None:
    for name in NAMES:
        assert name in nlp.pipe_names


def test_quantities_align_to_tokens(nlp: Language) -> None:
    doc = nlp("Officials counted about 7,000 crates and 152 mm shells.")
    found = candidates(doc)
    assert [c.quantity.text for c in found] == ["about 7,000", "152 mm"]
    assert doc[found[0].first].text == "7,000"
    assert found[1].quantity.reason == "calibre"


def test_items_head_lemma_and_text(nlp: Language) -> None:
    cand = _one(nlp, "Norway has sent 7,000 containers loaded with munitions to Poland.")
    assert cand.item_lemma == "container"
    assert cand.item is not None and cand.item.startswith("containers loaded with munitions")
    assert (cand.subject, cand.recipient, cand.predicate) == ("Norway", "Poland", "send")


def test_items_keep_the_inner_noun_reachable(nlp: Language) -> None:
    cand = _one(nlp, "Each barge could take around 2 million rounds of 122 mm artillery shells.")
    assert cand.item_lemma == "round"
    assert cand.item is not None and "shells" in cand.item


def test_items_vague_amounts_take_the_of_object(nlp: Language) -> None:
    cand = _one(nlp, "Spain shipped millions of artillery shells to Chile.")
    assert cand.item_lemma == "shell"
    assert cand.quantity.vague


def test_items_passive_from_to(nlp: Language) -> None:
    cand = _one(nlp, "About 2,500 rockets have been shipped from Oslo to Warsaw.")
    assert (cand.subject, cand.recipient) == ("Oslo", "Warsaw")


def test_items_receive_turns_direction_round(nlp: Language) -> None:
    cand = _one(nlp, "In return, Norway received over 900 Swedish trucks.")
    assert cand.predicate == "receive"
    assert (cand.subject, cand.recipient) == ("Sweden", "Norway")


def test_items_supply_with(nlp: Language) -> None:
    cand = _one(nlp, "Chile supplied Peru with 400 drones.")
    assert (cand.subject, cand.recipient, cand.predicate) == ("Chile", "Peru", "supply")


def test_items_durations_are_counted_or_temporal(nlp: Language) -> None:
    worth = _one(nlp, "The rockets equal three months' worth of fuel for the Ostrelians.")
    assert worth.item_lemma == "month" and not worth.temporal
    within = _one(nlp, "The plant was built in 16 years.")
    assert within.temporal


def test_attribution_speech_verb_with_apposition(nlp: Language) -> None:
    cand = _one(nlp, "Chile's defense minister, Ana Rojas, said Peru sent 300 tanks to Bolivia.")
    assert cand.claimer == "Ana Rojas"
    assert cand.claimer_role == "Chile's defense minister"


def test_attribution_according_to_is_a_relay_when_a_speaker_is_named(nlp: Language) -> None:
    cand = _one(nlp, "According to Reuters, Minister Rojas estimated that roughly 6,700 "
                     "containers have gone to Bolivia.")
    assert cand.claimer is not None and "Rojas" in cand.claimer
    assert cand.channel == ["Reuters"]


def test_attribution_according_to_alone_is_the_claimer(nlp: Language) -> None:
    cand = _one(nlp, "According to the agency, Peru sent 300 tanks to Bolivia.")
    assert cand.claimer == "agency"
    assert cand.channel == []


def test_attribution_pronoun_is_left_for_the_report(nlp: Language) -> None:
    cand = _one(nlp, "He believes Peru has transferred 1.5 million shells to Bolivia.")
    assert cand.claimer is None and cand.claimer_pronoun == "he"


def test_attribution_headline_trailing_source(nlp: Language) -> None:
    doc = nlp("Peru supplied Bolivia with 7,000 containers: Chile's defense minister.")
    assert info(doc).trailing_source == "Chile's defense minister"
    assert candidates(doc)[0].claimer == "Chile's defense minister"


def test_attribution_unattributed_is_none(nlp: Language) -> None:
    cand = _one(nlp, "Peru has allegedly sent 7,000 containers to Bolivia.")
    assert cand.claimer is None


def test_hedges_adverb_modal_and_cognition(nlp: Language) -> None:
    assert _one(nlp, "Peru has allegedly sent 7,000 crates to Bolivia.").hedge == "allegedly"
    assert _one(nlp, "The crates could hold 3 million rounds.").hedge == "could"
    assert _one(nlp, "Peru likely shipped 400 crates to Bolivia.").hedge == "likely"
    assert _one(nlp, "He believes Peru sent 400 crates to Bolivia.").hedge == "believes"
    assert _one(nlp, "Peru shipped 400 crates to Bolivia.").hedge is None


def test_hedges_negation_and_time_scope(nlp: Language) -> None:
    cand = _one(nlp, "Peru did not send 400 crates to Bolivia.")
    assert cand.negated
    cand = _one(nlp, "Peru has sent about 400 crates to Bolivia since last year.")
    assert cand.time_scope == "since last year" and not cand.negated


def test_hedges_read_an_approximation_on_the_verb(nlp: Language) -> None:
    cand = _one(nlp, "Those rockets roughly matched three months' worth of firing.")
    assert cand.qualifier == "roughly"


def test_items_cargo_moving_itself_names_its_supplier(nlp: Language) -> None:
    cand = _one(nlp, "About 2,500 trucks had crossed from Oslo into Warsaw by June.")
    assert (cand.subject, cand.recipient) == ("Oslo", "Warsaw")


def test_items_making_the_journey_is_motion(nlp: Language) -> None:
    assert _one(nlp, "Roughly 900 trucks had made the crossing.").predicate == "cross"


def test_figure_verbs_state_a_figure_and_move_nothing(nlp: Language) -> None:
    cand = _one(nlp, "Earlier, Rojas had put the number at about 4,200 trucks.")
    assert cand.subject is None and cand.refers_to == "truck"
    assert cand.claimer == "Rojas"


@pytest.mark.parametrize(("text", "claimer"), [
    ("In return, the minister said, Peru received more than 500 Chilean trucks.", "minister"),
    ("The figure is below that of Chile's president, Ana Rojas, who said that Peru had "
     "delivered 400 tanks to Bolivia.", "Ana Rojas"),
    ("Rojas has lowered her estimate, telling lawmakers that roughly 390 trucks had crossed "
     "into Bolivia.", "Rojas"),
    ('"Every closure adds roughly 300 trucks to the queue," said Karin Olsted, an analyst.',
     "Karin Olsted"),
    ("The Port Employers' Association said cargo volumes fell by 8 percent.",
     "Port Employers' Association"),
    ("The union wants an increase of 9 percent.", "union"),
    ("Edda Kroll, a member of parliament's defence committee, told reporters that Peru sent "
     "300 engineers to Bolivia.", "Edda Kroll"),
])
def test_attribution_reporting_constructions(nlp: Language, text: str, claimer: str) -> None:
    assert _one(nlp, text).claimer == claimer


def test_items_number_of_things_put_at_a_figure(nlp: Language) -> None:
    cand = _one(nlp, "The agency put the number of rockets delivered at more than 900,000.")
    assert cand.item_lemma == "rocket" and cand.predicate == "put"
    assert cand.claimer == "agency" and cand.refers_to == "rocket"


def test_items_hedged_cargo_is_no_source(nlp: Language) -> None:
    cand = _one(nlp, "He said that more than 500 Chilean trucks, many of them believed to carry "
                     "fuel, had gone the other way.")
    assert not cand.source and cand.item_lemma == "truck"


def test_durations_measured_or_placing_the_event(nlp: Language) -> None:
    assert not _one(nlp, "Police closed the bridge for nine days.").temporal
    assert not _one(nlp, "The tunnel cuts the journey by 40 minutes.").temporal
    assert _one(nlp, "The plant was built in 16 years.").temporal


def test_revised_from_figures_count_what_the_main_figure_counts(nlp: Language) -> None:
    found = [c for c in candidates(nlp(
        "The convoys could have carried about 1.5 million rockets, down from the 1.6 million "
        "given at the start of the month.")) if c.quantity.reason is None]
    assert [(c.quantity.value, c.item_lemma, c.predicate) for c in found] == [
        (1_500_000.0, "rocket", "carry"), (1_600_000.0, "rocket", "carry")]


def test_items_to_an_actor_on_the_cargos_participle(nlp: Language) -> None:
    cand = _one(nlp, "Peru has sent about 4,200 trucks loaded with rockets to Bolivia since "
                     "last spring.")
    assert (cand.subject, cand.recipient) == ("Peru", "Bolivia")


@pytest.mark.parametrize(("text", "claimer"), [
    ("The Audit Office's separate estimate put the number of tunnels built at 12.",
     "Audit Office"),
    ("The trip is cut by 40 minutes, according to the state railway operator SaltRail.",
     "SaltRail"),
    ("Governments in the Northern Compact say 300 trucks were sent to Bolivia.",
     "Northern Compact"),
    ("Officials in Lima say 300 trucks were sent to Bolivia.", "Officials"),
])
def test_attribution_owners_and_described_names(nlp: Language, text: str, claimer: str) -> None:
    assert _one(nlp, text).claimer == claimer


def test_items_its_pledge_is_the_named_bodys(nlp: Language) -> None:
    cand = _one(nlp, "Chile pressed the Andean Council to honour its pledge to supply Peru with "
                     "400 drones a year.")
    assert (cand.subject, cand.recipient) == ("the Andean Council", "Peru")


@pytest.mark.parametrize(("text", "values"), [
    ("The gunman opened fire, killing three and wounding 16.", [(3.0, "kill"), (16.0, "wound")]),
    ("Four people are dead and two are injured, police said.", [(4.0, None), (2.0, "injure")]),
    ("The blast left four dead.", [(4.0, "die")]),
    ("Three are dead and two are missing.", [(3.0, "die"), (2.0, "miss")]),
    ("Police said three died at the scene.", [(3.0, "die")]),
])
def test_bare_casualty_figures_count_people(
        nlp: Language, text: str, values: list[tuple[float, str | None]]) -> None:
    found = [c for c in candidates(nlp(text)) if c.quantity.reason is None]
    assert [c.quantity.value for c in found] == [v for v, _ in values]
    assert all(c.item_lemma == "people" for c in found)
    for cand, (_, verb) in zip(found, values, strict=True):
        if verb is not None:
            assert cand.predicate == verb


def test_bare_numbers_without_a_casualty_stay_uncounted(nlp: Language) -> None:
    found = [c for c in candidates(nlp("The vote was three to two.")) if c.item_lemma]
    assert found == []
