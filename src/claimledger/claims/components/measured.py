"""Component ``cl_measured``: what a figure measures, whose it is, and what kind of figure.

A count names what it counts ("4,200 trucks"); money, shares and durations usually do not:
"paid $43 million in federal taxes", "an effective rate of 35.7 percent", "a 60-day
suspension", "the $5.7 billion he demanded for the wall". Alignment and the brief need a
phrase for those too, so this component reads it off the parse, in this order of evidence:

1. the noun the figure is "of" or that it sizes: "a rate of 35.7 percent", "a 60-day
   suspension", "the 48-page indictment" (the figure modifies the noun);
2. the subject of a copula: "the unemployment rate was 4.1 percent";
3. what the money is in or for: "$750,000 in campaign money", "$5.7 billion for the wall";
4. the verb that moves or states it, as a participle: "(amount) paid", "(amount) demanded".

Owner: a possessive on that noun ("Trump's tax rate"), else the verb's subject when it is a
person, organisation or place. Kind of figure: from cue words around the figure, kept as
data in ``KIND_CUES`` so they can be read, tested and extended in one place.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger.claims.model import Candidate, candidates

# Cue lemmas (on the figure's verb chain, its modifiers or its noun) -> kind of figure.
# Order matters: the first kind whose cue appears wins.
KIND_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("capacity", frozenset({"capacity", "fit", "accommodate", "seat", "hold-able"})),
    ("limit", frozenset({"maximum", "max", "cap", "limit", "ceiling"})),
    ("target", frozenset({"target", "goal", "pledge", "promise", "commit", "aim", "plan",
                          "vow", "propose", "proposal", "seek", "request", "demand", "ask"})),
    ("forecast", frozenset({"forecast", "project", "projection", "expect", "predict",
                            "outlook", "will"})),
    ("estimate", frozenset({"estimate", "estimated", "believe", "suspect", "likely",
                            "assess"})),
)
_MODAL_CAPACITY = frozenset({"could", "can", "might", "may"})
_CARRY = frozenset({"hold", "carry", "contain", "fit", "accommodate", "seat", "store"})
_OWNER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NOT_PROPERTY = frozenset({"%", "percent", "cent", "dollar", "euro", "pound", "point",
                           "time", "times", "year", "month", "week", "day", "hour", "minute",
                           "tune", "total", "sum", "figure", "number"})
# nouns of phrases that only approximate a figure: "in the region of", "on the order of"
_APPROXIMATORS = frozenset({"region", "neighborhood", "neighbourhood", "excess", "upwards",
                            "vicinity"})
# past participles English does not form with -ed, for the verbs that move or state figures
_IRREGULAR = {"lead": "led", "win": "won", "get": "got", "give": "given", "take": "taken",
              "build": "built", "spend": "spent", "pay": "paid", "raise": "raised",
              "come": "come", "bring": "brought", "send": "sent", "sell": "sold",
              "buy": "bought", "lose": "lost", "make": "made", "find": "found",
              "put": "put", "set": "set", "cut": "cut", "hold": "held", "tell": "told",
              "say": "said", "see": "seen", "show": "shown", "owe": "owed", "tie": "tied",
              "cost": "cost", "hit": "hit", "spread": "spread", "bid": "bid", "bet": "bet",
              "seek": "sought", "keep": "kept", "leave": "left", "rise": "risen"}


def _phrase(noun: Token) -> str:
    """The noun with its compounds and adjectives: "effective tax rate"."""
    left = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not t.like_num]
    start = min([t.i for t in left] + [noun.i])
    words = [t.text for t in noun.doc[start:noun.i + 1] if not t.like_num and t.text not in
             ("-", "$")]
    return " ".join(words)


def _figure_tokens(doc: Doc, cand: Candidate) -> list[Token]:
    """The figure's last number and the token after it (its unit word, when it has one):
    the parser hangs a figure's relations on either."""
    return list(doc[cand.last:min(cand.last + 2, len(doc))])


def _sized_noun(doc: Doc, cand: Candidate) -> Token | None:
    """The noun a figure is "of" or modifies: "a rate of 35.7 percent", "a 60-day
    suspension"."""
    for tok in _figure_tokens(doc, cand):
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            if head.head.lower_ in _NOT_PROPERTY or head.head.lower_ in _APPROXIMATORS:
                continue  # "to the tune of $3.5 billion", "in the region of 400": wording
            return head.head
        if tok.dep_ in ("compound", "amod", "nummod", "npadvmod", "nmod") and \
                head.pos_ == "NOUN" and head.i > tok.i and head.lower_ not in _NOT_PROPERTY:
            return head
    return None


# verbs that state where a quantity stands or moved to: "the rate fell to 38 percent"
_LEVEL_VERBS = frozenset({"be", "fall", "rise", "climb", "drop", "reach", "stand", "hit",
                          "grow", "jump", "increase", "decrease", "decline", "slip", "surge",
                          "total", "come", "top", "exceed"})


def _copular_subject(doc: Doc, cand: Candidate) -> Token | None:
    """The subject of "the rate was 4.1 percent" or "the rating fell to 38 percent"."""
    for tok in _figure_tokens(doc, cand):
        verb = tok.head
        if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("to", "at", "by"):
            verb = verb.head
        elif tok.dep_ not in ("attr", "acomp", "dobj", "npadvmod"):
            continue
        if verb.lemma_.lower() in _LEVEL_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "NOUN":
                return subj
    return None


def _in_or_for(doc: Doc, cand: Candidate) -> Token | None:
    """ "$750,000 in campaign money", "$5.7 billion for the wall": the object of in/for
    hung on the figure, or on its verb after the figure ("set aside $3 million for the
    bridge")."""
    hosts = list(doc[cand.first:cand.last + 2])
    if cand.predicate_i is not None and doc[cand.last].head.i == cand.predicate_i:
        hosts.append(doc[cand.predicate_i])
    for tok in hosts:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "for", "on") and \
                    child.i > cand.last:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and \
                        obj.lower_ not in _NOT_PROPERTY and obj.ent_type_ not in ("DATE",):
                    return obj
    return None


def _verb(doc: Doc, cand: Candidate) -> Token | None:
    if cand.predicate_i is None:
        return None
    tok = doc[cand.predicate_i]
    return tok if tok.pos_ in ("VERB", "AUX", "NOUN") else None


def measured_noun(doc: Doc, cand: Candidate) -> Token | None:
    """The noun a figure sizes or states: "a rate of 35.7 percent", "the rate was 4.1"."""
    return _sized_noun(doc, cand) or _copular_subject(doc, cand)


def measured_phrase(doc: Doc, cand: Candidate, noun: Token | None) -> str | None:
    """What a figure without a counted noun measures, as a short phrase; None for counts.
    ``noun`` is its ``measured_noun``."""
    if cand.item is not None:
        return None
    if noun is not None:
        return _phrase(noun)
    obj = _in_or_for(doc, cand)
    verb = _verb(doc, cand)
    unit = cand.quantity.unit or ""
    base = "money" if unit.isupper() else "share" if unit in ("%", "percent") else "amount"
    if obj is not None:
        prep = obj.head.lower_
        return f"{base} {prep} {_phrase(obj)}" if prep != "in" else _phrase(obj)
    if verb is not None and verb.lemma_ not in ("be", "have"):
        return f"{base} {_participle(verb)}"
    return None


def _participle(verb: Token) -> str:
    """ "demanded", "paid", "led": the verb as the participle that names the amount."""
    if verb.pos_ == "NOUN":
        return f"in the {verb.lemma_.lower()}"
    if verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.lemma_.lower() not in _IRREGULAR):
        return verb.text.lower()
    lemma = verb.lemma_.lower()
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def owner(doc: Doc, cand: Candidate, noun: Token | None) -> str | None:
    """Whose figure it is: a possessive on what it measures (``noun``, its
    ``measured_noun``), else the verb's named subject."""
    anchor = noun
    if anchor is None and cand.item_head is not None:
        anchor = doc[cand.item_head]
    if anchor is not None:
        poss = next((c for c in anchor.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ != "PRON":
            return _entity_text(poss)
    if cand.subject:
        return cand.subject
    verb = _verb(doc, cand)
    if verb is not None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.ent_type_ in _OWNER_ENTS:
            return _entity_text(subj)
    return None


def _entity_text(tok: Token) -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return tok.text


def figure_kind(doc: Doc, cand: Candidate) -> str:
    """reported (default), estimate, capacity, limit, target or forecast."""
    verb = _verb(doc, cand)
    lemmas: set[str] = set()
    if verb is not None:
        chain = [verb, *list(verb.ancestors)[:2]]
        for v in chain:
            lemmas.add(v.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in v.children
                          if c.dep_ in ("aux", "advmod", "neg", "acomp", "xcomp"))
        if verb.lemma_.lower() in _CARRY and any(
                c.lower_ in _MODAL_CAPACITY for c in verb.children if c.dep_ == "aux"):
            return "capacity"
    window = doc[max(0, cand.first - 3):min(len(doc), cand.last + 3)]
    lemmas.update(t.lemma_.lower() for t in window)
    if cand.quantity.qualifier in ("up to", "as many as", "at most", "no more than"):
        lemmas.add("max")
    if cand.hedge:
        lemmas.add(cand.hedge.lower())
    for kind, cues in KIND_CUES:
        if lemmas & cues:
            return kind
    return "reported"


@Language.component("cl_measured")
def find_measured(doc: Doc) -> Doc:
    for cand in candidates(doc):
        noun = measured_noun(doc, cand)
        cand.measured = measured_phrase(doc, cand, noun)
        cand.owner = owner(doc, cand, noun)
        cand.figure_kind = figure_kind(doc, cand)
    return doc
