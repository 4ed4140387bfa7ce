"""A bare currency word takes the one currency of that name the story names."""

from __future__ import annotations

from typing import Any

from claimledger.reconcile.currency import local_currencies
from claimledger.records import Claim


def _claim(cid: str, value: float, quote: str, unit: str, **fields: Any) -> Claim:
    base: dict[str, Any] = dict(
        id=cid, document=int(cid[0]), value=value, low=None, high=None, unit=unit, item=None,
        item_lemma=None, subject=None, recipient=None, predicate=None, claimer=None,
        claimer_role=None, channel=[], hedge=None, qualifier=None, vague=False, negated=False,
        time_scope=None, time_start=None, time_end=None, evidence=quote, quote=quote,
        start=0, end=len(quote), sentence_start=0,
    )  # fmt: skip
    base.update(fields)
    return Claim(**base)


def test_bare_pounds_read_as_the_storys_named_pounds() -> None:
    named = _claim("1-1", 20000, "20,000 Egyptian pounds", "EGP")
    bare = _claim("2-1", 20000, "20,000 pounds", "GBP")
    out = local_currencies([named, bare])
    assert [c.unit for c in out] == ["EGP", "EGP"]
    assert bare.unit == "GBP"  # the stored claim is untouched


def test_an_explicit_default_or_two_candidates_leave_it_alone() -> None:
    bare = _claim("2-1", 20000, "20,000 pounds", "GBP")
    sterling = _claim("3-1", 5e6, "£5 million", "GBP")
    egyptian = _claim("1-1", 20000, "20,000 Egyptian pounds", "EGP")
    assert [c.unit for c in local_currencies([egyptian, bare, sterling])] == [
        "EGP", "GBP", "GBP"]
    lebanese = _claim("4-1", 9000, "9,000 Lebanese pounds", "LBP")
    assert local_currencies([egyptian, lebanese, bare])[2].unit == "GBP"
