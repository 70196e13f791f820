"""The softphone strip: dial, hang up, hold, mute, transfer, dial pad, timer, ring count.

Buttons report intents through signals; the window decides what they do. The timer
reads the call's own times (answer to now), so it is right after a restart or a stall.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from agent_desk.desk.views import CallSnapshot
from agent_desk.domain import phones
from agent_desk.domain.call_state import CallState
from agent_desk.telephony.line import Capability
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, icon, set_level, set_role

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")


def with_shortcut(text: str, shortcut: QKeySequence | str) -> str:
    keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({keys})" if keys else text


class DialPad(QWidget):
    """Twelve keys and a number field: dials a number when idle, sends tones on a call.

    Signals:
        dial_number(str): the rep asked to dial the typed number.
        dtmf(str): a key was pressed during a live call.
    """

    dial_number = Signal(str)
    dtmf = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "dialpad", self.tr("Dial pad: type a number to dial, or send tones"))
        self._live = False
        layout = QVBoxLayout(self)
        self.number = QLineEdit()
        accessible(self.number, "dialpad_number", self.tr("Number to dial"))
        self.number.setPlaceholderText(self.tr("Number to dial"))
        self.number.returnPressed.connect(self._dial)
        layout.addWidget(self.number)
        grid = QGridLayout()
        for index, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName(f"dialpad_key_{index}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(44, 36)
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            grid.addWidget(button, index // 3, index % 3)
        layout.addLayout(grid)
        self.call_button = QPushButton(self.tr("Call this number"))
        self.call_button.setObjectName("dialpad_call")
        set_role(self.call_button, "primary")
        self.call_button.clicked.connect(self._dial)
        layout.addWidget(self.call_button)

    def set_live(self, live: bool) -> None:
        self._live = live
        self.number.setEnabled(not live)
        self.call_button.setEnabled(not live)

    def _key(self, key: str) -> None:
        if self._live:
            self.dtmf.emit(key)
        else:
            self.number.insert(key)

    def _dial(self) -> None:
        text = self.number.text().strip()
        if text and not self._live:
            self.dial_number.emit(text)


class CallControls(QWidget):
    """Call buttons, timer and ring counter, laid out as one horizontal strip.

    Signals:
        dial(), hangup(), hold(bool), mute(bool), transfer(str), dial_number(str),
        dtmf(str), mark_connected(), mark_ended()
    """

    dial = Signal()
    hangup = Signal()
    hold = Signal(bool)
    mute = Signal(bool)
    transfer = Signal(str)
    dial_number = Signal(str)
    dtmf = Signal(str)
    mark_connected = Signal()
    mark_ended = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._snapshot: CallSnapshot | None = None
        self._capabilities: frozenset[Capability] = frozenset()
        self._transfer_number: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)

        self.dial_action = self._action(self.tr("Dial"), "F5", "call", self.dial.emit)
        self.hangup_action = self._action(self.tr("Hang up"), "F6", "hangup", self.hangup.emit)
        self.hold_action = self._action(self.tr("Hold"), "F7", "hold", None, checkable=True)
        self.hold_action.toggled.connect(self.hold.emit)
        self.mute_action = self._action(self.tr("Mute"), "F8", "mute", None, checkable=True)
        self.mute_action.toggled.connect(self.mute.emit)
        self.transfer_action = self._action(
            self.tr("Transfer"), "F9", "transfer", self._transfer_menu
        )

        self.dial_button = self._button(self.dial_action, "dial_button", "primary")
        self.hangup_button = self._button(self.hangup_action, "hangup_button", "danger")
        self.hold_button = self._button(self.hold_action, "hold_button")
        self.mute_button = self._button(self.mute_action, "mute_button")
        self.transfer_button = self._button(self.transfer_action, "transfer_button")
        for button in (
            self.dial_button,
            self.hangup_button,
            self.hold_button,
            self.mute_button,
            self.transfer_button,
        ):
            layout.addWidget(button)

        self.dialpad = DialPad()
        self.dialpad.dial_number.connect(self.dial_number)
        self.dialpad.dtmf.connect(self.dtmf)
        self.dialpad_button = QToolButton()
        self.dialpad_button.setObjectName("dialpad_button")
        self.dialpad_button.setText(self.tr("Dial pad"))
        self.dialpad_button.setIcon(icon("dialpad"))
        self.dialpad_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.dialpad_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.dialpad_action = QAction(self.tr("Dial pad"), self)
        self.dialpad_action.setShortcut(QKeySequence("Ctrl+D"))
        self.dialpad_action.triggered.connect(self.dialpad_button.showMenu)
        self.addAction(self.dialpad_action)
        self.dialpad_button.setToolTip(with_shortcut(self.tr("Dial pad"), "Ctrl+D"))
        pad_menu = QMenu(self.dialpad_button)
        pad_holder = QWidgetAction(pad_menu)
        pad_holder.setDefaultWidget(self.dialpad)
        pad_menu.addAction(pad_holder)
        pad_menu.aboutToShow.connect(self.dialpad.number.setFocus)
        self.dialpad_button.setMenu(pad_menu)
        layout.addWidget(self.dialpad_button)

        # The tel: hand-off cannot see the call: the rep reports it.
        self.connected_button = QPushButton(self.tr("Customer answered"))
        self.connected_button.setObjectName("mark_connected_button")
        self.connected_button.clicked.connect(self.mark_connected)
        self.ended_button = QPushButton(self.tr("Call ended"))
        self.ended_button.setObjectName("mark_ended_button")
        self.ended_button.clicked.connect(self.mark_ended)
        layout.addWidget(self.connected_button)
        layout.addWidget(self.ended_button)

        layout.addSpacing(16)
        self.call_state = QLabel()
        self.call_state.setObjectName("call_state")
        layout.addWidget(self.call_state)
        self.ring_count = QLabel()
        accessible(self.ring_count, "ring_count", self.tr("Rings so far"))
        set_role(self.ring_count, "hint")
        layout.addWidget(self.ring_count)
        self.timer = QLabel("00:00")
        accessible(self.timer, "call_timer", self.tr("Call time"))
        set_role(self.timer, "timer")
        self.timer.setMinimumWidth(84)
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.timer)
        self.set_capabilities(frozenset())
        self.update_call(None)

    def _action(
        self, text: str, shortcut: str, icon_name: str, slot: object, checkable: bool = False
    ) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(with_shortcut(text, shortcut))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction, name: str, role: str = "") -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        accessible(button, name, action.toolTip())
        if role:
            set_role(button, role)
        return button

    # -- state from the desk ----------------------------------------------------------------

    def set_capabilities(self, capabilities: frozenset[Capability]) -> None:
        self._capabilities = capabilities
        manual = Capability.MANUAL_MARKING in capabilities
        self.hold_button.setVisible(not manual)
        self.mute_button.setVisible(not manual)
        self.transfer_button.setVisible(not manual)
        self.connected_button.setVisible(manual)
        self.ended_button.setVisible(manual)
        self._refresh_enabled()

    def set_transfer_number(self, number: str | None) -> None:
        self._transfer_number = number

    def set_can_dial(self, can: bool, why_not: str = "") -> None:
        self.dial_action.setEnabled(can)
        tip = with_shortcut(self.tr("Dial"), "F5")
        self.dial_button.setToolTip(tip if can else f"{tip}\n{why_not}")
        self.dialpad.call_button.setEnabled(can)

    def update_call(self, snapshot: CallSnapshot | None) -> None:
        self._snapshot = snapshot
        live = snapshot is not None and snapshot.state not in (CallState.ENDED, CallState.IDLE)
        self.dialpad.set_live(live)
        if snapshot is None:
            self.call_state.setText(self.tr("No call"))
            self.ring_count.clear()
        else:
            self.call_state.setText(self._state_text(snapshot))
            self.ring_count.setText(
                self.tr("Ring %n", "", snapshot.ring_count) if snapshot.ring_count else ""
            )
        if not live:
            for action in (self.hold_action, self.mute_action):
                action.blockSignals(True)
                action.setChecked(False)
                action.blockSignals(False)
        else:
            self.mute_action.blockSignals(True)
            self.mute_action.setChecked(snapshot.muted if snapshot else False)
            self.mute_action.blockSignals(False)
        self._refresh_enabled()

    def _state_text(self, snap: CallSnapshot) -> str:
        number = phones.mask(snap.phone_e164)
        if snap.state is CallState.DIALING:
            return self.tr("Dialing {number}…").format(number=number)
        if snap.state is CallState.RINGING:
            return self.tr("Ringing {number}…").format(number=number)
        if snap.state is CallState.CONNECTED:
            return self.tr("Connected {number}").format(number=number)
        if snap.state is CallState.HELD:
            return self.tr("On hold {number}").format(number=number)
        return self.tr("Ended: {reason}").format(reason=texts.end_reason(snap.end_reason))

    def _refresh_enabled(self) -> None:
        snap = self._snapshot
        live = snap is not None and snap.state not in (CallState.ENDED, CallState.IDLE)
        connected = snap is not None and snap.state in (CallState.CONNECTED, CallState.HELD)
        caps = self._capabilities
        self.hangup_action.setEnabled(live)
        self.hold_action.setEnabled(connected and Capability.HOLD in caps)
        self.mute_action.setEnabled(connected and Capability.MUTE in caps)
        self.transfer_action.setEnabled(connected and Capability.TRANSFER in caps)
        self.dialpad_button.setEnabled(not live or Capability.DTMF in caps)
        self.connected_button.setEnabled(
            snap is not None and snap.state in (CallState.DIALING, CallState.RINGING)
        )
        self.ended_button.setEnabled(live)

    def tick(self, now: datetime) -> None:
        """Redraw the timer: talk time, amber at the soft limit, red at 1.5x."""
        snap = self._snapshot
        if snap is None or snap.answered_at is None:
            self.timer.setText("00:00")
            set_level(self.timer, "muted")
            return
        end = snap.ended_at or now
        seconds = max(int((end - snap.answered_at).total_seconds()), 0)
        self.timer.setText(texts.duration(seconds))
        limit = snap.soft_limit_s
        level = "ok"
        if limit and seconds >= limit * 1.5:
            level = "alert"
        elif limit and seconds >= limit:
            level = "warn"
        set_level(self.timer, level)

    # -- transfer ---------------------------------------------------------------------------

    def _transfer_menu(self) -> None:
        menu = QMenu(self)
        if self._transfer_number:
            label = self.tr("Customer service ({number})").format(
                number=phones.mask(self._transfer_number)
            )
            service = menu.addAction(label)
            service.triggered.connect(lambda: self.transfer.emit(self._transfer_number or ""))
        other = menu.addAction(self.tr("Other number…"))
        other.triggered.connect(self._ask_transfer_number)
        menu.popup(self.transfer_button.mapToGlobal(self.transfer_button.rect().bottomLeft()))

    def _ask_transfer_number(self) -> None:
        number, ok = QInputDialog.getText(
            self, self.tr("Transfer"), self.tr("Transfer the call to:")
        )
        if ok and number.strip():
            self.transfer.emit(number.strip())
