"""Debris rules on fixtures written for this project (not copied from any report)."""

from __future__ import annotations

from pathlib import Path

from claimledger.records import RawInput
from claimledger.text import content_hash, extract, line_key

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


def _extract(name: str, kind: str = "text", **kwargs: frozenset[str]) -> tuple[str, list[str]]:
    path = DATA / name
    result = extract(RawInput(source=str(path), data=path.read_bytes(), kind=kind), **kwargs)
    return result.text, [d.reason for d in result.debris]


def test_debris_lines_are_removed_and_content_kept() -> None:
    text, reasons = _extract("debris.txt")
    for gone in (
        "Home WORLD NEWS",
        "by Coastal Wire Staff",
        "share-facebook",
        "In Brief: The Quick Version",
        "ALSO READ",
        "Ferry strike ends",
        "The strike cost operators",  # the teaser paragraph, up to the separator
        "=====",
        "Previous",
        "Ferry Timetable Changes",
        "Next\n",
        "Lighthouse Restoration",
        "You may also like",
        "Leave a Comment",
        "Editors' Picks",
        "Latest Posts",
        "brings you the latest news",
        "Northern port crates",
        "Photo: Coastal Wire",
        "Mon Mar 04 2024",
    ):
        assert gone not in text, gone
    for kept in (
        "Harbour Authority Counts 4,200 Crates at Northern Port",
        "counted about 4,200 crates of machine parts on the quay since January.",
        "arrived on 12 ships and that 300 of them were opened for inspection.",
        "could rise to 5,000 by the end of the month, while shipping agents put it closer "
        "to 3,800.",
        "declined to comment on the numbers.",
    ):
        assert kept in text, kept
    assert text.startswith("Harbour Authority Counts")
    for reason in ("breadcrumb", "byline", "share buttons", "teaser", "navigation",
                   "adjacent article title", "page furniture", "separator", "photo credit",
                   "repeated fragment", "site footer", "dateline", "page furniture label"):
        assert reason in reasons, reason


def test_debris_spans_point_at_the_raw_text() -> None:
    path = DATA / "debris.txt"
    result = extract(RawInput(source="d.txt", data=path.read_bytes(), kind="text"))
    for span in result.debris:
        assert result.raw_text[span.start : span.end] == span.text


def test_plain_prose_is_left_alone() -> None:
    body = (
        "Next year the agency will publish 40 reports.\n\n"
        "Read the full statement on the agency's website, officials said on Friday.\n\n"
        "Previous estimates put the cost at 2 million dollars (about 1.8 million euros).\n"
    )
    result = extract(RawInput(source="p.txt", data=body.encode(), kind="text"))
    assert result.debris == []
    assert result.text == body.strip()


def test_summary_box_sentences_survive_their_label() -> None:
    body = (
        "Dam Inspection Finds 14 Cracks\n\n"
        "Key Points: What We Know So Far\n\n"
        "Engineers found 14 cracks in the spillway during the spring inspection.\n\n"
        "Repairs are expected to cost 3 million dollars, the operator said in a statement.\n"
    )
    result = extract(RawInput(source="s.txt", data=body.encode(), kind="text"))
    assert "Key Points" not in result.text
    assert "Engineers found 14 cracks in the spillway" in result.text
    assert [d.reason for d in result.debris] == ["page furniture label"]


def test_outlet_boilerplate_is_removed_but_not_a_whole_report() -> None:
    body = (
        "Mill Output Falls\n\nThe mill produced 900 tonnes in May, down from 1,100 in April.\n\n"
        "Subscribe to the Morning Ledger for daily updates from the valley.\n"
    )
    boiler = frozenset({line_key("Subscribe to the Morning Ledger for daily updates "
                                 "from the valley.")})
    result = extract(RawInput(source="b.txt", data=body.encode(), kind="text"),
                     outlet_boilerplate=boiler)
    assert "Subscribe" not in result.text
    assert "900 tonnes" in result.text
    everything = frozenset(line_key(line) for line in body.splitlines() if line.strip())
    again = extract(RawInput(source="b.txt", data=body.encode(), kind="text"),
                    outlet_boilerplate=everything)
    assert "900 tonnes" in again.text  # a repeat of the whole report is dedupe's business


def test_markdown_syntax_is_dropped() -> None:
    text, _ = _extract("article.md", kind="markdown")
    assert text.startswith("Council Approves 12 New Buses")
    assert "**" not in text and "](" not in text and "#" not in text
    assert "according to the minutes." in text


def test_line_key_folds_case_punctuation_and_digits() -> None:
    assert line_key("  Latest POSTS! ") == "latest posts"
    assert line_key("© 2023 Valley Courier") == line_key("© 2024 Valley Courier.")
    assert line_key("______") == ""
    assert line_key("1234") == ""


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
    assert len(content_hash("x")) == 64


def test_an_unboxed_teaser_takes_only_its_own_line() -> None:
    body = (
        "Council Approves Budget\n\n"
        "The council approved a budget of 40 million euros on Tuesday after a long debate.\n\n"
        "Related: Mayor outlines spending plans\n\n"
        "The budget includes 6 million euros for schools, the treasurer told the meeting.\n\n"
        "* * *\n\n"
        "Opposition members said the figures were optimistic and voted against the plan.\n"
    )
    result = extract(RawInput(source="u.txt", data=body.encode(), kind="text"))
    assert "Mayor outlines spending plans" not in result.text
    assert "6 million euros for schools" in result.text
    assert "Opposition members said" in result.text
