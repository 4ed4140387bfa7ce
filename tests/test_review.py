"""Reviewers' corrections: stored with their trail, applied at once, re-applied after a
re-analysis (matched by report and evidence span), exported, and listed when they no longer
match. Real pipeline, real SQLite, on the fictional generator story under tests/data/web."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from claimledger import Ledger
from claimledger.errors import ClaimledgerError
from claimledger.records import ClaimAnchor, Correction
from claimledger.report import export, read_export, render
from claimledger.review import anchor_of, match

WEB = Path(__file__).resolve().parent / "data" / "web"
CORPUS = (
    "northern-post-generators.html",
    "lenhart-courier-generators.html",
    "harbour-radio-generators.txt",
)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "base.db"
    with Ledger(path) as ledger:
        result = ledger.ingest([str(WEB / name) for name in CORPUS])
        assert not result.errors
        ledger.analyze()
    return path


@pytest.fixture
def db(analysed: Path, tmp_path: Path) -> Path:
    target = tmp_path / "l.db"
    with closing(sqlite3.connect(analysed)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def _busiest(ledger: Ledger) -> tuple[str, list[str]]:
    m = max(ledger.measures(), key=lambda m: len(m.claims))
    assert len(m.claims) >= 3, "the fixture story should have a measure of several claims"
    return m.id, list(m.claims)


def test_reject_and_split_survive_reextraction(db: Path) -> None:
    with Ledger(db) as ledger:
        mid, claims = _busiest(ledger)
        rejected, split = claims[0], claims[-1]
        quote = ledger.claim(rejected).quote  # type: ignore[union-attr]
        r = ledger.correct("reject", claims=[rejected], reason="a capacity", author="ana")
        s = ledger.correct("split", measure=mid, claims=[split], after={"label": "barge"},
                           reason="another shipment", author="ana")  # fmt: skip
        assert r.applied_claims == [rejected] and r.unmatched is None
        assert s.applied_measures and s.unmatched is None
        ledger.analyze(reextract=True)
        after = {m.id: m for m in ledger.measures()}
        assert all(rejected not in m.claims for m in after.values())
        new = after[s.applied_measures[0]]
        assert new.label == "barge" and [ledger.claim(c).quote for c in new.claims] == [  # type: ignore[union-attr]
            ledger.claim(split).quote  # type: ignore[union-attr]
        ]
        assert all(c.unmatched is None for c in ledger.corrections())
        assert rejected in ledger.explain(rejected)[0] or "rejected" in ledger.explain(rejected)[0]
        # the brief no longer cites the rejected figure's report for it
        assert quote
        data = json.loads(export(ledger.view(), "json"))
        assert [c["kind"] for c in data["corrections"]] == ["reject", "split"]
        assert data["corrections"][0]["author"] == "ana"
        assert data["corrections"][0]["reason"] == "a capacity"
        assert data["corrections"][0]["before"]["measure"] == mid
        assert read_export(export(ledger.view(), "json")).corrections[1].kind == "split"


def test_status_override_wins_and_is_explained(db: Path) -> None:
    with Ledger(db) as ledger:
        mid, _ = _busiest(ledger)
        c = ledger.correct("status", measure=mid, after={"status": "agree"},
                           reason="one figure is a capacity", author="bo")  # fmt: skip
        assert c.applied_measures == [mid]
        ledger.analyze(reextract=True)
        m = ledger.measure(mid)
        assert m is not None and m.status == "agree"
        assert m.explanation[0].startswith("status set to agree by bo")
        assert "one figure is a capacity" in m.explanation[0]


def test_value_and_claimer_fixes_apply_and_withdraw_restores(db: Path) -> None:
    with Ledger(db) as ledger:
        _, claims = _busiest(ledger)
        cid = claims[1]
        before = ledger.claim(cid)
        assert before is not None
        v = ledger.correct("value", claims=[cid], after={"value": 210.0, "low": 210.0,
                           "high": 210.0}, author="ana")  # fmt: skip
        ledger.correct("claimer", claims=[cid], after={"claimer": "Port authority"}, author="ana")
        fixed = ledger.claim(cid)
        assert fixed is not None and fixed.value == 210.0 and fixed.claimer == "Port authority"
        assert v.before["value"] == before.value
        ledger.analyze(reextract=True)
        again = ledger.claim(cid)
        assert again is not None and again.value == 210.0 and again.claimer == "Port authority"
        ledger.withdraw(v.id)
        restored = ledger.claim(cid)
        assert restored is not None and restored.value == before.value
        assert restored.claimer == "Port authority"


def test_merge_moves_every_claim(db: Path) -> None:
    with Ledger(db) as ledger:
        small = sorted(ledger.measures(), key=lambda m: len(m.claims))
        a, b = small[0], small[1]
        c = ledger.correct("merge", measure=a.id, into=b.id, reason="same count", author="ana")
        assert c.applied_measures == [b.id]
        ids = {m.id for m in ledger.measures()}
        assert a.id not in ids
        merged = ledger.measure(b.id)
        assert merged is not None and set(a.claims) <= set(merged.claims)


def test_a_correction_whose_evidence_vanished_is_listed(db: Path) -> None:
    ghost = Correction(
        id=0, kind="reject", story=None,
        claims=[ClaimAnchor(document=1, start=5000, end=5012, quote="912 lorries",
                            evidence="A sentence that is not in this report.")],
        reason="shared by a colleague", author="cy",
    )  # fmt: skip
    with Ledger(db) as ledger:
        added = ledger.import_corrections([ghost])
        assert len(added) == 1 and added[0].unmatched
        assert "no longer found" in added[0].unmatched
        listed = ledger.corrections()
        assert listed[-1].unmatched
        text = render(ledger.view(), "terminal", width=100)
        assert "912 lorries" in text and "not applied" in text.lower()


def test_anchor_matching_survives_renumbering(db: Path) -> None:
    with Ledger(db) as ledger:
        claim = ledger.claims()[0]
    renumbered = [c for c in [claim]]
    moved = type(claim)(**{**claim.to_dict(), "id": "99-9"})
    assert match(anchor_of(claim), [moved]) is moved
    shifted = type(claim)(**{**claim.to_dict(), "start": claim.start + 3, "end": claim.end + 3})
    assert match(anchor_of(claim), [shifted]) is shifted  # same quote in the same sentence
    assert renumbered


def test_bad_corrections_are_usable_errors(db: Path) -> None:
    with Ledger(db) as ledger:
        mid, claims = _busiest(ledger)
        with pytest.raises(ClaimledgerError, match="no claim"):
            ledger.correct("reject", claims=["nope"])
        with pytest.raises(ClaimledgerError, match="unknown status"):
            ledger.correct("status", measure=mid, after={"status": "maybe"})
        with pytest.raises(ClaimledgerError, match="unknown correction"):
            ledger.correct("delete", claims=claims[:1])
        with pytest.raises(ClaimledgerError, match="must be a number"):
            ledger.correct("value", claims=claims[:1], after={"value": "lots"})


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "CLAIMLEDGER_REVIEWER": "desk"}
    return subprocess.run([sys.executable, "-m", "claimledger", *args], capture_output=True,
                          text=True, timeout=300, env=env)  # fmt: skip


def test_review_cli_round_trip_and_shared_corrections(db: Path, tmp_path: Path) -> None:
    with Ledger(db) as ledger:
        mid, claims = _busiest(ledger)
    done = _cli("--db", str(db), "review", "reject", claims[0], "--reason", "capacity")
    assert done.returncode == 0, done.stderr
    assert "by desk" in done.stdout and "capacity" in done.stdout
    done = _cli("review", "status", mid, "agree", "--db", str(db))
    assert done.returncode == 1 and "--reason" in done.stderr
    listed = _cli("--db", str(db), "review", "list", "--json")
    assert [c["kind"] for c in json.loads(listed.stdout)] == ["reject"]
    shared = tmp_path / "corrections.json"
    done = _cli("--db", str(db), "export", "--corrections", "-o", str(shared))
    assert done.returncode == 0, done.stderr
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert set(data) == {"schema", "generated", "corrections"}
    # a colleague's ledger of the same reports takes them
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(db)) as src, closing(sqlite3.connect(other)) as dst:
        src.backup(dst)
    with Ledger(other) as ledger:
        ledger.withdraw(1)
    done = _cli("--db", str(other), "review", "import", str(shared))
    assert done.returncode == 0, done.stderr
    with Ledger(other) as ledger:
        active = [c for c in ledger.corrections() if not c.withdrawn_at]
        assert len(active) == 1 and active[0].applied_claims == [claims[0]]
