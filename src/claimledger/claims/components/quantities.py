"""Component ``cl_quantities``: finds quantities (claims or not) and aligns them to tokens."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.claims.model import Candidate, candidates
from claimledger.claims.numbers import scan


@Language.component("cl_quantities")
def find(doc: Doc) -> Doc:
    found = candidates(doc)
    found.clear()
    for q in scan(doc.text):
        span = doc.char_span(q.num_start, q.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        found.append(Candidate(quantity=q, first=span.start, last=span.end - 1))
    return doc
