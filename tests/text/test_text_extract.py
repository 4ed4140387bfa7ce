"""Formats, metadata, encodings and rejected inputs of the text stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.records import RawInput
from claimledger.text import extract
from claimledger.text.lang import detect_language

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


def test_html_main_text_and_metadata() -> None:
    data = (DATA / "article.html").read_bytes()
    result = extract(RawInput(source="a.html", data=data, kind="html"))
    assert result.title == "Rail Freight Volumes Rise 8%"
    assert result.outlet == "The Valley Courier"
    assert result.url == "https://valleycourier.example/business/rail-freight-rise"
    assert (result.published, result.published_source) == ("2024-02-15", "metadata")
    assert result.language == "en"
    assert result.encoding == "utf-8"
    assert "14 million tonnes" in result.text
    assert "spring & the longer trains" in result.text  # entities decoded
    for debris in ("Most read", "Storm closes pass", "All rights reserved", "Weather"):
        assert debris not in result.text
    mapped = [o for o in result.offsets if o >= 0]
    assert len(mapped) > 0.9 * len(result.text)
    assert all(result.text[i] == result.raw_text[o]
               for i, o in enumerate(result.offsets) if o >= 0)
    assert result.raw_text.startswith("<!DOCTYPE html>")


def test_outlet_a_written_name_beats_the_host() -> None:
    body = b"Water Rates Rise\n\nRates will rise by 4% in July, the utility said on Monday.\n"
    with_url = extract(RawInput(source="w.txt", data=body, kind="text",
                                url="https://www.citynews.example/x", outlet="City News"))
    assert with_url.outlet == "City News"
    host_only = extract(RawInput(source="w.txt", data=body, kind="text",
                                 url="https://www.citynews.example/x"))
    assert host_only.outlet == "citynews.example"
    manifest_only = extract(RawInput(source="w.txt", data=body, kind="text", outlet="City News",
                                     published="2024-05-02", published_source="manifest"))
    assert manifest_only.outlet == "City News"
    assert (manifest_only.published, manifest_only.published_source) == ("2024-05-02",
                                                                          "manifest")


def test_text_dateline_beats_manifest_and_metadata_beats_dateline() -> None:
    body = b"Water Rates Rise\nNovember 2, 2023\n\nRates will rise by 4% in July, officials said.\n"
    plain = extract(RawInput(source="w.txt", data=body, kind="text", published="2023-10-01",
                             published_source="manifest"))
    assert (plain.published, plain.published_source) == ("2023-11-02", "text")
    assert "November 2, 2023" not in plain.text
    record = json.dumps({"text": body.decode(), "published": "2023-11-01T08:00:00Z"}).encode()
    from_json = extract(RawInput(source="r.jsonl#1", data=record, kind="json",
                                 published="2023-11-01", published_source="metadata"))
    assert (from_json.published, from_json.published_source) == ("2023-11-01", "metadata")


def test_json_record_with_html_and_title() -> None:
    markup = (DATA / "article.html").read_text(encoding="utf-8")
    record = json.dumps({"html": markup, "title": "Given title", "outlet": "Courier Feed"})
    result = extract(RawInput(source="x.json", data=record.encode(), kind="json",
                              outlet="Courier Feed"))
    assert result.title == "Given title"
    assert result.outlet == "Courier Feed"
    assert "14 million tonnes" in result.text
    assert result.raw_text == markup


def test_legacy_encodings_are_decoded() -> None:
    body = "Café Owners Report 30% Drop\n\nSales fell 30% in the café district, the guild said."
    for encoding in ("cp1252", "utf-16"):
        result = extract(RawInput(source="c.txt", data=body.encode(encoding), kind="text"))
        assert "Café Owners" in result.text
        assert "café district" in result.text


def test_text_is_nfc_normalised() -> None:
    decomposed = "Cafe\u0301 Prices\n\nPrices at the cafe\u0301 rose 5% this year, owners said."
    result = extract(RawInput(source="n.txt", data=decomposed.encode(), kind="text"))
    assert "Café" in result.text and "\u0301" not in result.text
    assert "\u0301" not in result.raw_text


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "text", "binary"),
        (b"", "text", "empty"),
        (b"   \n\t  ", "text", "empty"),
        (b"<html><head><title></title></head><body><script>var x=1;</script></body></html>",
         "html", "no readable text"),
        (b'{"title": "no body"}', "json", "'text' or 'html'"),
        (b"{not json", "json", "invalid JSON"),
        (bytes(range(128, 256)) * 3, "text", "could not be decoded"),
    ],
)
def test_bad_inputs_raise_input_error(data: bytes, kind: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(RawInput(source="bad-input", data=data, kind=kind))
    assert caught.value.source == "bad-input"
    assert reason in caught.value.reason


def test_malformed_html_still_yields_its_text() -> None:
    markup = (b"<html><body><div><p>The depot stored 2,500 tonnes of grain before the fire, "
              b"the owner said.<p>Insurers put the loss at 1.2 million dollars<div></span></b>"
              b"<table><tr><td>unclosed")
    result = extract(RawInput(source="m.html", data=markup, kind="html"))
    assert "2,500 tonnes of grain" in result.text


def test_unknown_kind_is_sniffed() -> None:
    data = (DATA / "article.html").read_bytes()
    result = extract(RawInput(source="x.warc#1", data=data, kind="warc-record"))
    assert result.outlet == "The Valley Courier"
    plain = extract(RawInput(source="f#1", data=b"Plain Title\n\nPlain words, 3 of them.",
                             kind="feed-entry"))
    assert plain.title == "Plain Title"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The mayor said that the council was not ready and that the vote would be delayed.",
         "en"),
        ("Der Bürgermeister sagte, dass die Stadt nicht bereit sei und die Abstimmung auf "
         "den Herbst verschoben wird.", "de"),
        ("Le maire a dit que la ville n'est pas prête et que le vote sera reporté dans les "
         "semaines qui viennent pour des raisons de sécurité.", "fr"),
        ("El alcalde dijo que la ciudad no está lista y que la votación se aplaza por "
         "razones de seguridad para los vecinos.", "es"),
        ("12 34 56", None),
    ],
)
def test_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_valid_utf8_wins_over_a_wrong_declared_charset() -> None:
    body = "Zürich Office Hires 25\n\nThe Zürich office hired 25 people, the firm said."
    result = extract(RawInput(source="u.txt", data=body.encode("utf-8"), kind="text",
                              encoding="iso-8859-1"))
    assert "Zürich office hired 25" in result.text
    legacy = extract(RawInput(source="l.txt", data=body.encode("iso-8859-1"), kind="text",
                              encoding="iso-8859-1"))
    assert "Zürich office hired 25" in legacy.text


def test_markdown_front_matter_is_metadata_not_text() -> None:
    body = (
        "---\ntitle: \"Ferry Strike Ends\"\ndate: 2024-04-09\nurl: https://www.tidewire.example/f\n"
        "---\n\n# Ferry Strike Ends\n\nThe nine-day strike ended after 40 hours of talks.\n"
    )
    result = extract(RawInput(source="f.md", data=body.encode(), kind="markdown"))
    assert result.text.startswith("Ferry Strike Ends\n\nThe nine-day strike")
    assert "title:" not in result.text and "---" not in result.text
    assert (result.title, result.url, result.outlet) == (
        "Ferry Strike Ends", "https://www.tidewire.example/f", "tidewire.example")
    assert (result.published, result.published_source) == ("2024-04-09", "metadata")
    assert "front matter" in {d.reason for d in result.debris}


def test_a_date_in_the_headline_is_not_the_publication_date() -> None:
    body = b"Floods of May 3, 2021 Revisited\n\nThe river rose 4 metres that week, records show."
    result = extract(RawInput(source="h.txt", data=body, kind="text"))
    assert (result.published, result.published_source) == (None, "unknown")


def test_a_date_guessed_from_page_text_is_no_metadata() -> None:
    page = (b"<html><head><title>Counting</title></head><body><article><h1>Counting</h1>"
            b"<p>During the Iron Gale exercise in 2019 the battery fired 36 rockets in one "
            b"salvo, the broadcaster showed. Analysts have counted the launchers ever since "
            b"and say the total has grown every year.</p></article></body></html>")
    with_manifest = extract(RawInput(source="c.html", data=page, kind="html",
                                     published="2025-03-07", published_source="manifest"))
    assert (with_manifest.published, with_manifest.published_source) == ("2025-03-07",
                                                                          "manifest")
    alone = extract(RawInput(source="c.html", data=page, kind="html"))
    assert alone.published_source in ("text", "unknown")


def test_a_records_own_date_beats_the_html_it_carries() -> None:
    html = ('<html><head><meta property="article:published_time" content="2025-01-01">'
            "</head><body><article><p>Officials say 900 rockets were delivered to the port "
            "over the winter, far more than the year before.</p></article></body></html>")
    record = json.dumps({"html": html, "published": "2025-03-13"}).encode()
    result = extract(RawInput(source="r.jsonl#2", data=record, kind="json",
                              published="2025-03-13", published_source="metadata"))
    assert (result.published, result.published_source) == ("2025-03-13", "metadata")


def test_a_site_name_that_only_restates_the_domain_yields_to_a_written_name() -> None:
    page = (b"<html><head><title>Dredging</title></head><body><article><p>The harbour board "
            b"said 2 km of channel would be dredged this summer, at a cost of 40 million "
            b"crowns, after silt closed two berths.</p></article></body></html>")
    result = extract(RawInput(source="f.rss#1", data=page, kind="feed-entry",
                              url="https://www.harbourwire.example/d", outlet="Harbour Wire"))
    assert result.outlet == "Harbour Wire"


def test_an_article_split_into_same_class_chunks_is_read_whole() -> None:
    from claimledger.text.html import _split_body

    chunk = '<div class="body chunk">{}</div>'
    texts = [
        f"Paragraph {word} of the harbour report says the dredgers moved about {n},000 "
        f"tonnes of silt from the northern berths during week {n} of the work."
        for n, word in enumerate(("one", "two", "three", "four", "five", "six"), start=1)
    ]
    paragraphs = [f"<p>{text}</p>" for text in texts]
    page = (
        "<html><body><article>" + chunk.format("".join(paragraphs[:2]))
        + '<div class="ad"><p>Advertisement: buy a boat today and ask for our prices.</p></div>'
        + chunk.format("".join(paragraphs[2:4]))
        + chunk.format("".join(paragraphs[4:])) + "</article></body></html>"
    )  # fmt: skip
    first_chunk_only = "\n".join(texts[:2])
    assert _split_body(page, first_chunk_only) == "\n".join(texts)
    # nothing to add, or chunks that do not hold what was found: the text stays as it is
    assert _split_body(page, "\n".join(texts)) is None
    assert _split_body(page, "A paragraph that appears nowhere in the page, long enough.") is None
