"""The Ledger end to end on real files and a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from claimledger import Ledger, RawInput

REPORT = (
    "Varnia shipped 4,200 trucks to Ostrelia, minister says\n\n"
    "Varnia has sent about 4,200 trucks loaded with spare parts to Ostrelia since March, "
    "Defence Minister Ana Berg told lawmakers on Monday in a closed briefing in the capital. "
    "She said the convoys crossed the northern pass at night and were escorted by police. "
    "Officials in Ostrelia denied receiving any military equipment from their neighbour.\n"
)


def test_same_content_twice_adds_nothing(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(REPORT, encoding="utf-8")
    with Ledger(tmp_path / "l.db") as ledger:
        first = ledger.ingest([str(tmp_path / "in")])
        second = ledger.ingest([str(tmp_path / "in")])
        assert len(first.added) == 1 and not first.errors
        assert second.added == [] and len(second.unchanged) == 1
        assert ledger.stats()["documents"] == 1
        doc = ledger.documents()[0]
        assert ledger.raw(doc.id) == REPORT.encode("utf-8")
        assert doc.title is not None and "4,200 trucks" in doc.title


def test_copy_and_syndicated_copy_are_recorded_not_dropped(tmp_path: Path) -> None:
    syndicated = REPORT.replace("on Monday", "this week").replace(
        "Varnia shipped 4,200 trucks to Ostrelia, minister says", "Trucks cross the northern pass"
    )
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest(
            [
                RawInput(source="a.txt", data=REPORT.encode(), kind="text"),
                RawInput(source="b.txt", data=(REPORT + "\n").encode(), kind="text"),
                RawInput(source="c.txt", data=syndicated.encode(), kind="text"),
            ]
        )
        docs = ledger.documents()
        assert len(docs) == 3
        assert docs[0].duplicate_of is None
        assert docs[1].duplicate_of == docs[0].id
        assert docs[2].duplicate_of == docs[0].id
        assert ledger.store.duplicate_info(docs[1].id)[0] == "exact"
        assert ledger.store.duplicate_info(docs[2].id)[0] == "near"


def test_same_url_with_new_content_is_a_new_version(tmp_path: Path) -> None:
    url = "https://news.example.org/varnia-trucks"
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest([RawInput(source=url, data=REPORT.encode(), kind="text", url=url)])
        updated = REPORT.replace("4,200", "3,900")
        ledger.ingest([RawInput(source=url, data=updated.encode(), kind="text", url=url)])
        again = ledger.ingest([RawInput(source=url, data=updated.encode(), kind="text", url=url)])
        docs = ledger.documents()
        assert len(docs) == 2 and docs[1].version_of == docs[0].id
        assert again.added == []


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(REPORT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "huge.txt").write_bytes(b"a" * 5000)
    with Ledger(tmp_path / "l.db") as ledger:
        result = ledger.ingest([str(folder)], max_bytes=4000)
        assert ledger.stats()["documents"] == 1
    named = {Path(e.source).name for e in result.errors}
    assert named == {"empty.txt", "binary.txt", "huge.txt"}
    assert all(e.reason for e in result.errors)


def test_analyze_fills_stories_claims_and_measures(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest([RawInput(source="a.txt", data=REPORT.encode(), kind="text")])
        summary = ledger.analyze()
        assert summary.documents_extracted == 1
        stories = ledger.stories()
        assert len(stories) == 1 and stories[0].documents == [ledger.documents()[0].id]
        claims = ledger.claims()
        assert any(c.value == 4200 for c in claims)
        claim = next(c for c in claims if c.value == 4200)
        assert claim.measure is not None and ledger.measure(claim.measure) is not None
        assert ledger.explain(claim.id)
        # a second analyze has nothing left to do
        assert ledger.analyze().documents_extracted == 0
        view = ledger.view()
        json.dumps(view.to_dict())
        assert ledger.search("trucks")[0].id == stories[0].id


def test_seeds_twice_store_exactly_five(tmp_path: Path, seeds_dir: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest([str(seeds_dir)])
        ledger.ingest([str(seeds_dir)])
        docs = ledger.documents()
        assert len(docs) == 5
        by_name = {Path(d.source).name[:3]: d for d in docs}
        assert by_name["003"].published == "2023-11-02"
        assert by_name["003"].published_source == "text"
        for doc in docs:
            for debris in ("icon-facebook", "ALSO READ", "Leave a Comment", "Editors' Picks"):
                assert debris not in doc.text, (doc.source, debris)
    conn = sqlite3.connect(tmp_path / "l.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("name", ["", "x"])
def test_explain_unknown_claim_says_what_to_do(tmp_path: Path, name: str) -> None:
    from claimledger.errors import ClaimledgerError

    with Ledger(tmp_path / "l.db") as ledger, pytest.raises(ClaimledgerError, match="claim ids"):
        ledger.explain(name)
