"""The small, documented vocabularies reconciliation decides with.

Reconciliation needs to know that "ship" and "deliver" move a quantity the same way (kinds
of event), that a figure "per year" is a rate, and which units measure one dimension. These
are short, general tables of English; countries come from ``claimledger.geo`` and synonyms of
counted things from word vectors (``reconcile.match``), never from a table of one story's
items.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from claimledger.geo import country_of, gazetteer
from claimledger.words import plural


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class ItemFamily:
    """Counted things that measure the same quantity."""

    key: str
    label: str  # plural, for people: "artillery shells (rounds)"
    members: frozenset[str]


def _family(key: str, label: str, *members: str) -> ItemFamily:
    return ItemFamily(key, label, frozenset(members) | {key})


# Counted nouns that are one another's plural or a general word for the same head count.
# Synonyms beyond these ("crew members" and "pilots") are left to the scorer's word vectors:
# a table of a story's own items would only hold on that story.
ITEM_FAMILIES: tuple[ItemFamily, ...] = (
    # "killing three", "three people", "three persons": one head count
    _family("people", "people", "person", "persons", "individual"),
)  # fmt: skip

_FAMILY_BY_MEMBER: dict[str, ItemFamily] = {m: f for f in ITEM_FAMILIES for m in f.members}

# Predicate kinds: verbs that move or state a quantity in the same way. ``receive`` verbs are
# the same flow seen from the other end; reconciliation turns their direction round.
FLOW = "flow"
PREDICATE_KINDS: dict[str, frozenset[str]] = {
    FLOW: _words(
        "send ship supply deliver transfer provide export transport dispatch sell give hand "
        "smuggle move funnel channel offload unload route arm furnish go reach arrive come flow "
        "travel head cross enter"
    ),
    "receive": _words("receive get obtain buy purchase import acquire procure accept"),
    # Verbs that state what a shipment holds: its content is part of the same flow.
    "cargo": _words("contain carry hold load pack fill"),
    "pledge": _words("pledge promise commit vow offer earmark approve"),
    # "pass" is no flow (bills and votes pass), and "shoot" no firing: "five people were shot"
    # is a casualty, "shot 30 rounds" a firing; the verb alone cannot tell, so it names no
    # kind and never keeps two figures apart
    "fire": _words("fire test-fire testfire launch test detonate"),
    "produce": _words("produce manufacture make build assemble"),
    "stock": _words("have possess stockpile store keep own"),
    "casualty": _words("kill die injure wound destroy lose"),
}
_KIND_BY_VERB: dict[str, str] = {v: k for k, verbs in PREDICATE_KINDS.items() for v in verbs}

# Extractors sometimes give the noun that carries the event ("the shipment of", "a pledge of").
_KIND_BY_NOUN: dict[str, str] = {
    **dict.fromkeys(
        _words("shipment delivery transfer supply export sale provision transport "
               "transportation consignment"),
        FLOW,
    ),
    **dict.fromkeys(_words("import purchase acquisition receipt"), "receive"),
    **dict.fromkeys(_words("commitment pledge promise offer"), "pledge"),
    **dict.fromkeys(_words("launch test shot barrage salvo"), "fire"),
    **dict.fromkeys(_words("production manufacture output"), "produce"),
    **dict.fromkeys(_words("stockpile stock inventory reserve arsenal"), "stock"),
}  # fmt: skip

# What happened to the people or things a count counts, read from the words around the
# figure: "50 killed and 53 wounded", "three in critical condition, seven stable", "ten
# passengers aboard". Two counts of the same noun with different outcomes are different
# measures. General news vocabulary, not any one story's wording; the pair scorer learns how
# much a match or a clash weighs.
OUTCOMES: dict[str, str] = {
    **dict.fromkeys(_words(
        "kill killed killing kills dead death deaths die died dies dying fatal fatally "
        "fatality fatalities toll perished lives bodies body slain murdered deceased"),
        "dead"),
    **dict.fromkeys(_words(
        "injure injured injuring injury injuries wound wounded wounding wounds hurt "
        "hospitalized hospitalised hospital treated"), "injured"),
    **dict.fromkeys(_words("critical critically"), "critical"),
    **dict.fromkeys(_words("serious seriously grave"), "serious"),
    **dict.fromkeys(_words("stable"), "stable"),
    **dict.fromkeys(_words("aboard onboard board carrying"), "aboard"),
    **dict.fromkeys(_words("missing unaccounted"), "missing"),
    **dict.fromkeys(_words(
        "arrest arrested arrests detained detain detention custody"), "arrested"),
    **dict.fromkeys(_words(
        "charge charged charges indicted indictment accused"), "charged"),
    **dict.fromkeys(_words("rescued rescue evacuated evacuation saved"), "rescued"),
    **dict.fromkeys(_words("released discharged freed"), "released"),
}  # fmt: skip

# Figures per period are rates, not counts: "a million shells per year" never joins a total.
RATE = re.compile(
    r"\b(?:per|a|an|each|every)\s+(year|month|week|day)\b|\b(annual(?:ly)?|yearly|monthly|"
    r"weekly|daily)\b",
    re.IGNORECASE,
)

# Kinds that describe one and the same flow once direction is normalised.
FLOW_KINDS = frozenset({FLOW, "receive", "cargo"})

_ACTOR_SUFFIXES = (
    "forces", "military", "army", "government", "authorities", "regime", "troops", "officials",
)  # fmt: skip

_TITLES = _words(
    "minister defense defence foreign president prime premier mr mrs ms dr gen general "
    "lt col colonel sen senator rep representative spokesperson spokesman spokeswoman "
    "secretary chief director leader lawmaker ambassador commander admiral deputy vice "
    "chairman chairwoman former acting envoy official"
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation: the key every comparison uses."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def singular(word: str) -> str:
    """A plural-stripping lemma good enough for counted nouns the extractor did not lemmatise."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=16384)
def item_family(item_lemma: str | None, item: str | None) -> tuple[str, str, str] | None:
    """(family key, display label, how it was matched) for a counted item, None when absent."""
    for text in (item_lemma, item):
        if not text:
            continue
        words = [singular(w) for w in fold(text).replace("-", " ").split()]
        if not words:
            continue
        phrase = " ".join(words)
        if phrase in _FAMILY_BY_MEMBER:
            f = _FAMILY_BY_MEMBER[phrase]
            return f.key, f.label, f"'{text}' is listed under {f.label}"
        # the head of an English noun phrase is its last word; "of" phrases put it first
        heads = [words[-1]]
        if "of" in words:
            heads.insert(0, words[words.index("of") - 1] if words.index("of") else words[0])
        for i in range(len(words) - 1):
            pair = f"{words[i]} {words[i + 1]}"
            if pair in _FAMILY_BY_MEMBER:
                heads.insert(0, pair)
        for head in heads:
            if head in _FAMILY_BY_MEMBER:
                f = _FAMILY_BY_MEMBER[head]
                return f.key, f.label, f"head '{head}' of '{text}' is listed under {f.label}"
        head = words[-1]
        return head, plural(head), f"lemma '{head}' of '{text}'"
    return None


def predicate_kind(predicate: str | None) -> str | None:
    """The kind of a predicate lemma; None when absent or unlisted (then it joins only where
    exactly one measure fits, like a claim without a verb)."""
    if not predicate:
        return None
    key = fold(predicate).replace(" ", "-")
    if key in _KIND_BY_VERB:
        return _KIND_BY_VERB[key]
    last = key.split("-")[-1]
    if last in _KIND_BY_VERB:
        return _KIND_BY_VERB[last]
    if last in _KIND_BY_NOUN:
        return _KIND_BY_NOUN[last]
    # "firing", "shipping", "supplying": a verb's -ing noun keeps the verb's kind
    if last.endswith("ing") and len(last) > 5:
        stem = last[:-3]
        for guess in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
            if guess in _KIND_BY_VERB:
                return _KIND_BY_VERB[guess]
    return None


# Plural nouns that name a kind of speaker or agent but nobody in particular: as the
# grammatical subject of a figure ("Authorities said five people died", "officials counted")
# they tell no two measures apart, so reconciliation treats them as no actor.
GENERIC_AGENTS = frozenset({
    "authorities", "officials", "police", "investigators", "witnesses", "sources", "experts",
    "analysts", "observers", "reports", "officers", "residents", "people", "someone",
    "they", "critics", "supporters", "lawmakers", "researchers", "scientists", "doctors",
})


def generic_agent(name: str | None) -> bool:
    """True for "authorities", "the officials", "local police": nobody in particular."""
    words = fold(name or "").split()
    while words and words[0] in ("the", "some", "local", "many", "several", "other"):
        words = words[1:]
    return len(words) == 1 and words[0] in GENERIC_AGENTS


@lru_cache(maxsize=16384)
def canonical_actor(name: str | None) -> str | None:
    """One display name per actor: names, capitals and demonyms of any country map to the
    country (``claimledger.geo``); "Russian forces" is Russia; anything else keeps its name."""
    if name is None:
        return None
    raw = " ".join(name.replace("’", "'").split()).strip()
    if not raw:
        return None
    country = country_of(raw)
    if country is not None:
        return country
    # "the Government of Costa Rica", "the people of Ukraine": the state itself
    m = re.match(r"^(?:the\s+)?(?:government|governments|people|state|republic|authorities)"
                 r"\s+of\s+(?:the\s+)?(.+)$", raw, re.IGNORECASE)
    if m and country_of(m.group(1)) is not None:
        return country_of(m.group(1))
    words = raw.split()
    while len(words) > 1 and fold(words[-1]) in _ACTOR_SUFFIXES:
        words = words[:-1]
        country = country_of(" ".join(words))
        if country is not None:
            return country
    return " ".join(name.replace(".", "").split())


def is_title_word(word: str) -> bool:
    return word in _TITLES


def unit_key(unit: str | None) -> str:
    """Units that measure the same dimension compare equal; absent units compare as counts."""
    if not unit:
        return ""
    key = fold(unit)
    aliases = {
        "percent": "%", "per cent": "%", "pct": "%", "%": "%",
        "dollar": "usd", "dollars": "usd", "us dollar": "usd", "usd": "usd", "$": "usd",
        "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "metric ton": "t",
        "kilometre": "km", "kilometer": "km", "km": "km",
    }  # fmt: skip
    return aliases.get(key, key)


def known_actor(name: str) -> str | None:
    """The display name when ``name`` names a country or bloc, else None."""
    return country_of(name)


def actor_aliases(name: str) -> frozenset[str]:
    """Folded strings that mention an actor: its names, capital and demonyms, plus itself."""
    return frozenset(fold(a).replace("-", " ") for a in gazetteer().aliases(name)) | {
        fold(name).replace("-", " ")}
