"""Learn alignment's pair weights and clustering threshold from the tuning stories only.

Usage: .venv/bin/python benchmarks/train_alignment.py [--shared ../shared] [--write] [--no-extra]

1. Runs ingest + analyze on the training corpora: the tuning stories of
   ``../shared/gold/realworld-dev`` (``benchmarks/realworld.py``'s TUNE), the development
   sets realworld-extra and realworld-extra3 (``benchmarks/gold/``, rebuilt from ../shared/data by
   ``benchmarks/realworld_extra.py``; ``--no-extra`` leaves them out), the seeds' dev gold and
   the example corpus.
2. For every story, every pair of extracted claims that both match a gold claim becomes a
   training pair: same gold measure or not. Claims matching optional gold (ages, years, list
   numbers) are negatives with everything, which teaches the model to keep incidental
   figures apart.
3. Fits a logistic regression (L2, class-balanced) on the pair features of
   ``claimledger.reconcile.match``.
4. Picks the clustering threshold and the context threshold that maximise alignment pairwise
   F1 (real reporting twice, plus the share of right statuses) on the training corpora, by
   re-running reconcile with each candidate.
5. Prints the training and validation figures; ``--write`` stores the weights in
   ``src/claimledger/reconcile/weights.json``. realworld-dev's validation stories never enter
   steps 2-4, and neither does realworld-extra2 (held back to be scored, never tuned on).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realworld_extra
from realworld import TUNE, _story, _subset

from claimledger.claims.evaluate import evaluate, load_gold
from claimledger.ledger import Ledger
from claimledger.reconcile import align, match, reconcile
from claimledger.records import Claim, Document, Stance, Story

WEIGHTS = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "reconcile" / "weights.json"


def _pairs(stories: list[list[Claim]], gold_of: dict[str, tuple[str, bool]],
           texts: dict[int, str]) -> tuple[np.ndarray, np.ndarray]:
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for claims in stories:
        facets = [align.facet(c) for c in claims]
        active = [f for f in facets if not f.claim.negated and f.figure is not None]
        profiles = [match.profile(f.claim, align._rate(f.claim), (f.subject, f.recipient), f.kind)
                    for f in active]
        if len(profiles) < 2:
            continue
        feats = match.features(profiles)
        blocked = align._blocked(active, profiles, texts)
        for i in range(len(active)):
            gi = gold_of.get(active[i].claim.id)
            if gi is None:
                continue
            for j in range(i + 1, len(active)):
                gj = gold_of.get(active[j].claim.id)
                if gj is None or blocked[i, j]:
                    continue
                same = gi[0] == gj[0] and not gi[1]
                xs.append(feats[i, j])
                ys.append(np.array(float(same)))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """Class-balanced, L2-regularised logistic regression by Newton's method (IRLS): exact
    for a dozen features, and no extra dependency."""
    pos = max(float(y.sum()), 1.0)
    neg = max(len(y) - float(y.sum()), 1.0)
    sample = np.where(y > 0, len(y) / (2 * pos), len(y) / (2 * neg))
    xb = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(xb.shape[1])
    penalty = np.eye(xb.shape[1]) * l2
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(xb @ beta, -30, 30)))
        grad = xb.T @ ((p - y) * sample) + penalty @ beta
        hess = (xb * (p * (1 - p) * sample)[:, None]).T @ xb + penalty
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta[:-1], float(beta[-1])


def _by_story(documents: list[Document], claims: list[Claim]) -> dict[int, list[Claim]]:
    story_of = {d.id: d.story for d in documents}
    out: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        s = story_of.get(c.document)
        if s is not None:
            out[s].append(c)
    return out


def _realign(documents: list[Document], claims: list[Claim], stances: list[Stance],
             stories: list[Story]) -> list[Any]:
    docs_by_story: dict[int, list[Document]] = defaultdict(list)
    for d in documents:
        if d.story is not None:
            docs_by_story[d.story].append(d)
    measures = []
    assigned: dict[str, str] = {}
    for story in stories:
        docs = docs_by_story.get(story.id, [])
        result = reconcile(story, docs, claims, stances)
        measures += result.measures
        assigned.update(result.claim_measure)
    for c in claims:
        c.measure = assigned.get(c.id)
    return measures


# realworld_extra's development sets; extra2 is held out and never enters training
DEVELOPMENT_SETS = ("extra", "extra3")


@dataclass
class Corpus:
    """One annotated corpus analysed in a temporary ledger."""

    name: str
    documents: list[Document]
    claims: list[Claim]
    stances: list[Stance]
    stories: list[Story]
    gold: Path  # the part used for training (and threshold choice)
    status: Path | None = None  # expected statuses, for real multi-outlet reporting

    @property
    def real(self) -> bool:
        return self.status is not None


def _analyse(tmp: Path, name: str, root: Path, inputs: list[str], manifest: str | None
             ) -> tuple[list[Document], list[Claim], list[Stance], list[Story]]:
    here = Path.cwd()
    os.chdir(root)
    try:
        with Ledger(tmp / f"{name}.db") as ledger:
            ledger.ingest(inputs, manifest=manifest)
            ledger.analyze()
            return ledger.documents(), ledger.claims(), ledger.stances(), ledger.stories()
    finally:
        os.chdir(here)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--write", action="store_true", help="store the learned weights")
    parser.add_argument("--no-extra", action="store_true",
                        help="train without the realworld-extra development sets")
    args = parser.parse_args()
    base = args.shared / "gold"
    root = base / "realworld-dev"
    if not root.is_dir():
        sys.exit(f"{root} is absent: the shared real-world gold is not checked out here")
    gold_raw = json.loads((base / "realworld-dev.json").read_text(encoding="utf-8"))
    status_raw = json.loads((base / "realworld-dev-status.json").read_text(encoding="utf-8"))
    stories_all = {_story(c["doc"]) for c in gold_raw["claims"]}
    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        splits = {"tune": stories_all & TUNE, "validation": stories_all - TUNE}
        files = {}
        for name, keep in splits.items():
            folder = tmp / name
            folder.mkdir()
            files[name] = _subset(gold_raw, status_raw, keep, folder)
        real = Corpus("realworld-dev tuning stories",
                      *_analyse(tmp, "real", root, ["docs"], "manifest.csv"), files["tune"][0],
                      files["tune"][1])
        corpora = [real]
        for set_name in () if args.no_extra else DEVELOPMENT_SETS:
            extra_dir = tmp / set_name
            extra_dir.mkdir()
            extra_gold, extra_status, problems = realworld_extra.materialise(
                args.shared, extra_dir, set_name)
            if problems:
                sys.exit(f"realworld-{set_name} does not rebuild cleanly: "
                         + "; ".join(problems[:3]))
            corpora.append(Corpus(f"realworld-{set_name}", *_analyse(
                tmp, set_name, extra_dir, ["docs"], "manifest.csv"), extra_gold, extra_status))
        seeds = args.shared / "seeds"
        if (base / "seeds-dev.json").is_file() and seeds.is_dir():
            corpora.append(Corpus("seeds", *_analyse(tmp, "seeds", seeds, ["."], None),
                                  base / "seeds-dev.json"))
        examples = repo / "examples" / "corpus"
        found = _analyse(tmp, "examples", examples, ["."], "manifest.csv")
        corpora.append(Corpus("examples", *found, repo / "examples" / "gold.json"))
        xs, ys = [], []
        for corpus in corpora:
            result = evaluate(corpus.gold, corpus.documents, corpus.claims)
            gold = {g.id: g for g in load_gold(corpus.gold)}
            gold_of = {cid: (gold[gid].measure or gid, gold[gid].optional)
                       for gid, cid in result.matches.items()}
            texts = {d.id: d.text for d in corpus.documents}
            x, y = _pairs(list(_by_story(corpus.documents, corpus.claims).values()), gold_of,
                          texts)
            print(f"{corpus.name}: {len(y)} training pairs ({int(y.sum())} same measure)")
            xs.append(x)
            ys.append(y)
        x, y = np.vstack(xs), np.concatenate(ys)
        coef, bias = fit(x, y)
        for name, value in zip(match.FEATURES, coef, strict=True):
            print(f"  {name:<14} {value:+.3f}")
        print(f"  bias           {bias:+.3f}")
        original = WEIGHTS.read_text(encoding="utf-8")
        try:
            best: tuple[float, float, float, float, float] | None = None
            # real reporting counts double (the seeds and our own corpus are written alike), and
            # so does the share of the tuning stories' measures whose status comes out right
            grid = [(t, c, a) for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
                    for c in (0.5, 0.7) for a in ((1.1, 1.1), (0.9, 0.3), (0.8, 0.3))]
            for threshold, context, (attach_best, attach_mean) in grid:
                if True:
                    _store(coef, bias, threshold, context, attach_best, attach_mean)
                    f1 = 0.0
                    for corpus in corpora:
                        measures = _realign(corpus.documents, corpus.claims, corpus.stances,
                                            corpus.stories)
                        r = evaluate(corpus.gold, corpus.documents, corpus.claims, measures,
                                     corpus.status)
                        f1 += r.alignment_f1 * (2 if corpus.real else 1)
                        if r.measures:  # the tuning stories' statuses count as much again
                            f1 += 2 * sum(m.status_ok for m in r.measures) / len(r.measures)
                    if best is None or f1 > best[0]:
                        best = (f1, threshold, context, attach_best, attach_mean)
            assert best is not None
            _store(coef, bias, *best[1:])
            print(f"threshold {best[1]}, context threshold {best[2]}, attach {best[3]}/{best[4]}")
            for corpus in corpora:
                measures = _realign(corpus.documents, corpus.claims, corpus.stances,
                                    corpus.stories)
                r = evaluate(corpus.gold, corpus.documents, corpus.claims, measures)
                print(f"  {corpus.name:<30} alignment F1 {r.alignment_f1:.3f} (tuned on)")
            measures = _realign(real.documents, real.claims, real.stances, real.stories)
            for name, (g, s) in files.items():
                r = evaluate(g, real.documents, real.claims, measures, s)
                right = sum(m.status_ok for m in r.measures)
                print(f"  realworld-dev {name:<16} alignment F1 {r.alignment_f1:.3f}  status "
                      f"{right}/{len(r.measures)}" + ("  (never tuned on)"
                                                      if name == "validation" else ""))
        finally:
            if not args.write:
                WEIGHTS.write_text(original, encoding="utf-8")
                match.weights.cache_clear()
        if args.write and not _seeds_hold():
            WEIGHTS.write_text(original, encoding="utf-8")
            match.weights.cache_clear()
            print("the new weights break the seeds' required measures (containers one source "
                  "revised; shells 1, 1.5 and 3 million one conflict): kept the previous "
                  f"weights in {WEIGHTS}", file=sys.stderr)
            sys.exit(1)


def _seeds_hold() -> bool:
    """Whether the seeds' required measures still come out with the weights on disk (the
    test that checks them, run as the suite runs it)."""
    repo = Path(__file__).resolve().parents[1]
    test = "tests/reconcile/test_reconcile_corpora.py::test_seed_gold_claims_reconcile"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           test], cwd=repo, capture_output=True, text=True, check=False)
    return done.returncode == 0


def _store(coef: np.ndarray, bias: float, threshold: float, context: float,
           attach_best: float = 1.1, attach_mean: float = 1.1) -> None:
    payload = {
        "note": "learned by benchmarks/train_alignment.py on the tuning stories of "
                "realworld-dev (see benchmarks/realworld.py TUNE), realworld-extra, "
                "realworld-extra3, the seeds and the example corpus; never on realworld-dev's "
                "validation stories nor on realworld-extra2",
        "coef": {k: round(float(v), 4) for k, v in zip(match.FEATURES, coef, strict=True)},
        "bias": round(bias, 4),
        "threshold": threshold,
        "context_threshold": context,
        "attach_best": attach_best,
        "attach_mean": attach_mean,
    }
    WEIGHTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    match.weights.cache_clear()


if __name__ == "__main__":
    main()
