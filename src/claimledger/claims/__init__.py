"""The claims stage: quantitative claims (who says how many of what moved where) and stances."""

from claimledger.claims.pipeline import ClaimExtractor, build_pipeline, split_sentences
from claimledger.claims.quantities import QuantityReport, find_quantities

__all__ = ["ClaimExtractor", "QuantityReport", "build_pipeline", "find_quantities",
           "split_sentences"]
