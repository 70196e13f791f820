"""Take the README's screenshots of the SIP line, in English and Chinese.

Run under a real X server so fonts and styles render as on a desk (needs ``baresip`` and
``sipp``):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/sip_screenshots.py

Two pictures per language: the SIP account dialog after a successful "Test my line", and
the rep's desk (demo data, a SIP line with a real baresip) while a real call from SIPp
comes in from one of the rep's leads.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from screenshots import wait  # docs/screenshots.py, beside this script

from PySide6.QtWidgets import QApplication, QWidget

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent_desk.admin.demo import load_demo  # noqa: E402
from agent_desk.app import DeskConfig, build_rep_window, install_translations  # noqa: E402
from agent_desk.clock import ManualClock  # noqa: E402
from agent_desk.store.engine import make_engine  # noqa: E402
from agent_desk.store.migrate import upgrade_to_head  # noqa: E402
from agent_desk.telephony.sip_check import LineTest  # noqa: E402
from agent_desk.telephony.sip_line import SipLine  # noqa: E402
from agent_desk.telephony.sip_settings import (  # noqa: E402
    DIRECT_USER,
    SipSettings,
    save_settings,
)
from agent_desk.ui.sip_settings_dialog import SipSettingsDialog  # noqa: E402
from agent_desk.ui.style import style_sheet  # noqa: E402
from tests.telephony.sip.sipp import Sipp  # noqa: E402

# Wednesday 10:20 in Shanghai.
MORNING = datetime(2026, 11, 25, 2, 20, tzinfo=UTC)


def wait_for(condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise SystemExit("timed out waiting for the screen")
        wait(20)
        waited += 20


def shoot(widget: QWidget, name: str) -> Path:
    wait(200)
    path = DOCS / f"{name}.png"
    widget.grab().save(str(path))
    print(f"saved {path}")
    return path


def settings_dialog(language: str, folder: Path) -> None:
    config = folder / "config"
    save_settings(
        config,
        SipSettings(
            server="pbx.example.com",
            user="8001",
            display_name="Rep 1",
            codecs=("G722", "PCMA", "PCMU"),
        ),
    )
    dialog = SipSettingsDialog(config)
    dialog.password_edit.setText("secret-password")
    dialog.remember_box.setChecked(True)
    dialog.show()
    wait_for(lambda: dialog.input_combo.count() > 0)
    # What "Test my line" shows when the registrar answers (the example server is not real).
    dialog._show_test(LineTest(None, "registered: 200 OK", 14.2, registered=True))
    dialog.adjustSize()
    shoot(dialog, f"sip-settings-{language}")
    dialog.reject()


def inbound_call(language: str, folder: Path) -> None:
    url = f"sqlite:///{folder / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_demo(engine, now=MORNING)
    engine.dispose()
    config = folder / "config"
    save_settings(
        config,
        SipSettings(
            server="127.0.0.1:5060",
            register=False,
            audio_input="ausine",
            audio_output="",
            codecs=("PCMU",),
        ),
    )
    window = build_rep_window(
        DeskConfig(
            shared_url=url,
            username="rep1",
            line="sip",
            sip_folder=config,
            clock=ManualClock(MORNING),
            data_dir=folder,
            sync_interval_s=0.2,
            language=language[:2],
        )
    )
    window.resize(1366, 768)
    window.show()
    session = window.session
    line = session.line
    assert isinstance(line, SipLine)
    wait_for(lambda: session.queue.selected is not None and line.ready)
    selected = session.queue.selected
    assert selected is not None
    caller = next(
        e.lead for e in session.queue.entries if e.lead.id != selected.lead.id and e.lead.company
    )
    sipp = Sipp(folder)
    try:
        sipp.caller(
            "inbound_call.xml",
            line.engine.sip_port,
            user=DIRECT_USER,
            caller=caller.phone_e164,
            talk_ms=20_000,
        )
        wait_for(window.inbound.isVisible)
        shoot(window, f"desk-inbound-{language}")
        window.inbound.reject_button.click()
    finally:
        sipp.close()
        window.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", help="one language; default: each in its own process")
    args = parser.parse_args()
    if args.lang is None:
        for language in ("en", "zh_CN"):
            subprocess.run([sys.executable, __file__, "--lang", language], check=True)
        return 0
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(style_sheet("light"))
    install_translations(app, args.lang)
    with tempfile.TemporaryDirectory() as folder:
        settings_dialog(args.lang, Path(folder))
        inbound_call(args.lang, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
