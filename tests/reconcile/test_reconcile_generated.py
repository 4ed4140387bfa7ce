"""Generated stories: invariants that must hold for any input, not just the fixtures."""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.reconcile import numbers_in, reconcile, word_count
from claimledger.records import Claim, Document, Stance, Story

ACTORS = ["Avalon", "Borduria", "Carpania", "Dorland"]
ITEMS = [("trucks", "truck"), ("drones", "drone"), ("artillery shells", "shell"),
         ("rounds", "round"), ("containers", "container"), ("tents", "tent")]  # fmt: skip
VERBS = ["send", "ship", "receive", "pledge", "fire", None]
QUALIFIERS = [None, "about", "over", "up to", "nearly", "more than"]
CLAIMERS = [None, "Ana Lind", "Lind", "Minister Lind", "Bo Chen-Wu", "Chen Wu", "the agency",
            "Carpania's defence minister"]  # fmt: skip
OUTLETS = ["Daily A", "Daily B", "Wire C", None]


def _figure(rng: random.Random) -> tuple[float, str]:
    if rng.random() < 0.3:
        n = rng.choice([1, 1.5, 2, 3])
        return n * 1_000_000, f"{n:g} million"
    value = rng.choice([40, 90, 120, 480, 500, 650, 2000, 6700, 7000, 9000])
    return float(value), f"{value:,}"


def generate(
    seed: int,
) -> tuple[Story, list[Document], list[Claim], list[Stance], dict[str, tuple[str, str | None]]]:
    rng = random.Random(seed)
    story = Story(id=seed % 97, title="Generated")
    docs: list[Document] = []
    claims: list[Claim] = []
    truth: dict[str, tuple[str, str | None]] = {}
    stances: list[Stance] = []
    for doc_id in range(1, rng.randint(2, 7)):
        sentences: list[str] = []
        plan: list[tuple[str, str, dict[str, Any], tuple[str, str | None]]] = []
        for _ in range(rng.randint(0, 4)):
            supplier, second = rng.sample(ACTORS, 2)
            receiver: str | None = second
            subject: str | None
            recipient: str | None
            item, lemma = rng.choice(ITEMS)
            verb = rng.choice(VERBS)
            qualifier = rng.choice(QUALIFIERS)
            value, written = _figure(rng)
            claimer = rng.choice(CLAIMERS)
            vague = rng.random() < 0.1
            amount = f"{qualifier} {written}" if qualifier else written
            quote = f"{'dozens of' if vague else amount} {item}"
            who = claimer or "Reports"
            if verb == "receive":
                sentence = f"{who} said {receiver} received {quote} from {supplier}."
                subject, recipient = receiver, supplier  # grammatical, as an extractor may give
            elif verb == "fire":
                sentence = f"{who} said {supplier} fired {quote} in 2019."
                subject, recipient, receiver = supplier, None, None
            else:
                sentence = f"{who} said {supplier} {verb or 'moved'} {quote} to {receiver}."
                subject, recipient = supplier, receiver
            if rng.random() < 0.15:
                subject = None
            plan.append((sentence, quote, dict(
                value=None if vague else value, item=item, item_lemma=lemma, subject=subject,
                recipient=recipient, predicate=verb, claimer=claimer,
                qualifier=None if vague else qualifier, vague=vague,
                time_scope="in 2019" if verb == "fire" else None,
                channel=["Nordwire"] if rng.random() < 0.2 else [],
            ), (supplier, receiver)))  # fmt: skip
            sentences.append(sentence)
        if rng.random() < 0.3:
            sentences.append("Avalon and Carpania denied any transfers.")
        text = " ".join(sentences) or "Nothing was counted."
        duplicate = rng.random() < 0.2 and docs
        docs.append(Document(
            id=doc_id, source=f"gen/{doc_id}", url=None, title=f"Report {doc_id}",
            outlet=rng.choice(OUTLETS), published=rng.choice([None, f"2025-01-{doc_id:02d}"]),
            published_source="unknown", language="en",
            duplicate_of=docs[0].id if duplicate else None, story=story.id, text=text,
        ))  # fmt: skip
        cursor = 0
        for n, (sentence, quote, fields, direction) in enumerate(plan, start=1):
            at = text.find(sentence, cursor)
            q = text.find(quote, at)
            cursor = at + len(sentence)
            cid = f"{doc_id}-{n}"
            truth[cid] = direction
            claims.append(Claim(
                id=cid, document=doc_id, low=None, high=None, unit=None, hedge=None,
                negated=False, claimer_role=None, time_start=None, time_end=None,
                evidence=sentence, quote=quote, start=q, end=q + len(quote), sentence_start=at,
                **fields,
            ))  # fmt: skip
        if "denied" in text:
            at = text.find("any transfers")
            stances.append(Stance(id=f"{doc_id}-s", document=doc_id, actors=["Avalon", "Carpania"],
                                  stance="deny", target="any transfers", evidence="", start=at,
                                  end=at + 13))  # fmt: skip
    return story, docs, claims, stances, truth


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6), words=st.sampled_from([100, 50, 20]))
def test_generated_story_invariants(seed: int, words: int) -> None:
    story, docs, claims, stances, truth = generate(seed)
    result = reconcile(story, docs, claims, stances, words=words)
    again = reconcile(story, docs, list(reversed(claims)), stances, words=words)
    assert result.claim_measure == again.claim_measure and result.brief == again.brief
    assert set(result.explanations) == {c.id for c in claims}
    by_id = {c.id: c for c in claims}
    docs_by_id = {d.id: d for d in docs}
    for m in result.measures:
        sourced = [c for s in m.sources for c in s.claims]
        assert sourced, m.id
        assert 1 <= m.independent_sources <= len(sourced)
        assert m.low is not None and m.high is not None and m.low <= m.high
        if m.status == "single":
            assert m.independent_sources == 1
        for cid in sourced:
            claim = by_id[cid]
            assert not claim.vague
            supplier, receiver = truth[cid]
            if claim.predicate in ("send", "ship", "receive") and claim.subject is not None:
                # never a figure of another direction, even when the verb is "receive"
                assert (m.subject, m.recipient) == (supplier, receiver), (cid, m.label)
    # the brief
    assert word_count(result.brief) <= words
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", result.brief.strip()):
        if not sentence:
            continue
        cited = [result.citations[int(n) - 1] for n in re.findall(r"\[(\d+)\]", sentence)]
        assert cited, sentence
        for number in numbers_in(sentence):
            assert any(number in docs_by_id[d].text for d in cited), (number, sentence)


_TEXT = st.text(max_size=40)
_MAYBE = st.one_of(st.none(), _TEXT)


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            _MAYBE, _MAYBE, _MAYBE, _MAYBE, _MAYBE, _MAYBE,
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
            st.booleans(), _TEXT,
        ),
        max_size=8,
    ),
    target=_TEXT,
)  # fmt: skip
def test_arbitrary_fields_never_crash(rows: list[tuple[Any, ...]], target: str) -> None:
    text = " ".join(row[8] for row in rows) + " 12 trucks."
    doc = Document(id=1, source="x", url=None, title=None, outlet=None, published=None,
                   published_source="unknown", language=None, duplicate_of=None, story=1,
                   text=text)  # fmt: skip
    claims = [
        Claim(
            id=f"1-{n}",
            document=1,
            value=value,
            low=None,
            high=None,
            unit=None,
            item=item,
            item_lemma=None,
            subject=subject,
            recipient=recipient,
            predicate=predicate,
            claimer=claimer,
            claimer_role=None,
            channel=[],
            hedge=None,
            qualifier=qualifier,
            vague=vague,
            negated=False,
            time_scope=None,
            time_start=None,
            time_end=None,
            evidence=quote,
            quote=quote,
            start=0,
            end=len(quote),
        )
        for n, (
            item,
            subject,
            recipient,
            predicate,
            claimer,
            qualifier,
            value,
            vague,
            quote,
        ) in enumerate(rows, start=1)
    ]
    stance = Stance(id="1-s", document=1, actors=[target], stance="deny", target=target,
                    evidence="", start=0, end=0)  # fmt: skip
    result = reconcile(Story(id=1, title="t"), [doc], claims, [stance], words=30)
    assert word_count(result.brief) <= 30
    assert set(result.explanations) == {c.id for c in claims}
