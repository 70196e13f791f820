"""The rep's main window: queue, lead card, talk-track, wrap-up, call strip, status bar.

It only wires: panels show values and report intents; the ``DeskSession`` decides.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QSystemTrayIcon,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk.session import DeskSession
from agent_desk.desk.views import (
    AgentState,
    AgentStatus,
    CallSnapshot,
    LeadCard,
    Refusal,
    RefusalKind,
    ShiftSummaryView,
    WrapupContext,
    script_fields,
)
from agent_desk.domain import phones
from agent_desk.domain.call_state import CallState
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.desk_views import CallbackView, LeadView, WrapupView
from agent_desk.telephony.line import LineHealth
from agent_desk.telephony.tel_handoff import TelHandoffLine
from agent_desk.ui import texts
from agent_desk.ui.call_controls import CallControls, with_shortcut
from agent_desk.ui.desk_status import DeskStatusBar
from agent_desk.ui.help_overlay import HelpOverlay
from agent_desk.ui.inbound_banner import ANSWER_KEYS, REJECT_KEYS, InboundBanner
from agent_desk.ui.lead_card import LeadCardView
from agent_desk.ui.line_status import SETTINGS_KEYS, LineStatus
from agent_desk.ui.message_bar import MessageBar
from agent_desk.ui.pause_button import PauseButton
from agent_desk.ui.queue_panel import QueuePanel
from agent_desk.ui.script_panel import ScriptPanel
from agent_desk.ui.style import accessible, icon
from agent_desk.ui.wrapup_form import WrapupForm

TICK_MS = 1000
SLOW_TICK_MS = 30_000


class RepWindow(QMainWindow):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._leaving = False
        self.setObjectName("rep_window")
        title = self.tr("Agent Desk — {name}").format(name=session.me.display_name)
        if session.training:
            title = self.tr("{title} [Training]").format(title=title)
        self.setWindowTitle(title)
        self.setWindowIcon(icon("app"))

        self.calls = CallControls()
        self.calls.set_capabilities(session.line.capabilities)
        self.pause_button = PauseButton()
        self.status = DeskStatusBar(session.shift.started_at)
        self.status.set_training(session.training)
        self.setStatusBar(self.status)
        self.line_status: LineStatus | None = None
        if session.line.backend_name == "sip":
            self.line_status = LineStatus(session.line)
            self.status.addPermanentWidget(self.line_status)
        self._build_toolbar()
        self._build_panels()
        self._build_actions()
        self.help = HelpOverlay(self)
        self.help.set_actions(self._shortcut_table())
        self.tray = QSystemTrayIcon(icon("app"), self)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        self._connect()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)
        self._slow_timer = QTimer(self)
        self._slow_timer.timeout.connect(self._slow_tick)
        self._slow_timer.start(SLOW_TICK_MS)
        self._on_state(session.status)
        self._tick()

    # -- layout ----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Call"))
        toolbar.setObjectName("call_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.calls)
        self.end_shift_button = QToolButton()
        self.help_button = QToolButton()
        accessible(
            self.end_shift_button,
            "end_shift_button",
            self.tr("End the shift: confirm the day's figures"),
        )
        accessible(self.help_button, "help_button", self.tr("Keyboard shortcuts"))
        self.end_shift_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # In a plain container: a toolbar imposes its own button style on its children.
        shift_buttons = QWidget()
        row = QHBoxLayout(shift_buttons)
        row.setContentsMargins(0, 0, 4, 0)
        for button in (self.pause_button, self.end_shift_button, self.help_button):
            row.addWidget(button)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(shift_buttons)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_panels(self) -> None:
        """The panels, each put in its place as soon as it is made.

        Containers first, then each panel straight into its container, in the order of
        the keyboard's tab chain (messages, incoming call, queue, card, talk-track,
        wrap-up): under the app's style sheet, every reparenting re-resolves the style of
        the whole subtree it moves, so a window assembled bottom-up (panels into
        splitters into the central widget) paid for its widgets once per level.
        """
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        self.messages = MessageBar()
        layout.addWidget(self.messages)
        self.inbound = InboundBanner()
        layout.addWidget(self.inbound)
        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.setObjectName("main_splitter")
        layout.addWidget(columns, 1)
        self.queue_panel = QueuePanel()
        columns.addWidget(self.queue_panel)
        middle = QSplitter(Qt.Orientation.Vertical)
        columns.addWidget(middle)
        self.card = LeadCardView()
        middle.addWidget(self.card)
        self.script = ScriptPanel()
        middle.addWidget(self.script)
        self.form = WrapupForm(clock=self.session.clock)  # built empty (cleared)
        columns.addWidget(self.form)
        middle.setStretchFactor(0, 0)
        middle.setStretchFactor(1, 1)
        middle.setSizes([230, 470])
        middle.setChildrenCollapsible(False)
        for index, stretch in enumerate((3, 5, 4)):
            columns.setStretchFactor(index, stretch)
        columns.setSizes([330, 590, 420])
        columns.setChildrenCollapsible(False)

    def _action(self, text: str, keys: str, slot: object, icon_name: str = "") -> QAction:
        made = QAction(icon(icon_name) if icon_name else QAction(self).icon(), text, self)
        made.setShortcut(QKeySequence(keys))
        made.setToolTip(with_shortcut(text, keys))
        made.triggered.connect(slot)
        self.addAction(made)
        return made

    def _build_actions(self) -> None:
        s = self.session
        self.pause_action = self._action(
            self.tr("Pause / resume"), "Ctrl+P", self.pause_button.trigger_pause_or_resume
        )
        self.end_shift_action = self._action(
            self.tr("End shift…"), "Ctrl+Shift+E", s.end_shift, "end_shift"
        )
        self.help_action = self._action(
            self.tr("Keyboard shortcuts"), "F1", lambda: self.help.toggle(), "help"
        )
        self.next_action = self._action(self.tr("Next lead"), "Ctrl+N", s.next_lead)
        self.search_action = self._action(
            self.tr("Search my leads"), "Ctrl+F", self.queue_panel.focus_search
        )
        self._action(self.tr("Go to the queue"), "Ctrl+1", self.queue_panel.focus_queue)
        self._action(self.tr("Go to the talk-track"), "Ctrl+2", self.script.setFocus)
        self._action(self.tr("Go to the wrap-up"), "Ctrl+3", self.form.setFocus)
        self.answer_action = self._action(
            self.tr("Answer the incoming call"), ANSWER_KEYS, self._answer_incoming
        )
        self.reject_action = self._action(
            self.tr("Reject the incoming call"), REJECT_KEYS, self._reject_incoming
        )
        if self.line_status is not None:
            self.line_settings_action = self._action(
                self.tr("SIP line settings…"), SETTINGS_KEYS, self.line_status.open_settings
            )
        self.end_shift_button.setDefaultAction(self.end_shift_action)
        self.help_button.setDefaultAction(self.help_action)
        self.pause_button.setToolTip(self.pause_action.toolTip())

    def _shortcut_table(self) -> list[tuple[str, QAction | str]]:
        c = self.calls
        return [
            (self.tr("Dial the selected lead"), c.dial_action),
            (self.tr("Hang up"), c.hangup_action),
            (self.tr("Hold / resume the call"), c.hold_action),
            (self.tr("Mute / unmute"), c.mute_action),
            (self.tr("Transfer"), c.transfer_action),
            (self.tr("Dial pad"), c.dialpad_action),
            (self.tr("Answer / reject an incoming call"), f"{ANSWER_KEYS} / {REJECT_KEYS}"),
            (self.tr("Next lead"), self.next_action),
            (self.tr("Search my leads"), self.search_action),
            (self.tr("Pick an outcome"), "1 … 9"),
            (self.tr("Intent level"), "Alt+A … Alt+D"),
            (
                self.tr("Save the wrap-up"),
                QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText),
            ),
            (self.tr("Go to queue / talk-track / wrap-up"), "Ctrl+1 / 2 / 3"),
            (self.tr("Pause / resume"), self.pause_action),
            (self.tr("End shift"), self.end_shift_action),
            (self.tr("This help"), self.help_action),
        ]

    # -- wiring ------------------------------------------------------------------------------

    def _connect(self) -> None:
        s, c, attempt = self.session, self.calls, self.session.attempt
        c.dial.connect(s.dial_selected)
        c.hangup.connect(attempt.hangup)
        c.hold.connect(attempt.hold)
        c.mute.connect(attempt.mute)
        c.transfer.connect(attempt.transfer)
        c.dial_number.connect(s.dial_number)
        c.dtmf.connect(attempt.send_dtmf)
        line = s.line
        if isinstance(line, TelHandoffLine):
            c.mark_connected.connect(line.mark_connected)
            c.mark_ended.connect(lambda: line.mark_ended())
        self.inbound.answer_requested.connect(self._answer_incoming)
        self.inbound.reject_requested.connect(self._reject_incoming)
        s.inbound.offered.connect(self.inbound.offer)
        s.inbound.withdrawn.connect(self._on_incoming_withdrawn)
        if self.line_status is not None:
            self.line_status.went_down.connect(self._on_line_down)
            self.line_status.came_back.connect(self._on_line_back)
            self.line_status.refresh()  # down from the start (no account): say so now
        self.pause_button.pause_requested.connect(s.pause)
        self.pause_button.resume_requested.connect(s.resume)
        self.queue_panel.lead_selected.connect(s.select_lead)
        self.queue_panel.dial_requested.connect(s.dial_lead)
        self.queue_panel.search_requested.connect(self._search)
        self.card.amend_requested.connect(self._amend)
        self.form.save_requested.connect(s.save_wrapup)
        self.form.draft_changed.connect(attempt.save_draft)
        self.form.transfer_requested.connect(attempt.transfer)

        s.agent_state_changed.connect(self._on_state)
        s.sync_changed.connect(self.status.update_sync)
        s.shift_ended.connect(self._on_shift_ended)
        s.queue.queue_changed.connect(self.queue_panel.set_entries)
        s.queue.lead_selected.connect(self._on_card)
        attempt.call_started.connect(self._on_call_started)
        attempt.call_changed.connect(self._on_call_changed)
        attempt.customer_said.connect(self.script.show_customer_line)
        attempt.wrapup_due.connect(self._on_wrapup_due)
        attempt.wrapup_rejected.connect(self.form.show_errors)
        attempt.wrapup_saved.connect(self._on_saved)
        attempt.dial_refused.connect(self._on_refused)
        attempt.problem.connect(lambda p: self.messages.show_message(texts.problem(p), "warn"))
        s.shift.figures_changed.connect(self.status.update_figures)
        s.shift.callbacks_due.connect(self._on_callbacks_due)
        s.shift.summary_ready.connect(self._on_shift_summary)

    # -- session → screen ------------------------------------------------------------------------

    @Slot(object)
    def _on_state(self, status: AgentStatus) -> None:
        self.status.update_state(status)
        self.pause_button.show_status(status)
        self._refresh_dial()

    def _refresh_dial(self) -> None:
        s = self.session
        why = ""
        if s.attempt.busy is RefusalKind.WRAPUP_PENDING:
            why = texts.refusal(Refusal(RefusalKind.WRAPUP_PENDING))
        elif s.status.state is AgentState.PAUSED:
            why = texts.refusal(Refusal(RefusalKind.PAUSED))
        elif s.queue.selected is None:
            why = texts.refusal(Refusal(RefusalKind.NO_LEAD))
        self.calls.set_can_dial(s.can_dial and s.queue.selected is not None, why)
        self.next_action.setEnabled(s.can_dial)

    @Slot(object)
    def _on_card(self, card: LeadCard | None) -> None:
        self.card.show_card(card)
        if card is not None:
            self.queue_panel.select_lead(card.lead.id)
        campaign = card.campaign if card else next(iter(self.session.campaigns.values()), None)
        lead = card.lead if card else None
        self.script.show_script(
            campaign, script_fields(lead, campaign, self.session.me.display_name)
        )
        self.calls.set_transfer_number(campaign.cs_transfer_number if campaign else None)
        self._refresh_dial()

    def _answer_incoming(self) -> None:
        self.session.answer_incoming()
        if self.session.inbound.current is None:  # taken (a refusal keeps it offered)
            self.inbound.offer(None)

    def _reject_incoming(self) -> None:
        self.session.reject_incoming()
        self.inbound.offer(None)

    @Slot(str)
    def _on_incoming_withdrawn(self, _: str) -> None:
        self.inbound.offer(None)
        self.messages.show_message(self.tr("Missed call: the caller hung up."), "warn", 10)

    @Slot(object)
    def _on_line_down(self, health: LineHealth) -> None:
        if not getattr(self.session.line, "has_account", True):
            self.messages.show_message(
                self.tr(
                    "No SIP account is set up for this desk: click “Line down” in the status "
                    "bar ({keys}) to set it up."
                ).format(keys=SETTINGS_KEYS),
                "alert",
                600,
            )
            return
        text = (
            self.tr("The phone line is down ({detail}). Reconnecting…")
            if health.retrying
            else self.tr("The phone line is down ({detail}).")
        )
        self.messages.show_message(text.format(detail=health.detail), "alert", 60)
        if self.tray.isVisible():
            self.tray.showMessage(self.tr("Agent Desk"), self.tr("The phone line is down."))

    @Slot()
    def _on_line_back(self) -> None:
        self.messages.show_message(self.tr("The phone line is back."), "ok", 5)

    @Slot(object)
    def _on_call_started(self, ctx: WrapupContext) -> None:
        self.form.open_for(ctx)
        self.form.set_call_live(True, ctx.campaign.cs_transfer_number)
        self.script.set_call_live(True)
        self.script.clear_customer_lines()
        self.calls.set_transfer_number(ctx.campaign.cs_transfer_number)
        self._refresh_dial()

    @Slot(object)
    def _on_call_changed(self, snapshot: CallSnapshot) -> None:
        self.calls.update_call(snapshot)
        self.calls.tick(self.session.clock.now())
        if snapshot.state is CallState.ENDED:
            self.script.set_call_live(False)
            self.form.set_call_live(False, None)

    @Slot(object)
    def _on_wrapup_due(self, ctx: WrapupContext) -> None:
        if ctx.restored:
            self.form.open_for(ctx)
            self.messages.show_message(
                self.tr(
                    "The wrap-up of your last call was not saved before the desk closed. "
                    "It is back: please complete and save it."
                ),
                "warn",
                20,
            )
            if ctx.lead is not None:
                self.session.queue.select(ctx.lead.id)
        self.form.call_ended(ctx)
        self.form.set_call_live(False, None)
        self.script.set_call_live(False)
        self._refresh_dial()

    @Slot(object)
    def _on_saved(self, _: uuid.UUID) -> None:
        if self.session.attempt.owed is None and not self.session.attempt.calls.live:
            self.form.clear()
            self.calls.update_call(None)
        self.messages.show_message(self.tr("Wrap-up saved."), "ok", 3)
        self._refresh_dial()

    @Slot(object)
    def _on_refused(self, refusal: Refusal) -> None:
        self.messages.show_message(texts.refusal(refusal), "alert", 12)

    @Slot(object)
    def _on_callbacks_due(self, callbacks: list[CallbackView]) -> None:
        names = texts.joined([cb.lead_name or phones.mask(cb.phone_e164) for cb in callbacks[:3]])
        text = self.tr("Callback due: {names}").format(names=names)
        self.messages.show_message(text, "info", 30)
        if self.tray.isVisible():
            self.tray.showMessage(self.tr("Agent Desk"), text, icon("callback"), 10_000)

    def _search(self, text: str) -> None:
        self.session.queue.search(
            text,
            lambda leads: self.queue_panel.show_search_results(
                leads, self.session.campaigns, self.session.clock.now()
            ),
        )

    def _amend(self, original: WrapupView, lead: LeadView) -> None:
        campaign = self.session.campaigns.get(lead.campaign_id)
        if campaign is None:
            return
        from agent_desk.ui.amend_dialog import AmendDialog  # loads when first used (cold start)

        dialog = AmendDialog(original, campaign, lead, self)
        attempt = self.session.attempt

        def requested(draft: WrapupDraft, reason: str) -> None:
            attempt.wrapup_rejected.disconnect(self.form.show_errors)
            attempt.wrapup_rejected.connect(dialog.form.show_errors)
            try:
                if self.session.amend(original, draft, reason, lead):
                    dialog.accept()
            finally:
                attempt.wrapup_rejected.disconnect(dialog.form.show_errors)
                attempt.wrapup_rejected.connect(self.form.show_errors)

        dialog.amend_requested.connect(requested)
        dialog.open()

    @Slot(object)
    def _on_shift_summary(self, summary: ShiftSummaryView) -> None:
        from agent_desk.ui.shift_dialog import EndShiftDialog  # loads when first used

        dialog = EndShiftDialog(summary, self.session.me.username, self)
        dialog.accepted.connect(lambda: self.session.confirm_shift(summary, dialog.note_text()))
        dialog.open()

    def _on_shift_ended(self) -> None:
        self.messages.show_message(self.tr("Shift ended. Your summary is saved."), "ok", 5)
        self._leaving = True
        QTimer.singleShot(1500, self.close)

    # -- clocks ----------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = self.session.clock.now()
        self.calls.tick(now)
        self.status.tick(now)

    def _slow_tick(self) -> None:
        now = self.session.clock.now()
        self.queue_panel.tick(now)
        self.card.tick(now)

    # -- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.attempt.calls.live and not self._leaving:
            answer = QMessageBox.question(
                self,
                self.tr("A call is live"),
                self.tr(
                    "Closing ends the call. Its wrap-up will be waiting when you "
                    "return. Close anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._timer.stop()
        self._slow_timer.stop()
        self.tray.hide()
        self.session.shutdown()
        event.accept()
