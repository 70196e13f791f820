"""What every screenshot script in docs/ shares: waiting on the event loop, saving a
widget's picture, and one process per language (translators install once per process)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

DOCS = Path(__file__).resolve().parent
MORNING = datetime(2026, 11, 25, 2, 20, tzinfo=UTC)  # Wednesday 10:20 in Shanghai
LANGUAGES = ("en", "zh_CN")


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    """Run the event loop until the screen is in the state to picture, or give up loudly."""
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise SystemExit("timed out waiting for the screen")
        wait(10)
        waited += 10


def shoot(widget: QWidget, name: str, settle_ms: int = 250) -> Path:
    widget.show()  # a dialog pictured on its own; a no-op for a window already up
    wait(settle_ms)
    path = DOCS / f"{name}.png"
    widget.grab().save(str(path))
    print(f"saved {path}")
    return path


def per_language(
    script: str,
    run: Callable[[QApplication, str, Path], None],
    prepare: Callable[[QApplication], None],
) -> int:
    """Without --lang, run ``script`` once per language; with it, set up the app and ``run``."""
    from agent_desk.app import install_translations

    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", help="one language; default: each in its own process")
    args = parser.parse_args()
    if args.lang is None:
        for language in LANGUAGES:
            subprocess.run([sys.executable, script, "--lang", language], check=True)
        return 0
    app = QApplication(sys.argv[:1])
    prepare(app)
    install_translations(app, args.lang)
    with tempfile.TemporaryDirectory() as folder:
        run(app, args.lang, Path(folder))
    return 0
