"""What may stand as a claimer, and which earlier speaker a pronoun can mean.

A claimer is a noun phrase naming a speaker: a person, a body, a document that asserts
("the audit"). It is never a figure ("Just 9 percent"), a pronoun left unresolved, a
relative or demonstrative word ("which", "That"), a bare modifier ("pro-union") or a
headline verb ("Mayor Says"). Pronouns agree with their speaker in gender and number:
"she" cannot be a man the report called "he", "they" is a body or a group.
"""

from __future__ import annotations

import re

# pronoun -> what it can refer to
PRONOUN_KIND: dict[str, str] = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
    "they": "plural", "them": "plural", "their": "plural", "we": "plural", "us": "plural",
    "our": "plural", "it": "thing", "its": "thing", "i": "self", "me": "self", "my": "self",
    "you": "self",
}
# words that begin no speaker's name: relatives, conjunctions, adverbs
_NOT_FIRST = frozenset({
    "which", "that", "who", "whom", "what", "whose", "it", "there", "here", "and", "but",
    "or", "because", "while", "if", "when", "as", "so", "than", "just", "only",
})
# determiners and quantifiers: a speaker only with a noun after them ("some Democrats")
_NOT_ALONE = frozenset({
    "this", "these", "those", "some", "all", "most", "many", "few", "more", "less", "each",
    "every", "both", "either", "neither", "several", "others", "other", "another", "one",
})
_PREPOSITIONS = frozenset({"in", "on", "at", "of", "for", "with", "by", "from", "to", "under"})
_POSSESSIVE = frozenset({"his", "her", "its", "their", "our", "my"})
# a day ("Friday") or a version of the article itself ("an earlier version of
# this story") never speaks
_NO_VOICE = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
    "version", "edition",
})
# a count at the start (a year before a name is fine: "2014 Labor Department study", and
# a channel number: "2 NEWS")
_FIGURE_START = re.compile(r"\W*(?!(?:1[89]|20)\d\d\s+[A-Za-z]|\d{1,2}\s+(?:NEWS|News)\b)\d")
_FIGURE_SIGN = re.compile(r"[%$€£]|\bper ?cent\b", re.I)
# headline verbs: "Mayor Says", "Poll Shows"
_HEADLINE_VERB = re.compile(r"\b(?:Says|Said|Shows|Finds|Claims|Reports|Warns|Tells|Declares|"
                            r"Vows|Urges|Slams|Blasts|Eyes|Seeks|Wants|Plans|Admits|Denies|"
                            r"Sees|Predicts|Expects|Estimates|Puts|Touts|Insists|Pledges|"
                            r"Promises|Fears|Doubts|Concedes|Hints|Suggests|Argues)\b$"
                            r"|\s(?:Made|Makes|Gets|Got|Is|Was|Has|Had|Wins|Won|Takes|Took|"
                            r"Calls|Called|Reveals|Gives|Says|Said|Stands|Must|Just)\s+[A-Z]"
                            r"|\sMay\s+[Bb]e\b")
# titles and role words that mark a speaker's gender ("Mrs.", "spokeswoman", "Sen." marks none)
_FEMALE = re.compile(r"\b(?:mrs|ms|miss|madam|lady|queen|woman|women|spokeswoman|"
                     r"congresswoman|chairwoman|businesswoman|councilwoman|mother|wife|"
                     r"daughter|sister|grandmother|girl|actress|first lady)\b\.?", re.I)
_MALE = re.compile(r"\b(?:mr|sir|lord|king|man|spokesman|congressman|chairman|businessman|"
                   r"councilman|father|husband|son|brother|grandfather|boy)\b\.?", re.I)


def is_speaker_name(text: str | None) -> bool:
    """Whether ``text`` can stand as a claimer (see the module docstring)."""
    if not text:
        return False
    words = text.split()
    if not words or _FIGURE_START.match(text) or _FIGURE_SIGN.search(text):
        return False  # a figure ("Just 9 percent", "51 percent") is what is counted
    first = words[0].lower().strip("\"“”'‘’")
    if (first in PRONOUN_KIND and (len(words) == 1 or first not in _POSSESSIVE)) or (
            first in _NOT_FIRST) or (first in _NOT_ALONE and len(words) == 1):
        return False  # "his campaign", "some Democrats" name speakers; "he", "which" do not
    if first in _PREPOSITIONS and len(words) > 1 and words[1].lower() in _NOT_FIRST:
        return False  # "in which Ruiz": a relative clause's start, not a name
    if not any(ch.isalpha() for ch in text):
        return False
    if words[-1].lower().strip(".,;:\"“”'‘’") in _NO_VOICE:
        return False  # "Friday", "an earlier version": a time or the article, not a voice
    if len(words) == 1 and "-" in text and text.islower():
        return False  # "pro-union": a modifier, not who speaks
    return not _HEADLINE_VERB.search(text)


def gender_of(text: str) -> str | None:
    """ "male"/"female" when a title or role word in ``text`` says so, else None."""
    if _FEMALE.search(text):
        return "female"
    if _MALE.search(text):
        return "male"
    return None


def agrees(pronoun: str, kind: str | None, gender: str | None) -> bool:
    """Whether a speaker of ``kind`` ("person"/"body") and ``gender`` fits ``pronoun``."""
    want = PRONOUN_KIND.get(pronoun.lower())
    if want in ("male", "female"):
        return kind != "body" and gender in (None, want)
    if want == "thing":
        return kind != "person"
    return True


_MALE_PRONOUNS = re.compile(r"\b(?:he|his|him|himself)\b", re.I)
_FEMALE_PRONOUNS = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_MALE_TITLE = re.compile(r"\b(?:Mr|Sir|Lord|King)\.?\s*$")
_FEMALE_TITLE = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Lady|Queen)\.?\s*$")


class GenderBook:
    """Genders of a report's persons, read from the report itself: a title ("Mrs."),
    a gendered role ("spokeswoman") or the pronouns of sentences naming only that person
    (and of the sentence right after). No name list: a report says who "she" is."""

    def __init__(self) -> None:
        self._votes: dict[str, int] = {}  # >0 male, <0 female
        self._alone: str | None = None  # the one person the previous sentence named

    def _vote(self, name: str, n: int) -> None:
        self._votes[name] = self._votes.get(name, 0) + n

    def observe(self, text: str, persons: list[tuple[str, int]]) -> None:
        """One sentence: ``persons`` are (full name, character offset) in ``text``."""
        for name, at in persons:
            before = text[max(0, at - 12):at]
            if _MALE_TITLE.search(before):
                self._vote(name, 3)
            elif _FEMALE_TITLE.search(before):
                self._vote(name, -3)
            hint = gender_of(text[max(0, at - 40):at])
            if hint is not None:
                self._vote(name, 1 if hint == "male" else -1)
        names = {n for n, _ in persons}
        lone = next(iter(names)) if len(names) == 1 else None
        target = lone if lone is not None else (self._alone if not names else None)
        if target is not None:
            rest = text[persons[0][1]:] if lone is not None else text
            male = len(_MALE_PRONOUNS.findall(rest))
            female = len(_FEMALE_PRONOUNS.findall(rest))
            if male and not female:
                self._vote(target, 1)
            elif female and not male:
                self._vote(target, -1)
        if names:
            self._alone = lone

    def gender(self, name: str) -> str | None:
        votes = self._votes.get(name, 0)
        return "male" if votes > 0 else "female" if votes < 0 else None

    def fits(self, pronoun: str, name: str) -> bool:
        return agrees(pronoun, "person", self.gender(name))
