"""Named spaCy components of claim extraction; importing this registers them all."""

from claimledger.claims.components import (
    attribution,
    figures,
    hedges,
    items,
    measured,
    quantities,
)

NAMES = ("cl_quantities", "cl_items", "cl_figures", "cl_attribution", "cl_hedges", "cl_measured")

__all__ = ["NAMES", "attribution", "figures", "hedges", "items", "measured", "quantities"]
