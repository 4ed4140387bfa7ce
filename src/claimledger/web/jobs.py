"""Ingest-and-analyze runs on a fixed pool of background workers, so a browser never waits.

Only one job touches the ledger at a time: SQLite allows one writer, and analysing two
batches at once would reconcile the same story twice. The queue in front of the workers
is bounded (a full queue is refused with a retry hint, never a new thread per request),
and every job is recorded in the ledger's ``jobs`` table, so its id answers until the job
is deleted, however many jobs come after it.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from claimledger.errors import ClaimledgerError
from claimledger.ledger import Ledger
from claimledger.records import RawInput
from claimledger.store import Store
from claimledger.store.jobs import delete_job, fail_unfinished, load_job, save_job

_log = logging.getLogger(__name__)
JobState = Literal["queued", "running", "done", "failed"]
MAX_QUEUED = 16
RETRY_AFTER_S = 10
_LIST_FIELDS = ("inputs", "added", "unchanged", "duplicates", "errors", "stories")


class JobQueueFull(Exception):
    """Every queue slot is taken; the client should retry after ``retry_after`` seconds."""

    def __init__(self, queued: int, retry_after: int) -> None:
        super().__init__(
            f"{queued} ingest jobs are already waiting: try again in {retry_after} s"
        )
        self.retry_after = retry_after


@dataclass
class Job:
    id: str
    inputs: list[str]
    state: JobState = "queued"
    stage: str = "queued"
    done: int = 0
    total: int | None = None
    added: list[int] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    stories: list[int] = field(default_factory=list)
    message: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "inputs": list(self.inputs),
            "added": list(self.added),
            "unchanged": list(self.unchanged),
            "duplicates": list(self.duplicates),
            "errors": [dict(e) for e in self.errors],
            "stories": list(self.stories),
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Job:
        """A job read back from the ledger's ``jobs`` table."""
        state = str(record.get("state", "failed"))
        job = cls(
            id=str(record["id"]),
            inputs=[str(i) for i in record.get("inputs") or []],
            state=cast(JobState, state if state in ("queued", "running", "done") else "failed"),
            stage=str(record.get("stage", "")),
            done=int(record.get("done") or 0),
            total=record.get("total"),
            message=record.get("message"),
        )
        for name in _LIST_FIELDS[1:]:
            setattr(job, name, list(record.get(name) or []))
        return job


class JobRunner:
    """A bounded queue and a fixed number of worker threads, recording jobs in the ledger."""

    def __init__(
        self, db_path: Path, *, allow_private: bool, max_queued: int = MAX_QUEUED,
        workers: int = 1,
    ) -> None:  # fmt: skip
        self.db_path = db_path
        self.allow_private = allow_private
        self.max_queued = max_queued
        self._queue: queue.Queue[tuple[Job, list[str | RawInput]]] = queue.Queue(max_queued)
        self._active: dict[str, Job] = {}  # queued or running, with live progress
        self._unsaved: dict[str, Job] = {}  # finished, but the ledger refused the record
        self._lock = threading.Lock()
        self._write = threading.Lock()
        self._workers = [
            threading.Thread(target=self._work, name=f"claimledger-job-worker-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        self._started = False
        self.generation = 0  # bumped whenever a job may have written to the ledger
        store = self._store()
        try:
            fail_unfinished(store, "the server stopped before this job finished; submit it again")
        finally:
            store.close()

    def _store(self) -> Store:
        return Store(self.db_path)

    def _save(self, job: Job, *, create_only: bool = False) -> None:
        store = self._store()
        try:
            save_job(store, job.to_dict(), create_only=create_only)
        finally:
            store.close()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            active = self._active.get(job_id) or self._unsaved.get(job_id)
        if active is not None:
            return active
        if len(job_id) > 64:
            return None
        store = self._store()
        try:
            record = load_job(store, job_id)
        finally:
            store.close()
        return Job.from_dict(record) if record is not None else None

    def delete(self, job_id: str) -> bool:
        """Forget a finished job; False when there is none, or it is still queued or running."""
        with self._lock:
            if job_id in self._active:
                return False
            if self._unsaved.pop(job_id, None) is not None:
                return True
        store = self._store()
        try:
            return delete_job(store, job_id)
        finally:
            store.close()

    def wait_idle(self, timeout: float) -> bool:
        """True once no job is queued or running; for tests and orderly shutdown."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                busy = bool(self._active)
            if not busy:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def submit(
        self, inputs: list[str | RawInput], errors: list[dict[str, str]] | None = None
    ) -> Job:
        """Queue a job, or raise JobQueueFull when every slot is taken."""
        names = [i.source if isinstance(i, RawInput) else i for i in inputs]
        job = Job(id=secrets.token_urlsafe(12), inputs=names, errors=list(errors or []))
        with self._lock:
            if not self._started:
                for worker in self._workers:
                    worker.start()
                self._started = True
            try:
                self._queue.put_nowait((job, inputs))
            except queue.Full:
                raise JobQueueFull(self.max_queued, RETRY_AFTER_S) from None
            self._active[job.id] = job
        # a ledger too busy to record it now does not stop the job: it is answered from
        # memory until it ends, and recorded then
        with contextlib.suppress(ClaimledgerError, sqlite3.Error):
            self._save(job, create_only=True)  # the worker may already have recorded more
        return job

    def _work(self) -> None:
        while True:
            job, inputs = self._queue.get()
            try:
                self._run(job, inputs)
            finally:
                saved = self._save_finished(job)
                with self._lock:
                    self._active.pop(job.id, None)
                    if not saved:  # answered from memory rather than by a stale record
                        self._unsaved[job.id] = job
                        while len(self._unsaved) > 200:
                            self._unsaved.pop(next(iter(self._unsaved)))
                self._queue.task_done()
                self.generation += 1

    def _save_finished(self, job: Job) -> bool:
        """Record a finished job, retrying a busy ledger; False when it could not be."""
        for attempt in range(3):
            try:
                self._save(job)
                return True
            except Exception:  # the worker must outlive one bad job
                _log.exception("job %s: recording its end failed (attempt %d)", job.id, attempt)
                time.sleep(0.5)
        return False

    def _run(self, job: Job, inputs: list[str | RawInput]) -> None:
        def progress(stage: str, done: int, total: int | None) -> None:
            job.stage, job.done, job.total = stage, done, total
            self.generation += 1

        with self._write:
            job.state = "running"
            try:
                self._save(job)
                with Ledger(self.db_path) as ledger:
                    if inputs:
                        result = ledger.ingest(
                            inputs, allow_private=self.allow_private, progress=progress,
                            local_files=False,
                        )
                        job.added = list(result.added)
                        job.unchanged = list(result.unchanged)
                        job.duplicates = list(result.duplicates)
                        job.errors += [
                            {"input": e.source, "reason": e.reason} for e in result.errors
                        ]
                    job.stage, job.done, job.total = "analyze", 0, None
                    analysed = ledger.analyze(progress=progress)
                    job.errors += [  # a report a stage could not finish: named, not fatal
                        {"input": p.source or f"report {p.document}",
                         "reason": f"{p.stage} failed: {p.error}"}
                        for p in analysed.problems
                    ]
                    job.stories = list(analysed.stories_touched)
                    if not job.stories and job.added:
                        found = {
                            d.story
                            for i in job.added
                            if (d := ledger.document(i)) is not None and d.story is not None
                        }
                        job.stories = sorted(found)
                job.state = "done"
                job.stage = "done"
            except ClaimledgerError as exc:
                job.state, job.message = "failed", str(exc)
            except Exception as exc:  # a failed job must say why, not vanish with its thread
                job.state = "failed"
                job.message = f"internal error while analysing: {type(exc).__name__}: {exc}"
            finally:
                job.finished = time.time()
