"""The wrap-up form the rep fills after every call attempt (about a hundred times a day).

It opens when the call starts so the rep can type while talking, and it never decides
whether a wrap-up is valid: it hands a `WrapupDraft` to its owner, who validates it with
``domain.wrapup.validate`` and sends the errors back to `WrapupForm.show_errors`.
Keyboard first: digits (or Alt+digit) pick the outcome, Alt+A..D the intent,
Ctrl+Enter saves. The fields themselves are `agent_desk.ui.wrapup_fields.WrapupFields`.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from agent_desk.clock import Clock, SystemClock
from agent_desk.desk.views import WrapupContext
from agent_desk.domain import phones
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import FieldError, WrapupDraft
from agent_desk.domain.wrapup_input import normalize_tags
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_role
from agent_desk.ui.transfer_banner import TransferBanner
from agent_desk.ui.wrapup_fields import WrapupFields

DEBOUNCE_MS = 400
_TEXT_ENTRY = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


class WrapupForm(QWidget):
    """Time, person, outcome, intent, follow-up, details and Save for one call.

    Signals:
        save_requested(WrapupDraft): Save, Ctrl+Return or Ctrl+Enter while Save is enabled.
        draft_changed(WrapupDraft): ~400 ms after the last edit; the owner persists it.
        outcome_changed(Outcome | None): The selected outcome changed.
        transfer_requested(str): Transfer the complaining customer to this number.
    """

    save_requested = Signal(object)
    draft_changed = Signal(object)
    outcome_changed = Signal(object)
    transfer_requested = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, clock: Clock | None = None, embedded: bool = False
    ) -> None:
        """Build an empty, disabled form.

        Args:
            parent: Parent widget.
            clock: Source of "now" for the follow-up quick buttons (tests pass their own).
            embedded: Inside another dialog (amendment): no Save button, no hint.
        """
        super().__init__(parent)
        accessible(self, "wrapup_form", self.tr("Wrap-up form"))
        self._clock: Clock = clock or SystemClock()
        self._embedded = embedded
        self._ctx: WrapupContext | None = None
        self._open = False
        self._save_allowed = False
        self._loading = False
        self._time_auto = True  # contact time still as prefilled from the call
        self._live = False
        self._transfer_number: str | None = None
        self._local_errors: list[FieldError] = []
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_draft)
        self._build()
        self._shortcuts()
        self.clear()

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self._hint = QLabel(self.tr("The wrap-up form opens when you dial."), self)
        set_role(self._hint, "hint")
        self._hint.setWordWrap(True)
        # The ended call as the line measured it: talk time and why it ended.
        self.call_facts = QLabel(self)
        accessible(self.call_facts, "wrapup_call_facts", self.tr("How long the call lasted"))
        set_role(self.call_facts, "hint")
        self.call_facts.hide()
        self._banner = TransferBanner(self)
        self._banner.button.clicked.connect(self._on_transfer)
        fields = self._fields = WrapupFields(self._clock)
        fields.person.installEventFilter(self)
        fields.picker.owner.installEventFilter(self)
        fields.outcomes.group.buttonToggled.connect(self._on_outcome_toggled)
        fields.edited.connect(self._edited)
        fields.amount.editingFinished.connect(self._check_amount)

        scroll = self._scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        # The panel's (or dialog's) background shows through; setWidget turned filling on.
        scroll.viewport().setAutoFillBackground(False)
        fields.setAutoFillBackground(False)
        keys = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self._save_tip = self.tr("Save the wrap-up ({keys})").format(keys=keys)
        self.save_button = QPushButton(self.tr("Save ({keys})").format(keys=keys), self)
        accessible(self.save_button, "wrapup_save", self.tr("Save the wrap-up"))
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(self._request_save)
        legend = QLabel(self.tr("* required"), self)
        set_role(legend, "hint")
        bottom = QHBoxLayout()
        bottom.addWidget(legend)
        bottom.addWidget(self.save_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self._hint)
        layout.addWidget(self.call_facts)
        layout.addWidget(self._banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        if self._embedded:
            self.save_button.hide()
            legend.hide()
            layout.setContentsMargins(0, 0, 0, 0)

    def _shortcuts(self) -> None:
        def shortcut(keys: str, slot: object) -> None:
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        for digit in range(1, 10):
            shortcut(f"Alt+{digit}", lambda d=digit: self._pick_hotkey(d))
        for level in IntentLevel:
            shortcut(f"Alt+{level}", lambda lv=level: self._pick_intent(lv))
        shortcut("Ctrl+Return", self._request_save)
        shortcut("Ctrl+Enter", self._request_save)

    # -- public API -----------------------------------------------------------------------------

    def open_for(self, ctx: WrapupContext) -> None:
        """A call started (or a pending wrap-up came back): show its form, Save off while live."""
        self._ctx = ctx
        tz = (
            ctx.lead.timezone
            if ctx.lead
            else phones.timezone_for(ctx.phone_e164, ctx.campaign.fallback_timezone)
        )
        self._load(ctx.campaign, ctx.draft, tz, ctx.answered_at or ctx.started_at)
        # Drafts saved before a restart hold the prefilled time; that still counts as untouched.
        self._time_auto = ctx.draft.contact_time in (None, ctx.started_at, ctx.answered_at)
        self._set_save_allowed(ctx.restored)  # a restored wrap-up's call is over

    def open_draft(self, draft: WrapupDraft, campaign: CampaignConfig, lead_tz: str) -> None:
        """Show a draft with no live call (an amendment): Save is available at once."""
        self._ctx = None
        self._load(campaign, draft, lead_tz, draft.contact_time)
        self._time_auto = False
        self._set_save_allowed(True)

    def call_ended(self, ctx: WrapupContext) -> None:
        """The call is over: Save on, unanswered calls prefilled, focus on the outcome."""
        if not self._open or self._ctx is None or self._ctx.call_id != ctx.call_id:
            self.open_for(ctx)  # the form was not opened for this call (desk restarted)
        self._ctx = ctx
        self._live = False
        self._set_save_allowed(True)
        facts = self.tr("Talk time {time} · {reason}").format(
            time=texts.duration(ctx.talk_seconds), reason=texts.end_reason(ctx.end_reason)
        )
        if ctx.direction == "in":
            facts = self.tr("Incoming call · {facts}").format(facts=facts)
        self.call_facts.setText(facts)
        self.call_facts.show()
        fields = self._fields
        self._loading = True
        try:
            if self._time_auto:
                fields.time.set_moment(ctx.answered_at or ctx.started_at)
            if ctx.answered_at is None:
                if not fields.person.text().strip():
                    fields.person.setText(self.tr("No one (not answered)"))
                if fields.outcomes.current() is None and fields.outcomes.stray is None:
                    fields.outcomes.select(ctx.end_reason)
        finally:
            self._loading = False
        self._apply_outcome()
        self._timer.start()
        self._focus_field("outcome")

    def set_call_live(self, live: bool, transfer_number: str | None) -> None:
        """Whether the customer is still on the line, and where complaints are transferred."""
        self._live = live
        self._transfer_number = transfer_number or None
        self._update_banner()

    def set_known_tags(self, tags: list[str]) -> None:
        """Tags used before, offered while typing in the tags field."""
        self._fields.tag_model.setStringList(list(normalize_tags(tags)))

    def draft(self) -> WrapupDraft:
        """The form as typed. An amount that does not parse gives None and a local error."""
        draft, self._local_errors = self._fields.read()
        return draft

    def local_errors(self) -> list[FieldError]:
        """Problems the form finds itself (an amount that is not a number)."""
        self.draft()
        return list(self._local_errors)

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message under its field, the field marked, focus on the first one."""
        messages: dict[str, list[str]] = {}
        for error in errors:
            messages.setdefault(error.field, []).append(self._message(error))
        first = self._fields.show_messages(messages)
        if first is not None:
            self._focus_field(first)

    def clear(self) -> None:
        """No call: everything empty and disabled, with a hint."""
        self._timer.stop()
        self._ctx = None
        self._live = False
        self.call_facts.hide()
        self._loading = True
        try:
            self._fields.empty()
        finally:
            self._loading = False
        self._set_save_allowed(False)
        self._settle(open_=False)

    # -- loading and state ----------------------------------------------------------------------

    def _load(
        self, campaign: CampaignConfig, draft: WrapupDraft, tz: str, prefill: datetime | None
    ) -> None:
        self._timer.stop()
        if self._fields.outcomes.set_outcomes(campaign.outcomes):
            chain = [*self._fields.tab_chain(), self.save_button]
            for first, second in itertools.pairwise(chain):
                QWidget.setTabOrder(first, second)
        self._loading = True
        try:
            self._fields.fill(draft, campaign.policy, tz, prefill)
        finally:
            self._loading = False
        self._settle(open_=True)

    def _settle(self, *, open_: bool) -> None:
        """After loading or clearing: no errors, fields on or off, rows for the outcome."""
        self._fields.clear_errors()
        self._local_errors = []
        self._open = open_
        self._fields.setEnabled(open_)
        self._hint.setVisible(not open_ and not self._embedded)
        self._apply_outcome()

    def _set_save_allowed(self, allowed: bool) -> None:
        self._save_allowed = allowed and self._open
        self.save_button.setEnabled(self._save_allowed)
        self.save_button.setToolTip(
            self._save_tip if self._save_allowed else self.tr("Available when the call ends")
        )

    def _on_outcome_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        # OutcomeButtons has dropped its stray code already (it is connected first).
        if checked and not self._loading:
            self._apply_outcome()
            self._edited("outcome")

    def _apply_outcome(self) -> None:
        """Show only the fields the outcome uses, and say so to the owner."""
        outcome = self._fields.outcomes.current()
        self._fields.show_for(outcome)
        self._update_banner()
        self.outcome_changed.emit(outcome)

    def _update_banner(self) -> None:
        outcome = self._fields.outcomes.current()
        number = self._transfer_number
        show = bool(self._live and number and outcome is not None and outcome.complaint)
        self._banner.offer(number if show else None)

    def _on_transfer(self) -> None:
        if self._transfer_number:
            self.transfer_requested.emit(self._transfer_number)

    # -- edits, errors, saving --------------------------------------------------------------------

    def _edited(self, field: str) -> None:
        if field == "contact_time":
            self._time_auto = False  # the rep's own time: call_ended leaves it
        if self._loading or not self._open:
            return
        self._fields.clear_error(field)
        self._timer.start()

    def _emit_draft(self) -> None:
        if self._open:
            self.draft_changed.emit(self.draft())

    def _request_save(self) -> None:
        if not (self._open and self._save_allowed):
            return
        draft = self.draft()
        if self._local_errors:
            self.show_errors(self._local_errors)
            return
        self.save_requested.emit(draft)

    def _check_amount(self) -> None:
        """Say at once when the amount typed is not a number (leaving the field)."""
        if not self._open:
            return
        self.draft()
        if self._local_errors:
            self._fields.set_error("amount", self._message(self._local_errors[0]))

    def _message(self, error: FieldError) -> str:
        if "not_amount" in error.params:
            return self.tr("Not an amount. Type it like 1,299.50.")
        return texts.field_error(error)

    def _focus_field(self, field: str) -> None:
        widget = self._fields.widget(field)
        if field in ("outcome", "intent"):
            buttons = self._fields.outcomes if field == "outcome" else self._fields.intents
            target = buttons.focus_target()
            if target is None:
                return
            widget = target
        self._scroll.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keyboard ---------------------------------------------------------------------------------

    def _pick_hotkey(self, digit: int) -> bool:
        return self._open and self._fields.outcomes.pick_hotkey(digit)

    def _pick_intent(self, level: IntentLevel) -> None:
        if self._open and self._fields.uses("intent"):
            self._fields.intents.select(str(level))

    def _digit(self, event: QKeyEvent) -> int | None:
        """The digit 1-9 of an unmodified key press (keypad too), else None."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if modifiers == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return int(key) - int(Qt.Key.Key_0)
        return None

    def focusInEvent(self, event: QFocusEvent) -> None:
        # The window's "go to the wrap-up" gives the form itself focus: pass it on to
        # where the rep starts, the person while talking, the outcome once the call ended.
        super().focusInEvent(event)
        if self._open:
            self._focus_field("outcome" if self._save_allowed else "person")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Text fields keep their digits: a key only gets here when no child used it.
        digit = self._digit(event)
        focus = QApplication.focusWidget()
        if digit is not None and not isinstance(focus, _TEXT_ENTRY) and self._pick_hotkey(digit):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            person = self._fields.person
            if watched is self._fields.picker.owner:
                # A combo box would eat digits for its type-ahead search.
                digit = self._digit(event)
                if digit is not None:
                    return self._pick_hotkey(digit)
            elif watched is person and event.key() == Qt.Key.Key_Down:
                completer = person.completer()
                popup = None if completer is None else completer.popup()
                if completer is not None and popup is not None and not popup.isVisible():
                    completer.setCompletionPrefix(person.text())
                    completer.complete()
                    return True
        return super().eventFilter(watched, event)
