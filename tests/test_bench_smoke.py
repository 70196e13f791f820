"""The benchmarks still run: each one's ``--quick`` mode, in its own process.

No timing is asserted here (speed is the benchmarks' business, reported as ratios); the
test only checks that a benchmark completes and ends with its verdict line, so a change
in the app that breaks a benchmark is caught by the one test command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERDICT = re.compile(r"^verdict: (PASS|FAIL) - \S", re.MULTILINE)
# Not a speed limit: only a guard so a hung benchmark fails instead of stalling the suite.
HANG_GUARD_S = 600


@pytest.mark.slow
@pytest.mark.parametrize("bench", ["bench_next_lead.py", "bench_cold_start.py", "bench_sip.py"])
def test_bench_quick_runs_and_gives_a_verdict(bench: str) -> None:
    if bench == "bench_sip.py":
        from tests.telephony.sip.sipp import require_sip_tools

        require_sip_tools()  # skipped without baresip and SIPp (failed under CI)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / bench), "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    output = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr[-4000:]}"
    assert result.returncode == 0, output
    assert VERDICT.search(result.stdout), output
