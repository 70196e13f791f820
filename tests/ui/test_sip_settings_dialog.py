"""The SIP account dialog: fill, test the line against a real registrar (SIPp), save, reopen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from agent_desk.telephony import sip_settings as sip
from agent_desk.ui.sip_settings_dialog import SipSettingsDialog
from tests.conftest import MemoryKeyring
from tests.telephony.sip.sipp import Sipp

WAIT_MS = 15_000
PASSWORD = "s3cret-pw"  # what scenarios/register.xml accepts for rep1


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[Sipp]:
    runner = Sipp(tmp_path)
    yield runner
    runner.close()


def open_dialog(qtbot: QtBot, folder: Path) -> SipSettingsDialog:
    dialog = SipSettingsDialog(folder)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: SipSettingsDialog, server: str, user: str, password: str) -> None:
    dialog.server_edit.setText(server)
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.input_combo.setCurrentText("ausine")  # no sound card here: a test tone
    dialog.output_combo.setCurrentText("")


def test_fill_test_save_and_reopen(
    qtbot: QtBot, sipp: Sipp, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    registrar = sipp.customer("register.xml", expires_s=300)
    folder = tmp_path / "config"
    dialog = open_dialog(qtbot, folder)
    assert dialog.register_box.isChecked()
    fill(dialog, f"127.0.0.1:{registrar.port}", "rep1", PASSWORD)

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert not dialog.test_button.isEnabled()  # the test runs off the UI thread
    qtbot.wait_until(lambda: dialog.test_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.test_result.text().startswith("Registered. Round trip ")
    assert dialog.test_result.text().endswith(" ms.")
    registrar.assert_completed()  # challenged, the password checked, 200 OK

    # Prefer A-law: tick it and move it to the top; untick µ-law.
    rows = {
        dialog.codec_list.item(r).data(Qt.ItemDataRole.UserRole): r
        for r in range(dialog.codec_list.count())
    }
    dialog.codec_list.item(rows["PCMU"]).setCheckState(Qt.CheckState.Unchecked)
    dialog.codec_list.item(rows["G722"]).setCheckState(Qt.CheckState.Checked)
    dialog.codec_list.setCurrentRow(rows["G722"])
    for _ in range(rows["G722"]):
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.codecs() == ("G722", "PCMA")
    dialog.remember_box.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    saved = dialog.saved_settings()
    assert saved is not None and dialog.result() == SipSettingsDialog.DialogCode.Accepted
    on_disk = json.loads((folder / "sip.json").read_text())
    assert on_disk["server"] == f"127.0.0.1:{registrar.port}" and on_disk["user"] == "rep1"
    assert on_disk["codecs"] == ["G722", "PCMA"]
    assert PASSWORD not in (folder / "sip.json").read_text()  # the keyring keeps it
    assert sip.recall_sip_password(saved) == PASSWORD

    again = open_dialog(qtbot, folder)
    assert again.server_edit.text() == f"127.0.0.1:{registrar.port}"
    assert again.password_edit.text() == PASSWORD and again.remember_box.isChecked()
    assert again.codecs() == ("G722", "PCMA")
    assert again.input_combo.currentText() == "ausine"


def test_wrong_password_is_said_in_words(qtbot: QtBot, sipp: Sipp, tmp_path: Path) -> None:
    registrar = sipp.customer("register.xml", expires_s=300)
    dialog = open_dialog(qtbot, tmp_path)
    fill(dialog, f"127.0.0.1:{registrar.port}", "rep1", "wrong-pw")
    dialog.test_line()
    qtbot.wait_until(lambda: dialog.test_button.isEnabled(), timeout=WAIT_MS)
    assert "refused the user name or password" in dialog.test_result.text()
    assert "403" in dialog.test_result.toolTip()


def test_direct_dialing_pings_the_server(qtbot: QtBot, sipp: Sipp, tmp_path: Path) -> None:
    server = sipp.customer("options.xml")
    dialog = open_dialog(qtbot, tmp_path)
    dialog.register_box.setChecked(False)
    assert not dialog.user_edit.isEnabled()
    fill(dialog, f"127.0.0.1:{server.port}", "", "")
    dialog.test_line()
    qtbot.wait_until(lambda: dialog.test_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.test_result.text().startswith("The server answered. Round trip ")
    server.assert_completed()


def test_what_cannot_work_is_refused_and_nothing_saved(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, tmp_path)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "server" in dialog.error.text()
    dialog.server_edit.setText("sip.example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "user name" in dialog.error.text()
    dialog.user_edit.setText("rep1")
    dialog.password_edit.setText("has space")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "cannot work" in dialog.error.text()
    assert dialog.isVisible() and not (tmp_path / "sip.json").exists()
    dialog.password_edit.setText("fine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and sip.load_settings(tmp_path) is not None


def test_what_the_dialog_does_not_show_is_kept(qtbot: QtBot, tmp_path: Path) -> None:
    sip.save_settings(
        tmp_path,
        sip.SipSettings(
            server="pbx.example.com", user="8001", display_name="Rep 1", no_answer_s=30
        ),
    )
    dialog = open_dialog(qtbot, tmp_path)
    dialog.server_edit.setText("pbx2.example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = sip.load_settings(tmp_path)
    assert saved is not None and saved.server == "pbx2.example.com"
    assert (saved.display_name, saved.no_answer_s) == ("Rep 1", 30)
