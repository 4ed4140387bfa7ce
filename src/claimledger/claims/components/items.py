"""Component ``cl_items``: what is counted, which verb moves it, and between whom.

Works on the dependency parse: the counted noun is the head the number modifies (or the
object of "of" after "millions"/"a quarter"), the predicate is the nearest verb above it,
and supplier/recipient come from the verb's arguments, with passives and receiving verbs
turned around so that ``subject`` is always the supplier.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger.claims.actors import ActorNormaliser, demonym_state
from claimledger.claims.model import Candidate, candidates
from claimledger.claims.numbers import DURATIONS, MONTHS

RECEIVE = frozenset({"receive", "buy", "purchase", "import", "obtain", "acquire", "get",
                     "take", "accept", "procure", "order"})
TRANSFER = frozenset({"send", "ship", "supply", "provide", "deliver", "transfer", "export",
                      "sell", "give", "transport", "dispatch", "move", "smuggle", "hand",
                      "pledge", "offer", "donate", "load", "funnel", "channel", "route"})
# the cargo moving itself ("4,200 trucks crossed into Ostrel") and what a shipment holds
# ("the trucks could have carried 1.6 million rockets"): part of the report's flow
MOTION = frozenset({"go", "reach", "arrive", "come", "flow", "travel", "head", "pass", "cross",
                    "enter"})
CARGO = frozenset({"contain", "carry", "hold", "load", "pack", "fill"})
# "made the journey", "completed the crossing": the noun is the event
_MOTION_NOUNS: dict[str, str] = {"journey": "travel", "trip": "travel", "voyage": "travel",
                                 "crossing": "cross", "passage": "cross", "run": "travel"}
# "put the number at 4,200": a figure stated, not moved
_FIGURE_VERBS = frozenset({"put", "place", "peg", "set", "estimate", "fix"})
_FIGURE_NOUNS = frozenset({"number", "figure", "total", "count", "tally", "toll", "estimate"})


# "gave the party a two-in-three chance": odds a speaker gives are the speaker's figure
_ODDS_NOUNS = frozenset({"chance", "odds", "probability", "likelihood"})


def figure_verb(verb: Token) -> bool:
    """Whether the verb states a figure ("Velk put the number at about 4,200 trucks", "gave
    Ruiz a one-in-four chance"): its subject is the claimer, and it moves nothing."""
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    return any(c.dep_ == "dobj" and (
        (lemma in _FIGURE_VERBS and c.lemma_.lower() in _FIGURE_NOUNS) or
        (lemma == "give" and c.lemma_.lower() in _ODDS_NOUNS and
         any(t.like_num for t in c.subtree))) for c in verb.children)

_LIGHT_VERBS = frozenset({"conduct", "carry", "make", "stage", "hold", "perform", "complete",
                          "launch", "begin", "start", "order", "approve", "announce"})
TEMPORAL_PREPS = frozenset({"in", "over", "for", "during", "within", "after", "since",
                            "before", "until", "ago", "later", "earlier", "past", "last",
                            "next", "by", "throughout"})
MEASURED_PREPS = frozenset({"for", "by"})
_MORE_OF = frozenset({"more", "fewer", "others", "other", "less"})
_ELLIPSIS_CUES = frozenset({"another", "more", "further", "additional", "other"})
_MULTIPLIED = frozenset({"as", "the", "that", "what", "more", "less", "over", "higher",
                         "larger", "bigger", "greater", "faster", "smaller", "lower"})
_SHORT_SPANS = frozenset({"second", "minute", "hour"})
_NOT_ITEMS = frozenset(MONTHS) | {"%", "percent", "time", "times", "am", "pm", "cent",
                                   "point", "dollar", "euro", "pound"}
_ACTOR_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC"})


def _compound_text(tok: Token) -> str:
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod") and t.ent_type_ in
            _ACTOR_ENTS | {""} and t.i == tok.i - 1]
    start = left[0].left_edge.i if left and left[0].dep_ == "compound" else tok.i
    if tok.ent_type_ and tok.ent_iob_ != "B":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            return ent.text
    return tok.doc[start:tok.i + 1].text


ACTOR_NOUNS = frozenset({
    "government", "military", "army", "regime", "country", "nation", "state", "force",
    "official", "ally", "navy", "ministry", "administration", "authority", "troop", "bloc",
    "union", "alliance", "kingdom", "republic", "leader", "president", "company", "firm",
    "manufacturer", "supplier", "buyer",
})


def is_actor(tok: Token) -> bool:
    """Whether a token can name who supplies or receives (not "the containers")."""
    if tok.ent_type_ in _ACTOR_ENTS or tok.pos_ == "PROPN":
        return True
    if demonym_state(tok.text):
        return True
    return tok.lemma_.lower() in ACTOR_NOUNS


def actor_text(tok: Token | None) -> str | None:
    """The actor phrase for a token: its entity when it has one, else the noun itself."""
    if tok is None:
        return None
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if not is_actor(tok):
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    sub = [t for t in tok.subtree if (t.i <= tok.i and t.dep_ in ("compound", "amod", "det",
                                                                 "poss", "case")) or t.i == tok.i]
    start = min(t.i for t in sub)
    return tok.doc[start:tok.i + 1].text


def _actors(tok: Token | None) -> list[Token]:
    if tok is None:
        return []
    return [tok, *[c for c in tok.conjuncts]]


def _child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_obj(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            obj = _child(c, ("pobj",))
            if obj is not None:
                return obj
    return None


def _item_head(doc: Doc, cand: Candidate) -> Token | None:
    last = doc[cand.last]
    q = cand.quantity
    if q.unit in DURATIONS:
        for tok in doc[cand.last + 1:cand.last + 6]:
            if tok.idx >= q.end:
                break
            if tok.lemma_.lower().startswith(q.unit):
                return tok
        return last
    # "millions of shells", "a quarter of the presence", "4% of the shells", "50 kg of fuel"
    nxt = doc[cand.last + 1] if cand.last + 1 < len(doc) else None
    owners = [last]
    if q.unit is not None and nxt is not None and not nxt.is_punct:
        owners.append(nxt)
    if nxt is not None and nxt.lower_ in _MORE_OF:
        owners.append(nxt)  # "two more of the devices", "three others of the group"
    if nxt is not None and nxt.lower_ in ("%", "percent", "per"):
        owners.append(nxt)
        if nxt.lower_ == "per" and cand.last + 2 < len(doc):
            owners.append(doc[cand.last + 2])
    for tok in owners:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and (tok is not last or not last.like_num or tok.lower_ in (
                "dozen", "quarter", "half", "third")):
            obj = _child(of, ("pobj",))
            if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                return obj
    head = last.head
    if last.dep_ in ("nummod", "quantmod", "compound", "amod", "det", "nmod", "npadvmod") and \
            head.pos_ in ("NOUN", "PROPN") and head.i > cand.last:
        return head
    # fall back to the first noun after the number, ending its compound chain
    for tok in doc[cand.last + 1:cand.last + 5]:
        if tok.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "PRON", "DET") and \
                tok.lower_ != "of":
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if (nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.head.i == nxt.i + 0) \
                    or (nxt is not None and tok.head == nxt):
                continue
            return tok
    return None


def _singular(word: str) -> str:
    """A title-case headline tags common nouns as proper ones; lemmatise them by rule."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _item_span(doc: Doc, cand: Candidate, head: Token) -> tuple[int, int]:
    """Token range of the item as written: from after the number to the head's modifiers."""
    start = cand.last + 1
    if head.i < start:
        start = head.i
    end = head.i + 1
    for tok in doc[head.i + 1:min(len(doc), head.i + 9)]:
        if tok.is_punct or tok.dep_ in ("cc", "relcl", "appos") or not _is_under(tok, head):
            break
        if tok.lower_ in ("to", "from", "since", "in", "into", "through", "for", "via"):
            break
        end = tok.i + 1
    while start < end and doc[start].lower_ in ("of", "’", "'", "'s", "’s", "worth", "the",
                                                "%", "percent", "its", "their", "a", "an"):
        start += 1
    return start, end


def _is_under(tok: Token, head: Token) -> bool:
    return any(a.i == head.i for a in tok.ancestors)


DEVERBAL: dict[str, str] = {
    "firing": "fire", "delivery": "deliver", "shipment": "ship", "transfer": "transfer",
    "supply": "supply", "provision": "provide", "sale": "sell", "purchase": "buy",
    "export": "export", "import": "import", "launch": "launch", "pledge": "pledge",
    "donation": "donate", "transport": "transport", "shipping": "ship", "sending": "send",
}


def _predicate(head: Token) -> Token | None:
    tok = head
    for _ in range(8):
        if tok.pos_ == "VERB":
            return tok
        if tok is not head and tok.pos_ == "NOUN" and tok.lemma_.lower() in DEVERBAL:
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject (climbing through xcomp/conj/advcl) and whether it is passive."""
    if verb.pos_ == "NOUN":
        # a deverbal noun ("firing of 2,400 shells"): its possessor, or the subject of a
        # light verb that performs it ("Iran conducted a test firing"), nothing further up
        poss = _child(verb, ("poss",))
        if poss is not None:
            return poss, False
        if verb.dep_ in ("dobj", "attr") and verb.head.lemma_.lower() in _LIGHT_VERBS:
            return _child(verb.head, ("nsubj",)), False
        return None, False
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            break
        subj = _child(tok, ("nsubj", "nsubjpass", "csubj"))
        if subj is not None:
            # a passive above the verb ("is suspected of having supplied") is not its own
            return subj, subj.dep_ == "nsubjpass" and tok is verb
        poss = _child(tok, ("poss",)) if tok.pos_ == "NOUN" else None
        if poss is not None and poss.pos_ == "PRON":
            poss = _antecedent(poss)  # "pressed the Compact to honour its pledge to supply"
        if poss is not None:
            return poss, False
        if tok.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "pobj", "prep", "dobj"):
            tok = tok.head
        else:
            break
    return None, False


# "about 1.5 million rockets, down from the 1.6 million given earlier": the earlier figure
DEMONYM_SHAPE = re.compile(r"[a-z](?:ian|ean|an|ese|ish|i)$")
_REVISED_FROM = re.compile(
    r"\b(?:down|up|revised(?:\s+(?:down|up)(?:wards?)?)?|lowered|raised|cut|increased|"
    r"decreased|rose|fell|rising|falling|climbed|dropped)\s+from\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)


def _borrow_revised(doc: Doc, cands: list[Candidate]) -> None:
    """A figure a sentence revises from counts what the sentence's main figure counts, moved
    by the same verb between the same actors."""
    for cand in cands:
        if cand.item_lemma is not None or cand.quantity.unit is not None:
            continue
        if not _REVISED_FROM.search(doc.text[: cand.quantity.start]):
            continue
        main = min((c for c in cands if c is not cand and c.item_lemma and c.predicate),
                   key=lambda c: abs(c.first - cand.first), default=None)
        if main is None:
            continue
        cand.item, cand.item_lemma, cand.item_head = main.item, main.item_lemma, main.item_head
        cand.predicate, cand.predicate_i = main.predicate, main.predicate_i
        cand.subject, cand.recipient = main.subject, main.recipient
        cand.origin, cand.refers_to, cand.temporal = main.origin, main.refers_to, False


def _antecedent(pronoun: Token) -> Token | None:
    """The body an "its"/"their" stands for: the nearest organisation or state named before
    it in the sentence, or None."""
    if pronoun.lower_ not in ("its", "their"):
        return None
    ents = [e for e in pronoun.doc.ents if e.end <= pronoun.i and e.label_ in ("ORG", "GPE")]
    return ents[-1].root if ents else None


def _bare_part(number: Token, before: list[str]) -> bool:
    """ "Of the 10 senators ..., six are on the ballot", "33 seats, with 23 held by
    Democrats", "HSBC has 2,300 firms, UBS has 1,100": a bare number where a noun would
    stand, after a count in the same sentence."""
    if number.dep_ in ("nsubj", "nsubjpass", "dobj") and number.head.pos_ in ("VERB", "AUX"):
        return True
    return bool(before) and before[-1] == "with" and any(
        c.dep_ == "acl" for c in number.children)


def _last_count(cands: list[Candidate], cand: Candidate) -> Candidate | None:
    """The sentence's last count of things (no unit) before ``cand``: what an elliptical or
    partitive number borrows its noun from."""
    return max((c for c in cands if c.last < cand.first and c.item_lemma and
                c.quantity.unit is None and c.quantity.reason is None),
               key=lambda c: c.last, default=None)


def _borrow_ellipsis(doc: Doc, cands: list[Candidate]) -> None:
    """ "Nine flights were canceled and another 17 delayed", "four officers at the door and
    another two in the lot": a bare number after "another", "more" or "and" counts what the
    sentence's previous count counts."""
    for cand in cands:
        q = cand.quantity
        if cand.item_lemma is not None or q.unit is not None or q.reason is not None:
            continue
        before = [t.lower_ for t in doc[max(0, cand.first - 2):cand.first]]
        number = doc[cand.last]
        if "than" in before or q.qualifier:
            continue  # "drew more than 3,000": a qualifier, not "another 3,000"
        cued = bool(set(before) & _ELLIPSIS_CUES) or number.dep_ == "conj"
        if not (cued or _bare_part(number, before)):
            continue
        main = _last_count(cands, cand)
        if main is None or not (cued or (
                main.quantity.value is not None and q.value is not None and
                q.value <= main.quantity.value)):
            continue  # a bare part is no larger than the count it is part of
        cand.item, cand.item_lemma, cand.item_head = main.item, main.item_lemma, main.item_head
        if cand.predicate is None:
            cand.predicate, cand.predicate_i = main.predicate, main.predicate_i
        cand.temporal = False


# "three of them", "five of whom", "three of the four": a part of a group named before
_GROUP_WORDS = frozenset({"them", "those", "these", "whom", "which", "us"})


def _group_of(number: Token) -> Token | None:
    """The word after the number's "of" when it stands for a group named before."""
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if obj is None:
        return None
    if obj.lower_ in _GROUP_WORDS or (obj.like_num and any(
            d.dep_ == "det" and d.lower_ in ("the", "those", "these") for d in obj.children)):
        return obj
    return None


def _borrow_partitive(doc: Doc, cands: list[Candidate]) -> None:
    """ "Of the 31 suspects, 15 of them had no papers", "the men, five of whom fled": a part
    of a group counts what the group is; the group is the relative's noun or the sentence's
    previous count. With neither in the sentence, the candidate is marked for the report
    to fill from the sentence before ("Four officers were there. Three of them ...")."""
    for cand in cands:
        q = cand.quantity
        if cand.item_lemma is not None or q.unit is not None or q.reason is not None:
            continue
        group = _group_of(doc[cand.last])
        if group is None:
            continue
        noun = None
        if group.lower_ in ("whom", "which"):
            verb = next((a for a in group.ancestors if a.dep_ == "relcl"), None)
            if verb is not None and verb.head.pos_ in ("NOUN", "PROPN"):
                noun = verb.head
        if noun is not None:
            cand.item, cand.item_lemma = noun.text, noun.lemma_.lower()
            cand.item_head, cand.item_end = noun.i, noun.idx + len(noun.text)
            continue
        main = _last_count(cands, cand)
        if main is not None:
            cand.item, cand.item_lemma, cand.item_head = main.item, main.item_lemma, main.item_head
        else:
            cand.partitive = True


@Language.component("cl_items")
def find_items(doc: Doc) -> Doc:
    _find_items(doc)
    _borrow_revised(doc, candidates(doc))
    _borrow_ellipsis(doc, candidates(doc))
    _borrow_partitive(doc, candidates(doc))
    return doc


# "killing three and wounding 16", "two are injured", "left four dead": casualty figures
# name no noun; they count people
_CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "die", "hurt", "shoot", "murder",
                             "hospitalize", "hospitalise", "rescue", "evacuate", "arrest"})
# the state a casualty figure is in, read as the verb that put it there
_CASUALTY_STATES: dict[str, str] = {"dead": "die", "killed": "kill", "dying": "die",
                                    "injured": "injure", "wounded": "wound", "hurt": "injure",
                                    "missing": "miss", "alive": "survive"}


def _counts_people(number: Token) -> Token | None:
    """The casualty verb or state a bare number counts people for, or None."""
    head = number.head
    if number.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ == "VERB" and \
            head.lemma_.lower() in _CASUALTY_VERBS:
        return head
    if number.dep_ == "nsubj" and head.lower_ in _CASUALTY_STATES:
        return head  # "two are missing", parsed as a progressive verb
    if number.dep_ == "nsubj" and head.lemma_ == "be":
        return next((c for c in head.children if c.dep_ == "acomp" and
                     c.lower_ in _CASUALTY_STATES), None)  # "three are dead"
    if number.dep_ == "nummod" and head.lower_ in _CASUALTY_STATES and head.dep_ in (
            "oprd", "dobj", "acomp", "nsubj"):
        return head  # "left four dead"
    return None


def _occasions(head: Token) -> bool:
    """ "failed three times", "was searched four times": a count of occasions, unlike a
    multiplier ("three times as fast", "four times the rate")."""
    if head.lemma_.lower() != "time" or head.dep_ not in ("npadvmod", "advmod", "dobj") or \
            head.head.pos_ != "VERB":
        return False
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    return nxt is None or (nxt.lower_ not in _MULTIPLIED and nxt.tag_ not in ("JJR", "RBR"))


def _find_items(doc: Doc) -> None:
    for cand in candidates(doc):
        head = _item_head(doc, cand)
        if head is not None and (head.lower_ in _NOT_ITEMS or head.lemma_.lower() in _NOT_ITEMS
                                 ) and not _occasions(head):
            head = None
        number = doc[cand.last]
        bare = head is None and cand.quantity.unit is None and number.pos_ == "NUM"
        event = _counts_people(number) if bare else None
        if event is not None:
            cand.item, cand.item_lemma, cand.item_head = "people", "people", number.i
            cand.item_end = cand.quantity.end
            cand.predicate = _CASUALTY_STATES.get(event.lower_, event.lemma_.lower())
            cand.predicate_i = event.i
            continue
        if head is not None:
            start, end = _item_span(doc, cand, head)
            if start >= end:
                start, end = head.i, head.i + 1
            cand.item = doc[start:end].text
            cand.item_lemma = head.lemma_.lower() if head.pos_ != "PROPN" else _singular(
                head.lower_)
            cand.item_head = head.i
            cand.item_end = doc[end - 1].idx + len(doc[end - 1].text)
            for mod in head.lefts:
                state = demonym_state(_compound_text(mod)) or demonym_state(mod.text)
                if state is None and mod.text[:1].isupper() and (
                        mod.ent_type_ == "NORP" or DEMONYM_SHAPE.search(mod.text)):
                    # a demonym outside the table ("Ostrelian trucks"): the report's actor
                    # names resolve it later (ActorNormaliser.demonym)
                    state = mod.text
                if state and mod.dep_ in ("amod", "compound", "nmod"):
                    cand.origin = state
        anchor = head if head is not None else doc[cand.last]
        cand.temporal = _is_temporal(doc, cand, anchor)
        verb = _predicate(anchor)
        if head is None:
            # the parser may hang "at 900,000" on "delivered" rather than on "put"
            verb = next((a for a in anchor.ancestors if figure_verb(a)), verb)
        if verb is None:
            continue
        if head is None and figure_verb(verb):
            # "put the number of rockets delivered at 900,000": the number's "of" object
            counted = next((c for c in verb.children if c.dep_ == "dobj"), None)
            of = _prep_obj(counted, ("of",)) if counted is not None else None
            if of is not None and of.pos_ == "NOUN":
                cand.item, cand.item_lemma, cand.item_head = of.text, of.lemma_.lower(), of.i
        cand.predicate = DEVERBAL.get(verb.lemma_.lower(), verb.lemma_.lower())
        if verb.lemma_.lower() in _LIGHT_VERBS:
            event = _child(verb, ("dobj",))
            if event is not None and event.lemma_.lower() in _MOTION_NOUNS:
                cand.predicate = _MOTION_NOUNS[event.lemma_.lower()]
        cand.predicate_i = verb.i
        _direction(cand, verb, anchor)


def _is_temporal(doc: Doc, cand: Candidate, anchor: Token) -> bool:
    if cand.quantity.unit not in DURATIONS:
        return False
    if anchor.dep_ == "pobj" and anchor.head.lower_ in TEMPORAL_PREPS:
        # "closed for nine days", "cuts the trip by 40 minutes" measure how long; "in 16
        # years", "over two weeks" place the event in time
        prep = anchor.head.lower_
        # "was in the moat for ten minutes": a copula measures how long as a verb does
        return not (prep == "by" or (prep in MEASURED_PREPS
                                     and anchor.head.head.pos_ in ("VERB", "AUX")))
    nxt = doc[anchor.i + 1] if anchor.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "ago":
        return True
    if nxt is not None and nxt.lower_ in ("later", "earlier", "before", "after"):
        # "crashed ten minutes after takeoff" measures the gap between two of the story's
        # events; "two years later" only moves the narrative in time
        return cand.quantity.unit not in _SHORT_SPANS
    before = doc[cand.first - 1] if cand.first > 0 else None
    return before is not None and before.lower_ in ("past", "last", "next", "previous", "first")


def _direction(cand: Candidate, verb: Token, anchor: Token) -> None:
    if figure_verb(verb):
        # "Velk put the number at about 4,200 trucks": Velk states the figure; the trucks
        # are the report's trucks, whose direction the report gave earlier
        cand.refers_to = cand.item_lemma or anchor.lemma_.lower()
        return
    subj, passive = _subject_of(verb)
    anchor_is_subject = subj is not None and (subj.i == anchor.i or anchor.i in
                                              [c.i for c in subj.conjuncts])
    receive = verb.lemma_.lower() in RECEIVE
    giver: str | None = None
    taker: str | None = None
    if passive or anchor_is_subject:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        agent_obj = _child(agent, ("pobj",)) if agent is not None else None
        if receive:
            taker = actor_text(agent_obj)
            giver = actor_text(_prep_obj(verb, ("from",)))
        else:
            giver = actor_text(agent_obj) or actor_text(_prep_obj(verb, ("from",)))
            taker = actor_text(_prep_obj(verb, ("to", "for", "into")))
        if anchor_is_subject and not passive:
            # "4,200 trucks crossed from Durovia into Ostrel": the cargo moves itself, and
            # "from" names the supplier; any other agent-like phrase is not one
            giver = None if receive else actor_text(_prep_obj(verb, ("from",)))
            if subj is not None and subj.dep_ != "nsubjpass" and giver is None and taker is None:
                cand.refers_to = anchor.lemma_.lower()
    else:
        agent_tok = subj
        if agent_tok is not None and agent_tok.lower_ in ("who", "which", "that") and \
                agent_tok.head.dep_ == "relcl":
            agent_tok = agent_tok.head.head
        if receive:
            taker = actor_text(agent_tok)
            giver = actor_text(_prep_obj(verb, ("from",)))
        else:
            giver = actor_text(agent_tok)
            dobj = _child(verb, ("dobj", "dative"))
            if dobj is not None and dobj.i != anchor.i and (
                    not any(a.i == dobj.i for a in anchor.ancestors)
                    or anchor.head.lower_ == "with"):
                taker = actor_text(dobj)
            to_obj = _prep_obj(verb, ("to", "into")) or _modifier_to(dobj)
            if to_obj is not None and to_obj.i != anchor.i:
                taker = taker or actor_text(to_obj)
    if taker is None:
        # "a season's worth of fuel for the Ostrelians"
        scope = list(anchor.head.subtree) if anchor.dep_ == "pobj" else list(anchor.subtree)
        for tok in scope:
            if tok.dep_ == "prep" and tok.lower_ in ("for", "to"):
                obj = _child(tok, ("pobj",))
                if obj is not None and (obj.ent_type_ in ("GPE", "NORP") or
                                        demonym_state(obj.text)):
                    taker = actor_text(obj)
                    break
    if giver is None and cand.origin is not None:
        giver = cand.origin
    if subj is not None and subj.dep_ in ("nsubj", "nsubjpass") and subj.i != anchor.i and \
            giver is None and not is_actor(subj) and any(
                d.lower_ in ("the", "these", "those") for d in subj.lefts):
        cand.refers_to = subj.lemma_.lower()
    cand.subject = giver
    cand.recipient = taker


def _modifier_to(obj: Token | None) -> Token | None:
    """The actor of "sent 4,200 trucks loaded with rockets to Ostrel": the parser hangs
    "to Ostrel" on the participle that describes the cargo, not on the verb."""
    if obj is None:
        return None
    for mod in obj.children:
        if mod.dep_ in ("acl", "relcl") and mod.pos_ == "VERB":
            found = _prep_obj(mod, ("to", "into"))
            if found is not None and is_actor(found):
                return found
    return None


FLOW_NOUNS = frozenset({"traffic", "flow", "shipment", "delivery", "transfer", "supply",
                        "export", "trade", "transport", "convoy", "consignment"})


def _noun_flow(doc: Doc, names: ActorNormaliser) -> tuple[str, str] | None:
    """(supplier, recipient) of "the traffic in weapons from Durovia to Ostrel": a flow
    noun followed by one "from" actor and one "to"/"into" actor, wherever the parser hung
    the two phrases."""
    noun = next((t for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in FLOW_NOUNS), None)
    if noun is None:
        return None
    ends: dict[str, list[Token]] = {"from": [], "to": []}
    for tok in doc[noun.i + 1:]:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("from", "to", "into") and is_actor(tok):
            ends["from" if tok.head.lower_ == "from" else "to"].append(tok)
    if len(ends["from"]) != 1 or len(ends["to"]) != 1 or ends["from"][0].i > ends["to"][0].i:
        return None
    giver = names.normalise(actor_text(ends["from"][0]))
    taker = names.normalise(actor_text(ends["to"][0]))
    return (giver, taker) if giver and taker and giver != taker else None


def directions(doc: Doc, names: ActorNormaliser) -> list[tuple[str, str]]:
    """(supplier, recipient) of every transfer verb whose two actors the sentence names,
    and of a flow the sentence names as a noun."""
    found: list[tuple[str, str]] = []
    flow = _noun_flow(doc, names)
    if flow is not None:
        found.append(flow)
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in TRANSFER:
            continue
        subj = _child(verb, ("nsubj",))
        giver = names.normalise(actor_text(subj))
        dobj = _child(verb, ("dobj", "dative"))
        has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
        taker_tok = dobj if has_with else (_prep_obj(verb, ("to", "into"))
                                             or _modifier_to(dobj))
        taker = names.normalise(actor_text(taker_tok))
        if giver and taker and giver != taker:
            found.append((giver, taker))
    return found
