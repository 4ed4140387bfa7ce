"""Two ingest processes writing one ledger at once must store each report once.

Real processes (the installed CLI entry point, run with this interpreter) on a real SQLite
file: the fault this guards against only shows when two writers race between "is this
report new?" and "store it".
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from claimledger.store import Store

REPORTS = 120


def _write_reports(folder: Path) -> None:
    """Reports different enough that none is a near-duplicate of another."""
    folder.mkdir()
    rng = random.Random(11)
    words = ("river", "council", "bridge", "harvest", "ferry", "school", "clinic", "storm",
             "market", "rail", "permit", "tunnel", "budget", "strike", "airport", "dam",
             "quarry", "pension", "harbour", "tariff", "vaccine", "museum", "prison", "grain")
    for n in range(REPORTS):
        body = " ".join(rng.choice(words) for _ in range(60))
        (folder / f"report-{n:04d}.txt").write_text(
            f"Report {n}: {rng.choice(words)} {rng.choice(words)}\n\n"
            f"Officials said {n + 3} people were affected. {body}.\n",
            encoding="utf-8",
        )


def _ingest(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--db", str(db), "-q", "ingest", str(folder)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.parametrize("writers", [2, 3])
def test_concurrent_ingests_store_each_report_once(tmp_path: Path, writers: int) -> None:
    folder = tmp_path / "reports"
    _write_reports(folder)
    db = tmp_path / "ledger.db"
    Store(db).close()  # both processes find the schema in place
    procs = [_ingest(db, folder) for _ in range(writers)]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode("utf-8", "replace")
    with closing(sqlite3.connect(db)) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        raws = conn.execute("SELECT count(DISTINCT raw_input) FROM documents").fetchone()[0]
        copies = conn.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
    assert (documents, raws, copies) == (REPORTS, REPORTS, 0)


def test_the_schema_refuses_a_second_document_for_one_raw_input(tmp_path: Path) -> None:
    store = Store(tmp_path / "ledger.db")
    try:
        conn = store.conn
        conn.execute("INSERT INTO raw_inputs(sha256, byte_size, data) VALUES ('x', 1, x'41')")
        row = ("a.txt", "text", 1, "h", 1, "A", "A", "2026-01-01")
        sql = (
            "INSERT INTO documents(source, kind, raw_input, content_hash, byte_size, text,"
            " raw_text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        conn.execute(sql, row)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql, row)
    finally:
        store.close()


def test_a_ledger_holding_copies_keeps_the_first_when_upgraded(tmp_path: Path) -> None:
    from claimledger.store.schema import MIGRATIONS

    db = tmp_path / "old.db"
    with closing(sqlite3.connect(db)) as conn:
        conn.executescript(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT);"
            + MIGRATIONS[0]
            + "INSERT INTO schema_migrations VALUES (1, '2026-01-01');"
            "INSERT INTO raw_inputs(sha256, byte_size, data) VALUES ('x', 1, x'41');"
            "INSERT INTO raw_inputs(sha256, byte_size, data) VALUES ('y', 1, x'42');"
        )
        sql = (
            "INSERT INTO documents(source, kind, raw_input, content_hash, byte_size, text,"
            " raw_text, ingested_at, duplicate_of) VALUES ('a', 'text', ?, 'h', 1, 'A', 'A',"
            " '2026', ?)"
        )
        conn.execute(sql, (1, None))
        conn.execute(sql, (1, None))  # the same bytes stored twice
        conn.execute(sql, (2, 2))  # a later report marked a copy of the doomed second one
        conn.commit()
    store = Store(db)
    try:
        rows = store.conn.execute("SELECT id, duplicate_of FROM documents ORDER BY id").fetchall()
    finally:
        store.close()
    assert [tuple(r) for r in rows] == [(1, None), (3, 1)]
