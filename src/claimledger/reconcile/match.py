"""Scored matching: how likely two claims of one story measure the same quantity.

The old rule keyed a measure on (item family, verb kind, direction, unit). On real reporting
that key splits agreeing outlets ("crew members" / "pilots", a wrong subject on one side) and
never opens a measure for money or percentages, which name no counted noun. Here every pair of
figures in a story gets a probability from named features, combined by a logistic model whose
weights are learned from hand-annotated stories (``weights.json``, written by
``benchmarks/train_alignment.py``); clustering then groups claims whose average pair
probability clears the learned threshold.

Cannot-links, never overridden by a score: different dimensions (money never meets a count,
a rate never meets a total), periods that do not touch, and two different figures from one
sentence (a sentence gives one figure per quantity unless it repeats it).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from claimledger.reconcile.embed import embedder
from claimledger.reconcile.ranges import Interval, precise
from claimledger.reconcile.vocab import OUTCOMES, canonical_actor, fold, singular, unit_key
from claimledger.records import Claim

# Units of one dimension, with the factor to the dimension's base unit.
_DIMENSIONS: dict[str, tuple[str, float]] = {
    "second": ("time", 1 / 86400), "minute": ("time", 1 / 1440), "hour": ("time", 1 / 24),
    "day": ("time", 1.0), "week": ("time", 7.0), "month": ("time", 30.44),
    "year": ("time", 365.25), "decade": ("time", 3652.5), "century": ("time", 36525.0),
    "km": ("length", 1.0), "mile": ("length", 1.609344), "m": ("length", 0.001),
    "foot": ("length", 0.0003048), "yard": ("length", 0.0009144),
    "kg": ("mass", 0.001), "t": ("mass", 1.0), "tonne": ("mass", 1.0), "ton": ("mass", 0.907),
    "lb": ("mass", 0.00045359237),
}  # fmt: skip

_STOP_WORDS = (
    "a an the of in on at to for from by with and or but as is are was were be been being it its "
    "their his her he she they them this that these those there here which who whom whose what "
    "when where than then so not no nor also about some more most less least over under up down "
    "out into onto per each every any all both only just nearly almost around roughly "
    "approximately least said says say told according would could should will can may might has "
    "have had do does did new one two three four five six seven eight nine ten million billion "
    "thousand hundred percent per cent dollar dollars year years day days"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_WINDOW = 6  # content words each side of the figure that describe what it measures
_FAR = math.log(1.35)  # exact figures more than 35 % apart: rarely one quantity's update
_SPECIFIC_FROM = 20.0  # figures below this count too many different things to be telling
_SPECIFIC_MAX_USES = 8  # a value given more often than this in one story is a common one

FEATURES = ("compatible", "log_ratio", "log_ratio_loose", "words", "item_vec", "context_vec",
            "same_head", "actor", "same_verb", "same_report", "claimer", "head_and_actor",
            "same_kind", "verb_vec", "outcome", "far", "specific", "same_flow")  # fmt: skip


@dataclass
class Profile:
    """What scoring knows about one claim."""

    claim: Claim
    dimension: str
    figure: Interval | None  # in the dimension's base unit, with the wording's precision
    middle: float | None
    head: str | None
    verb: str | None
    kind: str | None  # the verb's kind of event (a flow, a pledge, a firing...), when listed
    subject: str | None
    recipient: str | None
    claimer: str | None
    words: frozenset[str]
    item_text: str
    context_text: str
    sentence: tuple[int, int]
    loose: bool  # hedged, approximate, bounded or a range: such figures vary between sources
    outcome: str | None = None  # what happened to what it counts (``outcome``)


def dimension(claim: Claim, rate: str) -> tuple[str, float]:
    """(dimension, factor to its base unit): money in one currency, a share, a count, ..."""
    if rate:
        return f"rate:{rate}", 1.0
    key = unit_key(claim.unit)
    if not key:
        return "count", 1.0
    for unit, (dim, factor) in _DIMENSIONS.items():
        if key == unit or singular(key) == unit:
            return dim, factor
    return key, 1.0


def _content(text: str) -> list[str]:
    return [singular(w) for w in (fold(t) for t in _WORD.findall(text))
            if w and w not in _STOP and len(w) > 1]


def _quote_at(claim: Claim) -> tuple[str, int]:
    """The claim's evidence sentence and where its quote starts in it (by offsets, else by
    search, else 0)."""
    evidence = claim.evidence or ""
    at = claim.start - claim.sentence_start
    if not (0 <= at <= len(evidence)) or evidence[at:at + len(claim.quote)] != claim.quote:
        found = evidence.find(claim.quote)
        at = found if found >= 0 else 0
    return evidence, at


def context_words(claim: Claim) -> tuple[list[str], list[str]]:
    """Content words before and after the figure, nearest first, from its sentence."""
    evidence, at = _quote_at(claim)
    before = _content(evidence[:at])[::-1][:_WINDOW]
    after = _content(evidence[at + len(claim.quote):])[:_WINDOW]
    return before, after


# a clause ends at punctuation or a conjunction, except an "and" before a count: "10
# foreigners and two crew members aboard", "killing two crew members and 10 tourists"
_NUMBER_WORDS = (r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 r"dozens?|hundreds?|thousands?")
_CLAUSE_END = re.compile(r"[,;:()\u2014]|\s(?:but|while|whereas|or)\s|\sand\s(?!(?:"
                         + _NUMBER_WORDS + r")\b)", re.IGNORECASE)
_AND_COUNT = re.compile(r"\sand\s(?:" + _NUMBER_WORDS + r")\b", re.IGNORECASE)
_OUTCOME_REACH = 5  # words each side of the figure, inside its clause
_CONDITION = re.compile(r"\b(?:good|fair)\s+condition\b", re.IGNORECASE)


def outcome(claim: Claim) -> str | None:
    """What happened to what the figure counts ("dead", "injured", "critical", "aboard", ...;
    ``vocab.OUTCOMES``), from the nearest outcome word of the figure's own clause: the words
    after it first ("six injured", "five people were killed"), then before it ("killing 50",
    "the death toll rose to 84"). The clause stops at punctuation and conjunctions, so in
    "killing 50 and wounding 53" each figure keeps its own verb."""
    evidence, at = _quote_at(claim)
    after = evidence[at:]
    end = _CLAUSE_END.search(after, len(claim.quote))
    after = after[:end.start()] if end else after
    before = evidence[:at]
    ends = [m.end() for m in _CLAUSE_END.finditer(evidence) if m.end() <= at]
    before = before[ends[-1]:] if ends else before
    for segment in (after, before):
        if _CONDITION.search(segment):
            return "stable"  # "two in good condition", "in fair condition"
    reach = _OUTCOME_REACH + len(claim.quote.split())
    if _AND_COUNT.search(after):
        reach += _OUTCOME_REACH  # past the count it is joined to
    for words in (_WORD.findall(after)[:reach],
                  _WORD.findall(before)[::-1][:_OUTCOME_REACH]):
        for w in words:
            found_kind = OUTCOMES.get(fold(w))
            if found_kind:
                return found_kind
    return None


def profile(claim: Claim, rate: str, direction: tuple[str | None, str | None] | None = None,
            kind: str | None = None) -> Profile:
    """What scoring needs of one claim; ``direction`` is (supplier, recipient) when the caller
    has normalised it (a receiving verb turned round)."""
    dim, factor = dimension(claim, rate)
    figure = precise(claim)
    if figure is not None:
        figure = figure.scaled(factor)
    middle = None
    if claim.value is not None:
        middle = claim.value * factor
    elif claim.low is not None:
        middle = (claim.low + (claim.high if claim.high is not None else claim.low)) / 2 * factor
    before, after = context_words(claim)
    item = claim.item or ""
    own = _content(item) + ([singular(fold(claim.predicate))] if claim.predicate else [])
    words = frozenset(own + before[:3] + after[:3])
    head = singular(fold(claim.item_lemma)) if claim.item_lemma else None
    return Profile(
        claim=claim,
        dimension=dim,
        figure=figure,
        middle=middle,
        head=head,
        verb=fold(claim.predicate) if claim.predicate else None,
        kind=kind,
        subject=canonical_actor(direction[0] if direction else claim.subject),
        recipient=canonical_actor(direction[1] if direction else claim.recipient),
        claimer=fold(claim.claimer) if claim.claimer else None,
        words=words,
        item_text=" ".join(_content(item)) or (claim.item or ""),
        context_text=" ".join([*before[::-1], claim.item or "", *after]),
        sentence=(claim.document, claim.sentence_start),
        loose=bool(claim.qualifier or claim.hedge or claim.vague
                   or (claim.low is not None and claim.high is not None
                       and claim.low != claim.high)),
        outcome=outcome(claim) if dim == "count" else None,
    )


def cannot_link(a: Profile, b: Profile, times_ok: bool) -> str | None:
    """Why two claims can never be one measure; None when they may be."""
    if a.dimension != b.dimension:
        return f"different dimensions ({a.dimension} vs {b.dimension})"
    if not times_ok:
        return "periods that do not touch"
    if a.kind and b.kind and a.kind != b.kind and a.dimension == "count" and \
            a.head is not None and a.head == b.head:
        # shells shipped, shells pledged and shells test-fired are different events; for money
        # and durations the verb is mostly wording ("provided", "had", "included $5.7 billion"),
        # and between different nouns it is the noun that tells ("700,000 Dreamers" kept, "the
        # offer to 700,000 DACA recipients"): the verbs' kinds only weigh in the score there
        return f"different events for the same {a.head} (a {a.kind} and a {b.kind})"
    if a.outcome and b.outcome and a.outcome != b.outcome:
        # "10 passengers aboard" and "10 passengers killed" are two measures even when, in a
        # crash nobody survived, they are the same ten people
        return f"different outcomes ({a.outcome} vs {b.outcome})"
    if a.recipient and b.recipient and a.recipient != b.recipient:
        return f"different recipients ({a.recipient} vs {b.recipient})"
    if a.subject and b.subject and a.subject != b.subject and "flow" in (a.kind, b.kind):
        return f"different suppliers ({a.subject} vs {b.subject})"
    if a.sentence == b.sentence and a.claim.start != b.claim.start and not _same_figure(a, b):
        return "two different figures of one sentence"
    return None


CONVERSION = 0.05  # "230 km (140 miles)": a figure restated in another unit, rounded


def _same_figure(a: Profile, b: Profile) -> bool:
    """One figure, given twice: the same number, or a conversion into another unit of the
    same dimension ("about 230 km (140 miles)"), equal within conversion rounding."""
    if a.middle is None or b.middle is None:
        return False
    tolerance = CONVERSION if unit_key(a.claim.unit) != unit_key(b.claim.unit) else 1e-9
    return abs(a.middle - b.middle) <= tolerance * max(abs(a.middle), abs(b.middle), 1.0)


@dataclass
class Weights:
    coef: dict[str, float]
    bias: float
    threshold: float  # average pair probability a cluster merge needs
    context_threshold: float  # probability a vague figure needs to join as context
    attach_best: float = 1.1  # a figure left alone joins the group holding its best match
    attach_mean: float = 1.1  # ... when that match and its mean over the group clear these


@lru_cache(maxsize=1)
def weights() -> Weights:
    """The learned weights shipped with the package (see benchmarks/train_alignment.py)."""
    raw = json.loads(resources.files("claimledger.reconcile").joinpath("weights.json")
                     .read_text(encoding="utf-8"))
    return Weights(coef={k: float(raw["coef"].get(k, 0.0)) for k in FEATURES},
                   bias=float(raw["bias"]), threshold=float(raw["threshold"]),
                   context_threshold=float(raw.get("context_threshold", raw["threshold"])),
                   attach_best=float(raw.get("attach_best", 1.1)),
                   attach_mean=float(raw.get("attach_mean", 1.1)))


def features(profiles: Sequence[Profile]) -> np.ndarray:
    """An (n, n, len(FEATURES)) array of pair features."""
    n = len(profiles)
    out = np.zeros((n, n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    col = {name: i for i, name in enumerate(FEATURES)}
    out[:, :, col["compatible"]] = _compatible(profiles)
    mid = np.array([p.middle if p.middle and p.middle > 0 else np.nan for p in profiles])
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ratio = np.abs(np.log(mid[:, None] / mid[None, :]))
    spread = np.nan_to_num(np.minimum(ratio, 3.0) / 3.0, nan=1.0)
    loose = np.array([p.loose for p in profiles])
    either = loose[:, None] | loose[None, :]
    out[:, :, col["log_ratio"]] = np.where(either, 0.0, spread)
    out[:, :, col["log_ratio_loose"]] = np.where(either, spread, 0.0)
    out[:, :, col["words"]] = _word_overlap(profiles)
    embed = embedder()
    if embed is not None:
        items = embed([p.item_text for p in profiles])
        contexts = embed([p.context_text for p in profiles])
        out[:, :, col["item_vec"]] = items @ items.T
        out[:, :, col["context_vec"]] = contexts @ contexts.T
        verbs = embed([p.verb or "" for p in profiles])
        out[:, :, col["verb_vec"]] = verbs @ verbs.T
    out[:, :, col["same_head"]] = _agree([p.head for p in profiles], signed=False)
    out[:, :, col["actor"]] = _agree([p.subject for p in profiles], signed=True)
    out[:, :, col["same_verb"]] = _agree([p.verb for p in profiles], signed=False)
    docs = np.array([p.claim.document for p in profiles])
    out[:, :, col["same_report"]] = docs[:, None] == docs[None, :]
    out[:, :, col["claimer"]] = _agree([p.claimer for p in profiles], signed=True)
    out[:, :, col["same_kind"]] = _agree([p.kind for p in profiles], signed=False)
    out[:, :, col["outcome"]] = _agree([p.outcome for p in profiles], signed=True)
    exact = ~either & ~out[:, :, col["compatible"]].astype(bool)
    out[:, :, col["far"]] = exact & (np.nan_to_num(ratio, nan=0.0) > _FAR)
    out[:, :, col["specific"]] = _specific(profiles, out[:, :, col["compatible"]])
    out[:, :, col["head_and_actor"]] = (out[:, :, col["same_head"]]
                                        * np.maximum(out[:, :, col["actor"]], 0.0))
    # a flow between two named sides ("shells sent from X to Y") is what the figure measures,
    # however far apart the sources' figures are
    flows = [f"{p.subject}>{p.recipient}" if p.kind == "flow" and p.subject and p.recipient
             else None for p in profiles]
    out[:, :, col["same_flow"]] = _agree(flows, signed=False)
    return out


def _compatible(profiles: Sequence[Profile]) -> np.ndarray:
    """``Interval.compatible`` for every pair at once: figures written to the same step must
    be the same figure, others must overlap (half-open); a missing figure fits nothing."""
    nan = float("nan")
    low = np.array([p.figure.low if p.figure else nan for p in profiles])
    high = np.array([p.figure.high if p.figure else nan for p in profiles])
    step = np.array([p.figure.step if p.figure else 0.0 for p in profiles])
    centre = np.array([p.figure.centre if p.figure else nan for p in profiles])
    with np.errstate(invalid="ignore"):
        overlap = (low[:, None] < high[None, :]) & (low[None, :] < high[:, None])
        same_step = (step[:, None] > 0) & (step[:, None] == step[None, :])
        close = np.abs(centre[:, None] - centre[None, :]) < step[:, None] / 2
    result: np.ndarray = np.where(same_step, close, overlap)
    return result


def _specific(profiles: Sequence[Profile], compatible: np.ndarray) -> np.ndarray:
    """1 where two reports give the same exact, uncommon figure: "700,000", "$84,000", "234
    votes" are seldom two different quantities of one story, while "two", "five" or "10"
    count many things. Uncommon: at least 20, and not one of the story's frequent values."""
    mid = np.array([p.middle if p.middle is not None else np.nan for p in profiles])
    exact = np.array([not p.loose and p.figure is not None for p in profiles])
    with np.errstate(invalid="ignore"):
        big = np.abs(mid) >= _SPECIFIC_FROM
    values = Counter(round(float(v), 6) for v in mid[~np.isnan(mid)])
    frequent = np.array([values.get(round(float(v), 6), 0) > _SPECIFIC_MAX_USES
                         if not np.isnan(v) else True for v in mid])
    ok = exact & big & ~frequent
    docs = np.array([p.claim.document for p in profiles])
    result: np.ndarray = (compatible.astype(bool) & ok[:, None] & ok[None, :]
                          & (docs[:, None] != docs[None, :])).astype(np.float32)
    return result


def _agree(values: list[str | None], *, signed: bool) -> np.ndarray:
    """1 where both are known and equal; -1 (signed) or 0 where both are known and differ."""
    codes = {v: i for i, v in enumerate(sorted({v for v in values if v}))}
    arr = np.array([codes.get(v, -1) if v else -1 for v in values])
    known = (arr[:, None] >= 0) & (arr[None, :] >= 0)
    same = known & (arr[:, None] == arr[None, :])
    result: np.ndarray = same.astype(np.float32)
    if signed:
        result -= (known & ~same).astype(np.float32)
    return result


def _word_overlap(profiles: Sequence[Profile]) -> np.ndarray:
    """Weighted Jaccard of content words, each word weighted by its rarity in the story."""
    df = Counter(w for p in profiles for w in p.words)
    n = len(profiles)
    vocab = {w: i for i, w in enumerate(df)}
    if not vocab:
        return np.zeros((n, n), dtype=np.float32)
    idf = np.array([math.log(1 + n / df[w]) for w in vocab], dtype=np.float32)
    m = np.zeros((n, len(vocab)), dtype=np.float32)
    for i, p in enumerate(profiles):
        for w in p.words:
            m[i, vocab[w]] = 1.0
    weighted = m * idf
    shared = weighted @ m.T
    total = weighted.sum(axis=1)
    union = total[:, None] + total[None, :] - shared
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap: np.ndarray = np.nan_to_num(shared / union, nan=0.0).astype(np.float32)
    return overlap


def probabilities(feats: np.ndarray, w: Weights | None = None) -> np.ndarray:
    w = w or weights()
    coef = np.array([w.coef[k] for k in FEATURES], dtype=np.float32)
    z = feats @ coef + w.bias
    prob: np.ndarray = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)
    return prob


def cluster(prob: np.ndarray, blocked: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clustering: merge the two clusters with the highest mean pair
    probability while it clears ``threshold`` and no pair across them is cannot-linked.

    Two clusters whose mean clears the threshold share at least one pair that does, so every
    cluster stays inside one connected component of those pairs, and merges in one component
    never change another's means. Each component is clustered on its own: the same clusters
    as one pass over the whole story, at the cost of the components instead of the story's
    size cubed. Clusters come in the order of their lowest index."""
    n = prob.shape[0]
    out: list[list[int]] = []
    for members in _components(prob >= threshold, blocked):
        if len(members) == 1:
            out.append(members)
            continue
        idx = np.array(members)
        sub = _average_linkage(prob[np.ix_(idx, idx)], blocked[np.ix_(idx, idx)], threshold)
        out += [[members[k] for k in c] for c in sub]
    assert sum(len(c) for c in out) == n
    return sorted(out, key=lambda c: c[0])


def _components(edges: np.ndarray, blocked: np.ndarray) -> list[list[int]]:
    """Connected components (sorted members) of the pairs in ``edges`` not ``blocked``."""
    n = edges.shape[0]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(edges & ~blocked, k=1)), strict=True):
        a, b = root(int(i)), root(int(j))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _average_linkage(prob: np.ndarray, blocked: np.ndarray, threshold: float
                     ) -> list[list[int]]:
    n = prob.shape[0]
    clusters: list[list[int]] = [[i] for i in range(n)]
    total = prob.astype(np.float64).copy()
    np.fill_diagonal(total, 0.0)
    block = blocked.copy()
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    while True:
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / np.outer(sizes, sizes)
        mean[block | ~alive[:, None] | ~alive[None, :]] = -1.0
        np.fill_diagonal(mean, -1.0)
        k = int(np.argmax(mean))
        i, j = divmod(k, n)
        if mean[i, j] < threshold:
            break
        # merge j into i
        clusters[i] += clusters[j]
        clusters[j] = []
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        total[i, i] = 0.0
        block[i, :] |= block[j, :]
        block[:, i] |= block[:, j]
        sizes[i] += sizes[j]
        alive[j] = False
        total[j, :] = total[:, j] = 0.0
    return [sorted(c) for c in clusters if c]


def attach(clusters: list[list[int]], prob: np.ndarray, blocked: np.ndarray, best: float,
           mean: float) -> list[list[int]]:
    """A figure the clustering left alone joins the group holding its best match when that
    match is strong and its mean over the group is not weak: average linkage is strict with
    a figure one report words differently from the rest (a capacity beside shipment counts),
    and a single strong match is evidence too."""
    groups = [c for c in clusters if len(c) > 1]
    out = [list(c) for c in groups]
    for c in clusters:
        if len(c) != 1:
            continue
        i = c[0]
        options = [(float(prob[i, g].max()), float(prob[i, g].mean()), k)
                   for k, g in enumerate(groups) if not blocked[i, g].any()]
        options = [o for o in options if o[0] >= best and o[1] >= mean]
        if options:
            out[max(options)[2]].append(i)
        else:
            out.append([i])
    return [sorted(c) for c in out]
