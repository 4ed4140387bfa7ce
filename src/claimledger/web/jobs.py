"""Ingest-and-analyze runs in a background thread, so a browser is never left waiting.

Only one job touches the ledger at a time: SQLite allows one writer, and analysing two
batches at once would reconcile the same story twice. Jobs queue behind a lock and each
reports its progress through the Ledger's ``progress`` callback.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from claimledger.errors import ClaimledgerError
from claimledger.ledger import Ledger
from claimledger.records import RawInput

JobState = Literal["queued", "running", "done", "failed"]
_KEEP = 200


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


class JobRunner:
    def __init__(self, db_path: Path, *, allow_private: bool) -> None:
        self.db_path = db_path
        self.allow_private = allow_private
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._write = threading.Lock()
        self.generation = 0  # bumped whenever a job may have written to the ledger

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait_idle(self, timeout: float) -> bool:
        """True once no job is queued or running; for tests and orderly shutdown."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                busy = any(j.state in ("queued", "running") for j in self._jobs.values())
            if not busy:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def submit(
        self, inputs: list[str | RawInput], errors: list[dict[str, str]] | None = None
    ) -> Job:
        names = [i.source if isinstance(i, RawInput) else i for i in inputs]
        job = Job(id=secrets.token_urlsafe(12), inputs=names, errors=list(errors or []))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > _KEEP:
                self._jobs.popitem(last=False)
        thread = threading.Thread(
            target=self._run, args=(job, inputs), name=f"claimledger-job-{job.id}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: Job, inputs: list[str | RawInput]) -> None:
        def progress(stage: str, done: int, total: int | None) -> None:
            job.stage, job.done, job.total = stage, done, total
            self.generation += 1

        with self._write:
            job.state = "running"
            try:
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
                self.generation += 1
