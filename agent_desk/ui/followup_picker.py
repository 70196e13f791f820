"""Date-time fields of the wrap-up form: an exact moment editor and the follow-up picker.

The follow-up is planned in the *customer's* calling window (the campaign's windows are
in their local time), so the picker shows the chosen moment on the customer's clock and
its quick buttons snap into the next open window with ``next_allowed_time``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, Signal, Slot
from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.clock import Clock
from agent_desk.domain.calling_policy import CallingPolicy, PolicyError
from agent_desk.domain.calling_windows import check, next_allowed_time, zone
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_level, set_role

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The minimum of an optional edit stands for "not set" (shown as its special text).
_UNSET = QDateTime(QDate(2000, 1, 1), QTime(0, 0))
DISPLAY_FORMAT = "ddd yyyy-MM-dd HH:mm"


def to_qdatetime(moment: datetime) -> QDateTime:
    """The same instant as a QDateTime in the desk's local time."""
    return QDateTime.fromMSecsSinceEpoch((moment - _EPOCH) // timedelta(milliseconds=1))


def from_qdatetime(value: QDateTime) -> datetime:
    """The same instant as a timezone-aware UTC datetime."""
    return _EPOCH + timedelta(milliseconds=value.toMSecsSinceEpoch())


class MomentEdit(QDateTimeEdit):
    """A date-time edit in the desk's local time that gives back exactly what it was given.

    A restored draft must come back unchanged (microseconds included), so the edit keeps
    the datetime it was set to and returns it as long as the rep has not changed the
    value. With ``optional`` it can also hold "not set".

    Signals:
        edited(): The rep changed the value (not emitted for ``set_moment``).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, unset_text: str = "") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self._optional = bool(unset_text)
        if self._optional:
            self.setMinimumDateTime(_UNSET)
            self.setSpecialValueText(unset_text)
        self._exact: datetime | None = None
        self._shown = QDateTime()
        self._setting = False
        self.default_moment: Callable[[], datetime | None] | None = None
        self.dateTimeChanged.connect(self._on_changed)

    def set_moment(self, moment: datetime | None) -> None:
        """Show `moment` (None: "not set" on an optional edit, else left as it is)."""
        self._setting = True
        try:
            if moment is None:
                if self._optional:
                    self.setDateTime(_UNSET)
                self._exact = None
            else:
                self.setDateTime(to_qdatetime(moment))
                self._exact = moment.astimezone(UTC)
            self._shown = self.dateTime()
        finally:
            self._setting = False

    def moment(self) -> datetime | None:
        """The value as UTC, or None when an optional edit is not set."""
        value = self.dateTime()
        if self._optional and value == _UNSET:
            return None
        if self._exact is not None and value == self._shown:
            return self._exact
        return from_qdatetime(value)

    @Slot()
    def _on_changed(self) -> None:
        if not self._setting:
            self.edited.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Typing over "not set" or opening the calendar on year 2000 helps nobody: start
        # from a sensible moment instead.
        if self._optional and self.moment() is None and self.default_moment is not None:
            start = self.default_moment()
            if start is not None:
                self.setDateTime(to_qdatetime(start))
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Scrolling the panel over the field must not change a time the rep set.
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class _QuietCombo(QComboBox):
    """A combo box the mouse wheel only changes when it has focus (the panel scrolls)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class FollowupPicker(QWidget):
    """Follow-up time, who it is for, quick buttons and the customer's clock.

    Signals:
        edited(): The rep changed the time or the owner.
    """

    edited = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._policy: CallingPolicy | None = None
        self._tz = ""
        self.edit = MomentEdit(self, unset_text=self.tr("Not set"))
        accessible(self.edit, "wrapup_followup", self.tr("Follow-up time, in your local time"))
        self.edit.default_moment = self._default_start
        self.owner = _QuietCombo(self)
        accessible(self.owner, "wrapup_followup_owner", self.tr("Who makes the follow-up call"))
        self.owner.addItems([self.tr("For me"), self.tr("For my team")])
        self.quick = [
            self._button(
                "wrapup_followup_2h",
                self.tr("+2 h"),
                self.tr("In two hours, moved into the customer's calling hours"),
                lambda: self._in_two_hours(),
            ),
            self._button(
                "wrapup_followup_tomorrow",
                self.tr("Tomorrow 10:00"),
                self.tr("Tomorrow 10:00 customer time, moved into their calling hours"),
                lambda: self._at_ten(days=1),
            ),
            self._button(
                "wrapup_followup_next_week",
                self.tr("Next week"),
                self.tr("In 7 days, 10:00 customer time, moved into their calling hours"),
                lambda: self._at_ten(days=7),
            ),
        ]
        self.customer_time = QLabel(self)
        accessible(self.customer_time, "wrapup_followup_customer_time", self.tr("Customer time"))
        self.customer_time.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.edit, 1)
        top.addWidget(self.owner)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in self.quick:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.customer_time)
        self.edit.edited.connect(self._on_edited)
        self.owner.currentIndexChanged.connect(self._on_owner)
        self._refresh_label()

    def _button(self, name: str, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        accessible(button, name, tip)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- values -------------------------------------------------------------------------------

    def set_context(self, policy: CallingPolicy | None, tz_name: str) -> None:
        """The campaign's windows and the customer's zone the follow-up is checked in."""
        self._policy, self._tz = policy, tz_name
        self._refresh_label()

    def set_value(self, moment: datetime | None, for_team: bool) -> None:
        self.edit.set_moment(moment)
        self.owner.blockSignals(True)
        self.owner.setCurrentIndex(1 if for_team else 0)
        self.owner.blockSignals(False)
        self._refresh_label()

    def value(self) -> datetime | None:
        return self.edit.moment()

    def for_team(self) -> bool:
        return self.owner.currentIndex() == 1

    # -- quick buttons ------------------------------------------------------------------------

    def _snap(self, candidate: datetime) -> datetime:
        """The first moment at or after `candidate` inside the customer's window."""
        if self._policy is None or not self._tz:
            return candidate
        try:
            found = next_allowed_time(self._policy, candidate, self._tz)
        except PolicyError:
            return candidate
        return candidate if found is None else found

    def _in_two_hours(self) -> None:
        later = self._clock.now() + timedelta(hours=2)
        # Round up to five minutes: nobody books 16:07.
        step = timedelta(minutes=5)
        later = _EPOCH - ((_EPOCH - later) // step) * step  # floor of the negative = ceiling
        self._choose(self._snap(later))

    def _at_ten(self, days: int) -> None:
        try:
            tz = zone(self._tz) if self._tz else None
        except PolicyError:
            tz = None
        local = self._clock.now().astimezone(tz)
        day = local.date() + timedelta(days=days)
        self._choose(self._snap(datetime.combine(day, time(10, 0), tzinfo=local.tzinfo)))

    def _default_start(self) -> datetime | None:
        return self._snap(self._clock.now().replace(second=0, microsecond=0) + timedelta(hours=1))

    def _choose(self, moment: datetime) -> None:
        self.edit.set_moment(moment.astimezone(UTC))
        self._on_edited()

    # -- reactions ----------------------------------------------------------------------------

    @Slot()
    def _on_edited(self) -> None:
        self._refresh_label()
        self.edited.emit()

    @Slot(int)
    def _on_owner(self, _index: int) -> None:
        self.edited.emit()

    def _refresh_label(self) -> None:
        moment = self.value()
        label = self.customer_time
        if moment is None or self._policy is None or not self._tz:
            label.setText(self.tr("Pick a time inside the customer's calling hours."))
            set_role(label, "hint")
            set_level(label, "muted")
            return
        label.setToolTip(self._tz)
        try:
            decision = check(self._policy, moment, self._tz)
        except PolicyError:
            label.setText(self.tr("Unknown customer time zone {zone}").format(zone=self._tz))
            set_level(label, "alert")
            return
        set_role(label, "")
        if decision.allowed:
            when = texts.local_time(decision.local_time, self._tz)
            label.setText(self.tr("Customer time {time}: inside calling hours").format(time=when))
            set_level(label, "ok")
        else:
            label.setText(texts.window_state(decision))
            set_level(label, "warn")
