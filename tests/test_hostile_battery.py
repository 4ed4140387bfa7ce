"""The hostile battery (benchmarks/hostile.py) in its quick form, as part of the suite.

The slow cases (multi-megabyte inputs, trickling servers) run only from the script
itself; their faults have their own fast tests under tests/ingest and tests/web.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

BATTERY = Path(__file__).resolve().parents[1] / "benchmarks" / "hostile.py"


def test_every_quick_hostile_case_survives_and_nothing_is_lost(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TMPDIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, str(BATTERY), "--quick"], env=env, capture_output=True, text=True,
        timeout=600, cwd=tmp_path,
    )  # fmt: skip
    found = re.search(r"(\d+) tried, (\d+) survived, (\d+) lost", run.stdout)
    assert found, run.stdout + run.stderr
    tried, survived, lost = (int(g) for g in found.groups())
    assert tried >= 100 and survived == tried and lost == 0, run.stdout
    assert run.returncode == 0
