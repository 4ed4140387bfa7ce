"""The report-page segmentation: every character of the text is shown exactly once, every
claim keeps an anchor, and stale or hostile offsets never break the page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.records import Claim
from claimledger.web.views import Quote, Segment, safe_url, segments


def _claim(n: int, text: str, quote: str, start: int, evidence: str, sentence_start: int) -> Claim:
    return Claim(
        id=f"1-{n}", document=1, value=1.0, low=None, high=None, unit=None, item=None,
        item_lemma=None, subject=None, recipient=None, predicate=None, claimer=None,
        claimer_role=None, channel=[], hedge=None, qualifier=None, vague=False, negated=False,
        time_scope=None, time_start=None, time_end=None, evidence=evidence, quote=quote,
        start=start, end=start + len(quote), sentence_start=sentence_start,
    )  # fmt: skip


def _flat(parts: list[Segment]) -> str:
    return "".join(p if isinstance(p, str) else p.text for s in parts for p in s.parts)


def _quotes(parts: list[Segment]) -> list[Quote]:
    return [p for s in parts for p in s.parts if isinstance(p, Quote)]


TEXT = "Tavosk sent 300 generators. Lenhart got 180 generators, Lume said. Nothing else."


def test_figures_sit_inside_their_evidence_sentences() -> None:
    c1 = _claim(1, TEXT, "300 generators", 12, "Tavosk sent 300 generators.", 0)
    c2 = _claim(2, TEXT, "180 generators", 40, "Lenhart got 180 generators, Lume said.", 28)
    parts, lost = segments(TEXT, [c2, c1])
    assert lost == []
    assert _flat(parts) == TEXT
    assert [s.kind for s in parts] == ["evidence", "text", "evidence", "text"]
    assert [q.anchor for q in _quotes(parts)] == ["claim-1-1", "claim-1-2"]
    assert parts[2].claims == ["1-2"]


def test_stale_offsets_are_found_again_and_missing_quotes_reported() -> None:
    moved = _claim(1, TEXT, "180 generators", 3, "Lenhart got 180 generators, Lume said.", 900)
    missing = _claim(2, TEXT, "999 tents", 5, "Nowhere.", 0)
    parts, lost = segments(TEXT, [moved, missing])
    assert _flat(parts) == TEXT
    assert [q.text for q in _quotes(parts)] == ["180 generators"]
    assert lost == [missing]


def test_overlapping_figures_keep_both_anchors() -> None:
    a = _claim(1, TEXT, "300 generators", 12, "Tavosk sent 300 generators.", 0)
    b = _claim(2, TEXT, "300", 12, "Tavosk sent 300 generators.", 0)
    parts, _ = segments(TEXT, [a, b])
    assert _flat(parts) == TEXT
    assert sorted(q.anchor for q in _quotes(parts)) == ["claim-1-1", "claim-1-2"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=0, max_size=80),
    spans=st.lists(
        st.tuples(st.integers(-5, 90), st.integers(0, 30), st.integers(-5, 90), st.integers(0, 60)),
        max_size=6,
    ),
)
def test_any_claims_over_any_text_show_the_text_exactly_once(
    text: str, spans: list[tuple[int, int, int, int]]
) -> None:
    claims = []
    for n, (start, length, s_start, s_len) in enumerate(spans, 1):
        quote = text[max(start, 0) : max(start, 0) + length] if length else "x"
        evidence = text[max(s_start, 0) : max(s_start, 0) + s_len]
        claims.append(_claim(n, text, quote, start, evidence, s_start))
    parts, lost = segments(text, claims)
    assert _flat(parts) == text
    anchors = [q.anchor for q in _quotes(parts)] + [f"claim-{c.id}" for c in lost]
    assert sorted(anchors) == sorted(f"claim-{c.id}" for c in claims)


def test_only_web_links_become_hrefs() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url(" HTTP://example.org ") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "", None, "ftp://x"):
        assert safe_url(bad) is None
