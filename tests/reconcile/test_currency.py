"""A bare currency word takes the one currency of that name the story names."""

from __future__ import annotations

from claimfixtures import claim

from claimledger.reconcile.currency import local_currencies
from claimledger.records import Claim


def _claim(cid: str, value: float, quote: str, unit: str) -> Claim:
    return claim(cid, int(cid[0]), value, quote, quote, unit=unit)


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
