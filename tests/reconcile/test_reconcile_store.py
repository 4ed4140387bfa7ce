"""Reconciliation output survives the real store: what analyze writes, report reads back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimfixtures import load

from claimledger.reconcile import reconcile
from claimledger.records import Document, ExtractedText, LedgerView, RawInput
from claimledger.report import render
from claimledger.store import Store


def _store_documents(store: Store, docs: list[Document]) -> dict[int, int]:
    """Insert the fixture reports; returns fixture id -> stored id."""
    ids: dict[int, int] = {}
    for doc in docs:
        data = doc.text.encode("utf-8")
        raw = RawInput(source=doc.source, data=data, kind="text", outlet=doc.outlet)
        extracted = ExtractedText(
            text=doc.text, title=doc.title, outlet=doc.outlet, url=doc.url,
            published=doc.published, published_source=doc.published_source, language="en",
            encoding="utf-8", raw_text=doc.text,
        )  # fmt: skip
        ids[doc.id] = store.add_document(
            raw, hashlib.sha256(data).hexdigest(), extracted,
            content_hash=hashlib.sha256(data).hexdigest(),
            duplicate_of=ids.get(doc.duplicate_of) if doc.duplicate_of else None,
            duplicate_kind="exact" if doc.duplicate_of else None, similarity=None,
            version_of=None, minhash=None,
        )  # fmt: skip
    return ids


def test_reconciliation_round_trips_through_the_store(tmp_path: Path) -> None:
    story, docs, claims, stances = load("harbour.json")
    store = Store(tmp_path / "ledger.db")
    try:
        with store.transaction():
            ids = _store_documents(store, docs)
            store.upsert_story(story.id, story.title)
            for stored in ids.values():
                store.set_document_story(stored, story.id)
        # the fixture's ids are the stored ids (1..n in insertion order) only by accident;
        # renumber the claims the way the extractor would have
        stored_docs = store.documents(story=story.id)
        by_source = {d.source: d.id for d in stored_docs}
        remap = {d.id: by_source[d.source] for d in docs}
        for c in claims:
            c.id = f"{remap[c.document]}-{c.id.split('-')[1]}"
            c.document = remap[c.document]
        for s in stances:
            s.document = remap[s.document]
        with store.transaction():
            for doc_id in sorted(set(remap.values())):
                store.replace_claims(
                    doc_id,
                    [c for c in claims if c.document == doc_id],
                    [s for s in stances if s.document == doc_id],
                    "test",
                )
        stored_story = store.story(story.id)
        assert stored_story is not None
        result = reconcile(
            stored_story, stored_docs, store.claims(story=story.id), store.stances(story=story.id)
        )
        with store.transaction():
            store.replace_reconciliation(
                story.id, result.measures, result.claim_measure, result.explanations,
                result.brief, result.citations,
            )  # fmt: skip
        back = store.measures(story=story.id)
        assert [m.to_dict() for m in back] == [
            m.to_dict() for m in sorted(result.measures, key=lambda m: m.id)
        ]
        some = next(iter(result.claim_measure))
        assert store.explanation(some) == result.explanations[some]
        stored_claim = store.claim(some)
        assert stored_claim is not None and stored_claim.measure == result.claim_measure[some]
        final = store.story(story.id)
        assert final is not None and final.brief == result.brief
        assert final.citations == result.citations
        assert "Tomas Reyes" in render(store_view(store, story.id), "md")
    finally:
        store.close()


def store_view(store: Store, story_id: int) -> LedgerView:
    found = store.story(story_id)
    return LedgerView(
        documents=store.documents(story=story_id),
        stories=[found] if found else [],
        claims=store.claims(story=story_id),
        stances=store.stances(story=story_id),
        measures=store.measures(story=story_id),
    )
