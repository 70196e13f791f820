"""The program's command line: --version, --help, and the smoke run the bundle's CI uses.

The PyInstaller bundle itself is built and smoke-run by ``.ci/run`` (a minute of build);
here the same ``--smoke`` runs from the source tree, so a broken start shows up in the
test suite first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agent_desk import __version__

ROOT = Path(__file__).resolve().parents[1]


def agent_desk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "agent_desk", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_version() -> None:
    done = agent_desk("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"agent-desk {__version__}"


def test_help_names_every_documented_option() -> None:
    done = agent_desk("--help")
    assert done.returncode == 0
    for option in ("--demo", "--team", "--lang", "--version", "--smoke", "--line", "--server"):
        assert option in done.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in ("--demo", "--team", "--lang", "--version", "--help", "--smoke"):
        assert f"agent-desk {option}" in readme or f" {option}" in readme


def test_smoke_run_opens_the_desk_and_exits_0() -> None:
    for language in ("en", "zh_CN"):
        done = agent_desk("--smoke", "--lang", language)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "smoke run passed" in done.stdout


def test_build_spec_bundles_what_the_app_loads() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    for needed in ('"resources"', '"agent_desk/_resources"', '"db"', '"agent_desk/_db"'):
        assert needed in spec
    for unused in ("QtQuick", "QtQml", "QtWebEngineCore", "QtPdf", "VirtualKeyboard"):
        assert unused in spec
