"""The ``jobs`` table: web ingest jobs kept in the ledger rather than in server memory.

A job's lists (inputs, errors, added ids) are one JSON record; state, stage and counts are
columns so a crashed server's leftovers can be found and closed in one statement.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from claimledger.store import Store

_FINISHED = ("done", "failed")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_job(store: Store, record: dict[str, Any], *, create_only: bool = False) -> None:
    """Insert or replace one job from its ``to_dict`` record.

    ``create_only`` inserts the job only if it is not there yet: the thread that queued a
    job must never overwrite what the worker has since recorded (a snapshot taken before
    waiting for the write lock would otherwise land after the job's end).
    """
    state = str(record["state"])
    conflict = (
        " ON CONFLICT(id) DO NOTHING" if create_only else
        " ON CONFLICT(id) DO UPDATE SET state = excluded.state, stage = excluded.stage,"
        " done = excluded.done, total = excluded.total, record = excluded.record,"
        " finished_at = excluded.finished_at"
    )  # fmt: skip
    store.conn.execute(
        "INSERT INTO jobs(id, state, stage, done, total, record, created_at, finished_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)" + conflict,
        (
            record["id"], state, str(record["stage"]), int(record["done"]), record["total"],
            json.dumps(record, ensure_ascii=False), _now(),
            _now() if state in _FINISHED else None,
        ),
    )  # fmt: skip


def load_job(store: Store, job_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT record FROM jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(str(row[0]))
    return record if isinstance(record, dict) else None


def delete_job(store: Store, job_id: str) -> bool:
    """Remove a finished job; a queued or running one stays (its work is under way)."""
    cur = store.conn.execute(
        "DELETE FROM jobs WHERE id = ? AND state IN ('done', 'failed')", (job_id,)
    )
    return cur.rowcount > 0


def fail_unfinished(store: Store, message: str) -> int:
    """Mark jobs a previous server left queued or running as failed, saying why."""
    rows = store.conn.execute(
        "SELECT record FROM jobs WHERE state NOT IN ('done', 'failed')"
    ).fetchall()
    for row in rows:
        record = json.loads(str(row[0]))
        record.update(state="failed", stage="failed", message=message)
        save_job(store, record)
    return len(rows)
