"""One report that breaks a stage costs that report only: recorded, shown, counted.

A real spaCy component that raises on one report of three is added to a private copy of
the model (the shared one other tests use is left alone), and the real Ledger, store and
CLI run over it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import claimledger.claims.quantities as quantities_module
import claimledger.ledger as ledger_module
from claimledger import Ledger, RawInput
from claimledger.claims import ClaimExtractor, build_pipeline
from claimledger.cli import main
from claimledger.nlp import load_nlp
from claimledger.store import SCHEMA_VERSION, Store
from claimledger.store.schema import MIGRATIONS

MARKER = "Quaxlor"

REPORTS = {
    "a.txt": "Ravenna sent 1,200 tents to the flooded valley, the aid agency said on Monday.",
    "b.txt": f"The {MARKER} mill laid off 340 workers after the storm, its owner said.",
    "c.txt": "Engineers rebuilt 18 bridges along the coast road, the transport office said.",
}


@Language.component("test_raise_on_marker")
def _raise_on_marker(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise RuntimeError(f"cannot read {MARKER}")
    return doc


@pytest.fixture(scope="module")
def breaking_nlp() -> Language:
    """A private copy of the model with the raising component after the cl_* ones."""
    nlp = build_pipeline(load_nlp.__wrapped__())
    nlp.add_pipe("test_raise_on_marker", last=True)
    return nlp


@pytest.fixture
def breaking_extractor(breaking_nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_module, "_EXTRACTOR", ClaimExtractor(breaking_nlp))


def _ingest(ledger: Ledger) -> dict[str, int]:
    result = ledger.ingest(
        [RawInput(source=name, data=text.encode(), kind="text") for name, text in REPORTS.items()]
    )
    assert not result.errors
    return {d.source: d.id for d in ledger.documents()}


def test_failing_report_is_recorded_and_the_others_are_analysed(
    tmp_path: Path, breaking_extractor: None
) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ids = _ingest(ledger)
        summary = ledger.analyze()
        assert summary.documents_extracted == 3
        assert [(p.document, p.stage) for p in summary.problems] == [(ids["b.txt"], "claims")]
        problem = summary.problems[0]
        assert "RuntimeError" in problem.error and MARKER in problem.error
        assert problem.at and "test_problems.py" in problem.where
        line = problem.line()
        assert line.startswith(f"report {ids['b.txt']} (b.txt): claims failed")
        values = {c.value for c in ledger.claims()}
        assert {1200, 18} <= values and 340 not in values
        assert [p.document for p in ledger.problems()] == [ids["b.txt"]]
        assert ledger.stats()["problems"] == 1
        # the failed report is tried again next time; its problem is replaced, not added
        again = ledger.analyze()
        assert again.documents_extracted == 1 and len(again.problems) == 1
        assert ledger.stats()["problems"] == 1


def test_cli_names_the_report_and_exits_1(
    tmp_path: Path, breaking_extractor: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "l.db")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    code = main(["--db", db, "-q", "analyze", str(folder), "-o", str(tmp_path / "r.md")])
    err = capsys.readouterr().err
    assert code == 1
    problem_lines = [line for line in err.splitlines() if line.startswith("problem:")]
    assert len(problem_lines) == 1 and "b.txt" in problem_lines[0], err
    assert (tmp_path / "r.md").is_file()
    assert main(["--db", db, "problems", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(Path(p["source"]).name, p["stage"]) for p in listed] == [("b.txt", "claims")]
    assert main(["--db", db, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == 1


def test_quantities_goes_on_after_a_failing_text(
    tmp_path: Path, breaking_nlp: Language, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(quantities_module, "_pipeline", lambda: breaking_nlp)
    paths = []
    for name, text in REPORTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    code = main(["quantities", *paths])
    captured = capsys.readouterr()
    assert code == 1
    sources = {Path(json.loads(line)["source"]).name for line in captured.out.splitlines()}
    assert sources == {"a.txt", "c.txt"}
    assert "b.txt: quantities failed: RuntimeError" in captured.err


def test_an_existing_ledger_gains_the_problems_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # a ledger written by a claimledger that stopped at the migration before the problems
    version = next(n for n, sql in enumerate(MIGRATIONS, start=1) if "TABLE problems" in sql)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for n, sql in enumerate(MIGRATIONS[: version - 1], start=1):
        conn.executescript(sql)
        conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01')", (n,))
    conn.commit()
    assert not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'problems'").fetchone()
    conn.close()
    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.problems() == [] and store.stats()["problems"] == 0
    store.close()


def test_a_bug_met_while_reading_one_input_rejects_only_that_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimledger.text as text_stage

    real_extract = text_stage.extract

    def extract_that_breaks(raw: RawInput, **kwargs: object) -> object:
        if MARKER.encode() in raw.data:
            raise ValueError(f"unexpected shape in {raw.source}")
        return real_extract(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_stage, "extract", extract_that_breaks)
    with Ledger(tmp_path / "l.db") as ledger:
        result = ledger.ingest(
            [RawInput(source=n, data=t.encode(), kind="text") for n, t in REPORTS.items()])
        assert len(result.added) == 2
        assert [e.source for e in result.errors] == ["b.txt"]
        assert "ValueError" in str(result.errors[0])
