"""Reports for people (terminal, Markdown, HTML) and the claimledger/1 export."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from claimledger.errors import ClaimledgerError
from claimledger.records import LedgerView
from claimledger.report import export, read_export, render

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


# -- golden reports ---------------------------------------------------------------------


def test_markdown_golden(fixed_view: LedgerView, golden: Callable[[str, str], None]) -> None:
    golden("report-fixed.md", render(fixed_view, "md"))


def test_terminal_golden(fixed_view: LedgerView, golden: Callable[[str, str], None]) -> None:
    golden("report-fixed.txt", render(fixed_view, "terminal"))


@pytest.mark.parametrize("width", [100, 80])
def test_terminal_fits_its_width(seedlike_view: LedgerView, width: int) -> None:
    text = render(seedlike_view, "terminal", width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "conflict" in text and "revised" in text


def test_reports_are_deterministic(seedlike_view: LedgerView) -> None:
    for fmt in ("terminal", "md", "html"):
        assert render(seedlike_view, fmt) == render(seedlike_view, fmt)


def test_unknown_format_is_a_usable_error(fixed_view: LedgerView) -> None:
    with pytest.raises(ClaimledgerError, match="terminal, md, html, json"):
        render(fixed_view, "pdf")
    with pytest.raises(ClaimledgerError, match="json, jsonl, csv"):
        export(fixed_view, "xml")


def test_empty_ledger_renders() -> None:
    empty = LedgerView()
    for fmt in ("terminal", "md", "html", "json"):
        assert render(empty, fmt)
    assert export(empty, "csv").count("\n") == 1


# -- HTML -------------------------------------------------------------------------------


def test_html_is_self_contained_and_linked(seedlike_view: LedgerView) -> None:
    page = render(seedlike_view, "html")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # no external asset
    assert "<script" not in page.lower()
    assert page.count("<svg") >= 2  # a source graph and timelines
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(target in ids for target in links)
    for claim in seedlike_view.claims:
        if claim.measure:
            assert f'href="#claim-{claim.id}"' in page  # every figure links to its evidence
    assert "<mark>" in page
    for status in ("conflict", "revised", "single", "disputed"):
        assert f'class="badge {status}"' in page


def test_html_escapes_every_report_text(hostile_view: LedgerView) -> None:
    page = render(hostile_view, "html")
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<svg onload" not in lowered
    assert "<b onmouseover" not in lowered
    assert 'href="javascript:' not in lowered
    assert "&lt;script&gt;" in page  # shown as text, not dropped


def test_markdown_escapes_report_text(hostile_view: LedgerView) -> None:
    text = render(hostile_view, "md").lower()
    assert "<script" not in text and "<img" not in text and "<svg" not in text


def test_terminal_prints_markup_literally(hostile_view: LedgerView) -> None:
    text = render(hostile_view, "terminal")
    assert "Ledger [bold red]Daily[/]" in text


# -- export -----------------------------------------------------------------------------


def test_json_export_matches_schema(seedlike_view: LedgerView, schema: dict[str, Any]) -> None:
    data = json.loads(export(seedlike_view, "json"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema"] == "claimledger/1"
    assert len(data["claims"]) == len(seedlike_view.claims)
    story = data["stories"][0]
    assert story["brief"] and story["citations"]
    assert all(c["measure"] is None or c["measure"].startswith("7:") for c in data["claims"])
    assert render(seedlike_view, "json").startswith("{")


def test_jsonl_export_matches_schema(seedlike_view: LedgerView, schema: dict[str, Any]) -> None:
    lines = export(seedlike_view, "jsonl").splitlines()
    kinds = {"meta", "document", "story", "claim", "measure", "stance"}
    seen = set()
    for line in lines:
        record = json.loads(line)
        kind = record.pop("type")
        assert kind in kinds
        seen.add(kind)
        sub = {"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]}
        if kind == "meta":
            record["type"] = "meta"
        jsonschema.Draft202012Validator(sub).validate(record)
    assert seen == kinds


def test_export_round_trips(seedlike_view: LedgerView) -> None:
    again = read_export(export(seedlike_view, "json"))
    assert [m.to_dict() for m in again.measures] == [m.to_dict() for m in seedlike_view.measures]
    assert render(again, "md") == render(seedlike_view, "md")
    with pytest.raises(ClaimledgerError):
        read_export('{"schema": "other/2"}')


def test_csv_has_one_row_per_claim(seedlike_view: LedgerView) -> None:
    rows = list(csv.DictReader(io.StringIO(export(seedlike_view, "csv"))))
    assert len(rows) == len(seedlike_view.claims)
    first = rows[0]
    assert first["claim"] == seedlike_view.claims[0].id
    assert first["outlet"] and first["document_title"] and first["measure"]
    assert {r["measure_status"] for r in rows} >= {"conflict", "revised"}


def test_csv_defuses_spreadsheet_formulas(hostile_view: LedgerView) -> None:
    first = dataclasses.replace(hostile_view.claims[0], claimer='=HYPERLINK("http://x")')
    view = dataclasses.replace(hostile_view, claims=[first, *hostile_view.claims[1:]])
    rows = list(csv.DictReader(io.StringIO(export(view, "csv"))))
    assert rows[0]["claimer"].startswith("'=")


def test_nonfinite_numbers_export_as_null(fixed_view: LedgerView) -> None:
    view = read_export(export(fixed_view, "json"))
    view.measures[0].high = float("inf")
    data = json.loads(export(view, "json"))
    assert data["measures"][0]["high"] is None
