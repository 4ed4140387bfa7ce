"""What interval of true values a figure, as worded, admits.

Whether two reports agree depends on how they worded their figures: "about 7,000" and
"6,800" agree, "over 1 million" and "1.5 million" agree, "1.5 million" and "3 million" do
not. The tolerances are documented here and printed in explanations, so a user can see why
two figures were (not) judged compatible.
"""

from __future__ import annotations

import math
import re
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
    step: float = 0.0  # the precision a rounded figure was written to ("$3.6 billion": 0.1bn)

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def compatible(self, other: Interval) -> bool:
        """Equal within their stated precision. Two figures written to the same precision
        must be the same figure ("$3.5 billion" and "$3.6 billion" conflict although each
        could be a truncation near the other)."""
        if self.step and self.step == other.step:
            return abs(self.centre - other.centre) < self.step / 2
        # half-open: "47" admits up to 47.5 and "48" from 47.5, and they do not meet
        return self.low < other.high and other.low < self.high

    def scaled(self, factor: float) -> Interval:
        """The same interval in another unit ("miles" to the km of its dimension)."""
        return self if factor == 1.0 else Interval(self.low * factor, self.high * factor,
                                                   self.why)

    @property
    def centre(self) -> float:
        return (self.low + self.high) / 2 if math.isfinite(self.high) else self.low

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


_SCALE = re.compile(
    r"(\d[\d,]*(?:\.(\d+))?)\s*(trillion|billion|million|thousand|bn|tn|[mbk])\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
           "b": 1e9, "trillion": 1e12, "tn": 1e12}


def precise(claim: Claim) -> Interval | None:
    """The values a figure admits given how precisely it is written.

    * a qualifier or a range: as ``interval`` ("about" +/-10 %, "more than" open above);
    * a figure with a scale word ("$43 million", "$3.6 billion"): anything that rounds or
      truncates to it at its last written digit, so "$43 million" admits $43,885,310;
    * a bare number: +/- half its last digit, at most 2 % ("47" and "48" pages conflict, "6,700"
      is no rounding of "7,000" once a minister gave both).
    """
    figure = stated(claim)
    if figure is None:
        return None
    low, high = figure
    if low != high or claim.qualifier:
        return interval(claim)
    v = low
    m = _SCALE.search(claim.quote or "")
    if m and abs(float(m.group(1).replace(",", "")) * _SCALES[m.group(3).lower()] - v) <= \
            1e-6 * max(abs(v), 1.0):
        decimals = len(m.group(2) or "")
        step = _SCALES[m.group(3).lower()] / 10**decimals
        return Interval(v - step / 2, v + step, f"{_n(v)} as written admits "
                        f"{_n(v - step / 2)}-{_n(v + step)} (rounded or truncated)", step)
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    if "." in text:
        unit = 10.0 ** -len(text.split(".")[1])
    else:
        digits = text.lstrip("-")
        unit = 10.0 ** (len(digits) - len(digits.rstrip("0"))) if v else 1.0
    half = min(unit / 2, max(unit / 2 if unit < 1 else 0.5, EXACT * abs(v)))
    return Interval(v - half, v + half, f"{_n(v)} admits +/-{_n(half)} (its written precision)")


def _n(value: float) -> str:
    if not math.isfinite(value):
        return "more"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


fmt_number = _n
