"""Problems: a failure inside one stage for one report, kept instead of aborting the run.

News text is hostile: one page can hold a construction no rule foresaw, and an
unexpected exception in the parser or a component must cost that report, never the other
hundred in the run. Each stage catches what escapes at the report's boundary, turns it
into a :class:`Problem` (stage, error, time, where in the code) and carries on; the ledger
stores it with the report, ``stats`` counts it, the exit code says so, and
``claimledger problems`` lists it so a user can file it with the report that caused it.
"""

from __future__ import annotations

import traceback
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["Problem", "problem_from"]

MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class Problem:
    """One report (or story) that a stage could not finish, and why."""

    stage: str  # "stories", "claims", "reconcile", ...
    error: str  # "KeyError: 'two-third'": the exception's type and message, one line
    at: str  # ISO 8601 UTC time of the failure
    document: int | None = None
    source: str | None = None  # the report's source name, for the one-line message
    story: int | None = None
    where: str = ""  # innermost frames, "numbers.py:412 in _read", for the bug report
    id: int | None = None

    def line(self) -> str:
        """The one line a user sees: which report, which stage, what went wrong."""
        if self.document is not None:
            what = f"report {self.document}" + (f" ({self.source})" if self.source else "")
        elif self.story is not None:
            what = f"story {self.story}"
        else:
            what = self.source or "input"
        where = f" [{self.where}]" if self.where else ""
        return f"{what}: {self.stage} failed: {self.error}{where}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def problem_from(
    exc: BaseException,
    stage: str,
    *,
    document: int | None = None,
    source: str | None = None,
    story: int | None = None,
) -> Problem:
    """A :class:`Problem` for ``exc`` caught in ``stage``; the message is kept to one line."""
    message = " ".join(str(exc).split())
    error = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    if len(error) > MAX_ERROR_CHARS:
        error = error[: MAX_ERROR_CHARS - 3] + "..."
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " < ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} in {frame.name}"
        for frame in reversed(frames)
    )
    return Problem(
        stage=stage,
        error=error,
        at=datetime.now(UTC).isoformat(timespec="seconds"),
        document=document,
        source=source,
        story=story,
        where=where,
    )
