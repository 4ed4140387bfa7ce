"""What the claimer tests ask of one invented text: every claim's claimer, the claimer of the
claim holding a figure, and who the quotation holding a figure is by."""

from __future__ import annotations

from claimledger.claims import ClaimExtractor
from claimledger.claims.quotes import find_quotes, quote_at
from claimledger.records import Document


def claimers(extractor: ClaimExtractor, text: str) -> dict[str, str | None]:
    doc = Document(id=1, source="t.txt", url=None, title=None, outlet=None, published=None,
                   published_source="unknown", language="en", duplicate_of=None, story=None,
                   text=text)
    return {c.quote: c.claimer for c in extractor.extract(doc)[0]}


def claimer_of(extractor: ClaimExtractor, text: str, figure: str) -> str | None:
    found = claimers(extractor, text)
    match = [q for q in found if figure in q]
    assert match, f"no claim holds {figure!r}: {found}"
    return found[match[0]]


def speaker(text: str, figure: str) -> str | None:
    at = text.index(figure)
    quote = quote_at(find_quotes(text), at, at + len(figure))
    return quote.speaker if quote is not None else None
