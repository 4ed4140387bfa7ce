"""Property tests: the dateline parser and the clean-text offsets."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import InputError
from claimledger.records import RawInput
from claimledger.text import extract
from claimledger.text.dates import date_line, parse_date

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _formats(day: date) -> list[str]:
    month = _MONTHS[day.month - 1]
    weekday = _DAYS[day.weekday()]
    return [
        f"{month} {day.day}, {day.year}",
        f"{weekday} {month[:3]} {day.day:02d} {day.year}",
        f"{day.day} {month} {day.year}",
        f"{weekday}day, {day.day}. {month} {day.year}"
        if weekday != "Sat" else f"{day.day}. {month} {day.year}",
        day.isoformat(),
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"Published: {month[:3]}. {day.day}, {day.year} 10:42 GMT",
    ]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_parses_back(day: date) -> None:
    for written in _formats(day):
        assert parse_date(written) == day.isoformat(), written
        assert date_line(written) == day.isoformat(), written


@given(st.text(max_size=200))
def test_parser_never_crashes_and_returns_real_dates(text: str) -> None:
    for found in (parse_date(text), date_line(text)):
        assert found is None or (
            re.fullmatch(r"\d{4}-\d\d-\d\d", found) and date.fromisoformat(found)
        )


def test_impossible_dates_are_not_dates() -> None:
    assert parse_date("February 30, 2023") is None
    assert parse_date("2023-13-01") is None
    assert date_line("The minister said on November 2, 2023 that ships left.") is None


_LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "Previous", "Next", "icon-facebook icon-twitter", "_____",
                     "Read also: other story", "by Staff Writers", "Home NEWS Title",
                     "Latest Posts", "Leave a Comment", "(a tag phrase)", "a tag phrase",
                     "Under 100 Words: A Summary", "Thu Nov 02 2023", "Photo: Someone"]),
    st.builds(lambda words: " ".join(words) + " (a tag phrase).",
              st.lists(st.sampled_from(["ships", "carried", "1,000", "shells", "to", "ports"]),
                       min_size=12, max_size=20)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_offsets_point_at_the_same_characters(lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8")
    try:
        result = extract(RawInput(source="p.txt", data=data, kind="text"))
    except InputError:
        return
    assert len(result.offsets) == len(result.text)
    for i, offset in enumerate(result.offsets):
        if offset >= 0:
            assert result.text[i] == result.raw_text[offset]
    for span in result.debris:
        assert result.raw_text[span.start : span.end] == span.text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                        max_size=80), min_size=1, max_size=8))
def test_html_offsets_are_best_effort_but_never_wrong(paragraphs: list[str]) -> None:
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    data = f"<html><head><title>t</title></head><body><article>{body}</article></body></html>"
    try:
        result = extract(RawInput(source="p.html", data=data.encode("utf-8"), kind="html"))
    except InputError:
        return
    for i, offset in enumerate(result.offsets):
        if offset >= 0:
            assert result.text[i] == result.raw_text[offset]
