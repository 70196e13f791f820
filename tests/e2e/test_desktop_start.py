"""The real program, started as a person starts it, in a fresh home folder.

First start: the welcome dialog, the demo, the desk with its menu; settings, window state
and a log written to the user's folders. Second start: straight to the demo. A crash:
the dialog, exit code 70, the traceback in the log with the phone number masked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QSettings

from agent_desk.crash import CRASH_EXIT_CODE

DRIVER = Path(__file__).with_name("desktop_driver.py")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def start(home: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, str(DRIVER), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_first_start_asks_then_opens_the_demo_and_remembers(tmp_path: Path) -> None:
    first = start(tmp_path, "first")
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "first run shown"
    assert lines[1].startswith("desk: Agent Desk — ")
    assert "menu: Ctrl+," in lines and "theme: light" in lines
    config = QSettings(
        str(tmp_path / "config" / "AgentDesk" / "Agent Desk.conf"), QSettings.Format.IniFormat
    )
    assert config.value("app/start") == "demo"
    assert config.value("window/rep_window/geometry") is not None  # kept apart, on close
    log = tmp_path / "state" / "AgentDesk" / "log" / "agent-desk.log"
    assert "Agent Desk 0.1.0 starting" in log.read_text(encoding="utf-8")

    again = start(tmp_path, "again")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "first run shown" not in again.stdout
    assert again.stdout.splitlines()[0].startswith("desk: ")


def test_a_crash_shows_the_dialog_logs_and_quits_with_70(tmp_path: Path) -> None:
    done = start(tmp_path, "crash")
    assert done.returncode == CRASH_EXIT_CODE, done.stdout + done.stderr
    assert "crash shown: RuntimeError: the queue broke while dialing +86*********00" in (
        done.stdout
    )
    log = tmp_path / "state" / "AgentDesk" / "log" / "agent-desk.log"
    assert f"crash log: {log}" in done.stdout
    text = log.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "Traceback" in text
    assert "13800138000" not in text and "+86*********00" in text
