"""Who says it, across sentences: speakers before persons merely named, speech acts,
quotations that close on their cue or run a whole paragraph (invented sentences)."""

from __future__ import annotations

import pytest
from claimcases import claimer_of as _claimer_of
from claimcases import speaker as _speaker

from claimledger.claims import ClaimExtractor


def test_he_means_the_last_speaker_not_a_person_merely_named(
        extractor: ClaimExtractor) -> None:
    text = ("Tom Harlan, the county treasurer, said the budget was in trouble.\n"
            "The shortfall grew after the departure of Victor Lindqvist last spring.\n"
            '"We are short $4 million this year," he said.')
    assert _claimer_of(extractor, text, "$4 million") == "Tom Harlan"


def test_he_means_a_speaker_named_earlier_in_the_same_sentence(
        extractor: ClaimExtractor) -> None:
    text = ("Mayor Victor Lindqvist opened the session.\n"
            "Tom Harlan says he expects 300 layoffs at the plant.")
    assert _claimer_of(extractor, text, "300 layoffs") == "Tom Harlan"


def test_person_inside_a_quotation_is_no_antecedent(extractor: ClaimExtractor) -> None:
    text = ('Tom Harlan spoke to reporters. "Everybody knows Victor Lindqvist spent his '
            'money badly," he said.\n'
            "He said the county would borrow $12 million.")
    assert _claimer_of(extractor, text, "$12 million") == "Tom Harlan"


def test_surname_the_tagger_missed_still_names_the_person(extractor: ClaimExtractor) -> None:
    text = ("Governor Dana Pell and Senator Ana Okafor met in Harbor City.\n"
            "Okafor backs raising the minimum wage to $15 by 2020.\n"
            '"Families cannot live on $7.25 an hour," she said.')
    assert _claimer_of(extractor, text, "$7.25") == "Ana Okafor"


@pytest.mark.parametrize(("text", "figure", "who"), [
    ("Ruiz blamed budget cuts that eliminated $18 million in grants.", "$18 million", "Ruiz"),
    ("Senator Okafor has called for a minimum wage of $15 an hour.", "$15", "Okafor"),
    ("The union slammed a plan that would cut 400 jobs.", "400 jobs", "union"),
    ("Governor Pell criticized the board for spending $3 million on consultants.",
     "$3 million", "Pell"),
])
def test_speech_acts_give_their_subject_a_voice(extractor: ClaimExtractor, text: str,
                                               figure: str, who: str) -> None:
    assert who in (_claimer_of(extractor, text, figure) or "")


def test_an_attack_as_a_noun_is_no_speech(extractor: ClaimExtractor) -> None:
    text = "Police described the truck attack that killed 84 people on the promenade."
    assert _claimer_of(extractor, text, "84 people") != "truck"


def test_double_apostrophe_quotation_closes_after_both() -> None:
    text = ("''Some stores are adapting,'' said Paul K. Brandt, a retail analyst. "
            "''It costs $90,000 a month to run one.''")
    assert _speaker(text, "$90,000") == "Paul K. Brandt"


def test_speaker_with_an_aside_before_the_cue() -> None:
    text = ('Mara Ellison, who ran the county campaign, said the plan "may have failed. '
            'We spent $2 million on it."')
    assert _speaker(text, "$2 million") == "Mara Ellison"


def test_quotation_whose_sentence_closes_on_the_cue() -> None:
    text = '"We hired 40 nurses" and opened a clinic, Ana Ruiz said.'
    assert _speaker(text, "40 nurses") == "Ana Ruiz"


def test_paragraph_long_quotation_continues_the_previous_speaker() -> None:
    text = ('"The county is broke," Tom Harlan said.\n\n'
            '"We owe $30 million and nobody will lend to us."\n\n'
            'Dana Pell replied, "That is not true."')
    assert _speaker(text, "$30 million") == "Tom Harlan"
    assert _speaker(text, "not true") == "Dana Pell"
