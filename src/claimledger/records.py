"""The records that cross stage boundaries.

Every stage reads and writes these plain dataclasses and nothing else, so a stage can be
replaced (a better claim extractor, a different store) without touching its neighbours.
They are deliberately flat and JSON-friendly: ``to_dict`` is what the ``claimledger/1``
export writes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

PublishedSource = Literal["metadata", "text", "manifest", "unknown"]
MeasureStatus = Literal["single", "agree", "revised", "conflict"]


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if isinstance(value, _SCALARS):  # most values: answer before the dataclass machinery
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, as the export writes it."""
        result = _plain(self)
        assert isinstance(result, dict)
        return result


@dataclass
class RawInput(_Record):
    """One input exactly as it arrived, before any interpretation.

    ``data`` is kept byte for byte in the store so that every later decision can be
    re-checked against what the user actually gave us.
    """

    source: str  # the file path, URL or "-" exactly as the user gave it (plus "#n" for records)
    data: bytes
    kind: str  # "text", "markdown", "html", "json", "feed-entry", "warc-record"
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, when the container (feed, JSON, manifest) says so
    published_source: PublishedSource | None = None
    encoding: str | None = None  # declared encoding, when the container says so


@dataclass
class DebrisSpan(_Record):
    """A stretch of the normalised input removed from the clean text, and why."""

    start: int
    end: int
    reason: str
    text: str


@dataclass
class ExtractedText(_Record):
    """Clean text plus metadata, produced by the text stage from one RawInput.

    ``offsets[i]`` is the character offset in the decoded raw input of clean-text
    character ``i``, so evidence spans can always be shown in the original.
    """

    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_source: PublishedSource
    language: str | None
    encoding: str
    raw_text: str  # the decoded, NFC-normalised input the offsets point into
    offsets: list[int] = field(default_factory=list)
    debris: list[DebrisSpan] = field(default_factory=list)


@dataclass
class Document(_Record):
    """A stored report."""

    id: int
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    published_source: PublishedSource
    language: str | None
    duplicate_of: int | None
    story: int | None
    text: str
    content_hash: str = ""
    byte_size: int = 0
    version_of: int | None = None
    kind: str = "text"


@dataclass
class Claim(_Record):
    """One quantitative claim, with everything a careful reader needs to judge it.

    ``start``/``end`` are character offsets of ``quote`` in the stored document text;
    ``evidence`` is the whole sentence holding it.
    """

    id: str
    document: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    item: str | None  # the counted noun phrase as written
    item_lemma: str | None  # its head lemma: "containers loaded with munitions" -> "container"
    subject: str | None  # supplier / actor, normalised within the report
    recipient: str | None
    predicate: str | None  # lemma of the verb that moves the quantity: send, ship, receive...
    claimer: str | None  # who asserts it; None when the report does not say
    claimer_role: str | None
    channel: list[str]  # relays, outermost first: ["Yonhap News"]
    hedge: str | None
    qualifier: str | None  # about, over, at least, up to...
    vague: bool
    negated: bool
    time_scope: str | None  # as written: "since August"
    time_start: str | None  # ISO date, resolved against the report date when known
    time_end: str | None
    evidence: str
    quote: str
    start: int
    end: int
    sentence_start: int = 0
    measure: str | None = None
    story: int | None = None
    owner: str | None = None  # whose figure: "Trump's effective tax rate" -> Trump
    # reported, estimate, capacity ("could hold"), limit ("up to"), target (a pledge or
    # demand) or forecast; see claims/components/measured.py
    figure_kind: str | None = None


@dataclass
class Stance(_Record):
    """An accusation or denial: who says what did (not) happen."""

    id: str
    document: int
    actors: list[str]
    stance: Literal["deny", "accuse", "confirm"]
    target: str  # what is denied or alleged, as written
    evidence: str
    start: int
    end: int


@dataclass
class SourceEcho(_Record):
    """One independent source behind a measure and the outlets that carry it."""

    claimer: str | None
    outlets: list[str]
    claims: list[str]
    values: list[float]


@dataclass
class TimelinePoint(_Record):
    date: str | None
    value: float | None
    low: float | None
    high: float | None
    claim: str
    claimer: str | None
    outlet: str | None


@dataclass
class Measure(_Record):
    """A group of claims, across reports, that measure the same quantity."""

    id: str
    story: int | None
    label: str
    item: str | None
    subject: str | None
    recipient: str | None
    predicate: str | None
    unit: str | None
    status: MeasureStatus
    disputed: bool
    low: float | None
    high: float | None
    spread: float | None  # high / low, 1.0 when every figure agrees exactly
    independent_sources: int
    claims: list[str] = field(default_factory=list)
    sources: list[SourceEcho] = field(default_factory=list)
    timeline: list[TimelinePoint] = field(default_factory=list)
    ordered: bool = True  # False when a revision could not be ordered by date
    explanation: list[str] = field(default_factory=list)


@dataclass
class Story(_Record):
    id: int
    title: str
    documents: list[int] = field(default_factory=list)
    brief: str | None = None
    citations: list[int] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


@dataclass
class ClaimAnchor(_Record):
    """Where a claim sits in its report: what a correction is matched by after re-extraction
    (claim ids are renumbered; the report and the evidence span are not)."""

    document: int
    start: int
    end: int
    quote: str
    evidence: str = ""


CORRECTION_KINDS = (
    "reject", "value", "claimer", "item", "actors", "move", "split", "merge", "status",
)  # fmt: skip


@dataclass
class Correction(_Record):
    """A reviewer's judgement that overrules the machine, with its trail.

    ``claims`` are the claims it acts on (for ``merge`` and ``status``: the claims of the
    measure it acts on); ``target`` the claims of the measure they go to (``move``,
    ``merge``). ``before``/``after`` are the fields as the machine had them and as the
    reviewer set them. ``applied_claims``/``applied_measures`` say where it took effect at
    the last analysis; ``unmatched`` says why it could not, when it could not.
    """

    id: int
    kind: str
    story: int | None
    claims: list[ClaimAnchor] = field(default_factory=list)
    target: list[ClaimAnchor] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    author: str = ""
    created_at: str = ""
    withdrawn_at: str | None = None
    applied_claims: list[str] = field(default_factory=list)
    applied_measures: list[str] = field(default_factory=list)
    unmatched: str | None = None


__all__ = [
    "CORRECTION_KINDS",
    "Claim",
    "ClaimAnchor",
    "Correction",
    "DebrisSpan",
    "Document",
    "ExtractedText",
    "LedgerView",
    "Measure",
    "MeasureStatus",
    "PublishedSource",
    "RawInput",
    "SourceEcho",
    "Stance",
    "Story",
    "TimelinePoint",
]


@dataclass
class LedgerView(_Record):
    """Everything a report or the export needs, read from the store in one go."""

    documents: list[Document] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
