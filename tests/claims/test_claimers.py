"""Who says it: claimers on sentences in the shapes political reporting uses."""

from __future__ import annotations

import pytest
from claimcases import claimer_of as _claimer_of
from claimcases import claimers as _claimers
from spacy.language import Language

from claimledger.claims import ClaimExtractor
from claimledger.claims.quotes import find_quotes, quote_at
from claimledger.claims.speakers import GenderBook, is_speaker_name
from claimledger.records import Document


@pytest.mark.parametrize("name", ["Harbor Research", "his campaign", "Some Democrats",
                                  "2014 Labor Department study", "Channel 4", "senior officials",
                                  "Theresa May", "In-Q-Tel"])
def test_speaker_names(name: str) -> None:
    assert is_speaker_name(name)


@pytest.mark.parametrize("name", ["Just 9 percent", "51 percent", "which", "That", "he", "some",
                                  "pro-union", "Mayor Says", "Governor Vows", "$40 million", "",
                                  "Friday", "an earlier version",
                                  "Speaker Sees", "Mayor Stands Firm", "Ruiz May be Leaving",
                                  "in which Ruiz"])
def test_not_speaker_names(name: str) -> None:
    assert not is_speaker_name(name)


def test_gender_book_reads_titles_and_lone_pronouns() -> None:
    book = GenderBook()
    book.observe("Mrs. Dana Pell answered.", [("Dana Pell", 4)])
    book.observe("Tom Harlan said his bill would pass.", [("Tom Harlan", 0)])
    assert book.gender("Dana Pell") == "female" and book.gender("Tom Harlan") == "male"
    assert book.fits("she", "Dana Pell") and not book.fits("she", "Tom Harlan")
    assert book.fits("he", "Ana Ruiz")  # nothing known: either may fit


def test_quotes_find_their_speaker_after_before_and_across_sentences() -> None:
    text = ('"Things were bad. We lost 350,000 jobs," the governor said.\n'
            'He added: "The deficit is $2 billion."\n'
            '"It costs $40 billion," said Mark Olsen, a budget analyst.\n'
            'Lena Ruiz: "We found that 53% agree."\n'
            'Channel 9 further notes, "Ruiz leads with 20 percent."')
    quotes = find_quotes(text)
    for figure, who in (("350,000", "the governor"), ("$2 billion", "He"),
                        ("$40 billion", "Mark Olsen"), ("53%", "Lena Ruiz"),
                        ("20 percent", "Channel 9")):
        at = text.index(figure)
        quote = quote_at(quotes, at, at + len(figure))
        assert quote is not None and quote.speaker == who, (figure, quote)


def test_pronoun_agrees_in_gender(extractor: ClaimExtractor) -> None:
    text = ("Senator Tom Harlan spoke first on Monday. Mrs. Dana Pell, his rival, answered him.\n"
            '"We raised $9 million," she said.\n'
            'He added that the fund held $2 billion.')
    assert _claimer_of(extractor, text, "$9 million") == "Dana Pell"
    assert _claimer_of(extractor, text, "$2 billion") == "Tom Harlan"


def test_person_inside_the_content_is_not_the_speaker(extractor: ClaimExtractor) -> None:
    text = "The aide said he had secured contracts for the governor worth $6 million."
    assert _claimer_of(extractor, text, "$6 million") == "aide"


@pytest.mark.parametrize(("text", "figure", "who"), [
    ("A poll by Harbor Research had the mayor leading 48% to 42%.", "48%", "Harbor Research"),
    ("The city spent $4 million on roads, state records show.", "$4 million", "state records"),
    ("An analysis by the Ledger found that 300 homes were sold.", "300 homes", "Ledger"),
    ("In a Harbor Research poll released Monday, 50 percent of respondents chose Ruiz.",
     "50 percent", "Harbor Research poll"),
    ("In a poll conducted by the Ledger, just 28 percent of voters said they liked the plan.",
     "28 percent", "Ledger"),
    ("As the Harbor Times noted, the mayor raised more than $1.1 million from developers.",
     "$1.1 million", "Harbor Times"),
    ("Two senior officials said the army lost 40 tanks.", "40 tanks", "senior officials"),
    ("During the same stretch, harbor records show, the ferry carried 216,000 riders.",
     "216,000", "harbor records"),
    ("In the poll, Ruiz leads the field with 21 percent of voters.", "21 percent", "poll"),
    ("Polls show voters like the mayor, with 56 percent of voters viewing him positively, "
     "according to a Harbor poll.", "56 percent", "Harbor poll"),
    ("Mr. Okafor has rallied thousands by promising to impose 35 percent tariffs on imports.",
     "35 percent", "Okafor"),
])
def test_reports_findings_and_cues_beyond_speech(extractor: ClaimExtractor, text: str,
                                                 figure: str, who: str) -> None:
    assert _claimer_of(extractor, text, figure) == who


def test_a_figure_is_never_the_claimer(extractor: ClaimExtractor) -> None:
    text = ("Just 9 percent of voters approve of the plan. "
            "Seventy-two percent now believe the mayor could win.")
    for claimer in _claimers(extractor, text).values():
        assert claimer is None or is_speaker_name(claimer), claimer


def test_a_quotation_without_a_speaker_in_its_sentence(extractor: ClaimExtractor) -> None:
    text = ('Maria Gonzalez, the state treasurer, spoke to reporters on Friday.\n'
            '"The state owes 1,200 vendors. The books were a mess," Gonzalez said.')
    assert _claimer_of(extractor, text, "1,200") == "Maria Gonzalez"


def test_people_keep_their_voice_when_a_relay_is_named(extractor: ClaimExtractor) -> None:
    text = "Two officials said 40 tanks were lost, according to Reuters."
    doc = Document(id=1, source="t.txt", url=None, title=None, outlet=None, published=None,
                   published_source="unknown", language="en", duplicate_of=None, story=None,
                   text=text)
    claim = extractor.extract(doc)[0][0]
    assert (claim.claimer, claim.channel) == ("officials", ["Reuters"])


def test_a_hedge_is_not_a_voice(extractor: ClaimExtractor) -> None:
    text = "Trucks believed to carry 40 tons of fuel crossed the border."
    assert _claimer_of(extractor, text, "40 tons") is None


def test_a_quotation_running_over_paragraphs_keeps_its_speaker() -> None:
    text = ('"We lost 3,000 jobs in a year. The plant closed.\n\n'
            '"Then we lost 200 more," Ruiz said.\n\nOther news.\n"Prices rose 9 percent.')
    quotes = find_quotes(text)
    at = text.index("3,000")
    first = quote_at(quotes, at, at + 5)
    assert first is not None and first.speaker == "Ruiz"
    at = text.index("9 percent")
    last = quote_at(quotes, at, at + 9)
    assert last is not None and last.speaker is None


def test_the_named_author_of_an_assertion_outranks_an_unnamed_document(nlp: Language) -> None:
    from claimledger.claims.model import candidates

    doc = nlp("The statement comes a week after assertions from the Harbor Authority that "
              "about 2,000 crates were lost at sea.")
    found = [c for c in candidates(doc) if c.quantity.reason is None]
    assert len(found) == 1 and found[0].claimer == "Harbor Authority"


@pytest.mark.parametrize(("text", "figure", "who"), [
    # a sentence closing on its cue hands its speaker to the quotation after it
    ('"We won the county," Ana Ruiz said on Monday. "We raised $40 million in a month."',
     "$40 million", "Ana Ruiz"),
    # a paragraph ending on a cue or a colon hands its speaker to the next paragraph's quote
    ('Mayor Tom Harlan spoke on Friday. Harlan said:\n\n"We hired 300 teachers this year.',
     "300 teachers", "Tom Harlan"),
])
def test_quotation_speakers_named_just_before(extractor: ClaimExtractor, text: str,
                                              figure: str, who: str) -> None:
    assert _claimer_of(extractor, text, figure) == who


def test_a_cue_or_colon_paragraph_leads_into_the_next_quotation() -> None:
    text = 'Transcript as follows:\n\n"We lost 350,000 jobs in two years.'
    at = text.index("350,000")
    quote = quote_at(find_quotes(text), at, at + 7)
    assert quote is not None and quote.speaker == "Transcript"
    text = 'The council adjourned.\n\n"We lost 90 jobs."'
    at = text.index("90 jobs")
    quote = quote_at(find_quotes(text), at, at + 7)
    assert quote is not None and quote.speaker is None


@pytest.mark.parametrize(("text", "figure", "who"), [
    # a figure as the subject of the inner verb: the speech verb above names the source
    ("The Harbor poll showed that 56% of voters want a recount.", "56%", "Harbor poll"),
    # a poll the sentence places its figure in, wherever the phrase stands
    ("The governor fell to 12 percent in a Ledger poll released Sunday.", "12 percent",
     "Ledger poll"),
    ("Ruiz was at 25 percent support in Monday's poll.", "25 percent", "poll"),
    # a pledge over an infinitive with nobody reporting it is the actor's own figure
    ("Senator Ana Ruiz threatened to impose a 35 percent tariff on imported steel.",
     "35 percent", "Ana Ruiz"),
])
def test_sources_beyond_the_figures_own_clause(extractor: ClaimExtractor, text: str,
                                               figure: str, who: str) -> None:
    assert _claimer_of(extractor, text, figure) == who


def test_a_report_noun_inside_reported_content_is_no_voice(extractor: ClaimExtractor) -> None:
    text = ("Council aides noted that the investigation is nearly two years old and has "
            "spent more than $6 million.")
    assert _claimer_of(extractor, text, "$6 million") == "Council aides"


def test_a_plan_is_an_act_not_a_pledge(extractor: ClaimExtractor) -> None:
    text = "The county also plans to move about $200 million from its reserve fund."
    assert _claimer_of(extractor, text, "$200 million") is None


def test_they_means_the_group_that_spoke_first(extractor: ClaimExtractor) -> None:
    text = ("Police said two men had fired shots, and they believe more than one person was "
            "involved in the robbery.")
    assert _claimer_of(extractor, text, "one person") == "Police"


def test_a_place_after_of_is_not_the_speaker(extractor: ClaimExtractor) -> None:
    text = ("As part of the plea deal, Karl Weiss of the Harbor Savings Bank, 52, said that he "
            "defrauded nearly 100 customers.")
    assert _claimer_of(extractor, text, "100 customers") == "Karl Weiss"


@pytest.mark.parametrize("name", ["Trump Made This", "Mayor Gets Raise"])
def test_headline_fragments_are_not_names(name: str) -> None:
    assert not is_speaker_name(name)


@pytest.mark.parametrize(("text", "figure"), [
    ("The governor requested $2.4 billion for flood defences, while lawmakers balked.",
     "$2.4 billion"),
    ("The spending bill included none of the $900 million that the mayor demanded.",
     "$900 million"),
    ("Gunmen attacked three villages overnight, killing 12 people.", "12 people"),
    ("The mayor said she is declaring an emergency even as she signs a budget that "
     "includes $1.4 billion for roads.", "$1.4 billion"),
])
def test_demands_and_a_speakers_circumstances_are_nobodys_claim(
        extractor: ClaimExtractor, text: str, figure: str) -> None:
    assert _claimer_of(extractor, text, figure) is None


def test_what_a_speaker_says_stays_hers(extractor: ClaimExtractor) -> None:
    text = "The mayor said the city would hire 40 new inspectors next year."
    assert _claimer_of(extractor, text, "40") == "mayor"


@pytest.mark.parametrize(("text", "figure"), [
    # a figure in how the speaker is described is no part of what she says
    ("Dana Pell, a retired detective who in 1994 caught a forger -- who had passed 300 fake "
     "checks -- told the Ledger on Monday that the letters looked genuine.", "300"),
    # a figure in the author's own description, not in what the document says
    ("The files, from some 90,000 shell companies spanning almost 30 years, also name two "
     "ministers.", "almost 30 years"),
    # a circumstance set before the speech verb
    ("Asked about the 41 lawmakers who voted against her, the speaker said the vote was fair.",
     "41 lawmakers"),
    # sharing footage and declaring emergencies are deeds, not reports of these figures
    ("The fire service shared footage of the blaze, some 80 miles north of the capital.",
     "80 miles"),
    ("Governors have declared emergencies often, and 12 of those declarations remain in force.",
     "12 of those"),
    # the writer's contrast, however deep in the sentence it hangs
    ("The governor said she is cutting the budget, tapping reserves in a bid to hire nurses "
     "even as she signs a bill that adds $2 billion for roads.", "$2 billion"),
])
def test_figures_outside_what_the_speaker_says(extractor: ClaimExtractor, text: str,
                                               figure: str) -> None:
    assert _claimer_of(extractor, text, figure) is None


@pytest.mark.parametrize(("text", "figure", "who"), [
    # a speech verb in a relative clause on the figure's own noun
    ("The bill cleared the two-thirds majority that Ruiz predicted it would get.", "two-thirds",
     "Ruiz"),
    # a headline's name before a colon speaks for what follows
    ("Okafor: plant closure would cost 3,000 jobs", "3,000 jobs", "Okafor"),
    # an aside closing the sentence, with where it was said
    ("The storks can fly 300 miles in a day, the Wildlife Trust notes on its website.",
     "300 miles", "Wildlife Trust"),
    # the name before a role that announces
    ("The toll rose to 31, Marta Olsen, mayor of the coastal district, announced on Friday.",
     "31", "Marta Olsen"),
    # the members of a collective speak, not the collective noun
    ("A handful of senators warned that 12 bases could close.", "12 bases", "senators"),
    # a description, then the name, with no comma between
    ("Rescuers reached the site 40 minutes after the alarm, BBC partner Radio Harbor reported.",
     "40 minutes", "Radio Harbor"),
    # a broadcaster named by its channel number
    ("7 NEWS has confirmed that three patients are in critical condition.", "three patients",
     "7 NEWS"),
    # the author of an allegation named before the noun
    ("There was no answer to ICIJ allegations that nine officials hid their assets offshore.",
     "nine officials", "ICIJ"),
    # the figure's own speech verb, joined to an aside of records before it
    ("The yacht was insured for $9 million in 2015, records show, and brokers say it is now "
     "worth about $6 million.", "$6 million", "brokers"),
    # a speaker described by an estimate of his own keeps it
    ("Mr. Varga, who estimated that one-fifth of his members would strike, said talks "
     "would resume.", "one-fifth", "Varga"),
])
def test_speakers_beyond_the_plain_subject(extractor: ClaimExtractor, text: str, figure: str,
                                           who: str) -> None:
    assert who in (_claimer_of(extractor, text, figure) or "")


def test_a_lead_in_with_a_decimal_hands_on_its_speaker() -> None:
    text = 'The Ledger says that the 1.5-gigabyte archive holds:\n\n"... In all, 9,000 files.'
    at = text.index("9,000")
    quote = quote_at(find_quotes(text), at, at + 5)
    assert quote is not None and quote.speaker == "The Ledger"


def test_he_means_the_person_a_new_paragraph_introduces(extractor: ClaimExtractor) -> None:
    text = ("Senator Tom Harlan told reporters the hall was packed.\n\n"
            "Piet Moreau, 52, runs a bakery across the street. He said he heard at least 20 "
            "shots before the crowd scattered.")
    assert _claimer_of(extractor, text, "20 shots") == "Piet Moreau"


@pytest.mark.parametrize("name", ["2 NEWS", "12 News"])
def test_station_names_with_channel_numbers(name: str) -> None:
    assert is_speaker_name(name)


@pytest.mark.parametrize(("text", "figure"), [
    # a saying required, planned or refused is not one that was made
    ("The rule would require lobbyists to disclose every client who pays more than $5,000.",
     "$5,000"),
    # concerns about a topic assert nothing of the topic's figures
    ("Judge Ana Ruiz expressed doubts about a class action that covers 2 million tenants.",
     "2 million"),
])
def test_no_saying_was_made(extractor: ClaimExtractor, text: str, figure: str) -> None:
    assert _claimer_of(extractor, text, figure) is None


def test_adding_up_is_no_saying(extractor: ClaimExtractor) -> None:
    text = "Over a decade, the cuts would add up to $2 trillion more than the budget office said."
    assert _claimer_of(extractor, text, "$2 trillion") is None


def test_a_title_cut_off_at_a_colon_is_no_source(extractor: ClaimExtractor) -> None:
    assert _claimer_of(extractor, "Three senators did not vote at all: Sens.",
                       "Three senators") is None


def test_odds_a_speaker_gives_are_hers(extractor: ClaimExtractor) -> None:
    text = "The party chair, in a radio interview, gave her party a one-in-four chance of winning."
    assert _claimer_of(extractor, text, "one-in-four") == "party chair"


def test_our_report_in_a_quotation_is_the_speakers(extractor: ClaimExtractor) -> None:
    text = ('"Our auditor\'s review showed that 80 percent of the loans were repaid," Dana Pell '
            'told the committee.')
    assert _claimer_of(extractor, text, "80 percent") == "Dana Pell"


def test_the_senator_means_the_senator_named_last(extractor: ClaimExtractor) -> None:
    text = ("Sen. Tom Harlan spoke in Dayton on Monday.\n\n"
            "Edith Moreau, a Republican senator from Maine, spoke later.\n\n"
            '"We have funded 300 miles of road already," the senator said.\n\n'
            "A senator said 40 votes were missing.")
    found = _claimers(extractor, text)
    assert found[next(q for q in found if "300 miles" in q)] == "Edith Moreau"
    assert found[next(q for q in found if "40 votes" in q)] == "senator"  # "a": nobody known


def test_a_pledge_is_not_of_its_background(extractor: ClaimExtractor) -> None:
    text = ("Several ministries vowed to open inquiries following the leak of 2.6 million "
            "internal emails.")
    assert _claimer_of(extractor, text, "2.6 million") is None


def test_shares_after_a_polls_figures_are_the_polls(extractor: ClaimExtractor) -> None:
    text = ("Ruiz leads with 31 percent, according to a Harbor Institute poll released Monday. "
            "Okafor has 22 percent. Everyone else is at 4 percent or below.")
    found = _claimers(extractor, text)
    assert {found[q] for q in found} == {"Harbor Institute poll"}


@pytest.mark.parametrize(("text", "figure", "who"), [
    # a participle with its phrase is no aside cue
    ("Two suspects charged in 40 thefts, police said.", "40 thefts", "police"),
    # continuing to insist still says it
    ("Ruiz continued to insist that 40 people had died.", "40 people", "Ruiz"),
    # a counted object anywhere in what is posted or logged reports it
    ("Harbor Foods posted revenue of $90 million last quarter.", "$90 million", "Harbor Foods"),
    # a condition of a pledge is part of it
    ("Ruiz vowed to resign if 40 officers were fired.", "40 officers", "Ruiz"),
    # "the mayor met with John Smith" gives Smith no title
    ("Mayor Tom Bradley spoke on Monday. Later, the mayor met with John Smith, a local "
     "developer. The project would create 300 jobs, the mayor said.", "300 jobs",
     "Tom Bradley"),
])
def test_ordinary_news_shapes_keep_their_speaker(extractor: ClaimExtractor, text: str,
                                                 figure: str, who: str) -> None:
    assert who in (_claimer_of(extractor, text, figure) or "")


@pytest.mark.parametrize(("text", "figure"), [
    ("Hurricane Ian: 40 people died in Florida.", "40 people"),  # a topic before a colon
    ("The new law gives 700,000 immigrants a chance to stay.", "700,000"),  # no odds given
    ("Forty people died in the fire at all: Dr.", "Forty people"),  # a cut-off title
])
def test_no_voice_in_these_shapes(extractor: ClaimExtractor, text: str, figure: str) -> None:
    assert _claimer_of(extractor, text, figure) is None


def test_odd_digits_in_an_age_do_not_crash(extractor: ClaimExtractor) -> None:
    assert "40 cats" in _claimers(extractor, "Noah Nathan, ², lives nearby with 40 cats.")


def test_a_sentence_led_by_he_goes_on_about_the_person_just_named(
        extractor: ClaimExtractor) -> None:
    text = ("Sen. Tom Harlan spoke first.\n\n"
            "Then came the response of Sen. Piet Moreau. He accused Dana Pell of stalling "
            '"the whole budget."\n\n'
            '"This is about more than 9,000 teachers who are waiting to be paid," he said.')
    assert _claimer_of(extractor, text, "9,000") == "Piet Moreau"
