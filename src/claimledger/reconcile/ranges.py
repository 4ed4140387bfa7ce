"""What interval of true values a figure, as worded, admits.

Whether two reports agree depends on how they worded their figures: "about 7,000" and
"6,800" agree, "over 1 million" and "1.5 million" agree, "1.5 million" and "3 million" do
not. The tolerances are documented here and printed in explanations, so a user can see why
two figures were (not) judged compatible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from claimledger.reconcile.vocab import fold
from claimledger.records import Claim

APPROX = 0.10  # "about", "roughly", ... : +/- 10 %
EXACT = 0.02  # a bare figure: reporters round, so allow 2 %

# fmt: off
_APPROX = ("about", "approximately", "roughly", "around", "some", "circa", "ca", "approx",
           "an estimated", "estimated", "or so", "close to", "well over", "nearly", "almost")
# fmt: on
_APPROX_PHRASES = ("close to", "or so", "an estimated", "some", "about", "around", "roughly")
_LOWER = ("more than", "over", "above", "at least", "in excess of", "upwards of", "exceeding",
          "no fewer than", "no less than", "a minimum of", "beyond", "well over", "just over",
          "exceeds", "exceed", "greater than", "north of", "plus")  # fmt: skip
_UPPER = ("up to", "as many as", "at most", "no more than", "fewer than", "less than", "under",
          "below", "a maximum of", "as much as", "just under", "nearly", "almost", "shy of",
          "not more than")  # fmt: skip


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    why: str

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    @property
    def closed(self) -> bool:
        """Bounded on both sides: "about 1.5 million" is, "more than 900,000" is not."""
        return self.low > 0 and math.isfinite(self.high)


def stated(claim: Claim) -> tuple[float, float] | None:
    """The figure(s) as stated, without any tolerance: what low/high of a measure report."""
    if claim.vague:
        return None
    if claim.low is not None and claim.high is not None and claim.low <= claim.high:
        return (claim.low, claim.high)
    if claim.value is not None and math.isfinite(claim.value):
        return (claim.value, claim.value)
    return None


def interval(claim: Claim) -> Interval | None:
    """The values a figure admits, honouring its qualifier; None for vague or absent figures."""
    figure = stated(claim)
    if figure is None:
        return None
    low, high = figure
    q = fold(claim.qualifier or "")
    if low != high:
        return Interval(low * (1 - EXACT), high * (1 + EXACT), f"range {_n(low)}-{_n(high)}")
    v = low
    if q:
        if q in _UPPER:
            lower = v * (1 - APPROX) if q in ("nearly", "almost", "just under", "shy of") else 0.0
            return Interval(lower, v, f"'{claim.qualifier}' {_n(v)} admits {_n(lower)}-{_n(v)}")
        if q in _LOWER:
            upper = v * (1 + APPROX) if q in ("just over",) else math.inf
            text = f"{_n(upper)}" if math.isfinite(upper) else "more"
            return Interval(v, upper, f"'{claim.qualifier}' {_n(v)} admits {_n(v)} or {text}")
        if q in _APPROX or any(q.startswith(p) for p in _APPROX_PHRASES):
            return Interval(
                v * (1 - APPROX), v * (1 + APPROX),
                f"'{claim.qualifier}' {_n(v)} admits +/-10 %",
            )  # fmt: skip
    return Interval(v * (1 - EXACT), v * (1 + EXACT), f"{_n(v)} admits +/-2 % rounding")


def _n(value: float) -> str:
    if not math.isfinite(value):
        return "more"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


fmt_number = _n
