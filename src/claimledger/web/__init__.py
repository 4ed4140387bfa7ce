"""The web UI and HTTP API over one ledger file (``claimledger serve``)."""

from __future__ import annotations

from claimledger.web.app import create_app

__all__ = ["create_app"]
