"""The SIP account of a desk: server, user, password (keyring), transport, codecs, audio
devices, and "Test my line" for the start of a shift.

Anything that waits (the line test registers with the server; listing audio devices runs
a program) runs on a background thread; the dialog polls for the answer like the login
dialog does, so no Qt object is touched from that thread and a closed dialog simply drops
a late answer.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.telephony import sip_check
from agent_desk.telephony import sip_settings as sip
from agent_desk.telephony.sip_check import LineProblem, LineTest
from agent_desk.telephony.sip_settings import SipSettings
from agent_desk.ui.style import accessible, set_level, set_role

log = logging.getLogger(__name__)

_POLL_MS = 50
# Shown for a fresh account: what a desk with a sound card uses.
DEFAULT_DEVICE = "alsa,default"
CODEC_NAMES = {
    "opus": "Opus",
    "G722": "G.722",
    "PCMU": "G.711 µ-law (PCMU)",
    "PCMA": "G.711 A-law (PCMA)",
    "GSM": "GSM",
}
WIDEBAND = frozenset({"opus", "G722"})


class SipSettingsDialog(QDialog):
    """Edit and test the SIP account kept in ``folder`` (``sip.json``; password in the keyring).

    After ``accept()``, :meth:`saved_settings` and :meth:`password` give what was saved.
    """

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "sip_settings_dialog", self.tr("SIP account and audio"))
        self.setWindowTitle(self.tr("SIP line"))
        self.folder = folder
        self._saved: SipSettings | None = None
        # What the dialog does not show (display name, intervals) is kept from the file.
        self._loaded = sip.load_settings(folder)
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="agent-desk-sip")
        self._waiting: list[tuple[Future[Any], Any]] = []
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._build()
        self._load(self._loaded)
        self._list_devices()

    # -- layout -------------------------------------------------------------------------------

    def _edit(self, name: str, description: str) -> QLineEdit:
        edit = QLineEdit(self)
        accessible(edit, name, description)
        return edit

    def _build(self) -> None:
        title = QLabel(self.tr("Your phone line"), self)
        set_role(title, "title")
        hint = QLabel(
            self.tr(
                "The account your company's phone system gave you. The password is kept "
                "in the system keyring, never in a file."
            ),
            self,
        )
        hint.setWordWrap(True)
        set_role(hint, "hint")

        self.server_edit = self._edit("sip_server", self.tr("SIP server, host[:port]"))
        self.server_edit.setPlaceholderText("sip.example.com:5060")
        self.user_edit = self._edit("sip_user", self.tr("SIP user name or extension"))
        self.password_edit = self._edit("sip_password", self.tr("SIP password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("Remember the password on this computer"), self)
        accessible(self.remember_box, "sip_remember", self.tr("Keep the password in the keyring"))
        self.register_box = QCheckBox(self.tr("Register with the server"), self)
        accessible(
            self.register_box,
            "sip_register",
            self.tr("Off: calls go straight to the server's address, with no account"),
        )
        self.register_box.toggled.connect(self._register_toggled)
        self.transport_combo = QComboBox(self)
        accessible(self.transport_combo, "sip_transport", self.tr("How SIP travels"))
        for transport in sip.TRANSPORTS:
            self.transport_combo.addItem(transport.upper(), transport)

        self.codec_list = QListWidget(self)
        accessible(
            self.codec_list,
            "sip_codecs",
            self.tr("Audio codecs, the preferred first; tick those to offer"),
        )
        self.codec_list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.up_button = QPushButton(self.tr("Up"), self)
        accessible(self.up_button, "sip_codec_up", self.tr("Prefer the chosen codec more"))
        self.down_button = QPushButton(self.tr("Down"), self)
        accessible(self.down_button, "sip_codec_down", self.tr("Prefer the chosen codec less"))
        self.up_button.clicked.connect(lambda: self._move_codec(-1))
        self.down_button.clicked.connect(lambda: self._move_codec(1))
        for button in (self.up_button, self.down_button):
            button.setAutoDefault(False)
        codec_buttons = QVBoxLayout()
        codec_buttons.addWidget(self.up_button)
        codec_buttons.addWidget(self.down_button)
        codec_buttons.addStretch(1)
        codecs = QHBoxLayout()
        codecs.addWidget(self.codec_list, 1)
        codecs.addLayout(codec_buttons)

        self.input_combo = self._device_combo("sip_audio_input", self.tr("Microphone"))
        self.output_combo = self._device_combo("sip_audio_output", self.tr("Speaker or headset"))

        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow("", self.register_box)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.remember_box)
        form.addRow(self.tr("Transport"), self.transport_combo)
        form.addRow(self.tr("Codecs"), codecs)
        form.addRow(self.tr("Microphone"), self.input_combo)
        form.addRow(self.tr("Speaker"), self.output_combo)

        self.test_button = QPushButton(self.tr("Test my line"), self)
        accessible(
            self.test_button,
            "sip_test",
            self.tr("Register with these settings and measure the round trip"),
        )
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test_line)
        self.test_result = QLabel(self)
        accessible(self.test_result, "sip_test_result", self.tr("What the line test found"))
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        self.error = QLabel(self)
        accessible(self.error, "sip_error", self.tr("Why the settings cannot be saved"))
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        accessible(self.save_button, "sip_save", self.tr("Save the SIP account"))
        set_role(self.save_button, "primary")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _device_combo(self, name: str, description: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)  # baresip's "module,device": any device the list misses
        accessible(combo, name, description)
        return combo

    # -- values ---------------------------------------------------------------------------------

    def _load(self, settings: SipSettings | None) -> None:
        self.register_box.setChecked(settings.register if settings else True)
        self._register_toggled(self.register_box.isChecked())
        chosen: tuple[str, ...] = settings.codecs if settings else ("PCMU", "PCMA")
        for codec in [*chosen, *(c for c in sip.CODECS if c not in chosen)]:
            name = CODEC_NAMES.get(codec, codec)
            if codec in WIDEBAND:
                name = self.tr("{codec} (wideband)").format(codec=name)
            item = QListWidgetItem(name, self.codec_list)
            item.setData(Qt.ItemDataRole.UserRole, codec)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = codec in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        rows = self.codec_list.count()
        frame = 2 * self.codec_list.frameWidth()
        self.codec_list.setFixedHeight(self.codec_list.sizeHintForRow(0) * rows + frame + 2)
        self._set_device(self.input_combo, settings.audio_input if settings else DEFAULT_DEVICE)
        self._set_device(self.output_combo, settings.audio_output if settings else DEFAULT_DEVICE)
        if settings is None:
            return
        self.server_edit.setText(settings.server)
        self.user_edit.setText(settings.user)
        self.transport_combo.setCurrentIndex(
            max(self.transport_combo.findData(settings.transport), 0)
        )
        password = sip.recall_sip_password(settings) if settings.user else None
        if password:
            self.password_edit.setText(password)
            self.remember_box.setChecked(True)

    @staticmethod
    def _set_device(combo: QComboBox, device: str) -> None:
        if combo.findText(device) < 0:
            combo.addItem(device)
        combo.setCurrentText(device)

    def _register_toggled(self, on: bool) -> None:
        for widget in (self.user_edit, self.password_edit, self.remember_box):
            widget.setEnabled(on)

    def _move_codec(self, step: int) -> None:
        row = self.codec_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.codec_list.count():
            return
        item = self.codec_list.takeItem(row)
        self.codec_list.insertItem(target, item)
        self.codec_list.setCurrentRow(target)

    def codecs(self) -> tuple[str, ...]:
        """The ticked codecs, in the list's order."""
        found = []
        for row in range(self.codec_list.count()):
            item = self.codec_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(found)

    def password(self) -> str | None:
        """The password as typed (None when empty or not registering)."""
        if not self.register_box.isChecked():
            return None
        return self.password_edit.text() or None

    def saved_settings(self) -> SipSettings | None:
        """What :meth:`accept` saved; None before (or after Cancel)."""
        return self._saved

    def settings(self) -> SipSettings | None:
        """The form as settings, or None with the reason shown under the form."""
        server = self.server_edit.text().strip()
        user = self.user_edit.text().strip()
        register = self.register_box.isChecked()
        problem = ""
        if not server:
            problem = self.tr("Enter the SIP server.")
        elif register and not user:
            problem = self.tr("Enter your SIP user name, or turn off registering.")
        elif not self.codecs():
            problem = self.tr("Tick at least one codec.")
        if problem:
            self._show_error(problem)
            return None
        try:
            settings = SipSettings(
                server=server,
                user=user,
                register=register,
                transport=str(self.transport_combo.currentData()),
                codecs=self.codecs(),
                audio_input=self.input_combo.currentText().strip(),
                audio_output=self.output_combo.currentText().strip(),
            )
            loaded = self._loaded
            if loaded is not None:
                settings = replace(
                    settings,
                    display_name=loaded.display_name,
                    register_interval_s=loaded.register_interval_s,
                    no_answer_s=loaded.no_answer_s,
                )
            settings.account_line(self.password())  # a password the engine cannot take
        except ValueError as exc:
            self._show_error(self.tr("These settings cannot work: {detail}").format(detail=exc))
            return None
        self.error.hide()
        return settings

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- saving -----------------------------------------------------------------------------------

    def accept(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        try:
            sip.save_settings(self.folder, settings)
        except OSError as exc:
            self._show_error(
                self.tr("The settings could not be saved: {detail}").format(detail=exc.strerror)
            )
            return
        password = self.password()
        if settings.user:
            # The keyring can be slow, but it is one call at a rep's click; not remembered:
            # the password is used until the desk closes.
            if self.remember_box.isChecked() and password:
                sip.remember_sip_password(settings, password)
            else:
                sip.forget_sip_password(settings)
        self._saved = settings
        self._stop()
        super().accept()

    def reject(self) -> None:
        self._stop()
        super().reject()

    def _stop(self) -> None:
        self._poll.stop()
        self._waiting.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- background work ------------------------------------------------------------------------

    def _later(self, future: Future[Any], then: Any) -> None:
        self._waiting.append((future, then))
        self._poll.start()

    def _collect(self) -> None:
        still = []
        for future, then in self._waiting:
            if not future.done():
                still.append((future, then))
                continue
            try:
                result = future.result()
            except Exception as exc:  # a bug, not a line problem: log it, say it
                log.exception("SIP settings background work failed")
                result = exc
            then(result)
        self._waiting = still
        if not still:
            self._poll.stop()

    def _list_devices(self) -> None:
        inputs = self._pool.submit(sip_check.audio_devices, False)
        outputs = self._pool.submit(sip_check.audio_devices, True)
        self._later(inputs, lambda found: self._add_devices(self.input_combo, found))
        self._later(outputs, lambda found: self._add_devices(self.output_combo, found))

    @staticmethod
    def _add_devices(combo: QComboBox, found: object) -> None:
        if not isinstance(found, list):
            return
        current = combo.currentText()
        for device in found:
            if combo.findText(device) < 0:
                combo.addItem(device)
        combo.setCurrentText(current)

    def test_line(self) -> None:
        """Register (or reach the server) with the form's settings, off the UI thread."""
        settings = self.settings()
        if settings is None:
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing the line…"))
        set_level(self.test_result, "info")
        future = self._pool.submit(sip_check.test_line, settings, self.password())
        self._later(future, self._show_test)

    def _show_test(self, result: object) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(result, LineTest):
            result = LineTest(LineProblem.FAILED, str(result))
        self.test_result.setToolTip(result.detail)
        self.test_result.setText(self.test_text(result))
        set_level(self.test_result, "ok" if result.ok else "alert")

    def test_text(self, result: LineTest) -> str:
        """The line test in the rep's words (the engine's English detail goes in a tooltip)."""
        rtt = f"{result.round_trip_ms:.0f}" if result.round_trip_ms is not None else "?"
        if result.ok and result.registered:
            return self.tr("Registered. Round trip {ms} ms.").format(ms=rtt)
        if result.ok:
            return self.tr("The server answered. Round trip {ms} ms.").format(ms=rtt)
        if result.problem is LineProblem.ENGINE_MISSING:
            return self.tr("The SIP engine (baresip) is not installed on this computer.")
        if result.problem is LineProblem.REFUSED:
            return self.tr("The server refused the user name or password ({detail}).").format(
                detail=result.detail
            )
        if result.problem is LineProblem.AUDIO_MISSING:
            return self.tr(
                "The SIP engine's audio module for this device ({detail}) is not installed: "
                "install it or choose another microphone and speaker."
            ).format(detail=result.detail)
        if result.problem is LineProblem.UNREACHABLE:
            return self.tr("The server did not answer: check the address and the network.")
        return self.tr("The line test failed: {detail}").format(detail=result.detail)
