from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger import dedupe

BASE = (
    "The harbour authority of Port Selden said on Tuesday that about 4,200 trucks had crossed "
    "the northern checkpoint since the spring, most of them carrying sealed crates that customs "
    "officers were not allowed to open. The authority's director, Mara Quill, told reporters that "
    "the pace had doubled after the summit in April and that inspectors had logged every plate."
)


def test_syndicated_copy_with_new_headline_is_a_near_duplicate() -> None:
    copy = "Trucks pour across Selden checkpoint\n" + BASE.replace("on Tuesday", "this week")
    a, b = dedupe.signature(BASE), dedupe.signature(copy)
    assert a is not None and b is not None
    assert dedupe.similarity(a.minhash, b.minhash) >= dedupe.THRESHOLD
    assert set(a.bands) & set(b.bands)
    assert dedupe.best_near_duplicate(b, [(1, a.minhash)]) is not None


def test_different_report_of_same_story_is_not_a_duplicate() -> None:
    other = (
        "Officials in Ostrelia denied on Wednesday that any trucks from Varnia had crossed the "
        "border, calling the harbour authority's count of 4,200 vehicles a fabrication designed "
        "to embarrass the government ahead of the vote, and promised to publish their own figures."
    )
    a, b = dedupe.signature(BASE), dedupe.signature(other)
    assert a is not None and b is not None
    assert dedupe.best_near_duplicate(b, [(1, a.minhash)]) is None


def test_short_texts_are_not_judged() -> None:
    assert dedupe.signature("Too short to judge.") is None


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=200, max_size=600))
def test_signature_is_deterministic_and_self_similar(text: str) -> None:
    a, b = dedupe.signature(text), dedupe.signature(text)
    assert a == b
    if a is not None:
        assert dedupe.similarity(a.minhash, a.minhash) == 1.0
        assert len(a.bands) == dedupe.BANDS
