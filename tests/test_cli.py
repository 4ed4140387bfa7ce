"""The command line, run as a user runs it: a real process, real files, a real SQLite file."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimledger.cli import main

REPORT = (
    "Port strike enters third week\n\n"
    "Dock workers in Port Selden have stayed off the job for 19 days, the union said on Friday, "
    "leaving about 2,300 containers stranded on the quays. Union leader Tomas Ferrow said the "
    "strike would continue until the harbour board answered its demands.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimledger", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "100"},
    )


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest"])
    assert exit_info.value.code == 2


def test_ingest_stdin_and_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    done = run("--db", db, "ingest", "-", stdin=REPORT.encode())
    assert done.returncode == 0, done.stderr
    stats = run("--db", db, "stats", "--json")
    assert json.loads(stats.stdout)["documents"] == 1


def test_rejected_inputs_exit_1_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(REPORT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    done = run("--db", str(tmp_path / "l.db"), "ingest", str(folder))
    assert done.returncode == 1
    rejected = [line for line in done.stderr.splitlines() if line.startswith("rejected")]
    assert len(rejected) == 2
    assert any("empty.txt" in line for line in rejected)
    assert any("image.txt" in line for line in rejected)


def test_env_var_names_the_database(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    env = {**os.environ, "CLAIMLEDGER_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "claimledger", "ingest", "-"],
        input=REPORT, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert db.exists()


def test_kill_during_ingest_leaves_a_consistent_database(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1000):
        body = REPORT.replace("19 days", f"{i + 1} days").replace("2,300", f"{1000 + i * 7:,}")
        (folder / f"report-{i:04d}.txt").write_text(f"Report {i}\n\n{body}\nRef {i}.", "utf-8")
    db = tmp_path / "l.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--db", str(db), "ingest", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            conn = sqlite3.connect(db, timeout=1)
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if stored >= 50:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 1000, "the ingest finished before it could be killed"
    again = run("--db", str(db), "ingest", str(folder))
    assert again.returncode == 0, again.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1000
    assert conn.execute("SELECT count(DISTINCT source) FROM documents").fetchone()[0] == 1000
    assert conn.execute("SELECT count(*) FROM raw_inputs").fetchone()[0] == 1000


def test_export_json_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    import jsonschema

    db = str(tmp_path / "l.db")
    assert (
        run(
            "--db", db, "analyze", "-", "-o", str(tmp_path / "r.html"), stdin=REPORT.encode()
        ).returncode
        == 0
    )
    out = tmp_path / "ledger.json"
    done = run("--db", db, "export", "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    schema = json.loads((Path(__file__).parents[1] / "docs" / "export-schema.json").read_text())
    data = json.loads(out.read_text())
    jsonschema.validate(data, schema)
    assert data["schema"] == "claimledger/1" and len(data["documents"]) == 1
    assert (tmp_path / "r.html").read_text().lstrip().lower().startswith("<!doctype html")


def test_quantities_prints_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    done = run("quantities", str(path))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    values = {row["value"] for row in rows}
    assert 2300 in values
    assert all(row["source"] == str(path) for row in rows)
    assert all(
        {"value", "low", "high", "unit", "item", "qualifier", "start", "end", "text", "claim"}
        <= row.keys()
        for row in rows
    )


def test_terminal_output_keeps_report_text_literal(tmp_path: Path) -> None:
    """Report text is untrusted: rich markup and emoji codes in it must print as written."""
    db = str(tmp_path / "l.db")
    hostile = (
        "[bold red]Port :truck: strike[/bold red] [link=http://x.invalid]enters[/link] week\n\n"
        "Dock workers in Port Selden have stayed off the job, the union said on Friday, "
        "leaving about 2,300 containers stranded on the quays.\n"
    )
    done = run("--db", db, "analyze", "-", "--format", "terminal", stdin=hostile.encode())
    assert done.returncode == 0, done.stderr
    assert ":truck:" in done.stdout and "\N{DELIVERY TRUCK}" not in done.stdout
    assert "[bold red]Port" in done.stdout
    stories = run("--db", db, "stories")
    assert "[bold red]Port" in stories.stdout and "[link=" in stories.stdout
    assert "\N{DELIVERY TRUCK}" not in stories.stdout
