"""Load the hand-written story fixtures under tests/data/reconcile/ into records.

A fixture names each claim by the quote it makes in its report's text; offsets, evidence
sentences and ids ("{document}-{n}" in text order) are derived here, the way the claim
extractor derives them, so the fixtures stay short and readable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimledger.records import Claim, Document, LedgerView, Stance, Story

DATA = Path(__file__).resolve().parents[1] / "data" / "reconcile"


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    s = left + 2 if left >= 0 and text[left] == "." else left + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    e = min(stops) + 1 if stops else len(text)
    return s, e


def load(name: str) -> tuple[Story, list[Document], list[Claim], list[Stance]]:
    spec: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    story = Story(id=spec["story"]["id"], title=spec["story"]["title"])
    docs: list[Document] = []
    for d in spec["documents"]:
        docs.append(
            Document(
                id=d["id"], source=d.get("source", f"fixture/{d['id']}.txt"), url=d.get("url"),
                title=d.get("title"), outlet=d.get("outlet"), published=d.get("published"),
                published_source="metadata" if d.get("published") else "unknown",
                language="en", duplicate_of=d.get("duplicate_of"), story=story.id,
                text=d["text"], content_hash=f"hash-{d['id']}", byte_size=len(d["text"]),
                version_of=d.get("version_of"),
            )
        )  # fmt: skip
    story.documents = [d.id for d in docs]
    by_id = {d.id: d for d in docs}
    placed: list[tuple[int, int, dict[str, Any]]] = []
    cursor: dict[int, int] = {}
    for c in spec["claims"]:
        text = by_id[c["doc"]].text
        at = text.find(c["quote"], cursor.get(c["doc"], 0))
        if at < 0:
            at = text.find(c["quote"])
        if at < 0:
            raise ValueError(f"{name}: quote {c['quote']!r} is not in document {c['doc']}")
        cursor[c["doc"]] = at + 1
        placed.append((c["doc"], at, c))
    placed.sort(key=lambda p: (p[0], p[1]))
    claims: list[Claim] = []
    counters: dict[int, int] = {}
    for doc_id, at, c in placed:
        counters[doc_id] = counters.get(doc_id, 0) + 1
        text = by_id[doc_id].text
        s, e = _sentence(text, at, at + len(c["quote"]))
        claims.append(
            Claim(
                id=f"{doc_id}-{counters[doc_id]}", document=doc_id, value=c.get("value"),
                low=c.get("low"), high=c.get("high"), unit=c.get("unit"), item=c.get("item"),
                item_lemma=c.get("item_lemma"), subject=c.get("subject"),
                recipient=c.get("recipient"), predicate=c.get("predicate"),
                claimer=c.get("claimer"), claimer_role=c.get("claimer_role"),
                channel=list(c.get("channel", [])), hedge=c.get("hedge"),
                qualifier=c.get("qualifier"), vague=bool(c.get("vague", False)),
                negated=bool(c.get("negated", False)), time_scope=c.get("time_scope"),
                time_start=c.get("time_start"), time_end=c.get("time_end"),
                evidence=text[s:e].strip(), quote=c["quote"], start=at,
                end=at + len(c["quote"]), sentence_start=s, story=story.id,
            )
        )  # fmt: skip
    stances: list[Stance] = []
    for n, st in enumerate(spec.get("stances", []), start=1):
        text = by_id[st["doc"]].text
        at = max(text.find(st["target"]), 0)
        s, e = _sentence(text, at, at + len(st["target"]))
        stances.append(
            Stance(id=f"{st['doc']}-s{n}", document=st["doc"], actors=list(st["actors"]),
                   stance=st["stance"], target=st["target"], evidence=text[s:e].strip(),
                   start=at, end=at + len(st["target"]))
        )  # fmt: skip
    return story, docs, claims, stances


def view(name: str, words: int = 100) -> LedgerView:
    """A LedgerView as the store would return it after ``analyze``."""
    from claimledger.reconcile import reconcile

    story, docs, claims, stances = load(name)
    result = reconcile(story, docs, claims, stances, words=words)
    for claim in claims:
        claim.measure = result.claim_measure.get(claim.id)
    story.brief, story.citations = result.brief, result.citations
    dated = sorted(d.published for d in docs if d.published)
    story.first_published = dated[0] if dated else None
    story.last_published = dated[-1] if dated else None
    return LedgerView(
        documents=docs, stories=[story], claims=claims, stances=stances, measures=result.measures
    )


def claim(cid: str, doc: int, value: float, sentence: str, quote: str, **fields: Any) -> Claim:
    """One claim written inline by a test: ``quote`` inside its evidence ``sentence``, every
    other field empty unless ``fields`` sets it."""
    base: dict[str, Any] = dict(
        id=cid, document=doc, value=value, low=None, high=None, unit=None, item=None,
        item_lemma=None, subject=None, recipient=None, predicate=None, claimer=None,
        claimer_role=None, channel=[], hedge=None, qualifier=None, vague=False, negated=False,
        time_scope=None, time_start=None, time_end=None, evidence=sentence, quote=quote,
        start=sentence.index(quote), end=sentence.index(quote) + len(quote), sentence_start=0,
    )  # fmt: skip
    base.update(fields)
    return Claim(**base)

