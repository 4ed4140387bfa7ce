"""Exact and near-duplicate detection.

Syndicated copies must be recognised, not dropped: a wire story republished by three
outlets is one source, and the reconcile stage needs ``duplicate_of`` to say so. The
MinHash signatures come from datasketch; the LSH bands live in the store (table
``near_duplicate_bands``) so re-runs and incremental runs never rebuild an index in memory.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32  # 32 bands x 4 rows: candidates from Jaccard ~0.4 up, verified below
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6  # estimated Jaccard of word 3-shingles that makes a near duplicate
SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    minhash: bytes
    bands: tuple[int, ...]


def signature(text: str) -> Signature | None:
    """MinHash signature and LSH band keys of a text, or None when it is too short to judge."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2 * SHINGLE + 10:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    bands = tuple(
        int.from_bytes(
            hashlib.blake2b(values[i * ROWS : (i + 1) * ROWS].tobytes(), digest_size=7).digest(),
            "big",
        )
        for i in range(BANDS)
    )
    return Signature(values.tobytes(), bands)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    va = np.frombuffer(a, dtype=np.uint64)
    vb = np.frombuffer(b, dtype=np.uint64)
    if va.shape != vb.shape or va.size == 0:
        return 0.0
    return float(np.count_nonzero(va == vb)) / float(va.size)


def best_near_duplicate(
    sig: Signature, candidates: list[tuple[int, bytes]], threshold: float = THRESHOLD
) -> tuple[int, float] | None:
    """The earliest stored document at least ``threshold`` similar, with its similarity."""
    best: tuple[int, float] | None = None
    for doc_id, stored in candidates:
        score = similarity(sig.minhash, stored)
        if score >= threshold and (best is None or score > best[1]):
            best = (doc_id, score)
    return best
