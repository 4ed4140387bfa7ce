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
# words that begin no speaker's name: relatives, demonstratives, quantifiers, conjunctions
_NOT_FIRST = frozenset({
    "which", "that", "this", "these", "those", "who", "whom", "what", "it", "there", "here",
    "just", "only", "some", "all", "most", "many", "few", "more", "less", "and", "but", "or",
    "because", "while", "if", "when", "as", "so", "than", "about", "nearly", "almost",
    "roughly", "around", "some", "each", "every", "both", "either", "neither",
})
# headline verbs: "Mayor Says", "Poll Shows"
_HEADLINE_VERB = re.compile(r"\b(?:Says|Said|Shows|Finds|Claims|Reports|Warns|Tells)\b$")
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
    if not words or any(ch.isdigit() for ch in text) or "%" in text:
        return False
    first = words[0].lower().strip("\"“”'‘’")
    if first in PRONOUN_KIND or first in _NOT_FIRST:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
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
