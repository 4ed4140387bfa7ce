"""Plural and count forms for what claimledger shows people, from a kept library (inflect).

Hand-written ``word + "s"`` gave "citys", "crashs", "Inchs" and "1 reports"; inflect knows
English plurals, including the capitalised and irregular ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import inflect


@lru_cache(maxsize=1)
def _engine() -> inflect.engine:
    """Loaded on first use: importing inflect takes about 1.7 s (typeguard instruments it
    at import), which every command and worker that imports reconciliation would pay."""
    import inflect

    return inflect.engine()


@lru_cache(maxsize=4096)
def plural(noun: str) -> str:
    """The plural of a singular noun; a word already plural ("people", "data") is kept.

    Words ending in "s" are kept as they are: lemmas such as "series", "news" or "bus" are
    more often wrong in inflect's singular test than right.
    """
    word = noun.strip()
    if not word or word.endswith(("s", "S")) or not word[-1].isalpha():
        return word
    if word.lower().endswith("ed") and len(word) > 4:
        return word  # a participle standing for what it qualifies ("moved", "included")
    if _engine().singular_noun(word) not in (False, word):
        return word
    return str(_engine().plural_noun(word))


def count(n: int, noun: str) -> str:
    """``"1 report"``, ``"5 reports"``: a number and the noun in the form it needs."""
    return f"{n:,} {noun if n == 1 else plural(noun)}"


__all__ = ["count", "plural"]
