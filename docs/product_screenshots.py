"""Screenshots of the desktop product's dialogs, in English and Chinese.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/product_screenshots.py

First run, each settings page, About, and the crash dialog (a real exception from the
app's code, its details open); plus the desk in the dark theme. Each language runs in its
own process, like docs/screenshots.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shots import MORNING, per_language, shoot, wait  # beside this script

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from agent_desk.admin.demo import load_demo
from agent_desk.app import DeskConfig, build_rep_window
from agent_desk.clock import ManualClock
from agent_desk.crash import make_report
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.paths import config_dir, data_dir, log_dir
from agent_desk.settings import LINE, Settings
from agent_desk.startup import apply_theme
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.ui.about_dialog import AboutDialog, AppFolders
from agent_desk.ui.crash_dialog import CrashDialog
from agent_desk.ui.first_run import FirstRunDialog
from agent_desk.ui.settings_dialog import SettingsDialog, shortcuts_of


def run(app: QApplication, language: str, folder: Path) -> None:
    url = f"sqlite:///{folder / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    load_demo(engine, now=MORNING)
    engine.dispose()
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        clock=ManualClock(MORNING),
        data_dir=folder,
        language=language[:2],
        sync_interval_s=0.2,
    )
    desk = build_rep_window(config)
    desk.resize(1366, 768)

    shoot(FirstRunDialog(), f"first-run-{language}")

    settings = Settings(QSettings(str(folder / "agent-desk.ini"), QSettings.Format.IniFormat))
    settings.set(LINE, "sip")
    dialog = SettingsDialog(settings, folder, shortcuts_of(desk))
    dialog.resize(760, 520)
    for page, name in enumerate(("general", "line", "notifications", "keyboard")):
        dialog.page_list.setCurrentRow(page)
        shoot(dialog, f"settings-{name}-{language}")
    dialog.close()

    folders = AppFolders(data=data_dir(), config=config_dir(), logs=log_dir())
    shoot(AboutDialog(folders), f"about-{language}")

    try:
        WrapupDraft.from_json_dict({"contact_time": "yesterday at three"})
    except Exception as exc:
        report = make_report(
            exc,
            log_dir() / "agent-desk.log",
            (QCoreApplication.translate("Startup", "the wrap-up you were typing (as a draft)"),),
        )
    crash = CrashDialog(report)
    crash.details_button.setChecked(True)
    shoot(crash, f"crash-{language}")

    if language == "en":
        apply_theme(app, "dark")
        desk.show()
        wait(1500)
        shoot(desk, "desk-dark-en")
        apply_theme(app, "light")
    desk.close()


def main() -> int:
    return per_language(__file__, run, lambda app: apply_theme(app, "light"))


if __name__ == "__main__":
    sys.exit(main())
