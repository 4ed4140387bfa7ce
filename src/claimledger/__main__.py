"""``python -m claimledger`` is the same as the ``claimledger`` command."""

import sys

from claimledger.cli import main

sys.exit(main())
