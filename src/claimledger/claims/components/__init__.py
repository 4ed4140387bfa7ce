"""Named spaCy components of claim extraction; importing this registers them all."""

from claimledger.claims.components import attribution, hedges, items, measured, quantities

NAMES = ("cl_quantities", "cl_items", "cl_attribution", "cl_hedges", "cl_measured")

__all__ = ["NAMES", "attribution", "hedges", "items", "measured", "quantities"]
