"""Property tests for the number reader: generated phrases, asserted values.

The dev sets reward rules that fit their sentences; these generate the shapes news writes
numbers in (digits with and without separators, words, scales, fractions, mixed numbers,
ranges, units, currencies) and check the value read, not only that nothing raised.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.claims.numbers import Quantity, scan

ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
DENOMINATORS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"),
                5: ("fifth", "fifths"), 8: ("eighth", "eighths"), 10: ("tenth", "tenths")}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}
UNITS = {"km": "km", "miles": "mile", "kg": "kg", "tonnes": "tonne", "percent": "percent",
         "%": "percent", "years": "year", "days": "day", "hours": "hour", "mph": "mph"}
FRAMES = ["Officials said {} were counted.", "{} were counted, officials said.",
          "The report, released on Monday, lists {} in all.", "({})", "— {} —"]

# local to these tests (no global profile), and no example database in the working tree
PROPERTIES = settings(deadline=None, max_examples=150, database=None,
                      suppress_health_check=[HealthCheck.too_slow])


def words(n: int) -> str:
    """English words for 1 <= n < 1e9, as news writes them ("two hundred and five")."""
    parts: list[str] = []
    for scale, name in ((1_000_000, "million"), (1_000, "thousand")):
        if n >= scale:
            parts.append(f"{words(n // scale)} {name}")
            n %= scale
    if n >= 100:
        parts.append(f"{ONES[n // 100]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else ""))
    elif n:
        parts.append(ONES[n])
    return " ".join(parts)


def readings(text: str) -> list[Quantity]:
    return [q for q in scan(text) if q.reason is None]


def one_reading(text: str) -> Quantity:
    found = readings(text)
    assert len(found) == 1, (text, found)
    return found[0]


def _approx(value: float | None) -> object:
    return pytest.approx(value, rel=1e-9) if value is not None else None


frames = st.sampled_from(FRAMES)


@PROPERTIES
@given(st.integers(min_value=21, max_value=999_999_999), frames)
def test_digits_with_comma_separators(n: int, frame: str) -> None:
    q = one_reading(frame.format(f"{n:,} people"))
    assert q.value == n


@PROPERTIES
@given(st.integers(min_value=1_000, max_value=999_999_999), frames)
def test_digits_grouped_by_spaces(n: int, frame: str) -> None:
    q = one_reading(frame.format(f"{n:,} tonnes".replace(",", " ")))
    assert (q.value, q.unit) == (n, "tonne")


@PROPERTIES
@given(st.integers(min_value=2, max_value=999_999_999), frames)
def test_number_words(n: int, frame: str) -> None:
    q = one_reading(frame.format(f"{words(n)} people"))
    assert q.value == n


@PROPERTIES
@given(st.decimals(min_value="0.1", max_value="999.9", places=1),
       st.sampled_from([("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("trillion", 1e12)]),
       st.sampled_from(sorted(CURRENCIES)))
def test_scaled_money(x: object, scale: tuple[str, float], symbol: str) -> None:
    space = "" if scale[0] == "bn" else " "
    q = one_reading(f"The fund holds {symbol}{x}{space}{scale[0]} in cash.")
    assert q.value == _approx(float(str(x)) * scale[1])
    assert q.unit == CURRENCIES[symbol]


@PROPERTIES
@given(st.integers(min_value=1, max_value=9_999), st.integers(min_value=1, max_value=9_999),
       st.sampled_from(["-", "–", " to ", " – "]), st.sampled_from(sorted(UNITS)))
def test_ranges(a: int, gap: int, joiner: str, unit: str) -> None:
    low, high = a, a + gap
    if 1500 <= low <= 2100:  # "2010 to 2015" is a span of years, tested on its own
        return
    space = "" if unit == "%" else " "
    q = one_reading(f"Between them they shipped {low:,}{joiner}{high:,}{space}{unit} last spring.")
    assert (q.low, q.high, q.unit) == (low, high, UNITS[unit])


@PROPERTIES
@given(st.sampled_from(sorted(DENOMINATORS)), st.integers(min_value=1, max_value=9),
       st.sampled_from(["the vote", "its budget", "all staff"]))
def test_fractions_are_shares(den: int, num: int, whole: str) -> None:
    if num >= den:
        return
    word = DENOMINATORS[den][0 if num == 1 else 1]
    q = one_reading(f"They won {words(num)}-{word} of {whole} last year.")
    assert (q.value, q.unit) == (pytest.approx(round(100 * num / den, 2)), "percent")


@PROPERTIES
@given(st.integers(min_value=1, max_value=99), st.sampled_from(["years", "miles", "hours"]),
       st.sampled_from([("and a half", 0.5), ("and a quarter", 0.25)]),
       st.booleans())
def test_mixed_numbers(n: int, unit: str, part: tuple[str, float], in_words: bool) -> None:
    whole = words(n) if in_words else str(n)
    q = one_reading(f"The work took {whole} {part[0]} {unit}.")
    assert q.value == n + part[1] and q.unit == UNITS[unit]


@PROPERTIES
@given(st.integers(min_value=1, max_value=99), st.sampled_from([(2, "1/2"), (4, "3/4")]))
def test_mixed_numbers_in_digits(n: int, frac: tuple[int, str]) -> None:
    q = one_reading(f"Add {n} {frac[1]} cups of flour.")
    num, den = frac[1].split("/")
    assert q.value == n + int(num) / int(den)


@PROPERTIES
@given(st.integers(min_value=1, max_value=10), st.booleans())
def test_dozens(n: int, half: bool) -> None:
    phrase = "half a dozen" if half else f"{words(n)} dozen"
    q = one_reading(f"Police found {phrase} shell casings.")
    assert q.value == (6 if half else 12 * n)


@PROPERTIES
@given(st.integers(min_value=2, max_value=999), st.sampled_from(
    ["page", "day", "year", "member", "mile", "hour"]))
def test_hyphenated_counts_read_their_noun(n: int, noun: str) -> None:
    q = one_reading(f"They released a {n}-{noun} report on Friday.")
    assert q.value == n and q.unit is not None


@PROPERTIES
@given(st.text(max_size=300))
def test_any_text_reads_without_error_and_spans_are_consistent(text: str) -> None:
    for q in scan(text):
        assert 0 <= q.start <= q.num_start <= q.num_end <= len(text)
        assert q.start <= q.end <= len(text)
        assert q.text == text[q.start:q.end]
        if q.low is not None and q.high is not None:
            assert q.low <= q.high or q.reason is not None


number_soup = st.lists(st.sampled_from(
    ["1", "2", "12", "1,000", "2.5", "-", "–", "/", " ", "to", "and", "of", "a", "half",
     "third", "dozen", "one", "two-thirds", "$", "£", "%", "km", "million", "bn", "B", "M",
     "year-old", "fold", "½", "\u00a0", "(", ")", ",", ".", "between", "by", "or"]),
    max_size=25).map("".join)


@PROPERTIES
@given(number_soup)
def test_number_shaped_noise_never_raises(text: str) -> None:
    for q in scan(text):
        assert q.text == text[q.start:q.end]
