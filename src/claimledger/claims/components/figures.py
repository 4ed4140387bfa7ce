"""Component ``cl_figures``: what a bare figure counts when no noun follows it.

``cl_items`` finds the counted noun after a number ("4,200 trucks"). News often writes the
figure without one, and then the noun is elsewhere in a fixed construction:

- partitive: "31 of those emergencies remain active", "five of the dead were relatives":
  the number counts the object of its "of";
- measured noun: "a family of five", "a city of 340,000", "an LDL of 118", "a peak of 1.6
  million": the number, object of "of", measures the noun that "of" hangs on;
- set counts: "cap the number of visas at 65,000", "limit the number of grants to 900": the
  number counts what the total counts;
- copular: "her heart rate was 72", "the sample was only 238", "cholesterol came back at
  195", "the toll stood at 85", "the number of injured was revised to six": the number is
  the value of the verb's subject (or of what a "number of" counts);
- people by their state: "15 hurt", "among 12 killed", "two in critical condition",
  "another five were treated and released": a bare count beside a casualty word;
- headlines: "More Than 70 People Killed In ...": the participle is the verb;
- hyphenated counts: "the 48-page indictment" is 48 pages of the indictment.

Only candidates ``cl_items`` left without an item (or, for headlines, without a verb) are
touched, and only through these shapes, so what a figure measures elsewhere is unchanged.
A figure whose construction names no noun at all stays without an item (and is no claim).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger.claims.model import Candidate, candidates

# "the dead", "the injured": a casualty state used as a noun counts people
_PEOPLE_STATES: dict[str, str] = {"dead": "die", "killed": "kill", "injured": "injure",
                                  "wounded": "wound", "hurt": "injure", "missing": "miss",
                                  "victims": "die", "victim": "die"}
# verbs that state a value of their subject: "was 72", "stood at 85", "came back at 195"
_STATE_VERBS = frozenset({"be", "stand", "come", "remain", "reach", "hit", "total", "number",
                          "measure", "read", "rise", "climb", "fall", "drop", "hover", "sit",
                          "revise", "raise", "lower", "increase", "decrease", "put", "set"})
# "the number of injured", "the death toll": the count is of what follows "of"
_COUNT_NOUNS = frozenset({"number", "total", "count", "tally", "figure", "toll"})
# "a total of 5", "a group of 12", "the age of 40": the noun of "a NOUN of N" that frames
# the figure rather than being what it measures
_NOT_MEASURED = frozenset({"total", "number", "group", "list", "set", "series", "couple",
                           "pair", "handful", "maximum", "minimum", "average", "age", "out",
                           "one", "some", "all", "none", "each", "any", "most", "many"})
_DETERMINERS = ("the", "a", "an", "its", "their", "his", "her", "our", "those", "these")


def _number_token(doc: Doc, cand: Candidate) -> Token:
    return doc[cand.last]


def _noun_text(doc: Doc, head: Token) -> str:
    """The noun with its compounds and adjectives before it ("heart rate", "prior emergencies")."""
    start = head.i
    for tok in reversed(list(head.lefts)):
        if tok.i == start - 1 and tok.dep_ in ("compound", "amod", "nmod") and not tok.like_num:
            start = tok.left_edge.i  # "New York family", not "York family"
    words = [t.text for t in doc[start:head.i + 1]]
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return " ".join(words)


def _partitive(number: Token) -> Token | None:
    """ "31 of those emergencies": the object of the number's "of"."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None or obj.like_num or (obj.pos_ not in ("NOUN", "PROPN", "ADJ") and
                                       obj.lower_ not in _PEOPLE_STATES):
        return None
    return obj


def _measured(number: Token) -> Token | None:
    """ "a family of five", "an LDL of 118": the noun the number's "of" hangs on."""
    of = number.head
    if number.dep_ != "pobj" or of.lower_ != "of" or of.dep_ != "prep":
        return None
    noun = of.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() in _NOT_MEASURED:
        return None
    if any(c.dep_ == "det" and c.lower_ not in ("a", "an") for c in noun.children):
        return None  # "the range of 5", "this city of 2" name a known thing, not a measure
    return noun


def _copular(number: Token) -> Token | None:
    """ "her heart rate was 72", "the toll stood at 85": the subject of the stating verb."""
    verb = number.head
    at = number.dep_ == "pobj" and verb.lower_ in ("at", "to", "from") and verb.dep_ == "prep"
    if at or (number.dep_ == "advmod" and verb.lower_ == "back"):
        verb = verb.head
    elif number.dep_ not in ("attr", "acomp", "dobj", "npadvmod", "oprd"):
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _STATE_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or subject.like_num:
        return None
    if subject.lemma_.lower() in _COUNT_NOUNS:
        counted = _partitive(subject)
        if counted is not None:
            return counted
    return subject


def _set_count(number: Token) -> Token | None:
    """ "cap the number of minors at 50,000", "limit the total of grants to 15,000": a number
    a verb sets a counted total to measures what that total counts."""
    prep = number.head
    if number.dep_ != "pobj" or prep.lower_ not in ("at", "to") or prep.dep_ != "prep":
        return None
    for anc in list(prep.ancestors)[:6]:
        # (the parser often hangs "at 50,000" inside the counted noun's relative clause)
        if anc.lemma_.lower() in _COUNT_NOUNS and anc.dep_ in ("dobj", "nsubjpass") and \
                anc.head.pos_ == "VERB":
            return _partitive(anc)
    return None


# what a bare count of people is written beside: "15 hurt", "among 12 killed", "1 dead",
# "five were treated and released", "two in critical condition"; the predicate it gives
_PEOPLE_AFTER: dict[str, str] = {
    "killed": "kill", "dead": "die", "died": "die", "dying": "die", "hurt": "injure",
    "injured": "injure", "wounded": "wound", "missing": "miss", "shot": "shoot",
    "hospitalized": "hospitalize", "hospitalised": "hospitalize", "treated": "treat",
    "rescued": "rescue", "evacuated": "evacuate", "arrested": "arrest", "survived": "survive",
}
_CONDITIONS = frozenset({"critical", "serious", "stable", "fair", "good", "grave", "satisfactory"})
_SKIP = frozenset({"are", "were", "was", "is", "have", "had", "been", "also", "still", "later",
                   "reportedly", "people", "others", "more"})


def _people_after(doc: Doc, cand: Candidate) -> str | None:
    """The predicate of a bare count of people, read from the words that follow it."""
    i = cand.last + 1
    while i < len(doc) and i <= cand.last + 4 and doc[i].lower_ in _SKIP:
        i += 1
    if i >= len(doc):
        return None
    word = doc[i].lower_
    if word in _PEOPLE_AFTER:
        return _PEOPLE_AFTER[word]
    if word == "in" and i + 2 < len(doc) and doc[i + 1].lower_ in _CONDITIONS and \
            doc[i + 2].lower_ == "condition":
        return "hospitalize"
    return None


def _headline_predicate(doc: Doc, cand: Candidate) -> Token | None:
    """ "70 People Killed In Truck Attack": in a headline the participle is the verb."""
    end = min(len(doc), cand.last + 5)
    for tok in doc[cand.last + 1:end]:
        if tok.lower_ in _PEOPLE_AFTER or (tok.tag_ == "VBN" and tok.i > cand.last + 1):
            return tok
        if tok.is_punct or tok.lower_ in ("in", "at", "on", "for", "to", "from", "of"):
            break
    return None


def _fill(doc: Doc, cand: Candidate, noun: Token) -> None:
    state = _PEOPLE_STATES.get(noun.lower_)
    if state is not None:
        cand.item, cand.item_lemma = "people", "people"
        cand.predicate = cand.predicate or state
    else:
        cand.item = _noun_text(doc, noun)
        cand.item_lemma = noun.lemma_.lower()
    cand.item_head = noun.i
    cand.item_end = noun.idx + len(noun.text)


@Language.component("cl_figures")
def find_figures(doc: Doc) -> Doc:
    if not doc.has_annotation("DEP"):
        return doc
    for cand in candidates(doc):
        if cand.quantity.reason is not None:
            continue
        if cand.item and cand.item.startswith("-"):
            _compound_item(doc, cand)
        if cand.predicate is None and (cand.item_lemma is not None or cand.quantity.unit):
            _predicate_from_headline(doc, cand)
        if cand.item_lemma is not None or cand.quantity.unit is not None:
            continue
        number = _number_token(doc, cand)
        noun = _partitive(number) or _measured(number) or _set_count(number) or \
            _copular(number)
        if noun is not None:
            _fill(doc, cand, noun)
            continue
        state = _people_after(doc, cand)
        if state is not None:
            cand.item, cand.item_lemma, cand.item_head = "people", "people", number.i
            cand.item_end = cand.quantity.end
            cand.predicate = state
    return doc


def _compound_item(doc: Doc, cand: Candidate) -> None:
    """ "the 48-page indictment": 48 pages of the indictment; the item is the noun the
    hyphenated count describes, its unit the noun inside the compound."""
    after = [t for t in doc if t.idx >= cand.quantity.end][:3]
    noun = next((t for t in after if t.pos_ in ("NOUN", "PROPN")), None)
    if noun is not None and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "PUNCT") for t in after
                                if t.i <= noun.i):
        while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.i - noun.i < 3:
            noun = noun.head  # "grand jury investigation": the investigation
        cand.item = doc[after[0].i:noun.i + 1].text
        cand.item_lemma = noun.lemma_.lower()
        cand.item_head = noun.i
        cand.item_end = noun.idx + len(noun.text)
    elif cand.item is not None:
        cand.item = cand.item.lstrip("- ")


def _predicate_from_headline(doc: Doc, cand: Candidate) -> None:
    verb = _headline_predicate(doc, cand)
    if verb is None:
        return
    cand.predicate = _PEOPLE_AFTER.get(verb.lower_, verb.lemma_.lower())
    cand.predicate_i = verb.i
    if cand.item and cand.item_end is not None and verb.idx < cand.item_end:
        # the tagger took "People Killed" for one name: the item ends before the verb
        words = doc[cand.last + 1:verb.i]
        if len(words):
            cand.item = words.text
            head = words[-1]
            cand.item_lemma = head.lemma_.lower() if head.pos_ != "PROPN" else head.lower_
            cand.item_head = head.i
            cand.item_end = head.idx + len(head.text)
