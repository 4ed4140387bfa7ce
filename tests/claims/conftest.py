"""One spaCy pipeline per test session: loading the model is the slow part."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.claims import ClaimExtractor, build_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_pipeline()


@pytest.fixture(scope="session")
def extractor(nlp: Language) -> ClaimExtractor:
    return ClaimExtractor(nlp)
