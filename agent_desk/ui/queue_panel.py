"""The queue panel: my leads in serving order, with a search over all my leads."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk.views import QueueEntry
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_views import LeadView
from agent_desk.ui.columns import fit_columns
from agent_desk.ui.queue_model import (
    ATTEMPTS,
    COMPANY,
    LEAD_ID_ROLE,
    MARK,
    NAME,
    PHONE,
    TIME,
    WHY,
    QueueModel,
    entries_for,
)
from agent_desk.ui.style import accessible, set_role

SEARCH_DELAY_MS = 250
# Most important first: at the panel's usual width (~340 px) not every column fits, and
# the ones that do not are hidden rather than scrolled to; the row tooltip has them all.
# "Not now" outranks the company (shown on the card) but hides while every row is callable.
_PRIORITY = (MARK, NAME, TIME, WHY, COMPANY, ATTEMPTS, PHONE)
_LIMITS = {MARK: (20, 20), NAME: (92, 160), COMPANY: (92, 160), WHY: (70, 150)}
_STRETCH = (NAME, COMPANY)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PAD = 12  # cell margins and the focus frame


class QueuePanel(QWidget):
    """My queue: due callbacks on top, closed windows greyed, a search box above.

    The owner feeds it with `set_entries` (queue refreshes), `show_search_results`
    (answers to `search_requested`) and `tick` (every 30 s, moves the customer clocks).

    Signals:
        lead_selected(object): The ``uuid.UUID`` of the lead the rep moved to.
        dial_requested(object): The ``uuid.UUID`` of the lead to dial (Enter, double-click).
        search_requested(str): The search text, 250 ms after the rep stopped typing.
    """

    lead_selected = Signal(object)
    dial_requested = Signal(object)
    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue: list[QueueEntry] = []
        self._results: list[QueueEntry] | None = None  # None: showing the queue
        self._now: datetime | None = None
        self._current: uuid.UUID | None = None
        self.model = QueueModel(self)

        self.title = QLabel(self)
        accessible(self.title, "queue_title", self.tr("Number of leads in my queue"))
        set_role(self.title, "title")

        self.search = QLineEdit(self)
        accessible(
            self.search, "queue_search", self.tr("Search my leads by name, company or phone")
        )
        self.search.setPlaceholderText(self.tr("Search my leads (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        self.search.installEventFilter(self)

        self.results_header = QLabel(self)
        accessible(self.results_header, "queue_search_header", self.tr("Search results"))
        set_role(self.results_header, "hint")
        self.results_header.setWordWrap(True)
        self.results_header.hide()

        self.view = QTableView(self)
        accessible(self.view, "queue_view", self.tr("My leads; Enter dials the selected lead"))
        self._setup_view()

        self.empty = QLabel(self)
        accessible(self.empty, "queue_empty", self.tr("Why the list is empty"))
        set_role(self.empty, "hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(16)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.results_header)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._search_now)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)

        self._update_chrome()

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(16)  # the status mark needs no more
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        view.viewport().installEventFilter(self)
        view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        view.doubleClicked.connect(self._dial_index)
        view.installEventFilter(self)

    # -- what the owner calls -------------------------------------------------------------

    def set_entries(self, entries: Sequence[QueueEntry], now: datetime | None = None) -> None:
        """Show a fresh queue; the selected lead stays selected if it is still there."""
        self._queue = list(entries)
        if now is not None:
            self._now = now
        if self._results is None:
            self._show(self._queue)
        self._update_chrome()

    def show_search_results(
        self,
        leads: Sequence[LeadView],
        campaigns: Mapping[int, CampaignConfig],
        now: datetime,
    ) -> None:
        """Show the leads found for the text in the search box (same columns)."""
        if not self.search.text().strip():
            return  # the rep cleared the box while the search ran: stay on the queue
        self._now = now
        self._results = entries_for(leads, campaigns, now)
        self._show(self._results)
        self._update_chrome()

    def leave_search(self) -> None:
        """Back to the queue (Esc, or an emptied search box)."""
        self._debounce.stop()
        if self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        if self._results is not None:
            self._results = None
            self._show(self._queue)
        self._update_chrome()

    def tick(self, now: datetime | None = None) -> None:
        """Move the customers' clocks on; the owner calls this every 30 s."""
        self._now = now or datetime.now(UTC)
        self.model.tick(self._now)
        self._fit()

    def select_lead(self, lead_id: uuid.UUID | None) -> bool:
        """Select a lead's row without emitting `lead_selected` (the owner already knows).

        Returns:
            Whether the lead is in the list shown.
        """
        self._current = lead_id
        return self._restore_selection()

    def focus_queue(self) -> None:
        """Put the keyboard in the list (the first row gets selected if none is)."""
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, NAME))
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def searching(self) -> bool:
        return self._results is not None

    # -- inside ----------------------------------------------------------------------------

    def _show(self, entries: list[QueueEntry]) -> None:
        self.model.set_entries(entries, self._now)
        if self._now is not None:
            self.model.tick(self._now)
        self._fit()
        self._restore_selection()

    def _fit(self) -> None:
        fit_columns(self.view, _PRIORITY, _LIMITS, _STRETCH, optional=(WHY,))

    def _restore_selection(self) -> bool:
        row = self.model.row_of(self._current)
        selection = self.view.selectionModel()
        if row is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            return False
        index = self.model.index(row, NAME)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def _update_chrome(self) -> None:
        n = len(self._queue)
        self.title.setText(self.tr("My queue ({n})", "", n).format(n=n))
        if self._results is None:
            self.results_header.hide()
            self.empty.setText(
                self.tr(
                    "No callable leads right now. New leads arrive as the team's lists"
                    " and calling hours allow."
                )
            )
            shown = self._queue
        else:
            found = len(self._results)
            self.results_header.setText(
                self.tr("Search results ({n}) — Esc to return to the queue", "", found).format(
                    n=found
                )
            )
            self.results_header.show()
            self.empty.setText(self.tr("No lead matches"))
            shown = self._results
        self.stack.setCurrentWidget(self.view if shown else self.empty)

    @Slot(str)
    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:
            self.leave_search()

    @Slot()
    def _search_now(self) -> None:
        text = self.search.text().strip()
        if text:
            self.search_requested.emit(text)

    @Slot(QModelIndex, QModelIndex)
    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lead_id = current.data(LEAD_ID_ROLE) if current.isValid() else None
        if lead_id is None or lead_id == self._current:
            return  # a refresh put the selection back, or it went with its lead
        self._current = lead_id
        self.lead_selected.emit(lead_id)

    @Slot(QModelIndex)
    def _dial_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        lead_id = index.data(LEAD_ID_ROLE) if index.isValid() else None
        if lead_id is not None:
            self.dial_requested.emit(lead_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        typed = watched is self.search and bool(self.search.text())
        if key == Qt.Key.Key_Escape and (self._results is not None or typed):
            self.leave_search()
            self.view.setFocus()
            return True
        if watched is self.view and key in _ENTER_KEYS:
            self._dial_index(self.view.currentIndex())
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, *_ENTER_KEYS):
            if self._debounce.isActive():  # Enter searches now rather than in 250 ms
                self._debounce.stop()
                self._search_now()
            if self.model.rowCount() and key == Qt.Key.Key_Down:
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.model.index(0, NAME))
                self.view.setFocus()
            return True
        return super().eventFilter(watched, event)
