"""Accusations and denials: who says what did (not) happen, as ``Stance`` records."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimledger.claims.actors import ActorNormaliser
from claimledger.claims.components.items import actor_text, is_actor

DENY = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute"})
ACCUSE = frozenset({"accuse", "allege", "condemn", "blame", "charge"})
CONFIRM = frozenset({"confirm", "acknowledge", "admit"})
GATE = re.compile(r"\b(?:deni|deny|reject|dismiss|refut|rebut|disput|accus|alleg|condemn|blam|"
                  r"confirm|acknowledg|admit)", re.IGNORECASE)


def _actors(subj: Token, names: ActorNormaliser) -> list[str]:
    found = []
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if inner is not None and not is_actor(subj):
        # "Envoys of both Durovia and Ostrel have denied ..."
        subj = inner
    for tok in [subj, *subj.conjuncts]:
        if tok.lower_ in ("both", "each", "all"):
            continue
        name = names.normalise(actor_text(tok))
        name = name.strip("“”\"'‘’ ") if name else None
        if name and name not in found:
            found.append(name)
    return found


def find(doc: Doc, names: ActorNormaliser) -> list[tuple[str, list[str], str, int, int]]:
    """(stance, actors, target, start, end) with offsets in the sentence Doc."""
    found: list[tuple[str, list[str], str, int, int]] = []
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        kind = "deny" if lemma in DENY else "accuse" if lemma in ACCUSE else (
            "confirm" if lemma in CONFIRM else None)
        if kind is None:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.lower_ in ("both", "all") and subj.head == tok:
            inner = next((c for c in subj.children if c.dep_ == "conj" or c.pos_ == "PROPN"),
                         None)
            subj = inner or subj
        actors = _actors(subj, names)
        if not actors:
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "ccomp")), None)
        if obj is None:
            continue
        parts = [obj, *(c for c in tok.children if c.dep_ == "prep" and c.i > obj.i)]
        first = min(t.i for p in parts for t in p.subtree)
        last = max(t.i for p in parts for t in p.subtree)
        target = doc[first:last + 1].text.strip(" ,.")
        found.append((kind, actors, target, doc[subj.left_edge.i].idx,
                      doc[last].idx + len(doc[last].text)))
    return found
