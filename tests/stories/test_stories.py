"""Story clustering on small fictional reports written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import ClaimledgerError
from claimledger.records import Document
from claimledger.stories import (
    StoryClusterer,
    capitalised_entities,
    content_terms,
    evaluate_clusters,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "stories"


def _reports() -> list[dict[str, Any]]:
    lines = (DATA / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _doc(n: int, record: dict[str, Any], **changes: Any) -> Document:
    fields: dict[str, Any] = {
        "id": n,
        "source": record["source"],
        "url": None,
        "title": record.get("title"),
        "outlet": None,
        "published": record.get("published"),
        "published_source": "metadata",
        "language": "en",
        "duplicate_of": None,
        "story": None,
        "text": record["text"],
    }
    fields.update(changes)
    return Document(**fields)


def _run(clusterer: StoryClusterer, records: list[dict[str, Any]], start: int = 1) -> list[int]:
    return [clusterer.assign(_doc(n, r)) for n, r in enumerate(records, start=start)]


def _same_partition(keys: list[int], labels: list[str]) -> bool:
    return len(set(zip(keys, labels, strict=True))) == len(set(keys)) == len(set(labels))


def test_reports_of_one_story_join_and_others_stay_apart() -> None:
    records = _reports()
    keys = _run(StoryClusterer(), records)
    assert all(k >= 1 for k in keys)
    assert _same_partition(keys, [r["story"] for r in records])


def test_a_later_event_of_the_same_place_starts_a_new_story_only_because_of_time() -> None:
    records = _reports()
    flood = [r for r in records if r["story"] == "kestrel-flood"]
    later = [r for r in records if r["story"] == "kestrel-flood-2032"]
    keys = _run(StoryClusterer(), flood + later)
    assert keys[-1] != keys[0]
    # the same text inside the window joins: the split above comes from the dates
    moved = [dict(later[0], published=flood[-1]["published"])]
    keys = _run(StoryClusterer(), flood + moved)
    assert keys[-1] == keys[0]


def test_a_near_copy_joins_across_the_window() -> None:
    records = _reports()
    first = records[0]
    copy = dict(first, source="late/copy.txt", published="2031-09-30")
    keys = _run(StoryClusterer(), [first, copy])
    assert keys[0] == keys[1]


def test_state_round_trip_continues_exactly() -> None:
    records = _reports()
    whole = StoryClusterer()
    expected = _run(whole, records)
    half = len(records) // 2
    first = StoryClusterer()
    got = _run(first, records[:half])
    second = StoryClusterer(first.dump())
    got += _run(second, records[half:], start=half + 1)
    assert got == expected
    assert {k: second.title(k) for k in second.stories()} == {
        k: whole.title(k) for k in whole.stories()
    }
    assert second.members(expected[0]) == whole.members(expected[0])


def test_title_is_a_member_headline() -> None:
    records = _reports()
    clusterer = StoryClusterer()
    keys = _run(clusterer, records)
    strike = keys[[r["story"] for r in records].index("halvorsen-strike")]
    headlines = {r["title"] for r in records if r["story"] == "halvorsen-strike"}
    assert clusterer.title(strike) in headlines
    with pytest.raises(KeyError):
        clusterer.title(999)


def test_untitled_undated_reports_still_cluster_and_get_a_title() -> None:
    records = [r for r in _reports() if r["story"] in ("kestrel-flood", "rye-bread")]
    clusterer = StoryClusterer()
    keys = [
        clusterer.assign(_doc(n, r, title=None, published=None))
        for n, r in enumerate(records, start=1)
    ]
    assert _same_partition(keys, [r["story"] for r in records])
    assert len(clusterer.title(keys[0])) > 10


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\ufffd", "1 2 3 4 5", "A"])
def test_degenerate_reports_get_their_own_story(text: str) -> None:
    clusterer = StoryClusterer()
    record = {"source": "odd.txt", "text": text, "published": "not a date", "title": None}
    first = clusterer.assign(_doc(1, record))
    assert first >= 1
    assert clusterer.title(first)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_gets_a_story(text: str, title: str | None) -> None:
    clusterer = StoryClusterer()
    key = clusterer.assign(_doc(1, {"source": "x", "text": text, "title": title}))
    assert key == 1
    assert isinstance(clusterer.title(key), str)
    assert StoryClusterer(clusterer.dump()).stories() == [1]


def test_memory_stays_bounded_as_days_pass() -> None:
    """A stream of unrelated daily reports: old stories leave the search index."""
    clusterer = StoryClusterer(centroid_size=50, retire_days=10)
    words = [f"w{i:05d}x" for i in range(24_000)]
    for n in range(600):
        day = 1 + n // 5
        text = " ".join(words[n * 40 : n * 40 + 40])
        doc = _doc(
            n + 1,
            {"source": f"s{n}", "text": text, "title": None},
            published=f"2030-{1 + day // 28:02d}-{1 + day % 28:02d}",
        )
        clusterer.assign(doc)
    assert len(clusterer.stories()) > 100
    assert clusterer.active() < 100
    assert all(len(s.text) <= 75 for s in clusterer._stories.values())
    assert len(clusterer.dump()) < 2_000_000


def test_unknown_parameters_and_bad_state_are_actionable() -> None:
    with pytest.raises(ClaimledgerError, match="unknown story clustering parameter"):
        StoryClusterer(treshold=0.2)
    with pytest.raises(ClaimledgerError, match="ner="):
        StoryClusterer(ner="magic")
    with pytest.raises(ClaimledgerError, match="unreadable"):
        StoryClusterer(b"not a state")


def test_parameters_survive_the_state_unless_overridden() -> None:
    state = StoryClusterer(threshold=0.4).dump()
    assert StoryClusterer(state).params["threshold"] == 0.4
    assert StoryClusterer(state, threshold=0.3).params["threshold"] == 0.3


def test_feature_extractors() -> None:
    terms = content_terms("The shipments of shells: shipment, SHELLS and the shell's casing.")
    assert terms["shipment"] == 2 and terms["shell"] == 3 and "the" not in terms
    ents = capitalised_entities(
        "The defence minister of Saltria, Hanno Velk, spoke in Tarrow. However, "
        "he said North Korea sent containers.\nSeoul\nMoscow agreed."
    )
    assert {"saltria", "hanno velk", "tarrow", "north korea"} <= set(ents)
    assert "however" not in ents
    assert "seoul moscow" not in ents  # runs never cross a line break


def test_evaluate_clusters_on_fixture_assignment(tmp_path: Path) -> None:
    records = _reports()
    keys = _run(StoryClusterer(), records)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({r["source"]: r["story"] for r in records}), encoding="utf-8")
    result = evaluate_clusters(gold, {r["source"]: k for r, k in zip(records, keys, strict=True)})
    assert result.f1 == pytest.approx(1.0)
    assert "F1 1.000" in result.format()


def test_state_round_trip_with_retired_stories_continues_exactly() -> None:
    words = [f"w{i:05d}x" for i in range(12_000)]

    def stream(start: int, stop: int) -> list[Document]:
        docs = []
        for n in range(start, stop):
            story = n // 3  # three reports per story, a new story every day
            text = " ".join(words[story * 40 : story * 40 + 40])
            day = 1 + story
            docs.append(
                _doc(
                    n + 1,
                    {"source": f"s{n}", "text": text, "title": f"Story {story}"},
                    published=f"2030-{1 + day // 28:02d}-{1 + day % 28:02d}",
                )
            )
        return docs

    whole = StoryClusterer(retire_days=5)
    expected = [whole.assign(d) for d in stream(0, 300)]
    first = StoryClusterer(retire_days=5)
    got = [first.assign(d) for d in stream(0, 150)]
    assert first.active() < len(first.stories())  # some stories were retired before the dump
    second = StoryClusterer(first.dump())
    got += [second.assign(d) for d in stream(150, 300)]
    assert got == expected
    assert second.stories() == whole.stories()
    assert [second.title(k) for k in second.stories()] == [whole.title(k) for k in whole.stories()]
    assert second.members(1) == [1, 2, 3]
    # a late report of a retired story rejoins it
    late = stream(3, 4)[0]
    late.id = 999
    assert second.assign(late) == expected[3]
    assert 999 in second.members(expected[3])
