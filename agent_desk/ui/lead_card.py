"""The lead card: who the customer is, whether they may be called now, and what happened before."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk.views import LeadCard
from agent_desk.domain import phones
from agent_desk.domain.calling_windows import CallingDecision, check
from agent_desk.ui import texts
from agent_desk.ui.columns import fit_columns
from agent_desk.ui.history_model import (
    CALL,
    INTENT,
    NOTE,
    OUTCOME,
    WHEN,
    HistoryModel,
    form_summary,
)
from agent_desk.ui.style import accessible, set_level, set_role

MAX_EXTRA_FIELDS = 8
LONG_EXTRA = 18  # characters; a longer value takes the whole width of the card
_HISTORY_PRIORITY = (WHEN, OUTCOME, INTENT, CALL, NOTE)
_HISTORY_LIMITS = {CALL: (90, 150), OUTCOME: (70, 150), INTENT: (40, 90), NOTE: (80, 80)}


def _label(parent: QWidget, name: str, description: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    accessible(label, name, description)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class LeadCardView(QWidget):
    """The selected lead: identity, calling state, extra fields and call history.

    Signals:
        amend_requested(object, object): The ``WrapupView`` of the selected history row
            and the ``LeadView`` it belongs to.
    """

    amend_requested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "lead_card", self.tr("The selected lead"))
        self._card: LeadCard | None = None
        self._decision: CallingDecision | None = None
        self._now = datetime.now(UTC)

        self.empty = _label(self, "lead_card_empty", self.tr("No lead selected"))
        self.empty.setText(self.tr("Select a lead from the queue."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.empty, "hint")

        content = self._content = QWidget(self)
        self.name = _label(content, "lead_name", self.tr("Customer name"))
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.company = _label(content, "lead_company", self.tr("Company"))
        self.phone = _label(content, "lead_phone", self.tr("Phone number, masked"), wrap=False)
        self.attempts = _label(content, "lead_attempts", self.tr("Status and attempts"))
        self.attempts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state_line = _label(content, "lead_window", self.tr("Customer time and calling state"))
        self.state_line.setMargin(6)
        self.dnc_reason = _label(content, "lead_dnc_reason", self.tr("Why the number is blocked"))
        set_role(self.dnc_reason, "hint")
        self.callback = _label(content, "lead_callback", self.tr("Scheduled callback"))
        self.extra = QWidget(content)
        accessible(self.extra, "lead_extra", self.tr("More about the lead"))
        self.extra_grid = QGridLayout(self.extra)
        self.extra_grid.setContentsMargins(0, 0, 0, 0)
        self.extra_grid.setHorizontalSpacing(10)
        self.extra_grid.setVerticalSpacing(2)
        self.extra_grid.setColumnStretch(1, 1)
        self.extra_grid.setColumnStretch(3, 1)
        self.campaign = _label(content, "lead_campaign", self.tr("Campaign"))
        set_role(self.campaign, "hint")

        details = QFrame(content)
        set_role(details, "card")
        top = QVBoxLayout(details)
        top.setSpacing(4)
        top.addWidget(self.name)
        top.addWidget(self.company)
        line = QHBoxLayout()
        line.addWidget(self.phone)
        line.addWidget(self.attempts, 1)
        top.addLayout(line)
        top.addWidget(self.state_line)
        top.addWidget(self.dnc_reason)
        top.addWidget(self.callback)
        top.addWidget(self.extra)
        top.addWidget(self.campaign)

        history_title = QLabel(self.tr("Previous calls"), content)
        set_role(history_title, "title")
        self.history_model = HistoryModel(self)
        self.history = QTreeView(content)
        accessible(self.history, "lead_history", self.tr("Previous calls, newest first"))
        self._setup_history()
        self.no_history = _label(content, "lead_no_history", self.tr("No previous calls"))
        self.no_history.setText(self.tr("No previous calls."))
        set_role(self.no_history, "hint")
        self.history_detail = _label(content, "history_detail", self.tr("The selected call"))
        set_role(self.history_detail, "hint")
        self.amend = QPushButton(self.tr("Amend…"), content)
        accessible(self.amend, "amend_button", self.tr("Correct the selected wrap-up"))
        self.amend.setToolTip(
            self.tr("Records are never changed: a correction is saved next to the original.")
        )
        self.amend.setEnabled(False)
        self.amend.clicked.connect(self._amend)
        below = QHBoxLayout()
        below.addWidget(self.history_detail, 1)
        below.addWidget(self.amend, 0, Qt.AlignmentFlag.AlignTop)

        # Details on the left, history on the right: the card stays short so the
        # talk-track below it gets the height during a call.
        details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(details)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(history_title)
        right.addWidget(self.history, 1)
        right.addWidget(self.no_history)
        right.addLayout(below)
        right.addStretch(0)
        layout = QHBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(left, 5)
        layout.addLayout(right, 4)

        # A short card (the window's splitter decides) scrolls rather than squeezing
        # the history to nothing.
        self.history.setMinimumHeight(90)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(content)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _setup_history(self) -> None:
        tree = self.history
        tree.setModel(self.history_model)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setAlternatingRowColors(True)
        tree.setAllColumnsShowFocus(True)
        tree.setUniformRowHeights(True)
        tree.setIndentation(14)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.header().setStretchLastSection(False)
        tree.viewport().installEventFilter(self)
        tree.selectionModel().selectionChanged.connect(self._history_selection)

    # -- what the owner calls -------------------------------------------------------------

    def show_card(self, card: LeadCard | None) -> None:
        """Show a lead (or the empty state for None)."""
        self._card = card
        self.amend.setEnabled(False)
        self.history_detail.clear()
        if card is None:
            self.history_model.set_history([], None)
            self.stack.setCurrentWidget(self.empty)
            return
        self._decision = card.decision
        self._now = card.decision.local_time if card.decision else datetime.now(UTC)
        lead = card.lead
        self.name.setText(lead.name or self.tr("(no name)"))
        self.company.setText(lead.company)
        self.company.setVisible(bool(lead.company))
        self.phone.setText(phones.mask(lead.phone_e164))
        self.attempts.setText(self._attempts_text(card))
        self._fill_extra(card)
        if card.campaign is not None:
            self.campaign.setText(self.tr("Campaign: {name}").format(name=card.campaign.name))
        self.campaign.setVisible(card.campaign is not None)
        self.history_model.set_history(card.history, card.campaign)
        self.history.expandAll()
        self.history.setVisible(bool(card.history))
        self.no_history.setVisible(not card.history)
        self.amend.setVisible(bool(card.history))
        self._fit_history()
        self._update_time()
        self.stack.setCurrentWidget(self._scroll)

    def tick(self, now: datetime) -> None:
        """Move the customer's clock on and re-check the calling window."""
        self._now = now
        card = self._card
        if card is None:
            return
        if card.campaign is not None:
            try:
                self._decision = check(card.campaign.policy, now, card.lead.timezone)
            except ValueError:
                self._decision = None
        self._update_time()

    @property
    def card(self) -> LeadCard | None:
        return self._card

    # -- inside ----------------------------------------------------------------------------

    def _attempts_text(self, card: LeadCard) -> str:
        lead = card.lead
        status = texts.lead_status(lead.status)
        if card.campaign is None or lead.status in ("done", "dnc", "exhausted"):
            attempts = self.tr("{n} attempts made", "", lead.attempts).format(n=lead.attempts)
        elif lead.attempts >= card.campaign.max_attempts:
            attempts = self.tr("All {max} attempts used").format(max=card.campaign.max_attempts)
        else:
            attempts = self.tr("Attempt {n} of {max}").format(
                n=lead.attempts + 1, max=card.campaign.max_attempts
            )
        return self.tr("{status} · {attempts}").format(status=status, attempts=attempts)

    def _fill_extra(self, card: LeadCard) -> None:
        """Up to eight fields, two to a row: the card must stay short above the history."""
        grid = self.extra_grid
        while (item := grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        items = [(str(k), str(v)) for k, v in card.lead.extra.items() if str(v).strip()]
        row = column = 0
        for key, value in items[:MAX_EXTRA_FIELDS]:
            wide = len(value) > LONG_EXTRA or "\n" in value  # a note gets a row of its own
            if wide and column:
                row, column = row + 1, 0
            name = QLabel(texts.extra_field(key), self.extra)
            set_role(name, "hint")
            shown = _label(self.extra, "lead_extra_value", key)
            shown.setText(value)
            grid.addWidget(name, row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(shown, row, column + 1, 1, 3 if wide else 1)
            row, column = (row + 1, 0) if wide or column else (row, 2)
        hidden = len(items) - MAX_EXTRA_FIELDS
        if hidden > 0:
            more = QLabel(self.tr("{n} more", "", hidden).format(n=hidden), self.extra)
            accessible(more, "lead_extra_more", self.tr("More fields; the tooltip lists them"))
            set_role(more, "hint")
            more.setToolTip(
                "\n".join(f"{texts.extra_field(k)}: {v}" for k, v in items[MAX_EXTRA_FIELDS:])
            )
            grid.addWidget(more, row + (1 if column else 0), 0, 1, 4)
        self.extra.setVisible(bool(items))

    def extra_fields(self) -> dict[str, str]:
        """The extra fields shown, name to value (what the rep sees)."""
        values = self.extra.findChildren(QLabel, "lead_extra_value")
        return {label.accessibleDescription(): label.text() for label in values}

    def _update_time(self) -> None:
        card = self._card
        if card is None:
            return
        decision = self._decision
        blocked = card.dnc_reason is not None or card.lead.status == "dnc"
        if blocked:
            set_level(self.state_line, "alert")
            self.state_line.setText(self.tr("On the do-not-call list — cannot be dialed"))
        elif decision is None:
            set_level(self.state_line, "warn")
            self.state_line.setText(self.tr("Calling hours unknown for this customer"))
        else:
            set_level(self.state_line, "ok" if decision.allowed else "warn")
            self.state_line.setText(texts.window_state(decision))
        self.dnc_reason.setVisible(blocked and bool(card.dnc_reason))
        if card.dnc_reason:
            self.dnc_reason.setText(self.tr("Reason: {reason}").format(reason=card.dnc_reason))
        due = card.lead.callback_due_at
        self.callback.setVisible(due is not None)
        if due is not None:
            when = texts.local_time(due)
            if due <= self._now:
                set_level(self.callback, "warn")
                self.callback.setText(self.tr("Callback due since {time}").format(time=when))
            else:
                set_level(self.callback, "info")
                self.callback.setText(self.tr("Callback scheduled for {time}").format(time=when))

    def _fit_history(self) -> None:
        fit_columns(self.history, _HISTORY_PRIORITY, _HISTORY_LIMITS, (NOTE,))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.history.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_history()
        return super().eventFilter(watched, event)

    @Slot(QItemSelection, QItemSelection)
    def _history_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.history.currentIndex()
        rows = self.history.selectionModel().selectedRows()
        wrapup = self.history_model.wrapup_at(rows[0]) if rows else None
        self.amend.setEnabled(wrapup is not None and self._card is not None)
        if wrapup is None:
            self.history_detail.setText(
                self.tr("This call has no wrap-up.") if index.isValid() and rows else ""
            )
            return
        summary = form_summary(wrapup)
        parts = []
        if wrapup.amends_id is not None:
            parts.append(self.tr("Amended: {reason}").format(reason=wrapup.amend_reason))
        if summary.person:
            parts.append(self.tr("Spoke with: {person}").format(person=summary.person))
        if summary.note:
            parts.append(summary.note)
        self.history_detail.setText("\n".join(parts))

    @Slot()
    def _amend(self) -> None:
        rows = self.history.selectionModel().selectedRows()
        wrapup = self.history_model.wrapup_at(rows[0]) if rows else None
        if wrapup is not None and self._card is not None:
            self.amend_requested.emit(wrapup, self._card.lead)
