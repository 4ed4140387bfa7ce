"""CLI manners: global options anywhere, read-only commands never create a ledger, the
terminal report fits the terminal, analyze writes only where -o says, words in their forms."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.cli import build_parser
from claimledger.report import read_export, render
from claimledger.words import count, plural

DATA = Path(__file__).resolve().parent / "data"

REPORT = (
    "Ferry crossings cut after storm\n\n"
    "The Lindqvist ferry line cancelled 14 crossings on Tuesday after the storm damaged the "
    "pier at Osterby, port manager Hanna Brecke said. About 1,200 passengers were rebooked "
    "onto later sailings, the company said.\n"
)


def run(*args: str, cwd: Path | None = None, columns: int = 100, stdin: str | None = None
        ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {**os.environ, "COLUMNS": str(columns)}
    env.pop("CLAIMLEDGER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "claimledger", *args],
        input=stdin, capture_output=True, text=True, timeout=300, env=env, cwd=cwd,
    )  # fmt: skip


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("manners") / "l.db"
    done = run("--db", str(db), "-q", "analyze", "-", stdin=REPORT)
    assert done.returncode == 0, done.stderr
    return db


def test_global_options_are_accepted_after_the_subcommand(ledger_db: Path) -> None:
    before = run("--db", str(ledger_db), "stats", "--json")
    after = run("stats", "--json", "--db", str(ledger_db))
    assert before.returncode == after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["documents"] == 1
    quiet = run("stories", "--db", str(ledger_db), "-q")
    assert quiet.returncode == 0, quiet.stderr


def test_a_global_option_before_the_subcommand_is_not_reset_by_it() -> None:
    args = build_parser().parse_args(["--db", "a.db", "-v", "stats"])
    assert args.db == "a.db" and args.verbose is True and args.quiet is False
    args = build_parser().parse_args(["serve", "--db", "b.db", "--port", "9"])
    assert args.db == "b.db" and args.port == 9


@pytest.mark.parametrize("command", ["serve", "stats", "report", "analyze", "review"])
def test_every_subcommand_help_mentions_the_global_options(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0, done.stderr
    assert "--db" in done.stdout and "--quiet" in done.stdout


@pytest.mark.parametrize(
    "command",
    [["stats"], ["stories"], ["report"], ["export"], ["explain", "1-1"], ["review", "list"]],
)
def test_read_only_commands_refuse_a_missing_ledger(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "ledgr.db"
    done = run("--db", str(missing), *command)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"no ledger at {missing}; run ingest first" in lines[0]
    assert not missing.exists() and not missing.parent.exists()
    assert done.stdout == ""


def test_analyze_without_o_prints_and_writes_no_file(tmp_path: Path) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    db = tmp_path / "l.db"
    done = run("--db", str(db), "analyze", "-", cwd=work, stdin=REPORT)
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert "Story " in done.stdout and "sources" in done.stdout


def test_analyze_with_format_terminal_and_no_o_writes_no_html(tmp_path: Path) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    done = run("--db", str(tmp_path / "l.db"), "analyze", "-", "--format", "terminal",
               cwd=work, stdin=REPORT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(work.iterdir()) == []
    assert not done.stdout.lstrip().startswith("<")


def test_analyze_writes_where_o_says(tmp_path: Path) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    out = tmp_path / "out" / "r.md"
    done = run("--db", str(tmp_path / "l.db"), "analyze", "-", "-o", str(out), cwd=work,
               stdin=REPORT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("#")
    assert list(work.iterdir()) == []


def _long_status_view() -> object:
    view = read_export((DATA / "report" / "ledger.json").read_text(encoding="utf-8"))
    measures = [
        dataclasses.replace(m, status="revised", disputed=True, ordered=False)
        for m in view.measures
    ]
    return dataclasses.replace(view, measures=measures)


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_terminal_table_keeps_every_column_on_a_long_status(width: int) -> None:
    text = render(_long_status_view(), "terminal", width=width)  # type: ignore[arg-type]
    header = next(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for column in ("measure", "status", "range", "sources"):
        assert column in header.split(), (width, header)
    assert max(len(line) for line in text.splitlines()) <= width


def test_terminal_report_uses_the_terminal_width(ledger_db: Path) -> None:
    wide = run("--db", str(ledger_db), "report", columns=160)
    narrow = run("--db", str(ledger_db), "report", columns=60)
    assert wide.returncode == narrow.returncode == 0
    assert max(map(len, narrow.stdout.splitlines())) <= 60
    assert max(map(len, wide.stdout.splitlines())) > 100 or "sources" in wide.stdout
    for done in (wide, narrow):
        header = next(line for line in done.stdout.splitlines() if "measure" in line.split())
        assert "sources" in header.split()


@pytest.mark.parametrize(
    ("singular", "expected"),
    [("city", "cities"), ("country", "countries"), ("security", "securities"),
     ("crash", "crashes"), ("Inch", "Inches"), ("container", "containers"),
     ("people", "people"), ("shells", "shells"), ("speech", "speeches"), ("moved", "moved"),
     ("seed", "seeds")],
)  # fmt: skip
def test_plural_forms(singular: str, expected: str) -> None:
    assert plural(singular) == expected


def test_count_forms() -> None:
    assert count(1, "report") == "1 report"
    assert count(2, "report") == "2 reports"
    assert count(1, "independent source") == "1 independent source"
    assert count(1200, "city") == "1,200 cities"


def test_terminal_report_says_one_report_not_one_reports(ledger_db: Path) -> None:
    done = run("--db", str(ledger_db), "report")
    assert "1 report," in done.stdout and "1 reports" not in done.stdout


def test_stories_show_and_sort_by_contested_reports_outlets(ledger_db: Path) -> None:
    done = run("--db", str(ledger_db), "stories", "--sort", "conflicts")
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "title" in line)
    for column in ("contested", "reports", "outlets", "dates"):
        assert column in header
