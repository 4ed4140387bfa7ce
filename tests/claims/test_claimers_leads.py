"""Who speaks a quotation named only by a lead-in, a cue running on, an inverted or a
present-tense cue; pronouns a quotation or a cited document leaves (invented sentences)."""

from __future__ import annotations

import pytest
from claimcases import claimer_of as _claimer_of
from claimcases import speaker as _speaker

from claimledger.claims import ClaimExtractor


@pytest.mark.parametrize("lead", [
    "The council voted the levy down in March, and the Harbor Ledger responded:",
    "Tom Harlan, a retired ferry pilot who has lived here for decades, said that given "
    "the state of the docks:",
    "Few dispute the point, as the Harbor Ledger notes:",
    "The Harbor Ledger confirmed the count, reporting:",
])
def test_block_quotation_after_a_lead_in_ending_on_a_colon(lead: str) -> None:
    text = f'{lead}\n\n"The docks lost 300 jobs in a single year. Nobody saw it coming."'
    assert (_speaker(text, "300 jobs") or "").lower() in ("harbor ledger", "the harbor ledger",
                                                          "tom harlan")


def test_quotation_paragraph_after_reported_speech_goes_on_quoting() -> None:
    text = ("Dana Pell said that the county had ignored the warnings for years.\n\n"
            '"That is why the river now floods 40 homes every spring."')
    assert _speaker(text, "40 homes") == "Dana Pell"


def test_cue_running_on_after_the_closing_quotation_hands_on_its_speaker() -> None:
    text = ('"We planned for growth," Dana Pell said during a long tour of the St. Clair '
            "depot on Monday.\n\n"
            '"Instead we lost 12 routes in two years."')
    assert _speaker(text, "12 routes") == "Dana Pell"


def test_inverted_cue_closing_the_sentence_before_a_quotation() -> None:
    text = ('"The ferry was late again," wrote the Harbor Ledger. '
            '"It carried 900 passengers on a boat built for 600."')
    assert _speaker(text, "900 passengers") == "the Harbor Ledger"


def test_name_before_a_cue_the_short_patterns_miss() -> None:
    text = ('The Save the Docks campaign director Ana Ruiz told reporters. '
            '"We need 200 more volunteers."')
    assert "Ana Ruiz" in (_speaker(text, "200 more") or "")


@pytest.mark.parametrize("cue", ["reported", "admits", "responded"])
def test_more_cue_verbs_close_a_quotation(cue: str) -> None:
    text = f'"The fund is short $8 million," the Harbor Ledger {cue}.'
    assert _speaker(text, "$8 million") == "the Harbor Ledger"


def test_it_inside_a_quotation_is_its_speaker(extractor: ClaimExtractor) -> None:
    text = ("The Harbor Authority met on Monday.\n\n"
            "Tom Harlan, the port treasurer, said the budget was tight.\n\n"
            '"It is fair to say that the port lost $6 million last year," he said.')
    assert _claimer_of(extractor, text, "$6 million") == "Tom Harlan"


def test_according_to_his_documents_means_the_last_speaker(
        extractor: ClaimExtractor) -> None:
    text = ("Tom Harlan said he would run for the seat.\n\n"
            "He raised $2.5 million in March, according to his campaign finance filings.")
    assert _claimer_of(extractor, text, "$2.5 million") == "Tom Harlan"


def test_writer_aside_gives_way_to_the_cited_source(extractor: ClaimExtractor) -> None:
    text = ("As I noted earlier, the mayor won 48,000 votes in the primary, according to "
            "the Harbor Ledger.")
    assert _claimer_of(extractor, text, "48,000 votes") == "Harbor Ledger"


def test_framing_phrase_object_leads_no_sentence(extractor: ClaimExtractor) -> None:
    text = ("Dana Pell, a nurse at the clinic, said she saw the crowd running.\n\n"
            "On Facebook, others shared photos of the square.\n\n"
            '"I think 30 people were hurt," she said.')
    assert _claimer_of(extractor, text, "30 people") == "Dana Pell"


def test_unnamed_speaker_after_an_inverted_cue() -> None:
    text = ('"Did we lose 20 minutes? Perhaps," said one former county official. '
            '"But it was the right call."')
    assert _speaker(text, "20 minutes") == "one former county official"


def test_name_with_a_parenthetical_then_a_colon_opens_a_quotation() -> None:
    text = 'Rep. Dana Pell (D-Ore.):"Who told you that 90 percent of the files were kept?"'
    assert _speaker(text, "90 percent") == "Rep. Dana Pell"


def test_conjunction_before_the_speaker_is_no_part_of_it() -> None:
    text = ('As Harbor Ledger editor Tom Harlan pointed out in May, "the ferry carries '
            '900 people a day."')
    assert _speaker(text, "900 people") == "Harbor Ledger editor Tom Harlan"


def test_quotation_after_a_colon_is_the_sentence_subjects(extractor: ClaimExtractor) -> None:
    text = ("The ferry strike ended on Monday.\n\n"
            'Mayor Dana Pell has since apologized: "Yes, I should have hired 40 more '
            'pilots, and I take full responsibility."')
    assert "Dana Pell" in (_claimer_of(extractor, text, "40 more") or "")
