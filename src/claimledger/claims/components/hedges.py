"""Component ``cl_hedges``: hedges, negation and time scope of each candidate claim."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger.claims.model import Candidate, candidates

HEDGES = frozenset({
    "likely", "allegedly", "reportedly", "could", "may", "might", "believe", "estimate",
    "suspect", "purportedly", "potentially", "possibly", "probably", "apparently",
    "seemingly", "supposedly", "alleged", "reported", "suspected", "presumably", "perhaps",
    "appear", "seem", "unconfirmed", "estimated",
})
_APPROX = frozenset({"roughly", "about", "approximately", "around", "nearly", "almost"})
_AS_WRITTEN = {"believe": "believes", "estimate": "estimated", "suspect": "suspected",
               "appear": "appears", "seem": "seems"}


def _hedge_of(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.lower_ in HEDGES and tok.pos_ in ("ADV", "AUX", "ADJ", "VERB"):
        return tok.lower_
    if lemma in HEDGES and tok.pos_ == "VERB":
        return _AS_WRITTEN.get(lemma, lemma)
    return None


def hedge(doc: Doc, cand: Candidate) -> None:
    # adverbs before the number: "potentially millions", "allegedly 7,000"
    for tok in doc[max(0, cand.first - 2):cand.first]:
        found = _hedge_of(tok)
        if found and tok.pos_ in ("ADV", "ADJ"):
            cand.hedge = found
            break
    if cand.item_head is not None and cand.hedge is None:
        for tok in doc[cand.item_head].lefts:
            found = _hedge_of(tok)
            if found:
                cand.hedge = found
    start = doc[cand.predicate_i] if cand.predicate_i is not None else None
    chain = [start, *start.ancestors] if start is not None else []
    for verb in chain:
        if cand.hedge is not None:
            break
        for child in verb.children:
            if child.dep_ in ("aux", "advmod", "auxpass", "neg") and _hedge_of(child):
                cand.hedge = _hedge_of(child)
                break
        if cand.hedge is None and verb is not start and _hedge_of(verb) and verb.pos_ == "VERB":
            cand.hedge = _hedge_of(verb)
        if verb.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp",
                             "pobj", "prep"):
            break
    if start is not None:
        cand.negated = any(c.dep_ == "neg" for c in start.children)
        if cand.quantity.qualifier is None:
            cand.qualifier = next((c.lower_ for c in start.children if c.dep_ == "advmod"
                                   and c.lower_ in _APPROX and c.i < cand.first), None)
        for c in start.subtree:
            if c.dep_ == "prep" and c.lower_ == "since" and c.i > (cand.first - 30):
                    obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
                    if obj is not None:
                        end = max(t.i for t in obj.subtree if not t.is_punct) + 1
                        cand.time_scope = doc[c.i:end].text
                        return


@Language.component("cl_hedges")
def hedge_all(doc: Doc) -> Doc:
    for cand in candidates(doc):
        hedge(doc, cand)
    return doc
