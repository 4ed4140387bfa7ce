"""Whole reports through ClaimExtractor: fields, offsets, context across sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.claims import ClaimExtractor, split_sentences
from claimledger.records import Claim, Document, Stance

CLAIMS_DATA = Path(__file__).resolve().parents[1] / "data" / "claims"
Report = tuple[str, list[Claim], list[Stance]]


def make_document(text: str, *, doc_id: int = 1, published: str | None = "2024-03-18"
                  ) -> Document:
    return Document(id=doc_id, source="fixture.txt", url=None, title=None, outlet=None,
                    published=published, published_source="text" if published else "unknown",
                    language="en", duplicate_of=None, story=None, text=text)


@pytest.fixture(scope="module")
def alpha(extractor: ClaimExtractor) -> Report:
    text = (CLAIMS_DATA / "report_alpha.txt").read_text(encoding="utf-8")
    claims, stances = extractor.extract(make_document(text, doc_id=7))
    return text, claims, stances


def _by_quote(claims: list[Claim], fragment: str) -> Claim:
    found = [c for c in claims if fragment in c.quote]
    assert len(found) == 1, [c.quote for c in claims]
    return found[0]


def test_ids_offsets_and_evidence(alpha: Report) -> None:
    text, claims, _ = alpha
    assert [c.id for c in claims] == [f"7-{n}" for n in range(1, len(claims) + 1)]
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for c in claims:
        assert text[c.start:c.end] == c.quote
        assert text[c.sentence_start:c.sentence_start + len(c.evidence)] == c.evidence
        assert c.sentence_start <= c.start and c.end <= c.sentence_start + len(c.evidence)


def test_headline_source_resolves_to_the_named_person(
        alpha: Report) -> None:
    headline = alpha[1][0]
    assert headline.value == 400 and headline.item_lemma == "drone"
    assert headline.claimer == "Marta Kovalenko"
    assert (headline.subject, headline.recipient) == ("Iran", "Russia")


def test_time_scope_resolves_against_the_report_date(
        alpha: Report) -> None:
    claim = _by_quote(alpha[1], "about 400 drones")
    assert claim.qualifier == "about"
    assert claim.time_scope == "since last year"
    assert (claim.time_start, claim.time_end) == ("2023-01-01", "2024-03-18")


def test_relay_capitals_and_surname(alpha: Report) -> None:
    claim = _by_quote(alpha[1], "2,500 artillery rockets")
    assert claim.claimer == "Marta Kovalenko" and claim.channel == ["Reuters"]
    assert (claim.subject, claim.recipient) == ("Iran", "Russia")
    assert claim.hedge == "estimated"


def test_in_return_received_with_demonym(alpha: Report) -> None:
    claim = _by_quote(alpha[1], "20 Russian fighter jets")
    assert (claim.subject, claim.recipient, claim.predicate) == ("Russia", "Iran", "receive")
    assert claim.qualifier == "more than"


def test_pronoun_claimer_is_the_last_named_person(
        alpha: Report) -> None:
    claim = _by_quote(alpha[1], "3,000 tonnes of fuel")
    assert claim.claimer == "Anton Hrydka" and claim.hedge == "believes"
    assert claim.unit == "tonne" and claim.item_lemma == "fuel"


def test_bloc_pledge_per_year_negation_and_firing(
        alpha: Report) -> None:
    pledge = _by_quote(alpha[1], "1.2 million shells per year")
    assert (pledge.subject, pledge.recipient, pledge.predicate) == (
        "European Union", "Ukraine", "pledge")
    assert _by_quote(alpha[1], "90 missiles").negated
    firing = _by_quote(alpha[1], "12 ballistic missiles")
    assert (firing.predicate, firing.subject) == ("fire", "Iran")


def test_percent_money_dozen_quarter_duration_vague(
        alpha: Report) -> None:
    claims = alpha[1]
    assert _by_quote(claims, "15%").unit == "percent"
    assert _by_quote(claims, "$4.5 billion").unit == "USD"
    assert _by_quote(claims, "a dozen embassies").item_lemma == "embassy"
    quarter = _by_quote(claims, "a quarter of")
    assert (quarter.value, quarter.unit, quarter.item_lemma) == (25, "percent", "mission")
    months = _by_quote(claims, "three months")
    assert (months.unit, months.recipient, months.claimer) == ("month", "Russia", "agency")
    vague = _by_quote(claims, "thousands of drones")
    assert vague.vague and vague.value is None and vague.low == 2000
    assert (vague.subject, vague.recipient) == ("Iran", "Russia")


def test_no_claims_for_dates_years_calibres_ordinals(
        alpha: Report) -> None:
    values = {c.value for c in alpha[1]}
    assert not values & {2019.0, 2021.0, 2022.0, 152.0, 136.0}
    assert not any("two years" in c.quote for c in alpha[1])


def test_denial_stance(alpha: Report) -> None:
    stances = alpha[2]
    assert len(stances) == 1
    stance = stances[0]
    assert stance.id == "7-s1" and stance.stance == "deny"
    assert stance.actors == ["Russia", "Iran"]
    assert "transfer of weapons" in stance.target
    assert alpha[0][stance.start:stance.end] in stance.evidence


def test_beta_headline_lists_relays_and_debris(extractor: ClaimExtractor) -> None:
    text = (CLAIMS_DATA / "report_beta.txt").read_text(encoding="utf-8")
    claims, _ = extractor.extract(make_document(text, doc_id=3))
    head = claims[0]
    assert (head.item_lemma, head.subject, head.recipient) == ("container", "North Korea",
                                                               "Russia")
    # "the 1,000 rifles were not the first such shipment" restates the figure: a claim too
    rifles = next(c for c in claims if "1,000 rifles" in c.quote)  # the first, delivered
    assert rifles.claimer == "Park Jae-won" and rifles.channel == ["Yonhap", "Kyodo"]
    assert rifles.subject == "North Korea"
    assert all(c.value not in (1.0, 2.0, 5.0, 12.0, 4.0, 35.0, 10.0) for c in claims)


def test_accusation_stance(extractor: ClaimExtractor) -> None:
    text = "Officials in Lima have accused Bolivia of supplying Chile with rifles."
    _, stances = extractor.extract(make_document(text))
    assert [(s.stance, s.target) for s in stances] == [
        ("accuse", "Bolivia of supplying Chile with rifles")]


def test_split_sentences_keeps_offsets() -> None:
    text = "  • Mr. Smith said 4 boxes went.\nThe U.S. sent 5. Then 6 more.\n\n1. Item one."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith said 4 boxes went.", "The U.S. sent 5.", "Then 6 more.", "1. Item one."]


def test_extract_many_keeps_order_and_handles_empty(extractor: ClaimExtractor) -> None:
    docs = [make_document("Peru sent 300 tanks to Chile.", doc_id=1),
            make_document("", doc_id=2),
            make_document("Chile sent 40 jets to Peru.", doc_id=3)]
    results = list(extractor.extract_many(docs, batch_size=2))
    assert [[c.value for c in claims] for claims, _ in results] == [[300.0], [], [40.0]]
    assert results[2][0][0].id == "3-1"


def test_unknown_publication_date_leaves_dates_empty(extractor: ClaimExtractor) -> None:
    doc = make_document("Peru has sent 300 tanks to Chile since August.", published=None)
    claim = extractor.extract(doc)[0][0]
    assert claim.time_scope == "since August"
    assert (claim.time_start, claim.time_end) == (None, None)


def test_hostile_input_does_not_crash(extractor: ClaimExtractor) -> None:
    junk = "\x00\ufffd" * 50 + "1" * 3000 + " 7,000 " + "€" * 100 + "\n" * 50
    extractor.extract(make_document(junk))


def test_extract_many_in_worker_processes_matches_one_process(
        extractor: ClaimExtractor) -> None:
    docs = [make_document("Peru sent 300 tanks to Chile.", doc_id=1),
            make_document("Chile has allegedly shipped 40 jets to Peru.", doc_id=2)]
    single = list(extractor.extract_many(docs))
    pooled = list(extractor.extract_many(docs, n_process=2))
    assert [[c.to_dict() for c in claims] for claims, _ in pooled] == [
        [c.to_dict() for c in claims] for claims, _ in single]


def test_direction_carries_over_from_an_earlier_transfer(extractor: ClaimExtractor) -> None:
    text = ("North Korea has supplied Russian forces with rifles and mortars. "
            "Officials said about 900 crates have also been sent.")
    claim = extractor.extract(make_document(text))[0][0]
    assert (claim.value, claim.subject, claim.recipient) == (900.0, "North Korea", "Russia")
    assert claim.claimer == "Officials"


def test_possessor_of_a_deverbal_noun_is_the_actor(extractor: ClaimExtractor) -> None:
    text = "Experts recalled Iran's firing of 300 rockets at a test range."
    claim = extractor.extract(make_document(text))[0][0]
    assert (claim.predicate, claim.subject, claim.item_lemma) == ("fire", "Iran", "rocket")


def test_split_sentences_drops_datelines_but_not_teasers() -> None:
    text = ("KASSLO, March 12 (Wirenet) – Brask has sent 900 rockets.\n"
            "ALSO READ – Steel stocks surge 5% after output report.")
    first, second = (text[s:e] for s, e in split_sentences(text))
    assert first == "Brask has sent 900 rockets."
    assert second.startswith("ALSO READ")


@pytest.mark.parametrize(("line", "first"), [
    ("PORT ELLIS, Nordland — Harbor officials said 300 crates were lost.",
     "Harbor officials said 300 crates were lost."),
    ("KASSLO — The council approved 12 new buses.", "The council approved 12 new buses."),
    ("OPEC — the cartel — cut output by 2 percent.",
     "OPEC — the cartel — cut output by 2 percent."),
])
def test_datelines_of_a_city_and_region_or_a_city_alone(line: str, first: str) -> None:
    (span,) = split_sentences(line)
    assert line[span[0]:span[1]] == first


def test_report_context_noun_flows_pronouns_and_owners(extractor: ClaimExtractor) -> None:
    text = (
        "Kestrel Budget Office warns on tunnel\n\n"
        "Saltria's finance minister, Hanno Velk, has lowered his estimate of the traffic in "
        "grain from Brask to Velmora, telling lawmakers that roughly 3,900 trucks had made "
        "the crossing since April.\n"
        "He said on March 3 that more than 5,000 Velmoran trucks, many of them believed to "
        "carry fuel, had gone the other way.\n"
        "The Kestrel Budget Office reviewed the tunnel. Its report said about 60 percent of "
        "the extra cost could have been foreseen.\n"
    )
    claims, _ = extractor.extract(make_document(text, doc_id=4))
    crossing = _by_quote(claims, "roughly 3,900 trucks")
    assert (crossing.subject, crossing.recipient, crossing.predicate) == (
        "Brask", "Velmora", "cross")
    assert crossing.claimer == "Hanno Velk"
    back = _by_quote(claims, "more than 5,000 Velmoran trucks")
    assert back.claimer == "Hanno Velk" and back.subject == "Velmora"
    share = next(c for c in claims if c.value == 60.0)
    assert share.claimer == "Kestrel Budget Office"


def test_a_speakerless_figure_about_the_same_item_continues_the_account(
        extractor: ClaimExtractor) -> None:
    text = ("Barges leave Brask\n\n"
            "Minister Ana Rojas estimated roughly 600 barges have left Brask for Velmora.\n"
            "The barges could hold around 2 million sacks of grain.\n"
            "The port handled 40 ferries last year.\n")
    claims, _ = extractor.extract(make_document(text, doc_id=5))
    assert _by_quote(claims, "roughly 600 barges").claimer == "Ana Rojas"
    held = next(c for c in claims if c.value == 2_000_000.0)
    assert held.claimer == "Ana Rojas"
    ferries = next(c for c in claims if c.value == 40.0)
    assert ferries.claimer is None  # another item: the reporter's own statement


def test_new_words_do_not_stay_in_the_vocabulary(extractor: ClaimExtractor) -> None:
    """A long run must not grow with every name and figure it has ever read."""
    def report(n: int) -> Document:
        words = " ".join(f"Zorvik{n}x{k}" for k in range(30))
        return make_document(f"Report {n}\n\n{words} said {n}00 trucks crossed into Velmora.",
                             doc_id=n)
    extractor.extract(report(1))
    before = len(extractor.nlp.vocab.strings)
    for n in range(2, 12):
        claims, _ = extractor.extract(report(n))
        assert claims and claims[0].value == float(f"{n}00")
    assert len(extractor.nlp.vocab.strings) == before


def test_a_part_of_a_group_counts_what_the_sentence_before_counted(
        extractor: ClaimExtractor) -> None:
    text = ("Inspectors visited 40 farms in the valley last year. Eleven of them failed the "
            "water test.")
    claims, _ = extractor.extract(make_document(text))
    part = next(c for c in claims if c.value == 11)
    assert part.item_lemma == "farm"
    # nothing counted before: no group to be part of, no claim
    claims, _ = extractor.extract(make_document("Eleven of them failed the water test."))
    assert not any(c.value == 11 for c in claims)
