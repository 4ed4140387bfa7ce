"""claimledger: who claims what, how many, and on whose authority, across many news reports.

The public API is small on purpose: open a :class:`Ledger`, ``ingest`` reports, ``analyze``,
and read typed records back.
"""

from __future__ import annotations

__version__ = "0.1.0"

from claimledger.errors import ClaimledgerError, InputError
from claimledger.ledger import AnalyzeResult, IngestResult, Ledger
from claimledger.records import (
    Claim,
    Document,
    LedgerView,
    Measure,
    RawInput,
    SourceEcho,
    Stance,
    Story,
    TimelinePoint,
)

__all__ = [
    "AnalyzeResult",
    "Claim",
    "ClaimledgerError",
    "Document",
    "IngestResult",
    "InputError",
    "Ledger",
    "LedgerView",
    "Measure",
    "RawInput",
    "SourceEcho",
    "Stance",
    "Story",
    "TimelinePoint",
    "__version__",
]
