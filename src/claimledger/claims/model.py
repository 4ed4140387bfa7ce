"""What the pipeline components pass to each other on a parsed sentence.

Each component fills some fields of :class:`Candidate` (one per quantity in the sentence);
keeping them in one plain record lets a better model replace any single component.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimledger.claims.numbers import Quantity


@dataclass
class Candidate:
    quantity: Quantity  # offsets relative to the sentence text
    first: int  # token index range of the number in the sentence Doc
    last: int
    item: str | None = None
    item_lemma: str | None = None
    item_head: int | None = None
    item_end: int | None = None  # char offset (sentence) where the item text ends
    origin: str | None = None  # demonym on the item: "Russian containers" -> Russia
    predicate: str | None = None
    predicate_i: int | None = None
    subject: str | None = None
    recipient: str | None = None
    refers_to: str | None = None  # lemma of a definite subject that may name an earlier item
    partitive: bool = False  # "three of them": counts part of what was counted before
    claimer: str | None = None
    claimer_role: str | None = None
    claimer_pronoun: str | None = None
    channel: list[str] = field(default_factory=list)
    hedge: str | None = None
    qualifier: str | None = None  # an approximation written on the verb ("roughly equated")
    negated: bool = False
    time_scope: str | None = None
    temporal: bool = False  # the quantity itself is a time adverbial ("in 16 years")
    source: bool = False  # the counted noun is who speaks ("two officials said")
    measured: str | None = None  # what a figure without a counted noun measures
    owner: str | None = None  # whose figure: "Trump's tax rate" -> Trump
    figure_kind: str | None = None  # reported, estimate, capacity, limit, target, forecast


@dataclass
class SentenceInfo:
    """Cross-sentence facts one sentence contributes to its report."""

    persons: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role (lower) -> person
    states: list[str] = field(default_factory=list)
    trailing_source: str | None = None


def register_extensions() -> None:
    if not Doc.has_extension("cl_candidates"):
        Doc.set_extension("cl_candidates", default=None)
    if not Doc.has_extension("cl_info"):
        Doc.set_extension("cl_info", default=None)


register_extensions()


def candidates(doc: Doc) -> list[Candidate]:
    value = doc._.cl_candidates
    if value is None:
        value = []
        doc._.cl_candidates = value
    assert isinstance(value, list)
    return value


def info(doc: Doc) -> SentenceInfo:
    value = doc._.cl_info
    if value is None:
        value = SentenceInfo()
        doc._.cl_info = value
    assert isinstance(value, SentenceInfo)
    return value
