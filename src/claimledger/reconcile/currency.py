"""Which currency a bare "pounds" or "dollars" means, read from the story around it.

A report that writes "fined 30,000 pounds" in a story whose other reports say "30,000
Egyptian pounds" means Egyptian pounds; "5 million dollars" in a story that names only
Australian dollars ("A$5 million") means those. The claims stage reads each figure alone and
gives a bare word its most common currency (sterling, US dollars); reconciliation sees the
whole story, so it moves a bare figure to the one currency of that name the story names
explicitly, when the story names exactly one and never the default. The stored claims are not
changed: only what reconciliation compares.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimledger.geo import currency_name
from claimledger.records import Claim

_WORD = re.compile(r"\b(pounds?|dollars?|pesos?|rupees?|dinars?|francs?|riyals?|rials?|"
                   r"shillings?|liras?|yen|yuan|rubles?|roubles?|krona|kroner|krone)\b",
                   re.IGNORECASE)
_NAMED_BEFORE = re.compile(r"[A-Z][a-z]+\s+$")  # "Egyptian pounds", "Canadian dollars"


def _bare(claim: Claim) -> str | None:
    """The currency word of a figure that names no country or symbol ("30,000 pounds")."""
    quote = claim.quote or ""
    m = _WORD.search(quote)
    if m is None or re.search(r"[$£€¥₹₽₩]|\b[A-Z]{3}\b", quote):
        return None
    if _NAMED_BEFORE.search(quote[:m.start()]):
        return None
    word = m.group(1).lower()
    return word[:-1] if word.endswith("s") and word not in ("yen",) else word


def local_currencies(claims: list[Claim]) -> list[Claim]:
    """``claims`` with each bare currency word read as the story's explicit currency of that
    name, where there is exactly one (see the module docstring)."""
    explicit = {c.unit for c in claims if c.unit and len(c.unit) == 3 and c.unit.isupper()
                and _bare(c) is None}
    if not explicit:
        return claims
    by_name: dict[str, set[str]] = {}
    for code in explicit:
        name = currency_name(code)
        if name:
            by_name.setdefault(name, set()).add(code)
    out: list[Claim] = []
    for c in claims:
        # only a figure already read as money ("400-pound" is a weight and stays one)
        word = _bare(c) if c.unit and len(c.unit) == 3 and c.unit.isupper() else None
        codes = by_name.get(word or "", set())
        if word and c.unit not in explicit and len(codes) == 1:
            out.append(replace(c, unit=next(iter(codes))))
        else:
            out.append(c)
    return out
