"""Static phrase embeddings for "do these two figures measure the same thing?".

Reports word the same quantity differently ("crew members" and "pilots", "federal employees"
and "workers"); comparing lemmas alone splits them. We use wordllama's 256-dimension static
token embeddings (MIT, 16 MB), which embed a phrase as the pooled vectors of its tokens: no
neural network runs, so tens of thousands of phrases embed per second on one core.

The weights and tokenizer ship inside the installed ``wordllama`` wheel and are loaded from
there; nothing is downloaded. When the package is missing or broken, ``embedder()`` answers
None and alignment falls back to comparing words, saying so once on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_WEIGHTS = "weights/l2_supercat_256.safetensors"
_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


class Embedder:
    """Unit-length phrase vectors; an empty phrase gets the zero vector."""

    def __init__(self, model: Any, dim: int) -> None:
        self._model = model
        self.dim = dim

    def __call__(self, phrases: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(phrases), self.dim), dtype=np.float32)
        idx = [i for i, p in enumerate(phrases) if p.strip()]
        if idx:
            vectors = np.asarray(self._model.embed([phrases[i] for i in idx], norm=True),
                                 dtype=np.float32)
            out[idx] = vectors
        return out


@lru_cache(maxsize=1)
def embedder() -> Embedder | None:
    """The shared embedder, loaded once per process from the installed package."""
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference

        root = Path(wordllama.__file__).parent
        tokenizer = Tokenizer.from_file(str(root / _TOKENIZER))
        with safe_open(str(root / _WEIGHTS), framework="np", device="cpu") as f:
            matrix = f.get_tensor("embedding.weight")
        return Embedder(WordLlamaInference(matrix, tokenizer), int(matrix.shape[1]))
    except Exception as exc:  # a missing optional model must not stop an analysis
        print(f"claimledger: word embeddings unavailable ({exc.__class__.__name__}: {exc}); "
              "alignment compares words only", file=sys.stderr)
        return None
