"""Take the README's screenshots of the SIP line, in English and Chinese.

Run under a real X server so fonts and styles render as on a desk (needs ``baresip`` and
``sipp``):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/sip_screenshots.py

Two pictures per language: the SIP account dialog after a successful "Test my line", and
the rep's desk (demo data, a SIP line with a real baresip) while a real call from SIPp
comes in from one of the rep's leads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shots import DOCS, MORNING, per_language, shoot, wait_for  # docs/shots.py, beside this script

from PySide6.QtWidgets import QApplication

ROOT = DOCS.parent  # the repository, for tests.telephony.sip.sipp
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent_desk.admin.demo import load_demo  # noqa: E402
from agent_desk.app import DeskConfig, build_rep_window  # noqa: E402
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


def run(app: QApplication, language: str, folder: Path) -> None:
    settings_dialog(language, folder)
    inbound_call(language, folder)


def main() -> int:
    return per_language(__file__, run, lambda app: app.setStyleSheet(style_sheet("light")))


if __name__ == "__main__":
    sys.exit(main())
