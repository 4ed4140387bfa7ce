"""Component ``cl_attribution``: who asserts each figure, in what role, through whom.

Reads speech and cognition verbs above the predicate ("disclosed that", "believes"),
"according to" phrases (a relay when a speaker is also named), reporting nouns ("a
briefing by X") and headline sources ("X did Y: South Korea's defense minister").
Pronoun claimers are left for the extractor to resolve against earlier sentences.
It also records the persons, role-name pairs and states the sentence mentions.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.claims.components.items import figure_verb
from claimledger.claims.model import Candidate, candidates, info
from claimledger.claims.speakers import is_speaker_name

SPEECH = frozenset({
    "say", "state", "tell", "disclose", "reveal", "estimate", "believe", "claim", "report",
    "announce", "add", "note", "suggest", "assert", "indicate", "confirm", "allege", "accuse",
    "warn", "assess", "think", "expect", "suspect", "conclude", "insist", "argue", "write",
    "explain", "testify", "brief", "inform", "show", "find", "calculate", "caution",
    "emphasize", "emphasise", "stress", "highlight", "acknowledge", "admit", "predict",
    "mention", "express", "maintain", "contend", "declare", "affirm", "observe",
    "posit", "reckon", "fear", "charge", "tweet", "post", "remark", "share",
    # reporting beyond speech: citing, recalling, answering, boasting, pledging
    "point", "cite", "concede", "recall", "recount", "reply", "respond", "answer", "ask",
    "joke", "quip", "boast", "tout", "brag", "complain", "lament", "pledge", "promise",
    "vow", "project", "forecast", "figure", "guess", "worry", "agree", "recommend", "urge",
    "describe", "publish", "list", "count", "rank", "rate", "log", "record", "document",
    "detail", "deny", "dispute", "counter", "signal", "hint", "elaborate", "clarify",
    "specify", "speculate", "surmise", "theorize", "opine", "proclaim", "retort", "divulge",
    "attest", "confide", "relay", "identify",
})
# speech acts that judge: what they take up is the speaker's account ("Ruiz blamed cuts
# that eliminated $18 million", "slammed a plan to cut 400 jobs"); as nouns
# ("the truck attack that killed 80", "a call") they are events, not speech
SPEECH_ACTS = frozenset({
    "blame", "slam", "criticize", "criticise", "denounce", "decry", "condemn", "advocate",
    "call", "rule", "assure", "defend", "ridicule", "mock", "lambaste",
})  # not "attack": "gunmen attacked three villages, killing 12" is a deed
SPEECH = SPEECH | SPEECH_ACTS
REPORT_NOUNS = frozenset({"briefing", "assessment", "report", "estimate", "statement",
                          "analysis", "study", "survey", "data", "figures", "intelligence",
                          "assertion", "claim", "allegation", "announcement", "finding",
                          "testimony", "disclosure", "revelation", "calculation", "count",
                          "tally", "projection", "forecast", "review", "audit", "poll",
                          "record", "document", "filing", "database", "statistic", "memo",
                          "research", "investigation", "transcript", "census", "index",
                          "ranking", "model", "paper", "article", "release", "letter"})
# entity labels of a figure: a subject carrying one is what is counted, never who speaks
_FIGURE_ENTS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
# verbs whose subject states its own figure: "the union wants 9 percent"
DEMAND = frozenset({"want", "demand", "seek", "request", "propose"})
# "vows to impose a 35 percent tax": a pledge over an infinitive is the subject's own figure
# (passive, they hedge again: "is expected to lose 40 tanks")
PLEDGES = frozenset({"vow", "promise", "pledge", "threaten", "agree", "urge", "propose",
                     "plan", "offer", "refuse", "recommend", "expect", "hope", "intend"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_RELATIVE = frozenset({"who", "which", "that"})
# plural or generic speakers who speak for a named body
_SPOKESBODIES = frozenset({"government", "official", "representative", "spokesperson",
                           "delegate", "diplomat", "envoy", "member"})
_NAME_ENTS = ("PERSON", "ORG")


def _station(tok: Token) -> bool:
    """ "2 NEWS", "12 News": a broadcaster's name that begins with its channel number."""
    return tok.i > 0 and tok.doc[tok.i - 1].text.isdigit() and tok.doc[tok.i - 1].head == tok \
        and (tok.lower_ == "news" or (tok.is_upper and len(tok) > 1))


def _np_tokens(tok: Token) -> list[Token]:
    # "two senior officials": the count is no part of who speaks
    # "NBC further notes": an adverb the parser hung on the name is no part of it either
    station = _station(tok)
    return [t for t in tok.subtree if (t.i <= tok.i or t.dep_ in ("compound", "flat"))
            and (not (t.dep_ in ("nummod", "quantmod") or t.head.dep_ in ("nummod",
                                                                          "quantmod"))
                 or (station and t.i == tok.i - 1))
            and (t.pos_ != "ADV" or t.i == tok.i)]


_OWNER_PRONOUN = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:.—–-\"“”'")
    text = re.sub(r"['’]s$", "", text)  # "the Directorate's" (estimate) -> the Directorate
    return re.sub(r"^(?:the|a|an)(?:\s+|$)", "", text, flags=re.IGNORECASE)


def _ent_of(tok: Token, labels: tuple[str, ...]) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in labels:
            return ent
    return None


def is_figure(tok: Token) -> bool:
    """ "79 percent (of Democrats) said": the subject is a share of respondents, a figure."""
    return tok.like_num or tok.ent_type_ in _FIGURE_ENTS


def _report_author(tok: Token) -> Token | None:
    """The named author of a report noun: "an analysis by the Ledger", "data from X"."""
    if tok.lemma_.lower() not in REPORT_NOUNS:
        return None
    preps = [*tok.children, *(g for c in tok.children if c.dep_ == "acl"
                              for g in c.children)]  # "a poll conducted by X"
    for prep in preps:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "from", "of"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.ent_type_ in _NAME_ENTS or obj.pos_ == "PROPN"):
                return obj
    return None


def describe(tok: Token) -> tuple[str | None, str | None, str | None]:
    """(claimer, role, pronoun) for a subject token."""
    if is_figure(tok):
        return None, None, None
    author = _report_author(tok)
    if author is not None:
        return describe(author)  # "a poll by Harbor Research": the pollster speaks
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        tok = tok.head.head  # "Mirela Coval, who said ...": the antecedent speaks
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is not None and owner.ent_type_ in ("DATE", "TIME"):
        owner = None  # "Monday's poll": a day owns nothing
    if owner is not None and tok.lemma_.lower() in REPORT_NOUNS:
        # "the directorate's separate estimate said", "its report said": the owner speaks
        if owner.lower_ in ("his", "her"):
            # "his campaign filings show": the person the pronoun means, through the document
            return None, _clean(tok.doc[owner.i + 1:tok.i + 1].text), _OWNER_PRONOUN[owner.lower_]
        return describe(owner) if owner.lower_ not in ("its", "their") else (
            None, None, "it")
    if tok.lower_ in PRONOUNS:
        return None, None, tok.lower_
    members = _members(tok)
    if members is not None:
        return describe(members)  # "a series of countries vowed": the countries
    if tok.lemma_.lower() in _SPOKESBODIES:
        # "governments in the Northern Compact", "officials of the port authority": the body
        where = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in
                      ("in", "of", "from", "at")), None)
        body = next((c for c in where.children if c.dep_ == "pobj"), None) if where else None
        name: str | None = None
        if body is not None:
            ent = _ent_of(body, ("ORG", "GPE", "NORP"))
            if ent is not None and (ent.label_ != "GPE" or len(ent) > 1):
                name = ent.text
            elif ent is None and body.pos_ == "PROPN":
                start = min(t.i for t in body.subtree if (t.i <= body.i and t.dep_ in (
                    "compound", "amod", "det")) or t.i == body.i)
                name = tok.doc[start:body.i + 1].text
        if name:  # a lone place ("officials in Velin") names no body
            return _clean(name), _clean(tok.text), None
    appos = next((c for c in tok.children if c.dep_ == "appos"), None)
    if appos is not None and appos.i == tok.i + 1 and tok.pos_ == "NOUN" and \
            appos.pos_ == "PROPN" and not is_figure(appos):
        # "CNN affiliate Teletica", "the ministry spokesman Ana Ruiz": a description, then
        # the name, with no comma between
        end = appos.i
        while end + 1 < len(tok.doc) and tok.doc[end + 1].pos_ == "PROPN" and \
                tok.doc[end + 1].head.i in (appos.i, end + 1):
            end += 1
        start = min(t.i for t in _np_tokens(tok))
        return (_clean(tok.doc[appos.i:end + 1].text),
                _clean(tok.doc[start:tok.i + 1].text) or None, None)
    person = _ent_of(tok, ("PERSON",))
    if appos is not None and person is not None:
        # "Edda Kroll, a member of parliament's committee": the person, in that role
        return _clean(person.text), _clean(appos_text(appos)) or None, None
    head_tokens = [t for t in _np_tokens(tok) if not (appos is not None and
                                                      t in list(appos.subtree))]
    if appos is not None:
        ent = _ent_of(appos, _NAME_ENTS) or next(
            (e for e in tok.doc.ents if e.label_ in _NAME_ENTS and e.start >= appos.left_edge.i
             and e.end <= appos.right_edge.i + 1), None)
        if ent is not None:
            role = _clean(tok.doc[head_tokens[0].i:tok.i + 1].text) if head_tokens else None
            own = _ent_of(tok, _NAME_ENTS)
            if own is not None and own.label_ == "ORG" and ent.label_ != "PERSON":
                return _clean(own.text), _clean(appos_text(appos)), None
            return _clean(ent.text), role or None, None
    ent = _ent_of(tok, _NAME_ENTS)
    if ent is None:
        ent = next((e for e in tok.doc.ents if e.label_ == "PERSON" and
                    e.start >= tok.left_edge.i and e.end <= tok.i + 1), None)
    if ent is not None and ent.end <= tok.i and tok.pos_ == "PROPN" and all(
            t.pos_ == "PROPN" for t in tok.doc[ent.end:tok.i + 1]):
        # "President Luis Guillermo Solis Rivera": the recogniser stopped inside the name
        ent = tok.doc[ent.start:tok.i + 1]
    if ent is not None and _station(tok.doc[ent.start]):
        ent = tok.doc[ent.start - 1:ent.end]  # "2 NEWS": the number is part of the name
    if ent is not None:
        start = min(t.i for t in head_tokens) if head_tokens else ent.start
        role = _clean(tok.doc[start:ent.start].text) if start < ent.start else None
        if role is not None and role.lower().rstrip(".") in _HONORIFICS:
            role = None  # "Mr." is no role
        # "'s", not the bare apostrophe of a plural inside a name ("Employers' Association")
        owner = next((t for t in ent if t.tag_ == "POS" and t.lower_ in ("'s", "’s")), None)
        if owner is not None and owner.i + 1 < ent.end and tok.doc[owner.i + 1].is_title:
            # "the South's National Intelligence Service": the body is named after the 's
            return _clean(tok.doc[owner.i + 1:ent.end].text), _clean(ent.text), None
        return _clean(ent.text), role or None, None
    if not head_tokens:
        return None, None, None
    start = min(t.i for t in head_tokens)
    if tok.lemma_.lower() in REPORT_NOUNS:
        # "a new national Harbor poll": the poll is named by its author, not its adjectives
        names = [t for t in head_tokens if t.i < tok.i and t.pos_ == "PROPN"]
        if names and any(t.dep_ == "amod" and t.i > names[-1].i for t in head_tokens):
            # "a Harbor national poll": the author, then the noun
            return _clean(tok.doc[names[0].i:names[-1].i + 1].text + " " + tok.text), None, None
        start = max([start - 1, *(t.i for t in head_tokens if t.dep_ == "amod")]) + 1
        while start < tok.i and (tok.doc[start].ent_type_ in ("DATE", "TIME") or
                                 tok.doc[start].tag_ == "POS"):
            start += 1  # "Wednesday's Harbor poll": the day is no part of the name
    if tok.pos_ == "PROPN" and tok.i > start and not _station(tok):
        # "the state railway operator SaltRail": a description, then the name
        name_start = tok.i
        while name_start > start and tok.doc[name_start - 1].pos_ == "PROPN":
            name_start -= 1
        if name_start > start and not tok.doc[name_start - 1].is_title:
            role = _clean(tok.doc[start:name_start].text)
            return _clean(tok.doc[name_start:tok.i + 1].text), role or None, None
    return _clean(tok.doc[start:tok.i + 1].text) or None, None, None


# heads that count their members: who speaks is the members ("a series of countries")
_COLLECTIVES = frozenset({"series", "number", "handful", "couple", "host", "slew", "raft",
                          "string", "bunch", "majority", "minority", "dozen", "dozens",
                          "score", "scores", "hundreds", "thousands", "pair", "trio"})


def _members(tok: Token) -> Token | None:
    if tok.lemma_.lower() not in _COLLECTIVES and tok.lower_ not in _COLLECTIVES:
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of else None


def appos_text(appos: Token) -> str:
    return appos.doc[appos.left_edge.i:appos.right_edge.i + 1].text


def _according(doc: Doc) -> list[str]:
    """Relays named by "according to X" and "citing X", outermost first."""
    found = []
    for tok in doc:
        if tok.lower_ == "citing" and tok.i + 1 < len(doc):
            ent = _ent_of(doc[tok.i + 1], ("ORG", "PERSON"))
            if ent is not None and not (ent.end < len(doc) and doc[ent.end].tag_ == "POS"):
                found.append(_clean(ent.text))
            continue
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            obj = None
            if to is not None:
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = doc[tok.i + 2] if doc[tok.i + 2].dep_ != "punct" else None
            if obj is not None:
                name, _role, _p = describe(obj)
                if name:
                    found.append(name)
    return found


def _according_owner(doc: Doc) -> tuple[str, str] | None:
    """ "according to his campaign filings": the pronoun owning the cited document (for the
    extractor to resolve to the last speaker who fits) and the document's own words."""
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        owner = doc[tok.i + 2]
        pronoun = _OWNER_PRONOUN.get(owner.lower_)
        if pronoun is None:
            continue
        noun = owner.head if owner.dep_ == "poss" and owner.head.i > owner.i else None
        if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.i - owner.i > 4:
            continue
        return pronoun, doc[owner.i + 1:noun.i + 1].text
    return None


def _unsaid(verb: Token) -> bool:
    """ "would require super PACs to disclose donors who gave $10,000", "declined to say":
    a speech verb in the infinitive under a verb that is not itself speech is a saying
    required, planned or refused, not one that was made."""
    # (the parser may hang the infinitive lower: "require PACs that spend money to disclose")
    return verb.head.i != verb.i and any(
        a.lower_ == "to" and a.dep_ == "aux" for a in verb.children) and any(
        a.pos_ in ("VERB", "AUX") and a.lemma_.lower() in _UNSAID_HEADS
        for a in list(verb.ancestors)[:5])


# verbs under which a saying is required, planned, refused or missing ("continued to insist"
# still says it)
_UNSAID_HEADS = frozenset({"require", "decline", "refuse", "plan", "intend", "need", "want",
                           "force", "fail", "compel", "oblige", "order", "ask", "expect",
                           "hope", "aim", "seek", "demand", "urge", "mandate"})


def _raising(verb: Token) -> bool:
    """ "believed to carry", "said to be": a speech verb over an infinitive hedges its
    subject rather than giving it a voice."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    lemma = verb.lemma_.lower()
    return lemma in SPEECH and (passive or lemma not in PLEDGES) and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
        for c in verb.children)


# pledges and demands that voice their own figure ("threatened to impose a 35 percent tax");
# a plan, a refusal or a bid ("plans to move $200 million", "would seek to unlock $3.5
# billion") is an act the report tells, with no voice of its own
_OWN_FIGURE = (PLEDGES | DEMAND) - {"plan", "refuse", "seek", "expect", "intend", "agree"}


def _pledge(verb: Token) -> bool:
    """ "threatened to impose", "hopes to win": an active pledge, plan or demand over an
    infinitive."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in _OWN_FIGURE and not any(
        c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
        for c in verb.children)


def _report_subject(verb: Token) -> bool:
    """ "a poll had the mayor leading", "records list 40 donors": with a report for its
    subject, any verb relays the report's figures."""
    return verb.pos_ in ("VERB", "AUX") and verb.i != 0 and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in REPORT_NOUNS for c in verb.children) and not (
        # "aides noted that the investigation has spent $6 million": the investigation is
        # what the aides speak about, not a voice of its own
        verb.lemma_.lower() not in SPEECH and any(
            a.lemma_.lower() in SPEECH and a.pos_ == "VERB" for a in verb.ancestors))


def _unnamed(tok: Token) -> bool:
    """A bare report noun ("polls", "records", "data"): no author, no owner. People
    ("two officials said ..., according to Reuters") keep their voice."""
    return tok.lemma_.lower() in REPORT_NOUNS and not any(
        t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS or t.dep_ == "poss"
        for t in tok.subtree if t.i <= tok.i)


def _clause_subject(verb: Token) -> Token | None:
    """The nearest subject up the chain of clauses a subjectless verb hangs from."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "prep") or node.head is node:
            return None
        node = node.head
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
    return None


# relations by which a clause hangs off a speech verb as circumstance, not as what is said
_ADJUNCTS = frozenset({"advcl", "npadvmod"})
_CIRCUMSTANCE_PREPS = frozenset({"after", "before", "during", "despite", "amid", "amidst",
                                 "following", "since", "until", "throughout", "ahead"})
# conjunctions that open a circumstance ("even as she signs ...", "while 37 percent say")
_CIRCUMSTANCE_MARKS = frozenset({"as", "while", "although", "though", "because", "since",
                                 "after", "before", "when", "whenever", "if", "unless",
                                 "until", "once", "whereas"})
# what sets a pledge's background, not its condition ("vowed to resign if 40 officers were
# fired" pledges on that condition)
_BACKGROUND_MARKS = frozenset({"after", "before", "since", "because", "although", "though",
                               "whereas", "while", "as"})
# "even as", "even while": the writer sets a fact against what is said
_CONTRAST_MARKS = frozenset({"as", "while"})
# asking is an act the report tells, not an assertion of the figure asked for
_ASKING = frozenset({"demand", "request", "seek", "propose"})
_STATED_WANTS = DEMAND - _ASKING  # "the union wants 9 percent": a position it states


def _marks(clause: Token) -> list[Token]:
    """The conjunctions that open a clause ("as", "while", "after" ...)."""
    return [m for m in clause.children if m.dep_ == "mark"]


def _circumstance(tok: Token, fronted: bool = False) -> bool:
    """Whether the figure sits in a clause that hangs off a speech verb as circumstance ("After
    a three-month standoff, the mayor said ..."): then nobody in the sentence asserts it.
    ``fronted``: a clause after the verb counts only with a conjunction ("even as she signs
    ..."): a bare participle there is often the account going on ("showed Ruiz leading,
    followed by Okafor at 17 percent"), one before it is not ("Asked about the 63 Democrats
    who ..., Pelosi said")."""
    child = tok
    background = False  # a circumstance on the way up, inside what the verb takes
    aside = False  # a contrast on the way up ("even as he signs ...")
    for anc in tok.ancestors:
        via, below, child = child.dep_, child, anc
        if anc.pos_ == "VERB" and anc.lemma_.lower() in SPEECH and not any(
                c.dep_ == "nsubj" and is_figure(c) for c in anc.children):
            # ("while 37 percent say ..., 39 percent blame": respondents, no speaker)
            if background and via == "xcomp" and anc.lemma_.lower() in PLEDGES:
                return True  # "vowed to open inquiries following the leak of 11.5 million
                # documents": a pledge is of a deed to come, not of its background
            if aside:
                return True  # "said he is declaring ..., even as he signs a package that
                # includes $1.4 billion": the writer's contrast, however deep it hangs
            return ((via == "prep" and below.lower_ in _CIRCUMSTANCE_PREPS) or
                    via in _ADJUNCTS) and (not fronted or below.i < anc.i or any(
                        m.lower_ in _CIRCUMSTANCE_MARKS for m in _marks(below)))
        aside = aside or (via == "advcl" and any(
            m.lower_ in _CONTRAST_MARKS and m.i > 0 and m.doc[m.i - 1].lower_ == "even"
            for m in _marks(below)))
        background = background or (via in ("prep", "acl") and
                                    below.lower_ in _CIRCUMSTANCE_PREPS) or (
            via == "advcl" and any(m.lower_ in _BACKGROUND_MARKS for m in _marks(below)))
    return False


# verbs that report only with a clause ("shared that 40 died", "declared that ...") or of
# the figure they take ("listed 40 donors"); otherwise they tell a deed ("shared footage of
# the wreck, 130 miles north of the capital", "declared emergencies five dozen times")
_DEED_OR_SPEECH = frozenset({"share", "post", "publish", "log", "declare", "name", "identify",
                             "tweet", "express", "voice", "add"})
# ... and those that report only with a clause: "deficits would add up to $1.5 trillion"
_CLAUSE_ONLY = frozenset({"add"})


def _deed(verb: Token, tok: Token) -> bool:
    """Whether ``verb``, above the figure's word ``tok`` (or the figure's own verb), tells a
    deed, not what was said: it takes no clause, and no counted object of its own."""
    if verb.lemma_.lower() not in _DEED_OR_SPEECH or any(
            c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return False
    return verb.i != tok.i or verb.lemma_.lower() in _CLAUSE_ONLY or not any(
        c.dep_ == "dobj" and any(t.like_num for t in c.subtree) for c in verb.children)


def _in_subject(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` lies inside the verb's own subject: "Ana Ruiz, who sold 3 farms, told
    reporters ...": a figure in how the speaker is described is no part of what she says."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") and _within(tok, c)
               for c in verb.children)


def _within(tok: Token, root: Token) -> bool:
    """Whether ``tok`` is ``root`` or hangs below it."""
    return root.i == tok.i or root.is_ancestor(tok)


def _counted(noun: Token) -> bool:
    """ "two suspects", "320,000 text documents": a noun a number counts is what is counted,
    never a speech cue."""
    return any(c.dep_ == "nummod" for c in noun.children)


def _speech_relative(tok: Token) -> Token | None:
    """ "the two-thirds support that Pelosi predicted she had", "the $8 billion Ruiz says
    was spent": a speech verb in a relative clause on the figure's own noun phrase."""
    for noun in (tok, tok.head):
        for c in noun.children:
            if c.dep_ == "relcl" and c.pos_ == "VERB" and c.lemma_.lower() in SPEECH and \
                    c.lemma_.lower() not in SPEECH_ACTS and not _raising(c) and any(
                        s.dep_ == "nsubj" and s.lower_ not in _RELATIVE for s in c.children):
                return c
        if noun.dep_ not in ("nummod", "compound", "quantmod"):
            break
    return None


def _speech_ancestor(tok: Token) -> Token | None:
    if tok.pos_ == "VERB" and tok.lemma_.lower() in _STATED_WANTS:
        return tok  # "the union wants 9 percent": its stated position
    if _circumstance(tok):
        # "after losing a two-month battle, Trump asserted ...", "even as he signs a package
        # that includes $1.4 billion": the speaker's circumstances, not his words
        return None
    for anc in [tok, *tok.ancestors]:
        if _raising(anc):
            continue  # "trucks believed to carry fuel": a hedge, nobody speaks
        own = not _in_subject(tok, anc) and not _deed(anc, tok) and not _unsaid(anc)
        if not own and tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH and \
                tok.lemma_.lower() not in _ASKING and not _raising(tok) and any(
                    c.dep_ == "ccomp" for c in tok.children):
            return tok  # "Leenders, who estimated that one-quarter ..., said": his estimate
        if own and (anc.pos_ == "VERB" or (anc.pos_ == "NOUN" and anc.lemma_.lower() not in
                                           SPEECH_ACTS and not _counted(anc))
                    ) and anc.lemma_.lower() in SPEECH and anc.i != tok.i and \
                anc.lemma_.lower() not in _ASKING:
            # a demand or request ("requested $5.7 billion") is an act the report tells
            return anc
        if own and anc.i != tok.i and _pledge(anc) and not any(
                a.lemma_.lower() in SPEECH and a.pos_ == "VERB" for a in anc.ancestors):
            # "plans to support 100 candidates": the plan is the subject's figure, unless
            # somebody reports it ("Ruiz said the mayor wants to hire 40")
            return anc
        if own and anc.i != tok.i and _report_subject(anc):
            return anc
        aside = next((c for c in anc.children if (c.dep_ == "parataxis" or (
            c.dep_ == "advcl" and any(m.lower_ == "as" and m.dep_ == "mark"
                                      for m in c.children))) and c.pos_ == "VERB"
                      and c.lemma_.lower() in SPEECH), None)
        if aside is not None:
            return aside  # "In return, the minister said, Durovia received ...", "As X noted, "
        if own and anc.pos_ == "VERB" and anc.lemma_.lower() in SPEECH and (anc.dep_ in (
                "ROOT", "ccomp") or (anc.i == tok.i and anc.dep_ == "conj" and any(
                    c.dep_ == "nsubj" for c in anc.children)) or (
                anc.i == tok.i and anc.dep_ in ("acl", "relcl") and
                                     anc.tag_ in ("VBD", "VBZ") and
                                     anc.lemma_.lower() not in SPEECH_ACTS)):
            # ("an analysis of other data identified $130 million": the parser made the
            # verb a modifier of "data")
            return anc
    return None


def _named_report(tok: Token) -> bool:
    """ "a Harbor Research poll", "the Pew survey": a report noun carrying its author."""
    return any(c.dep_ in ("compound", "nmod", "poss") and (
        c.ent_type_ in _NAME_ENTS or c.pos_ == "PROPN") for c in tok.children)


def _report_noun_source(doc: Doc) -> str | None:
    """Who stands behind a report the sentence cites: "a poll by X", "in a X survey"."""
    for tok in doc:
        if tok.lemma_.lower() in REPORT_NOUNS:
            by = next((c for c in tok.children if c.dep_ in ("prep", "agent")
                       and c.lower_ in ("by", "from", "of")), None)
            if by is not None:
                obj = next((c for c in by.children if c.dep_ == "pobj"), None)
                if obj is not None and (obj.ent_type_ in _NAME_ENTS or obj.pos_ == "PROPN"):
                    return describe(obj)[0]
            if _named_report(tok):
                return describe(tok)[0]
    return None


def _frame_source(doc: Doc) -> str | None:
    """ "In a Harbor poll released Monday, 50 percent chose Ruiz": a report named in a
    framing phrase of the main clause speaks for the whole sentence."""
    for root in (t for t in doc if t.dep_ == "ROOT"):
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < root.i:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() in REPORT_NOUNS:
                    return describe(obj)[0]  # "In the poll, Ruiz leads with 21 percent"
    for prep in doc:
        # "Ruiz took 6 percent of the vote in a Harbor poll released Sunday": a poll the
        # sentence places its figures in, wherever the phrase stands
        if prep.dep_ == "prep" and prep.lower_ == "in":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in _POLL_NOUNS:
                return describe(obj)[0]
    return None


_POLL_NOUNS = frozenset({"poll", "survey", "average", "tally", "count", "study", "analysis"})


def _aside_source(doc: Doc) -> str | None:
    """ "..., F.A.A. records show, the jet has flown 216 hours": a cue set off by commas
    (or closing the sentence) whose parse went astray still names its speaker."""
    for verb in doc:
        if verb.lemma_.lower() not in SPEECH or verb.pos_ not in ("VERB", "NOUN") or (
                verb.pos_ == "NOUN" and (verb.lemma_.lower() in SPEECH_ACTS | REPORT_NOUNS or
                                         _counted(verb))):
            continue  # ("320,000 text documents.": a counted noun, not a cue)
        after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        if after is not None and after.pos_ == "ADP" and after.head.i == verb.i and \
                verb.dep_ != "acl":  # ("Two suspects charged in 40 thefts": no cue)
            # "..., the WWF notes on its website.": where it said so closes the aside
            nxt = after.right_edge.i + 1
            if nxt >= len(doc):
                continue  # a headline ("Two suspects charged in ...") closes on no aside
            after = doc[nxt]
        if after is not None and after.text not in (",", ".", ";"):
            continue
        end = verb.i - 1
        if end >= 0 and doc[end].text == "," and any(c.dep_ == "appos"
                                                     for c in doc[end].head.children):
            end -= 1  # "Ana Ruiz, mayor of the district, announced": the apposition closes
        while end >= 0 and doc[end].pos_ == "ADV":
            end -= 1  # "previously reported"
        start = end
        while start > 0 and doc[start - 1].text not in (",", ";", "—", "–") and end - start < 6:
            start -= 1
        if end < 0 or doc[end].pos_ not in ("NOUN", "PROPN") or (
                start > 0 and doc[start - 1].text not in (",", ";", "—", "–")):
            continue
        if start >= 2 and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN" and \
                any(c.dep_ == "appos" and c.i >= start for c in doc[start - 2].children):
            # "..., Christian Estrosi, president of the region announced": the name, then
            # the role that announces
            return describe(doc[start - 2])[0]
        name = describe(doc[end])[0]
        span = doc[start:end + 1]
        if all(t.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "PART") for t in span):
            name = _clean(span.text)  # the parser split "F.A.A. records"; the words did not
        if name:
            return name
    return None


def _leading_source(doc: Doc, before: int) -> str | None:
    """ "Boehner: '1-in-3 chance' Republicans could lose House", "Harbor poll: Ruiz leads by
    6": a headline's name before a colon speaks for what follows it."""
    colon = next((t for t in doc[:6] if t.text == ":"), None)
    if colon is None or colon.i == 0 or colon.i >= before:
        return None
    lead = doc[:colon.i]
    last = lead[-1]
    if lead.text.isupper() or all(t.ent_type_ in ("GPE", "LOC") for t in lead):
        return None  # "WASHINGTON:", "Paris:": a dateline, not a voice
    words = all(t.pos_ in ("PROPN", "NOUN", "DET", "PART", "ADJ") or t.text in (
        ".", "'s", "’s", "/", "-", "&") for t in lead)
    named = any(t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS for t in lead)
    # a named person or body, a poll, or a bare surname ("Gingrich:"); "Hurricane Ian:",
    # "Wall Street:", "Super Bowl LIV:" are topics, not voices
    ends = last.ent_type_ in _NAME_ENTS or last.lemma_.lower() in _POLL_NOUNS or (
        len(lead) == 1 and last.pos_ == "PROPN" and not last.ent_type_)
    if not (words and named and ends):
        return None  # a bare "Poll:" names nobody
    name = _clean(lead.text)
    return name if is_speaker_name(name) else None


_TITLE_ABBREVIATIONS = frozenset({"sen", "sens", "rep", "reps", "gov", "govs", "dr", "mr",
                                  "mrs", "ms", "gen", "lt", "col", "sgt", "capt", "prof"})


def _trailing_source(doc: Doc) -> str | None:
    m = re.search(r":\s*([^:]{3,90}?)[\s.]*$", doc.text)
    if not m or m.group(1).strip().rstrip(".").lower() in _TITLE_ABBREVIATIONS:
        return None  # ("... at all: Sens." -- a title cut off by the sentence end)
    span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if span is None or any(t.pos_ == "VERB" for t in span) or len(span) > 10:
        return None
    return _clean(m.group(1))


def _collect(doc: Doc) -> None:
    data = info(doc)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            data.persons.append(_clean(ent.text))
        elif ent.label_ == "GPE":
            data.states.append(_clean(ent.text))
    for tok in doc:
        if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
            person = _ent_of(tok, ("PERSON",))
            if person is not None:
                start = tok.head.left_edge.i
                data.roles[_clean(doc[start:tok.head.i + 1].text).lower()] = _clean(person.text)
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            left = ent.start
            while left > 0 and doc[left - 1].dep_ in {"compound", "poss", "case",
                    "amod"} and not doc[left - 1].is_punct:
                left -= 1
            if left < ent.start:
                data.roles[_clean(doc[left:ent.start].text).lower()] = _clean(ent.text)
    data.trailing_source = _trailing_source(doc)


def _noun_source(doc: Doc, cand: Candidate, anchor: Token) -> Token | None:
    """The named author of a reporting noun whose clause holds the figure: "assertions from
    the intelligence service that 1 million shells were sent". The parser often hangs the
    clause elsewhere, so a reporting noun before the figure with a "that" between them
    counts too."""
    first = doc[cand.first]
    that = max((u.i for u in doc[:cand.first] if u.lower_ == "that"), default=-1)
    nouns = [*anchor.ancestors, *reversed(list(doc[:that + 1]))]
    for anc in nouns:
        if anc.pos_ == "NOUN" and anc.lemma_.lower() in REPORT_NOUNS and (
                anc.i < first.i or anc in anchor.ancestors):
            source = next((c for c in anc.children if c.dep_ in ("prep", "agent")
                           and c.lower_ in ("by", "from", "of")), None)
            obj = next((c for c in source.children if c.dep_ == "pobj"), None) \
                if source is not None else None
            poss = next((c for c in anc.children if c.dep_ == "poss" or (
                # "ICIJ allegations that ...", "Pentagon estimates that ...": the author named
                # before the noun
                c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in _NAME_ENTS)),
                None)
            who = obj if obj is not None else poss
            if who is not None and _within(first, who):
                return None  # "papers from 214,000 firms": the figure describes the author
            return who
    return None


def _unnamed_subject(verb: Token) -> bool:
    """The verb's subject is a bare document: "the announcement comes"."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lemma_.lower() in REPORT_NOUNS and _unnamed(subj)


def _higher_speaker(start: Token, anchor: Token) -> tuple[str | None, str | None, str | None]:
    """ "The poll showed ...: 56% of voters want action": the nearest speech verb whose
    subject names somebody decides, past verbs whose subject is a figure or missing."""
    for anc in [start, *start.ancestors]:
        if anc.i == anchor.i or anc.pos_ not in ("VERB", "AUX") or _raising(anc) or \
                _in_subject(anchor, anc) or _unsaid(anc):
            continue
        if (anc.lemma_.lower() not in SPEECH or _deed(anc, anchor)) and \
                not _report_subject(anc):
            continue
        subj = max((c for c in anc.children if c.dep_ == "nsubj" and c.i < anc.i),
                   key=lambda c: c.i, default=None) or next(
            (c for c in anc.children if c.dep_ == "nsubj"), None)
        if subj is None and anc.dep_ in ("conj", "xcomp", "advcl", "pcomp"):
            subj = _clause_subject(anc)
        if subj is None:
            subj = _name_before(anc)
        if subj is None or is_figure(subj):
            continue
        found = describe(subj)
        if found[0] is not None or found[2] is not None:
            return found
    return None, None, None


def _group_before(pronoun: Token) -> Token | None:
    """The plural speaker of an earlier speech verb in the same sentence."""
    for verb in reversed(pronoun.doc[:pronoun.i]):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in PRONOUNS and (
                    subj.tag_ in ("NNS", "NNPS") or subj.ent_type_ == "ORG" or
                    subj.lemma_.lower() in ("police", "government", "campaign")):
                return subj
    return None


def _name_before(verb: Token) -> Token | None:
    """ "As part of his plea, Ana Ruiz, 44, said that ...": the parser lost the subject;
    the last name before the verb, with no other verb between, is who speaks."""
    for tok in reversed(verb.doc[max(0, verb.i - 12):verb.i]):
        if tok.pos_ in ("VERB", "AUX", "NOUN", "PRON") or tok.text in (";", ":", "“", "”", '"'):
            return None
        if tok.ent_type_ in _NAME_ENTS and tok.pos_ == "PROPN" and not (
                tok.dep_ == "pobj" or tok.head.dep_ == "pobj"):
            # ("Rabbi Ana Ruiz of Harbor Temple said": the temple is where she serves)
            ent = _ent_of(tok, _NAME_ENTS)
            return verb.doc[ent.end - 1] if ent is not None else tok
    return None


def attribute(doc: Doc, cand: Candidate) -> None:
    if cand.item_head is not None:
        head = doc[cand.item_head]
        above = head.head
        cand.source = head.dep_ == "nsubj" and above.lemma_.lower() in SPEECH and not _raising(
            above)
    anchor = doc[cand.predicate_i] if cand.predicate_i is not None else (
        doc[cand.item_head] if cand.item_head is not None else doc[cand.last])
    verb = anchor if figure_verb(anchor) else _speech_ancestor(anchor)
    if verb is None and cand.item_head is not None:
        verb = _speech_relative(doc[cand.item_head])
    if verb is anchor and anchor.head.i != anchor.i and not figure_verb(anchor):
        # the figure's own verb reads as a speech verb ('"Each closure adds 300 trucks,"
        # said Olsted'): a speech verb further up is the one that attributes it
        verb = _speech_ancestor(anchor.head) or verb
    according = _according(doc)
    inner = _noun_source(doc, cand, anchor)
    if inner is not None and inner.pos_ != "PRON" and verb is not None and \
            _unnamed_subject(verb):
        # "The announcement comes on the heels of assertions from the intelligence service
        # that 1 million shells were sent": the named author of the assertion that holds
        # the figure is its innermost source, not the verb's unnamed document
        verb = None
    if verb is not None:
        # the parser sometimes gives a verb two subjects; the nearest one speaks
        subj = max((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i),
                   key=lambda c: c.i, default=None)
        if subj is None:  # '"...," said Karin Olsted'
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ in ("conj", "xcomp", "advcl", "pcomp"):
            # "Velk lowered his estimate, telling lawmakers that ...", "rallied crowds by
            # promising to ...": the subject of the clause the verb hangs from
            subj = _clause_subject(verb)
        if subj is None and (verb.dep_ in ("acl", "relcl") or (
                verb.dep_ == "advcl" and verb.head.pos_ in ("NOUN", "PROPN"))) and \
                verb.tag_ in ("VBD", "VBZ", "VBP", "VBG"):
            # "A Harbor poll found that ...", parsed as a noun's modifier; "Ruiz, later
            # alleging that ...": the noun the participle describes
            subj = verb.head
        if subj is None:
            # "..., state records show": the parser may hang the subject as a compound
            subj = max((c for c in verb.children if c.i < verb.i and c.pos_ in (
                "NOUN", "PROPN") and c.dep_ in ("compound", "npadvmod", "dep")),
                key=lambda c: c.i, default=None)
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subj is not None:
            cand.claimer, cand.claimer_role, cand.claimer_pronoun = describe(subj)
            if cand.claimer_pronoun == "they":
                # "Police said ... and they believe 3 people were involved": the group
                # the sentence itself named speaking before
                group = _group_before(subj)
                if group is not None:
                    cand.claimer, cand.claimer_role, cand.claimer_pronoun = describe(group)
            if cand.claimer in according:
                according.remove(cand.claimer)
            elif according and _unnamed(subj):
                # "Polls show ..., according to a Harbor poll": the named source, not the
                # unnamed document, is who stands behind the figure
                cand.claimer, cand.claimer_role, cand.claimer_pronoun = None, None, None
    if cand.claimer is None and cand.claimer_pronoun in ("i", "we") and according:
        # "As I noted, turnout rose 9 percent, according to the Ledger": the writer's aside
        # names no source; the cited one stands behind the figure
        cand.claimer_pronoun = None
    if verb is None and cand.claimer is None:
        who = _noun_source(doc, cand, anchor)
        if who is not None:
            cand.claimer, cand.claimer_role, cand.claimer_pronoun = describe(who)
    if cand.claimer is None and cand.claimer_pronoun is None:
        if according:
            cand.claimer = according[-1]
            cand.channel = according[:-1][::-1]  # relays from the claimer out
            return
        owned = _according_owner(doc)
        if owned is not None:
            # "according to his campaign filings": the owner (resolved like the pronoun),
            # speaking through the document the role names
            cand.claimer_pronoun, cand.claimer_role = owned
            return
        if verb is not None:
            cand.claimer = _report_noun_source(doc)
        if _circumstance(anchor, fronted=True):
            return  # "Asked about the 63 Democrats who ..., Pelosi said": nobody asserts it
        if cand.claimer is None:
            cand.claimer, cand.claimer_role, cand.claimer_pronoun = _higher_speaker(
                verb or anchor, anchor)
            if cand.claimer is not None or cand.claimer_pronoun is not None:
                return
        if cand.claimer is None:
            cand.claimer = _leading_source(doc, cand.first)
        if cand.claimer is None:
            cand.claimer = _frame_source(doc)
        if cand.claimer is None:
            cand.claimer = _aside_source(doc)
        if cand.claimer is None and info(doc).trailing_source:
            cand.claimer = info(doc).trailing_source
        return
    if according:
        # "According to Kyodo, citing Yonhap, Park said": Park, relayed by Yonhap, then by
        # Kyodo; the channel runs from the claimer outwards, outermost last
        cand.channel = according[::-1]


def _first_person(name: str) -> bool:
    """ "our expert", "my office": the speaker's own side ("Our Lady of Lourdes Hospital" is
    a name)."""
    words = name.split()
    return words[0].lower() in ("our", "my") and not words[-1][:1].isupper()


@Language.component("cl_attribution")
def attribute_all(doc: Doc) -> Doc:
    _collect(doc)
    for cand in candidates(doc):
        attribute(doc, cand)
        if cand.claimer is not None and (not is_speaker_name(cand.claimer) or
                                         _first_person(cand.claimer)):
            # a figure, a relative or a fragment names nobody: better no claimer; "our
            # expert's report" is the speaker's own side, whom the quotation names
            cand.claimer, cand.claimer_role = None, None
    return doc
