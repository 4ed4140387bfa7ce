"""Naming the countries and bodies that move quantities, consistently within one report.

Reports call one actor by many names ("Tunis", "Tunisian officials", "the Tunisian
Republic"); the ledger can only compare claims when they agree, so every actor goes through
:class:`ActorNormaliser`. Countries, capitals and demonyms come from ``claimledger.geo`` (GeoNames
plus English's demonym endings); what a report itself says resolves the rest ("Ostrelian" ->
Ostrel when the report names Ostrel).
"""

from __future__ import annotations

import re

from claimledger.geo import gazetteer

# "the Ostrel Federation" and "Ostrel" are one actor; "United Kingdom" is not "United"
_STATE_FORM = re.compile(
    r"^(?:(?:federal\s+)?(?:federation|republic|kingdom|principality|sultanate|emirate)\s+of\s+"
    r"(?P<after>.+)|(?P<before>.+?)\s+(?:federal\s+republic|federation|republic|kingdom|"
    r"principality|sultanate|emirate))$",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({"united", "central", "democratic", "people's", "peoples", "islamic",
                        "arab", "federal", "socialist", "popular", "new", "south", "north",
                        "east", "west", "soviet", "holy", "dominican", "czech"})
# demonym endings, longest first, with what the country name ends in instead
_DEMONYM_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ians", ("ia", "", "a", "y")), ("ian", ("ia", "", "a", "y")),
    ("eans", ("ea", "")), ("ean", ("ea", "")), ("ans", ("a", "")), ("an", ("a", "")),
    ("ese", ("", "a")), ("ish", ("", "land")), ("is", ("",)), ("i", ("",)),
)
_BODIES = frozenset({"forces", "force", "troops", "military", "army", "government",
                     "authorities", "officials", "regime", "navy", "side"})
_DROP = re.compile(r"^(?:the|a|an|its|their|his|her|our|both)\s+", re.IGNORECASE)


class ActorNormaliser:
    """Maps actor mentions to one name per report ("the North" -> "North Korea")."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def observe(self, name: str) -> None:
        """Remember a full state name the report uses, for "the North" style references."""
        if name and name not in self.seen:
            self.seen.append(name)

    def demonym(self, word: str) -> str | None:
        """The actor behind a demonym: the table, else a name this report uses that the
        word is formed from ("Ostrelian" -> Ostrel, "Carpanian" -> Carpania)."""
        key = word.replace("’", "'").strip().lower()
        known = gazetteer().demonym(word.strip())
        if known is not None:
            return known
        if not word[:1].isupper() or " " in key:
            return None
        seen = {s.lower(): s for s in self.seen}
        for ending, stems in _DEMONYM_ENDINGS:
            if key.endswith(ending) and len(key) > len(ending) + 2:
                base = key[: -len(ending)]
                for stem in stems:
                    if base + stem in seen:
                        return seen[base + stem]
        return None

    def _state_form(self, raw: str) -> str | None:
        """"the Ostrel Federation" -> Ostrel; "the Durovian Republic" -> Durovia."""
        m = _STATE_FORM.match(raw)
        if m is None:
            return None
        short = (m.group("after") or m.group("before") or "").strip()
        if not short or short.lower() in _NOT_NAMES or not short[:1].isupper():
            return None
        by_demonym = self.demonym(short)
        if by_demonym is not None:
            return by_demonym
        if short.lower().endswith("ian") and " " not in short:
            return short[:-1]  # "Durovian Republic" -> Durovia, though the report never says it
        if short.lower().endswith(("an", "ese", "ish")):
            return None  # an adjective we cannot turn into a name: keep the full form
        return self.normalise(short)

    def normalise(self, text: str | None) -> str | None:
        return self._normalise(text, {})

    def _normalise(self, text: str | None, memo: dict[str, str | None]) -> str | None:
        """``normalise``, remembering each prefix it has read: the prefix search below would
        otherwise revisit every shorter prefix from every longer one, exponential in the
        words of a long phrase (a table row the parser took for one noun phrase)."""
        if not text:
            return None
        if text in memo:
            return memo[text]
        memo[text] = found = self._read(text, memo)
        return found

    def _read(self, text: str, memo: dict[str, str | None]) -> str | None:
        raw = " ".join(text.replace("’", "'").split()).strip(" ,.;:'\"")
        raw = re.sub(r"'s?$", "", raw)
        raw = _DROP.sub("", raw)
        key = raw.lower()
        if not key:
            return None
        country = gazetteer().country(raw)
        if country is not None:
            return country
        by_demonym = self.demonym(raw)
        if by_demonym is not None:
            return by_demonym
        state = self._state_form(raw)
        if state is not None:
            return state
        if key in ("north", "south", "west", "east"):
            # "the North" is the report's own "North ..." state, if it names exactly one
            named = {n for n in self.seen if n.lower().startswith(key + " ")}
            if len(named) == 1:
                return named.pop()
            return "the West" if key == "west" else None
        if key in ("it", "they", "them", "he", "she", "we", "who", "which", "that", "its",
                   "their", "his", "her", "our"):
            return None
        words = raw.split()
        if len(words) >= 2 and words[-1].lower() in _BODIES:
            # "Russian forces", "North Korean troops": the state behind them
            state = self.demonym(" ".join(words[:-1]))
            if state is not None:
                return state
        for cut in range(len(words) - 1, 0, -1):
            # "N. Korea Sends" from a title-case headline the tagger ran together
            shorter = self._normalise(" ".join(words[:cut]), memo)
            if shorter is not None and shorter != " ".join(words[:cut]):
                return shorter
            if shorter in self.seen:
                return shorter
        return raw[:1].upper() + raw[1:]


def demonym_state(word: str) -> str | None:
    """The state behind a demonym ("Russian containers" -> Russia), any country's."""
    return gazetteer().demonym(word.replace("’", "'").strip())
