"""A small stopword vote for the report's language.

Only used to label documents and to keep English-only stages off other languages; a few
hundred stopwords decide that reliably without a model download.
"""

from __future__ import annotations

import re
from collections import Counter

from claimledger.text.clean import words_of

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": words_of("the and of to in is that for it was on with as by at from are this be "
                    "have has had not but they which were said would its their will an"),
    "de": words_of("der die das und ist nicht ein eine zu den von mit sich des auf für im dem "
                    "auch es an werden aus er hat dass sie nach wird bei einer um"),
    "fr": words_of("le la les et des est un une du en que qui dans pour pas sur au avec ce il "
                    "sont par plus ne se aux ont été cette elle"),
    "es": words_of("el la los las y de que en un una es por con para del se no al lo como más "
                    "pero sus su fue han ha este esta"),
    "it": words_of("il la di che e è un una per non con del della sono le gli si nel alla dei "
                    "delle anche come ha ma questo"),
    "pt": words_of("o a os as e de que em um uma é do da dos das para com não no na por mais "
                    "foi ao se ele está são"),
    "nl": words_of("de het een en van is dat op te in zijn niet met voor die er aan ook als "
                    "bij door naar maar werd"),
    "sv": words_of("och att det som en på är av för med den till inte har de om ett var jag "
                    "men så från"),
    "pl": words_of("i w nie na się z do że to jest jak o po co ale tak od przez za dla "
                   "już"),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the most likely language, or None when the vote is too thin."""
    sample = text[:20000]
    letters = len(_WORD.findall(sample))
    if letters == 0:
        return None
    for code, script in (("ja", _CJK), ("ko", _HANGUL), ("zh", _HAN), ("ru", _CYRILLIC),
                         ("ar", _ARABIC)):
        if len(script.findall(sample)) > len(sample) * 0.2:
            return code
    words = [w.lower() for w in _WORD.findall(sample)]
    votes: Counter[str] = Counter()
    for word in words:
        for code, stops in _STOPWORDS.items():
            if word in stops:
                votes[code] += 1
    if not votes:
        return None
    ranked = [*votes.most_common(2), ("", 0)]
    (best, count), runner_up = ranked[0], ranked[1][1]
    if count < 3 or count < 0.05 * len(words) or count < 1.3 * runner_up:
        return None
    return best
