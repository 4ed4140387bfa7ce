from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimledger.errors import StoreError
from claimledger.records import Claim, ExtractedText, Measure, RawInput, SourceEcho, Stance
from claimledger.store import SCHEMA_VERSION, Store


def _extracted(text: str, url: str | None = None) -> ExtractedText:
    return ExtractedText(
        text=text,
        title=text.split("\n")[0],
        outlet="Harbour Gazette",
        url=url,
        published="2025-03-04",
        published_source="metadata",
        language="en",
        encoding="utf-8",
        raw_text=text,
        offsets=list(range(len(text))),
    )


def _claim(doc: int, n: int, value: float) -> Claim:
    return Claim(
        id=f"{doc}-{n}", document=doc, value=value, low=value, high=value, unit=None,
        item="trucks", item_lemma="truck", subject="Varnia", recipient="Ostrelia",
        predicate="send", claimer="Ana Berg", claimer_role="minister", channel=["Wire"],
        hedge=None, qualifier="about", vague=False, negated=False, time_scope=None,
        time_start=None, time_end=None, evidence="About 40 trucks were sent.",
        quote="About 40 trucks", start=0, end=15,
    )  # fmt: skip


def _add(store: Store, text: str, sha: str = "a" * 64) -> int:
    raw = RawInput(source="r.txt", data=text.encode(), kind="text")
    with store.transaction():
        return store.add_document(
            raw, sha, _extracted(text), content_hash="h" + sha[:8], duplicate_of=None,
            duplicate_kind=None, similarity=None, version_of=None, minhash=None,
        )  # fmt: skip


def test_new_file_gets_current_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    # reopening migrates nothing twice
    again = Store(tmp_path / "l.db")
    rows = again.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert rows == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'later')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer claimledger"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a claimledger database"):
        Store(path)


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    with pytest.raises(RuntimeError), store.transaction():
        _add(store, "Varnia sent trucks\nAbout 40 trucks were sent.")
        raise RuntimeError("killed mid-document")
    assert store.stats()["documents"] == 0
    assert store.conn.execute("SELECT count(*) FROM raw_inputs").fetchone()[0] == 0


def test_claims_measures_and_search_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    doc = _add(store, "Varnia sent trucks\nAbout 40 trucks were sent to Ostrelia.")
    with store.transaction():
        store.upsert_story(1, "Varnia trucks")
        store.set_document_story(doc, 1)
        stance = Stance(
            id=f"{doc}-s1", document=doc, actors=["Varnia"], stance="deny",
            target="the transfers", evidence="Varnia denied it.", start=0, end=17,
        )  # fmt: skip
        store.replace_claims(doc, [_claim(doc, 1, 40.0)], [stance], "test")
    measure = Measure(
        id="1:truck:Varnia->Ostrelia:1", story=1, label="trucks Varnia -> Ostrelia",
        item="truck", subject="Varnia", recipient="Ostrelia", predicate="send", unit=None,
        status="single", disputed=True, low=40.0, high=40.0, spread=1.0,
        independent_sources=1, claims=[f"{doc}-1"],
        sources=[SourceEcho("Ana Berg", ["Harbour Gazette"], [f"{doc}-1"], [40.0])],
    )  # fmt: skip
    with store.transaction():
        store.replace_reconciliation(
            1, [measure], {f"{doc}-1": measure.id}, {f"{doc}-1": ["joined"]}, "Brief [1].", [doc]
        )
    claims = store.claims(story=1)
    assert [c.measure for c in claims] == [measure.id]
    assert claims[0].channel == ["Wire"] and claims[0].vague is False
    assert store.measures(story=1)[0] == measure
    assert store.stances(story=1)[0].actors == ["Varnia"]
    assert store.explanation(f"{doc}-1") == ["joined"]
    story = store.story(1)
    assert story is not None and story.brief == "Brief [1]." and story.citations == [doc]
    assert store.search("ostrelia trucks") == [1]
    assert store.search('"; DROP TABLE documents; --') == []
    # replacing claims is idempotent
    with store.transaction():
        store.replace_claims(doc, [_claim(doc, 1, 41.0)], [], "test")
    assert [c.value for c in store.claims(document=doc)] == [41.0]


def test_views_are_queryable(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    _add(store, "Title\nBody text here.")
    for view in ("claims_with_reports", "measures_overview", "reports_overview"):
        store.conn.execute(f"SELECT * FROM {view}").fetchall()
    assert store.conn.execute("SELECT title FROM reports_overview").fetchone()[0] == "Title"


def test_component_state_and_outlet_lines(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    assert store.get_state("stories") is None
    with store.transaction():
        store.put_state("stories", b"\x00\x01")
        store.put_state("stories", b"\x02")
        store.count_outlet_lines("Gazette", ["share this", "body"])
        store.count_outlet_lines("Gazette", ["share this"])
    assert store.get_state("stories") == b"\x02"
    assert store.outlet_boilerplate("Gazette") == frozenset({"share this"})
    assert store.outlet_boilerplate(None) == frozenset()


def test_claims_page_and_story_counts_in_sql(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    first = _add(store, "Varnia sent trucks\nAbout 40 trucks were sent to Ostrelia.")
    second = _add(store, "Kessa sent barges\nSome 12 barges left Kessa.", sha="b" * 64)
    with store.transaction():
        store.upsert_story(1, "Varnia trucks")
        store.upsert_story(2, "Kessa barges")
        store.set_document_story(first, 1)
        store.set_document_story(second, 2)
        store.replace_claims(first, [_claim(first, n, 40.0 + n) for n in (1, 2, 3)], [], "t")
        store.replace_claims(second, [_claim(second, 1, 12.0)], [], "t")
    everything = store.claims()
    assert [c.id for c in store.claims(limit=2, offset=1)] == [c.id for c in everything[1:3]]
    assert store.claims(story=1, limit=10, offset=3) == []
    assert store.count_claims() == 4 and store.count_claims(story=1) == 3
    assert store.count_claims(document=second) == 1
    assert store.story_counts() == {1: (3, 0), 2: (1, 0)}


def test_measures_filter_by_status_and_page_in_sql(tmp_path: Path) -> None:
    store = Store(tmp_path / "l.db")
    with store.transaction():
        store.upsert_story(1, "Varnia trucks")

    def measure(n: int, status: str, disputed: bool) -> Measure:
        return Measure(
            id=f"1:truck:{n}", story=1, label="trucks", item="truck", subject="Varnia",
            recipient="Ostrelia", predicate="send", unit=None, status=status,  # type: ignore[arg-type]
            disputed=disputed, low=1.0, high=2.0, spread=2.0, independent_sources=1,
        )  # fmt: skip

    found = [measure(1, "single", False), measure(2, "conflict", True), measure(3, "agree", True)]
    with store.transaction():
        store.replace_reconciliation(1, found, {}, {}, "", [])
    assert [m.id for m in store.measures(status="conflict")] == ["1:truck:2"]
    assert [m.id for m in store.measures(status="disputed")] == ["1:truck:2", "1:truck:3"]
    assert [m.id for m in store.measures(story=1, limit=1, offset=1)] == ["1:truck:2"]
    assert store.count_measures(status="disputed") == 2 and store.count_measures(story=2) == 0
