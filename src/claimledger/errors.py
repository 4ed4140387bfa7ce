"""Exceptions a user can act on.

The CLI prints ``str(error)`` as one line and exits non-zero; ``--verbose`` adds the
traceback. Messages therefore name the input and say what to do about it.
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class: anything claimledger raises on purpose."""


class InputError(ClaimledgerError):
    """One input was rejected; the rest of the batch goes on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchRefused(InputError):
    """A URL was not fetched on purpose (private address, robots.txt, scheme)."""


class StoreError(ClaimledgerError):
    """The ledger file cannot be opened or migrated."""


class GoldFileError(ClaimledgerError):
    """A gold file for ``eval`` is missing fields or malformed."""
