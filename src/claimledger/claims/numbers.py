"""Finding and reading quantities in plain text, without a parser.

Everything here is a pure function of the text, so it is cheap enough to run on every
sentence (to decide which sentences deserve a full parse) and easy to property-test.
A quantity that is not a quantitative claim (a year, a date, a calibre, an ordinal, list
numbering) is still found, but carries the ``reason`` it is excluded: callers that count
every number (the NewsQuant benchmark) and callers that want claims read the same scan.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimledger.geo import currency_of

UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    # South Asian English: "35 lakh rupees", "Rs 2 crore"
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
}
_ABBREV_SCALES: dict[str, int] = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "mil": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000, "tn": 1_000_000_000_000,
}
_VAGUE: dict[str, int] = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000, "trillions": 1_000_000_000_000,
}
_FRACTIONS: dict[str, float] = {
    "half": 0.5, "halve": 0.5, "third": 1 / 3, "quarter": 0.25, "fourth": 0.25, "fifth": 0.2,
    "sixth": 1 / 6, "seventh": 1 / 7, "eighth": 0.125, "ninth": 1 / 9, "tenth": 0.1,
}
_VULGAR: dict[str, float] = {
    "½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125,
}
# "one-off", "one-time": a hyphenated word that is not a count of its noun
_NOT_COUNT_COMPOUNDS = frozenset({
    "off", "time", "sided", "way", "on", "stop", "size", "liner", "man", "horse", "armed",
    "eyed", "handed", "faced", "party", "fold",
})
# a product line's name after its number ("737 Max", "11 Pro"): a model, not an amount
_MODEL_SUFFIXES = ("Max", "Pro", "Plus", "Ultra", "Mini", "XL", "GT", "GTI", "Series", "Neo",
                   "Lite", "Edge", "Note")
# "one of the", "at one point", "no one": idioms where "one" counts nothing
_IDIOM_BEFORE = re.compile(r"\bno(?:\s+other)?\s+$", re.I)
# "this one", "which one is": a pronoun; "in which one person was killed" counts
_PRONOUN_BEFORE = re.compile(r"\b(?:any|every|each|which|this|that)\s+$", re.I)
_IDIOM_AFTER = re.compile(
    r"\s*(?:of\s+(?:the|its|his|her|their|our|my|your|those|these|them|us|you|whom|which)\b"
    r"|another\b|by\s+one\b|way\s+or\s+another\b|-on-one\b|thing\s+(?:is|was)\b)", re.I)
_AT_ONE = re.compile(r"\b(?:at|for)\s+$", re.I)
_AT_ONE_AFTER = re.compile(r"\s+(?:point|time|stage|moment|thing)\b", re.I)


def _idiom(before: str, after: str) -> bool:
    """Whether the "one" between ``before`` and ``after`` is an idiom, not a count."""
    return bool(_IDIOM_BEFORE.search(before) or _IDIOM_AFTER.match(after) or (
        _AT_ONE.search(before) and _AT_ONE_AFTER.match(after)) or (
        _PRONOUN_BEFORE.search(before) and _ONE_ALONE.match(after)))

NUMBER_WORDS = frozenset(UNITS_WORDS) | frozenset(TENS_WORDS) | frozenset(SCALES) | frozenset(
    _VAGUE) | {"dozen", "hundred", "quarter", "half"}

_WORD_ATOM = (
    r"(?:" + "|".join(sorted(TENS_WORDS, key=len, reverse=True)) + r")(?:-(?:"
    + "|".join(w for w in UNITS_WORDS if UNITS_WORDS[w] < 10 and w != "zero") + r"))?"
    + r"|(?:" + "|".join(sorted(UNITS_WORDS, key=len, reverse=True)) + r")"
)
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|lakhs?|crores?)"
_WORDS_NUM = (
    rf"(?:(?:{_WORD_ATOM})|(?:an?)(?=\s+{_SCALE_WORD}\b))"
    rf"(?:(?:\s+|-)(?:and\s+)?(?:{_WORD_ATOM}|{_SCALE_WORD}))*"
)
# thousands grouped by commas, or by single (thin) spaces as in "816 000 t"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+)(?:\.\d+)?|\.\d+"
_DIGITS_SCALED = (
    rf"(?:{_DIGITS})(?:(?:\s*|-)(?:{_SCALE_WORD})\b|(?:k|m|mn|mln|mil|bn|b|tn)\b)?"
    rf"(?:\s+(?:{_SCALE_WORD})\b)?"
)
_CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "$": "USD", "€": "EUR",
    "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR", "₽": "RUB",
}
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "us dollar": "USD", "australian dollar": "AUD", "canadian dollar": "CAD",
    "hong kong dollar": "HKD", "euro": "EUR", "pound": "GBP", "pound sterling": "GBP",
    "yen": "JPY", "won": "KRW", "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB",
    "rouble": "RUB", "rupee": "INR", "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY",
    "krw": "KRW", "cny": "CNY", "rub": "RUB", "inr": "INR", "aud": "AUD", "cad": "CAD",
}
DURATIONS = ("year", "month", "week", "day", "hour", "minute", "second", "decade", "century")
_MEASURES: dict[str, str] = {
    "km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile", "mph": "mph",
    "km/h": "km/h", "kg": "kg", "kilogram": "kg", "tonne": "tonne", "ton": "ton",
    "metre": "m", "meter": "m", "foot": "foot", "feet": "foot", "yard": "yard",
    "litre": "litre", "liter": "litre", "barrel": "barrel", "gb": "GB", "tb": "TB", "mb": "MB",
    "hp": "hp", "bhp": "hp", "horsepower": "hp", "degree": "degree", "kw": "kW", "mw": "MW",
    "gw": "GW", "w": "W", "t": "tonne", "point": "point", "cm": "cm", "inch": "inch",
    "inches": "inch", "°c": "degC", "°f": "degF", "°": "degree",
    "pound-feet": "lb-ft",
    "rpm": "rpm", "acre": "acre", "hectare": "hectare", "lb": "lb", "oz": "oz",
    "megawatt": "MW", "gigawatt": "GW", "kilowatt": "kW", "mah": "mAh", "mbps": "Mbps",
    "gbps": "Gbps", "mg": "mg", "g": "g", "ml": "ml", "sq m": "m2", "m2": "m2", "km2": "km2",
    "lbs": "lb", "min": "minute", "mins": "minute", "sec": "second", "hrs": "hour",
    "degf": "degF", "degc": "degC", "deg": "degree", "pc": "percent", "p": "pence",
    "sen": "sen", "ghz": "GHz", "mhz": "MHz", "gigabyte": "GB", "terabyte": "TB",
    "mm": "mm", "millimetre": "mm", "millimeter": "mm", "calibre": "calibre", "caliber": "calibre",
}
_QUALIFIERS = (
    "more than", "over", "at least", "up to", "nearly", "about", "roughly", "approximately",
    "around", "almost", "some", "fewer than", "less than", "under", "as many as", "as few as",
    "at most", "close to", "just over", "just under", "an estimated", "estimated", "upwards of",
    "in excess of", "no fewer than", "no more than", "approx.", "circa", "well over",
    "more than about", "just", "only", "exactly", "below", "above",
)
_QUALIFIER_RE = re.compile(
    r"(?:^|(?<=[\s(\"“'‘—–-]))(" + "|".join(
        re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DEBRIS_LINE = re.compile(
    r"^\s*(?:also read|read also|read more|related|recommended|see also|updated|posted|"
    r"published|photo|image|credit|comments?|share|follow us|advertisement|sponsored|"
    r"click here|subscribe|sign up|you may also like|next|previous|page \d)\b",
    re.IGNORECASE,
)

# capital letters that name no unit when written after a number ("5G", "4P"), though
# their lower case does ("5g" grams, "4p" pence)
_CAPITAL_ONLY = frozenset({"G", "P", "T", "M", "C", "D"})

_AN_QUALIFIER = re.compile(
    r"\b(?:more\s+than|less\s+than|nearly|almost|about|over|under|roughly|around|just"
    r"|at\s+least|up\s+to|upwards\s+of)\s+$", re.I)

_DENOM = (r"(?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?"
          r"|ninths?|tenths?)")
_SMALL_WORD = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten"

_CORE = re.compile(
    rf"(?:(?<![\w.,])|(?<=\d-)|(?<=[a-z]-)|(?<=(?-i:[A-Z]))(?=\d))(?:(?P<vague>(?:{'|'.join(_VAGUE)})(?:\s+of\s+(?:thousands|millions|billions))?)"
    rf"(?=\s+of\b|\s*[,.;)]|\s+(?:or|and)\b)"
    rf"|(?P<mixed>(?:\d+|{_WORD_ATOM})(?:\s+and\s+(?:a|an|one)[\s-]+{_DENOM}"
    rf"|\s+[1-9]/(?:[2-9]|1[0-6])(?![\d/])|\s?[{''.join(_VULGAR)}])"
    rf"(?:\s+{_SCALE_WORD}\b)?)"
    rf"|(?P<vulgar>[{''.join(_VULGAR)}])"
    rf"|(?P<fracscale>(?:(?:a|one|two|three)[\s-]+)?(?:quarters?|thirds?|half)(?:\s+of)?"
    rf"(?:\s+an?)?\s+(?:thousand|million|billion|trillion)\b)"
    rf"|(?P<frac>(?:(?:a|an)\s+{_DENOM}(?=\s+of\b)"
    rf"|(?:{_SMALL_WORD})-{_DENOM}"
    rf"|(?:{_SMALL_WORD})\s+{_DENOM}(?=\s+of\b)"
    rf"|(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:halves|thirds|quarters"
    rf"|fourths|fifths|sixths|sevenths|eighths|ninths|tenths))(?![\w-]))"
    rf"|(?P<halfof>half[\s-]+(?:an?\s+)?(?:{_SCALE_WORD}|dozen)\b)"
    rf"|(?P<dozen>(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+)?dozen)\b(?!s)"
    rf"|(?P<half>half)(?=\s+(?:of|the|a|an|its|their)\b)"
    rf"|(?P<an>an?)(?=\s+(?:mile|kilomet(?:re|er)|km|hour|year|month|week|day|minute|foot"
    rf"|metre|meter|ton|tonne|acre|hectare|decade|century)\b)"
    rf"|(?P<fold>(?:\d+(?:\.\d+)?-?|(?:{_WORD_ATOM})-?)fold)\b"
    rf"|(?P<digits>{_DIGITS_SCALED})(?=[A-Za-z°]{{1,5}}[23]?\b|[^\w]|$)"
    rf"|(?P<words>{_WORDS_NUM})(?![\w]))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """One quantity as written, with its reading and, when it is not a claim, why."""

    start: int  # of the whole span (qualifier and unit included)
    end: int
    num_start: int  # of the number itself
    num_end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str | None
    vague: bool
    reason: str | None  # "date", "year", "calibre", ... ; None for a possible claim


def words_to_number(text: str) -> float | None:
    """Reads English number words ("two hundred and five thousand", "a million")."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    for i, tok in enumerate(tokens):
        if tok in ("a", "an") and i == 0:
            current = 1
            seen = True
        elif tok in UNITS_WORDS:
            current += UNITS_WORDS[tok]
            seen = True
        elif tok in TENS_WORDS:
            current += TENS_WORDS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1) * 100
            seen = True
        elif tok in SCALES:
            total += (current or 1) * SCALES[tok]
            current = 0
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _denominator(word: str) -> float | None:
    """The value of one part named by ``word`` ("thirds" 1/3, "halves" 1/2), else None."""
    word = word.lower()
    if word == "halves":
        return 0.5
    return _FRACTIONS.get(word[:-1] if word.endswith("s") else word)


def read_fraction(text: str) -> float | None:
    """Reads fractions, mixed numbers, dozens and folds, in words or digits.

    "two-thirds" 2/3, "a quarter" 0.25, "one and a half" 1.5, "1 1/2" 1.5, "2½" 2.5,
    "one and a half million" 1.5e6, "half a million" 5e5, "half-dozen" 6, "a dozen" 12,
    "sixfold" 6. Returns None when the text is none of these, so callers never guess.
    """
    raw = re.sub(r"\s+", " ", text.strip().lower())
    if m := re.fullmatch(rf"half[\s-]+(?:an?\s+)?({_SCALE_WORD}|dozen)", raw):
        return 0.5 * (12.0 if m.group(1) == "dozen" else parse_number("1 " + m.group(1)) or 0.0)
    scale = 1.0
    scaled = re.fullmatch(rf"(.*?)[\s-]+({_SCALE_WORD})", raw)
    if scaled and scaled.group(1):
        raw = re.sub(r"(?:\s+of)?(?:\s+an?)?$", "", scaled.group(1))  # "a quarter (of a)"
        scale = 100.0 if scaled.group(2) == "hundred" else float(SCALES[scaled.group(2)])
    if (part := _denominator(raw)) is not None:
        return part * scale  # "quarter million"
    if m := re.fullmatch(r"(?:(.+?)[\s-]+)?dozen", raw):
        count = 1.0 if m.group(1) is None else _whole(m.group(1))
        return None if count is None else count * 12 * scale
    if m := re.fullmatch(r"(.+?)-?fold", raw):
        count = _whole(m.group(1))
        return None if count is None else count * scale
    if raw in _VULGAR:
        return _VULGAR[raw] * scale
    if m := re.fullmatch(r"(.+?)\s?([" + "".join(_VULGAR) + r"])", raw):
        whole = _whole(m.group(1))
        return None if whole is None else (whole + _VULGAR[m.group(2)]) * scale
    if m := re.fullmatch(r"(.+?) ([1-9]\d?)/([1-9]\d?)", raw):
        whole = _whole(m.group(1))
        num, den = int(m.group(2)), int(m.group(3))
        if whole is None or num >= den:
            return None
        return (whole + num / den) * scale
    if m := re.fullmatch(r"(.+?) and (?:a|an|one)[\s-]+(\w+)", raw):
        whole, part = _whole(m.group(1)), _denominator(m.group(2))
        if whole is None or part is None:
            return None
        return (whole + part) * scale
    if m := re.fullmatch(r"(\w+)[\s-]+(\w+)", raw):
        part = _denominator(m.group(2))
        count = 1.0 if m.group(1) in ("a", "an") else _whole(m.group(1))
        if part is None or count is None:
            return None
        return count * part * scale
    return None


def _whole(text: str) -> float | None:
    """A whole number in digits or words ("3", "three"), else None."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return words_to_number(text)


def parse_number(text: str) -> float | None:
    """Reads a number in digits, words or both ("7,000", "1.5 million", "a dozen", "25k")."""
    raw = re.sub(r"(?<=\d)-(?=[a-z])", " ", text.strip().lower().replace("\u00a0", " "))
    if not raw:
        return None
    m = re.fullmatch(rf"({_DIGITS})\s*([a-z]+)?(?:\s+([a-z]+))?", raw)
    if m:
        digits = m.group(1)
        if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            return None
        value = float(re.sub(r"[,\s]", "", digits))
        for place, word in enumerate((m.group(2), m.group(3))):
            if word is None:
                continue
            if word == "hundred":
                value *= 100
            elif word in SCALES:
                value *= SCALES[word]
            elif word in _ABBREV_SCALES and place == 0:  # "1.2bn", not "1.2 million bn"
                value *= _ABBREV_SCALES[word]
            else:
                return None
        return value
    return words_to_number(raw)


def _vague_bounds(text: str) -> tuple[float, float | None]:
    """The implied lower bound of "thousands of" (2,000) or "hundreds of millions" (2e8)."""
    words = text.lower().split()
    low = 2.0 * _VAGUE[words[0]]
    if len(words) >= 3:
        low *= _VAGUE[words[2]]
    return low, None


_MONEY_CUE = re.compile(
    r"\b(?:fine[ds]?|pa(?:y|id|ys|ying)|cost[s]?|worth|bail|bond|compensation|salary|wages?|"
    r"earn(?:s|ed)?|spen[dt]|raised|donat\w+|price[ds]?|sold|bought|charg\w+|fees?|damages|"
    r"awarded|budget|grant|loan|debt|tax\w*|contract|deposit|fund\w*)\b", re.IGNORECASE)


def _pound_is_weight(text: str, pos: int, m: re.Match[str]) -> bool:
    """Whether a spelled "pound(s)" after a number is a weight, not sterling.

    News copy writes money in sterling with "£" ("£400", "£5m"); the spelled word is money
    when it carries a scale ("5 million pounds", "a 10 million-pound contract"), says so
    ("pounds sterling"), or is fined, paid or spent just before it ("fined 30,000 pounds"),
    and a weight otherwise: "a 400-pound gorilla", "he was 215 pounds", "10 pounds of
    marijuana"."""
    word = m.group(2).lower()
    if not word.startswith("pound") or "sterling" in word or m.group(1):
        return False
    scale = re.search(r"(?:" + "|".join(SCALES) + r"|bn|mn|m)[\s-]*$",
                      text[max(0, pos - 12):pos], re.IGNORECASE)
    if scale is not None:
        return False
    after = text[pos + m.end():pos + m.end() + 24]
    if re.match(r"\s+of\b", after):
        return True  # "10 pounds of marijuana": what is weighed follows
    noun = re.match(r"\s*(\w+)", after)
    if noun is not None and _MONEY_CUE.fullmatch(noun.group(1)):
        return False  # "a 300,000-pound fine", "a 500-pound deposit"
    return _MONEY_CUE.search(text[max(0, pos - 60):pos]) is None


_NATIONAL_CURRENCY = re.compile(
    r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(pounds?|dollars?|pesos?|rupees?|dinars?|francs?"
    r"|riyals?|rials?|shillings?|kronor|krona|kroner|krone|liras?|lire|rand|reais|real"
    r"|ringgits?|baht|dirhams?|yen|yuan|rubles?|roubles?|euros?|naira|cedis?|rupiah)\b")


def _unit_after(text: str, pos: int) -> tuple[str | None, int, bool]:
    """Reads a unit after ``pos``: (unit, new end, duration-with-worth)."""
    rest = text[pos:pos + 60]
    m = re.match(r"\s*(%|per\s?cent\b|percent(?:age points?)?\b)", rest, re.IGNORECASE)
    if m:
        unit = "percentage point" if "point" in m.group(1).lower() else "percent"
        return unit, pos + m.end(), False
    m = re.match(r"[\s-]*(?:(?:degrees?\s*|°\s?)(celsius|centigrade|fahrenheit|c|f)"
                 r"|(celsius|centigrade|fahrenheit))\b", rest, re.IGNORECASE)
    if m:  # "15 degrees Celsius", "59°F": the scale is the unit
        scale = (m.group(1) or m.group(2)).lower()
        return ("degF" if scale.startswith("f") else "degC"), pos + m.end(), False
    m = _NATIONAL_CURRENCY.match(rest)
    if m and not m.group(1).endswith("s"):  # "30,000 Egyptian pounds", not "two Koreans won"
        code = currency_of(m.group(1), m.group(2))
        if code is not None:
            return code, pos + m.end(), False
    m = re.match(
        r"[\s-]*((?:us|australian|canadian|hong kong|new zealand)\s+)?"
        r"(dollars?|euros?|pounds?(?: sterling)?|yen|won|yuan|renminbi|rubles?|roubles?|rupees?"
        r"|usd|eur|gbp|jpy|krw|cny|rub|inr|aud|cad)\b(?!-(?!plus\b))",
        rest, re.IGNORECASE,
    )
    if m:
        key = ((m.group(1) or "") + m.group(2)).lower().strip()
        key = re.sub(r"s$", "", key) if not key.endswith(("ss", "us")) else key
        code = (_CURRENCY_WORDS.get(key) or _CURRENCY_WORDS.get(m.group(2).lower().rstrip("s"))
                or _CURRENCY_WORDS.get(key.replace("pounds ", "pound ")))
        if code == "GBP" and _pound_is_weight(text, pos, m):
            return "lb", pos + m.end(), False
        if code and not (m.group(2).lower() == "won" and not m.group(1)
                         and re.match(r"\s+won\s+(?:the|a|an|by|in|over)\b", rest, re.I)):
            return code, pos + m.end(), False
    m = re.match(
        r"[\s-]*(" + "|".join(DURATIONS) + r")(?:s|ies)?(?:['’]s?)?(?=\W|$)(\s+worth\b)?",
        rest, re.IGNORECASE,
    )
    if m:
        return m.group(1).lower(), pos + m.end(), bool(m.group(2))
    m = re.match(r"(?:\s*|-)(" + "|".join(
        re.escape(u) for u in sorted(_MEASURES, key=len, reverse=True)) + r")(?:e?s)?(?=\W|$)",
        rest, re.IGNORECASE)
    if m:
        return _MEASURES[m.group(1).lower()], pos + m.end(), False
    return None, pos, False


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _exclusion(text: str, q_start: int, q_end: int, core: str, kind: str,
               unit: str | None, has_scale: bool) -> str | None:
    """Why a number is not a quantitative claim, or None."""
    before = text[max(0, q_start - 40):q_start]
    after = text[q_end:q_end + 40]
    line_start, _ = _line_bounds(text, q_start)
    line_head = text[line_start:q_start]
    if _DEBRIS_LINE.match(text[line_start:line_start + 40]):
        return "debris"
    counter = re.fullmatch(r"(\d{1,3})\s?/\s?(\d{1,3})", text[q_start:q_end])
    if counter and not line_head.strip() and int(counter.group(1)) <= int(counter.group(2)) \
            and re.match(r"\s+[A-Z]", after):
        return "list-number"  # "14/30 Mars Rover Spirit ...": a gallery's slide counter
    if kind == "digits":
        if re.match(r"\s*(?:st|nd|rd|th)\b", after, re.I) or re.match(r"(?:st|nd|rd|th)\b",
                                                                        after, re.I):
            return "ordinal"
        if re.match(r"\s*(?::\s?\d{2}|[ap]\.?m\.?(?=\W|$))", after, re.I) or re.search(
                r"\d\s?:\s?$", before):
            return "clock-time"
        if re.match(r":\d", after):
            return "ratio"
        if re.match(r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|"
                    r"Road|Ln|Lane|Blvd|Boulevard|Dr|Drive|Way|Ct|Court|Pl|Place|Hwy|Highway|"
                    r"Pkwy)\b",
                    after) and "," not in core:
            return "address"
        if re.match(r"[-/]\d{1,2}[-/]\d{1,4}\b", after) or (re.search(r"\d[-/]$", before) and \
                re.match(r"[-/]?\d", after)):
            return "date"
        if re.match(r"\s?/\s?(?:1[89]|20)\d\d\b", after) and re.fullmatch(r"\d{1,2}", core):
            return "date"
        if (re.search(rf"\b{_MONTH_RE}\s*$", before, re.I) and "," not in core and \
                float(core.replace(",", "")) <= 31) or (re.match(
                    rf"\s*(?:of\s+)?{_MONTH_RE}(?=\W|$)", after, re.I) and \
                float(core.replace(",", "")) <= 31 and "," not in core and unit is None and
                not re.match(rf"\s*{_MONTH_RE}\s+\d{{1,2}}\b", after, re.I)):
            # "19 Sept. 11 hijackers": the month has its day; 19 counts the hijackers
            return "date"
        if re.search(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur"
                     r"|thurs|fri|sat|sun)\.?,?\s*$", before, re.I) and unit is None and \
                re.fullmatch(r"\d{1,2}", core):
            return "date"
        if (re.fullmatch(r"1[89]\d\d|20\d\d|2100", core) and unit is None and not has_scale and \
                not re.match(r"\s*(?:[a-z]+s)\b(?<!ss)", after)) or (re.match(
                    r"(?:1[89]\d\d|20\d\d)s\b", text[q_start - 0:q_start + 6]) and \
                re.fullmatch(r"1[89]\d\d|20\d\d", core)):
            return "year"
        if re.fullmatch(r"1[89]\d\d|20\d\d", core) and re.search(r"['’]s\b|s\b", after[:2]):
            return "year"
        if unit is not None or (re.search(r"(?:minus-?|\s-)$", before, re.I) and \
                re.match(r"\s*(?:%|[a-z])", after, re.I)):
            pass
        elif (re.search(r"[A-Za-z]-?$", before) and not _CURRENCY_BEFORE.search(before)) or \
                re.match(r"-?[A-Z]{1,3}\d", after) or re.search(r"[A-Z]{2,}\s-$", before):
            return "designation"
        if re.fullmatch(r"\s*(?:\(|\[)?", line_head) and re.match(r"\s*[.)\]](?:\s|$)", after) and \
                "," not in core:
            return "list-number"
        if unit in ("mm", "calibre") and not re.match(r"[\s-]*(?:mm|millimet\w+)\s+of\b",
                                                      after, re.I):
            return "calibre"
        if re.match(r"\s*-?\s*(?:mm|cal(?:iber|ibre)?)\b", after, re.I):
            return "calibre"
        prev = re.search(r"(\S+)\s+$", before)
        if prev and re.fullmatch(r"[A-Za-z&]*[A-Z][\w&]*", prev.group(1)) and \
                "," not in core and not has_scale and unit is None and len(core) <= 4 and \
                not re.match(r"\s+[A-Z][a-zA-Z]+s\b", after) and \
                prev.group(1).lower() not in _NOT_NAMES and \
                not re.search(r"(?:^|[.!?:]\s+|\n\s*)\S+\s+$", before):
            return "designation"
    if kind == "words" and core.lower() == "one" and _idiom(before, after):
        return "idiom"
    if kind in ("words", "digits") and unit is None and not has_scale and "," not in core:
        if _LABEL_BEFORE.search(before):
            return "designation"  # "a category 4 hurricane", "level 3", "phase 2 trials"
        if _RANK_BEFORE.search(before):
            return "reference"  # "the bottom three", "a top 10 finish": a rank
    if kind in ("words", "digits") and unit is None and not has_scale:
        if _reference(core, before, after):
            return "reference"
        if kind == "words" and (core.lower() == "zero" or (
                core.lower() == "one" and not _one_counts(before, after))):
            return "singular"
    return None


def _reference(core: str, before: str, after: str) -> bool:
    """ "the two countries", "its one plant": who is meant, not a count. "the 84 people
    killed", "their three sons" restate a figure, and "their two children died" counts the
    dead: those stay figures."""
    if not re.search(r"\b(?:the|these|those|its|their|his|her|our|both|each|every)\s+$",
                     before, re.I) or re.match(r"\s+(?:of|per|percent)\b", after, re.I):
        return False
    if (parse_number(core) or 0) > 2:
        return False
    return not re.match(rf"(?:\s+[\w’'.,-]+){{0,5}}?\s+(?:(?:was|were|is|are|have\s+been)\s+)?"
                        rf"{_CASUALTY}\b", after[:80], re.I)


# "one" standing for a person or thing already named ("one said", "the one who"), not a
# count; "one person was killed", "more than one shooter" count and stay figures
_ONE_ALONE = re.compile(
    r"\s*(?:[,.;:!?)\"”]|$|who\b|that\b|which\b|is\b|was\b|has\b|had\b|said\b|says\b"
    r"|would\b|will\b|can\b|could\b|might\b|must\b|should\b|does\b|did\b|in\b|at\b"
    r"|on\b|for\b|and\b|or\b|but\b|to\b|by\b|with\b|from\b|day\b|time\b|thing\b"
    r"|way\b|reason\b|another\b|more\b|last\b|point\b)", re.I)

_CASUALTY = (r"(?:kill|die|dead|injur|wound|hurt|shot|shoot|murder|hospitali[sz]|treat|rescu"
             r"|arrest|miss|evacuat|surviv|critical|stable)\w*")
_ONE_BEFORE = re.compile(
    rf"(?:\b(?:more|fewer|less)\s+than\s+|\bat\s+least\s+|\b{_CASUALTY}\s+|\bincluding\s+)$",
    re.I)
_ONE_AFTER = re.compile(rf"(?:\s+[\w’'-]+){{0,3}}?\s+(?:(?:was|were|is|are|has\s+been)\s+)?"
                        rf"(?:also\s+)?{_CASUALTY}\b|,?\s*(?:killed|dead|hurt|injured)\b", re.I)


def _one_counts(before: str, after: str) -> bool:
    """Whether a written "one" is a count: "more than one shooter", "one person was killed",
    "killed one man". Elsewhere "one" is mostly an article or a pronoun ("one reporter
    asked", "only one conclusion"), which news does not mean as a figure."""
    if _ONE_ALONE.match(after):
        return False
    return bool(_ONE_BEFORE.search(before) or _ONE_AFTER.match(after[:60]))


_LABEL_BEFORE = re.compile(
    r"(?:\b(?i:category|level|stage|phase|grade|tier|class|type|size|number|no\.|chapter"
    r"|article|section|episode|volume|lane|gate|platform|route|exit|pier|highway|interstate"
    r"|motorway|junction|channel|ward|district|precinct|terminal|room|flight)"
    # "Day 3", "Game 7": labels when capitalised; "last week 300 workers" is a count
    r"|\b(?:Day|Week|Game|Round|Season|Line|Bus|Episode))\s+$")
_RANK_BEFORE = re.compile(r"\b(?:top|bottom)\s+$", re.I)

_NOT_NAMES = frozenset(
    q for q in _QUALIFIERS if " " not in q) | {"in", "since", "by", "from", "to", "of", "at",
                                                "on", "for", "with", "and", "than", "the", "a",
                                                # a title-case headline's prepositions
                                                # and the verbs it puts before a figure
                                                "among", "after", "before", "into", "over",
                                                "amid", "as", "kills", "killed", "leaves",
                                                "injures", "wounds", "hits", "tops", "reaches",
                                                "nears", "passes", "exceeds", "rises", "climbs",
                                                "jumps", "falls", "drops", "soars", "surges"}


def scan(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, claims and non-claims alike."""
    found: list[Quantity] = []
    pos = 0
    while True:
        m = _CORE.search(text, pos)
        if m is None:
            break
        kind = m.lastgroup or "digits"
        core = m.group(0).strip()
        if not core or (kind == "words" and core.lower() in ("a", "an")):
            pos = m.end()
            continue
        num_start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        num_end = m.end()
        q = _odds(text, kind, core, num_start, num_end) or _read(text, m, kind, core, num_start,
                                                                num_end)
        if q is None:
            pos = max(m.end(), pos + 1)
            continue
        found.append(q)
        pos = max(q.end, m.end())
    return found


_CURRENCY_BEFORE = re.compile(
    r"(?:^|(?<=[\s(~\[]))(US\$|\$US|A\$|\$A|C\$|\$C|HK\s?\$|\$HK|S\s?\$|\$S|NZ\$|\$NZ|\$|€|£|¥|₩|₹|₽"
    r"|USD|EUR|GBP|INR|RM|PS"
    r"|JPY|CNY|AUD|CAD|CHF|KRW|RUB|SGD|NZD|HKD|Rs\.?)\s?-?$")
_CODES: dict[str, str] = {"rm": "MYR", "ps": "GBP", "s$": "SGD", "hk$": "HKD", "nz$": "NZD",
                          "$us": "USD", "$a": "AUD", "$c": "CAD", "$hk": "HKD", "$s": "SGD",
                          "$nz": "NZD",
                          "chf": "CHF", "sgd": "SGD", "nzd": "NZD", "hkd": "HKD", "rs": "INR"}


_ODDS = re.compile(r"[\s-]+in[\s-]+(\d{1,3}(?:,\d{3})*|\d+|[A-Za-z]+(?:[\s-][a-z]+){0,3})\b")


def _odds(text: str, kind: str, core: str, num_start: int, num_end: int) -> Quantity | None:
    """ "a one-in-three chance", "one in five Americans", "1 in 4": a share, read as the
    percentage it is (33.33, 20, 25), not as two counts."""
    if kind not in ("digits", "words"):
        return None
    m = _ODDS.match(text, num_end)
    if m is None:
        return None
    first = words_to_number(core) if kind == "words" else parse_number(core)
    second_text = m.group(1)
    if second_text[0].isdigit():
        second, end = parse_number(second_text), m.end()
    else:
        # "one in three chance": the longest run of number words is the second number
        words = second_text.replace("-", " ").split()
        while words and words_to_number(" ".join(words)) is None:
            words = words[:-1]
        if not words:
            return None
        second = words_to_number(" ".join(words))
        end = m.start(1) + len(" ".join(words))
    if first is None or second is None or not (math.isfinite(first) and math.isfinite(second)) \
            or first != int(first) or not 1 <= first < second or second > 10_000_000 or \
            (second_text.isdigit() and 1800 <= second <= 2100):
        return None
    if re.match(r"[\s-]*(?:" + "|".join(DURATIONS) + r")s?\b", text[end:end + 12], re.I):
        return None  # "5 in 7 days": a count in a period, not a share
    qualifier, start = _qualifier_before(text, num_start)
    share = float(f"{100 * first / second:.4g}")  # "one in a million" is 0.0001 %
    return Quantity(start, end, num_start, end, text[start:end], share, share, share,
                    "percent", qualifier, False, None)


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier written just before ``start`` ("about", "more than") and where the
    figure's span then starts; (None, start) when there is none."""
    window = text[max(0, start - 30):start]
    qm = _QUALIFIER_RE.search(window)
    if qm is None:
        return None, start
    return qm.group(1).lower(), start - (len(window) - qm.start(1))


def _read(text: str, m: re.Match[str], kind: str, core: str, num_start: int,
          num_end: int) -> Quantity | None:
    value: float | None
    low: float | None
    high: float | None
    vague = False
    has_scale = False
    if kind == "vague":
        low, high = _vague_bounds(core)
        value = None
        vague = True
    elif kind in ("frac", "mixed", "vulgar", "halfof", "fracscale", "dozen", "fold"):
        value = read_fraction(core)
        if value is None:
            return None
        if kind == "dozen" and value == 12 and re.search(r"\bbaker['’]s\s+$",
                                                         text[max(0, num_start - 10):num_start],
                                                         re.I):
            value = 13.0  # "a baker's dozen"
        low = high = value
        has_scale = kind in ("mixed", "halfof", "fracscale") and bool(re.search(
            r"(?:thousand|million|billion|trillion)$", core, re.I))
    elif kind == "half":
        value = low = high = 0.5
    elif kind == "an":
        # "more than a mile", "nearly an hour": one unit, given as a figure by its qualifier;
        # a bare "a mile" or "an hour" is an article, not a count
        if not _AN_QUALIFIER.search(text[max(0, num_start - 20):num_start]):
            return None
        value = low = high = 1.0
    else:
        digits_only = re.match(_DIGITS, core)
        if kind == "digits" and digits_only and "," in digits_only.group(0) and not re.fullmatch(
                r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits_only.group(0)):
            return None
        value = parse_number(core)
        if value is None:
            return None
        has_scale = bool(re.search(r"[a-z]", core, re.I)) and kind == "digits"
        if kind == "words" and re.search(_SCALE_WORD, core, re.I) and re.search(
                r"\b(?:thousand|million|billion|trillion)$", core, re.I):
            has_scale = True
        low = high = value
    frac = re.match(r"/(\d{1,2})\b(?![/-]\d)", text[num_end:num_end + 4])
    if frac and kind == "digits" and re.fullmatch(r"\d{1,2}", core) and \
            int(frac.group(1)) not in _DENOMINATORS and int(frac.group(1)) > 0 and \
            text[_line_bounds(text, num_start)[0]:num_start].strip():
        # "9/11", "24/7": a name, not a fraction
        return _designation(text, num_start, num_start, num_end + frac.end(), parse_number(core))
    if frac and kind == "digits" and re.fullmatch(r"\d{1,2}", core) and \
            int(core) < int(frac.group(1)):  # a fraction, or a slide counter opening a line
        value = low = high = int(core) / int(frac.group(1))
        num_end += frac.end()
    phone = _PHONE.match(text, num_start) if kind == "digits" else None
    if phone and not re.search(r"[\d$€£]\s*$", text[max(0, num_start - 3):num_start]):
        return _designation(text, num_start, num_start, phone.end(), value)  # 866-435-9355
    start = num_start
    # currency symbol before the number
    unit: str | None = None
    sym = _CURRENCY_BEFORE.search(text[max(0, start - 8):start])
    if sym and kind == "digits":
        key = re.sub(r"[\s.]", "", sym.group(1)).lower()
        unit = _CURRENCY_SYMBOLS.get(key) or _CURRENCY_WORDS.get(key) or _CODES.get(key)
        start -= len(sym.group(0))
    if kind == "digits" and unit is None and value is not None and \
            re.fullmatch(r"[\d.,]+m", core) and _METRE_AFTER.match(text, num_end):
        # "1.8m tall", "a 48m-long hull": metres, not millions
        value = low = high = value / 1_000_000
        unit = "m"
    if kind == "digits" and _is_designation(text, start, num_start, num_end, core, unit):
        return _designation(text, start, num_start, _designation_end(text, num_end), value)
    neg = re.search(r"(?:\bminus[\s-]?|(?:^|(?<=[\s(]))-|(?<=\$)-)$", text[max(0, start - 7):start],
                    re.IGNORECASE)
    if neg and kind == "digits" and value is not None:
        value = -value
        low = high = value
        start -= len(neg.group(0))
    end = num_end
    if kind in ("digits", "words") and unit is None and _in_vote_tally(text, num_start, num_end):
        # "passed 234-193", "won, 134 to 63": the votes for and the votes against, each a
        # figure of its own (the second is read next)
        return Quantity(start, end, num_start, num_end, text[start:end], value, value, value,
                        "vote", None, False, None)
    # ranges: "1-2 million", "between 5 and 10", "10 to 20"
    rng = _range_after(text, end)
    is_between = bool(re.search(r"\bbetween\s+(?:US\$|\$US|\$|€|£)?$",
                                text[max(0, start - 12):start], re.I))
    if rng and re.match(r"\s*(?:%|per\s?cent|percent)", rng.group(0), re.I) and not re.match(
            r"\s*(?:%|per\s?cent|percent)", text[end + rng.end():end + rng.end() + 9], re.I):
        rng = None
    if rng and re.fullmatch(r"1[89]\d\d|20\d\d", core) and re.fullmatch(
            r"\s*[-–/]\s*\d{1,2}", rng.group(0)):
        # "2024-5": a span of years
        return Quantity(start, end + rng.end(), num_start, end + rng.end(),
                        text[start:end + rng.end()], value, value, value, None, None, False,
                        "year")
    if rng and (_change_then_level(text, start, value, rng) or (
            re.fullmatch(r"1[89]\d\d|20\d\d", core) and not re.fullmatch(r"\d{4}", rng.group(1)))):
        rng = None
    if rng and value is not None and kind in ("digits", "words") and (
            is_between or not rng.group(0).strip().lower().startswith("and")):
        second = parse_number(rng.group(1))
        if second is None and re.search(f"[{''.join(_VULGAR)}]$", rng.group(1)):
            second = read_fraction(rng.group(1))  # "4 to 5½ feet"
        if second is not None:
            scale_word = re.search(rf"({_SCALE_WORD}|k|m|bn|mn|tn)$", rng.group(1).strip(), re.I)
            first = value
            if scale_word and not re.search(r"[a-z]", core, re.I):
                mult = parse_number("1 " + scale_word.group(1)) or 1.0
                first = value * mult if value * mult <= second else value
            # "3-1", "voted three to two": a tally, unless "from 5 to 3" (a change)
            tally = bool(kind == "digits" and re.fullmatch(r"\s*-\s*\d{1,2}", rng.group(0))) or (
                bool(re.fullmatch(r"\s+to\s+\S+", rng.group(0))) and not re.search(
                    r"\bfrom\s+$", text[max(0, start - 6):start], re.I))
            if second == first and re.fullmatch(r"\s*[-–]\s*\S+", rng.group(0)) and \
                    not _in_vote_tally(text, num_start, num_end):
                # "a 50-50 chance", "2-2": even odds or a tie, not two figures
                return Quantity(start, end + rng.end(), num_start, end + rng.end(),
                                text[start:end + rng.end()], value, value, value, None, None,
                                False, "score" if first <= 20 else "ratio")
            if tally and second <= first and first <= 20:
                return Quantity(start, end + rng.end(), num_start, end + rng.end(),
                                text[start:end + rng.end()], value, value, value, None, None,
                                False, "score")
            if (second > first or is_between) and not (
                    _YEAR.fullmatch(core) and re.fullmatch(r"\d{1,4}", rng.group(1))):
                low, high = first, second
                value = None if low != high else low
                end = end + rng.end()
                has_scale = has_scale or bool(scale_word)
            elif _YEAR.fullmatch(core) and re.fullmatch(r"\d{1,4}", rng.group(1)):
                # "2024-5": a span of years
                return Quantity(start, end + rng.end(), num_start, end + rng.end(),
                                text[start:end + rng.end()], value, value, value, None, None,
                                False, "year")
    if is_between:
        start = text.rfind("between", 0, start)
    qualifier, start = _qualifier_before(text, start)
    if is_between:
        qualifier = "between"
    attached = re.match(r"[A-Za-z°]{1,5}[23]?\b", text[end:end + 7])
    if attached and kind == "digits" and not re.fullmatch(r"(?:st|nd|rd|th|s)", attached.group(0),
                                                          re.I):
        letters = attached.group(0)
        if re.fullmatch(r"[ap]m", letters, re.I):
            return Quantity(start, end + 2, num_start, num_end, text[start:end + 2], value, low,
                            high, None, None, False, "clock-time")
        if letters.isupper() and (letters.lower() not in _MEASURES or letters in _CAPITAL_ONLY):
            # "54A", "5G", "F35B": a gate, a generation, a model, not an amount
            return Quantity(start, end + len(letters), num_start, num_end,
                            text[start:end + len(letters)], value, low, high, None, None,
                            False, "designation")
        unit = _MEASURES.get(letters.lower(), letters)
        end += len(letters)
    after_unit, unit_end, _worth = _unit_after(text, end)
    if attached and kind == "digits":
        after_unit = None
    if re.match(r"\s?-\s?(?!(?:" + "|".join(SCALES) + r"|hundred|and)\b)[a-z]+",
                text[end:end + 12]) and \
            kind in ("digits", "words") and not re.match(
                r"\s?-\s?(?:" + "|".join(UNITS_WORDS) + r")\b", text[end:end + 12]):
        word = re.match(r"\s?-\s?([a-z]+)", text[end:end + 14])
        if word and word.group(1) == "plus" and qualifier is None:
            # "a 1,000-plus crowd": at least that many
            qualifier, end = "more than", end + word.end()
            word = None
        if word and word.group(1) == "year" and re.match(r"-year-old", text[end:end + 10]):
            return Quantity(start, end + 9, num_start, num_end, text[start:end + 9], value, low,
                            high, "year", qualifier, False, "age")
        if word and word.group(1) not in _MEASURES and word.group(1).rstrip("s") not in _MEASURES \
                and after_unit is None:
            noun = _compound_noun(word.group(1))
            if noun is None:
                return Quantity(start, end, num_start, num_end, text[start:end], value, low,
                                high, None, qualifier, False, "modifier")
            # "the 48-page indictment", "a three-judge panel": a count of its noun
            after_unit, unit_end = noun, end + word.end()
    if after_unit is not None and (unit is None or after_unit in _CURRENCY_WORDS.values()) and \
            not (kind == "vague" and after_unit in _MEASURES.values()):
        unit = after_unit
        end = unit_end
        if qualifier is None and re.match(r"-plus\b", text[end:end + 6]):
            qualifier, end = "more than", end + 5  # "a 400-pound-plus gorilla"
    if unit == "year" and re.match(r"[\s-]+old\b", text[end:end + 6], re.I):
        # "15 year-old students", "a 40 year old man": an age, as "15-year-old" is
        old = len(text[end:end + 6]) - len(text[end:end + 6].lstrip(" -")) + 3
        return Quantity(start, end + old, num_start, num_end, text[start:end + old], value,
                        low, high, "year",
                        qualifier, False, "age")
    if (kind in ("frac", "half") or (kind == "vulgar" and re.match(r"\s+of\b", text[end:]))) \
            and unit is None and value is not None:
        # "two-thirds of the vote", "half the condos": a share, written as the percentage
        # other reports give for the same thing ("66.7 percent"), so the two can meet
        value = low = high = round(value * 100, 2)
        unit = "percent"
    reason = _exclusion(text, num_start, num_end, re.sub(r"[^\d,.]", "", core) or core, kind,
                        unit, has_scale) if kind in ("digits", "words") else (
        "debris" if _DEBRIS_LINE.match(text[_line_bounds(text, num_start)[0]:][:40]) else None)
    return Quantity(start, end, num_start, num_end, text[start:end], value, low, high, unit,
                    qualifier, vague, reason)


_MODEL_AFTER = re.compile(r"(?:-\d{1,3}[A-Z]{0,2}\b)?\s+(?:" + "|".join(_MODEL_SUFFIXES) + r")\b")
_NAME_BEFORE = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][A-Za-z]+\s$")


def _is_designation(text: str, start: int, num_start: int, num_end: int, core: str,
                    unit: str | None) -> bool:
    """A model or product designation ("Cessna 208B", "Boeing 787-9", "737 Max").

    Read by shape: a whole number right after a name with a capital letter or a bare
    hyphenated suffix attached ("787-9", "737-800"), or followed by a product line's name.
    Amounts keep their currency ("$5B"), decimals ("1.5M") or thousands commas, so they
    never take this shape.
    """
    if unit is not None or not re.fullmatch(r"\d{2,4}[KMB]?", core):
        return False
    if _MODEL_AFTER.match(text, num_end):
        return True
    after_name = bool(_NAME_BEFORE.search(text, max(0, start - 30), start))
    if re.fullmatch(r"\d+[KMB]", core):
        return after_name
    if after_name and re.match(r"-\d{1,3}\b(?![.,]\d)", text[num_end:num_end + 5]):
        return int(core) >= 100  # "Boeing 787-9"; "Leeds 2-1" stays a score
    suffix = re.match(r"-(\d{1,2})\b(?![.,\d%])", text[num_end:num_end + 4])
    return bool(suffix and int(core) >= 100 and not re.fullmatch(r"1[89]\d\d|20\d\d", core)
                and len(core) - len(suffix.group(1)) >= 2
                and not re.match(r"\s*(?:%|per\s?cent|[a-z])", text[num_end + suffix.end():],
                                 re.I))


def _designation_end(text: str, num_end: int) -> int:
    m = re.match(r"(?:-\d{1,4}[A-Z]{0,2}\b)?", text[num_end:num_end + 8])
    return num_end + (m.end() if m else 0)


def _designation(text: str, start: int, num_start: int, end: int, value: float | None
                 ) -> Quantity:
    return Quantity(start, end, num_start, end, text[start:end], value, value, value, None,
                    None, False, "designation")


def _compound_noun(word: str) -> str | None:
    """The noun a hyphenated count counts ("48-page" page), or None for "one-off" kinds."""
    word = word.lower()
    if word in _NOT_COUNT_COMPOUNDS or len(word) < 3:
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")


def _change_then_level(text: str, start: int, value: float | None, rng: _RangeEnd) -> bool:
    """ "rose by 5 to 250": a change, then the level it reached, not the range 5-250.

    After "by", "X to Y" is a range only when Y is within twice X ("fell by 1 to 1.5
    degrees"); a level is usually far from the change that led to it.
    """
    if not re.search(r"\bby\s+\S*$", text[max(0, start - 12):start], re.I):
        return False
    second = parse_number(rng.group(1))
    if value is None or second is None or value <= 0:
        return True
    return not (value < second <= 2 * value) or bool(re.search(r"[$€£]", rng.group(0)))


_METRE_AFTER = re.compile(
    r"[\s-]*(?:tall|long|high|wide|deep|away|below|above|across|in\s+(?:length|height"
    r"|diameter|width|depth))\b", re.I)
_PHONE = re.compile(r"(?:1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
# a digit fraction names one of these parts; "9/11" and "24/7" are names
_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64})
_TALLY_JOIN = r"(?:-to-|\s*[-–—]\s*|\s+to\s+)"
_SMALL_WORDS = "|".join(sorted(UNITS_WORDS, key=len, reverse=True))
_TALLY_SIDE = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_SMALL_WORDS})\b)"
_VOTE_WORDS = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|tally|ballots?|passed|pass|approved?|overrid\w*|confirmed"
    r"|rejected|defeated|won|margin|victory|majority)\b", re.I)


def _in_vote_tally(text: str, num_start: int, num_end: int) -> bool:
    """Whether the number is one side of a vote tally ("234-193", "134-to-63 vote").

    The two sides are written like a score or a range; a word of voting within a few
    words says which. The larger side comes first, so a rising pair stays a range.
    """
    first = re.search(rf"(?<!\w)(?<!\d\.)({_TALLY_SIDE}){_TALLY_JOIN}$",
                      text[max(0, num_start - 20):num_start], re.I)
    second = re.match(rf"{_TALLY_JOIN}({_TALLY_SIDE})(?!\w|\.\d)", text[num_end:num_end + 20],
                      re.I)
    pair = (first.group(1), text[num_start:num_end]) if first else (
        (text[num_start:num_end], second.group(1)) if second else None)
    if pair is None:
        return False
    a, b = (parse_number(p) for p in pair)
    if a is None or b is None or a < b or _YEAR.fullmatch(pair[0].replace(",", "")):
        return False
    window = text[max(0, num_start - 60):num_end + 40]
    return bool(_VOTE_WORDS.search(window))


_RANGE = re.compile(
    rf"\s*(?:%|per\s?cent|percent)?\s*(?:-|–|—|to|and|or)\s*(?:US\$|\$US|\$|€|£)?\s*"
    rf"(?:(\d+[{''.join(_VULGAR)}]|{_DIGITS_SCALED})(?=[A-Za-z°]{{1,5}}[23]?\b|[^\w]|$)"
    rf"|({_WORD_ATOM}(?:\s+{_SCALE_WORD})?)(?![\w]))", re.IGNORECASE)


class _RangeEnd:
    """The second half of a range, read by ``_RANGE``; ``group(1)`` is its number."""

    def __init__(self, m: re.Match[str], base: int) -> None:
        self._m = m
        self._base = base

    def group(self, n: int = 0) -> str:
        if n == 0:
            return self._m.group(0)
        return self._m.group(1) if self._m.group(1) is not None else self._m.group(2)

    def end(self) -> int:
        """Where the range ends, counted from where the first number ended."""
        return self._m.end() - self._base


def _range_after(text: str, end: int) -> _RangeEnd | None:
    """The "to 20", "–40min", "or four" that closes a range starting before ``end``.

    A unit written onto the second number ("25 – 40min") is left for the unit reader;
    "or" only joins two number words ("three or four", "two or three years"): the
    approximate count news writes in words; in digits "25k or 40k" are alternatives.
    """
    m = _RANGE.match(text, end, min(len(text), end + 40))
    if m is None:
        return None
    joiner = m.group(0)[: m.start(1 if m.group(1) is not None else 2) - m.start()]
    if re.search(r"\bor\b", joiner, re.I) and (
            m.group(1) is not None or re.search(r"\d\s*$", text[max(0, end - 3):end])):
        return None
    return _RangeEnd(m, end)


def has_number(text: str) -> bool:
    """Cheap test: does the text hold a digit or a number word worth a full parse?"""
    if any(ch.isdigit() or ch in _VULGAR for ch in text):
        return True
    return bool(_HAS_WORD.search(text))


_HAS_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
