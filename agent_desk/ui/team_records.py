"""Records: browse the team's calls and wrap-ups by rep, days and outcome, and the
end-of-shift summaries reps confirmed for those days.

The filter bar asks the team session for rows (never the database itself); a change
waits a moment for the next keystroke, so a date typed digit by digit is one query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.domain.outcomes import IntentLevel, Outcome
from agent_desk.store.team_queries import NOT_WRAPPED, RepRef, ShiftSummaryRow
from agent_desk.team.team_session import RecordQuery
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_role, ui_language
from agent_desk.ui.team_common import (
    RIGHT,
    Column,
    ColumnFitter,
    RowsModel,
    count,
    local,
    money,
    satisfaction_average,
    satisfaction_cell,
    table_view,
    tree_view,
)
from agent_desk.ui.team_records_model import (
    AMOUNT,
    CALL,
    CUSTOMER,
    INTENT,
    MARKS,
    NOTE,
    OUTCOME,
    PERSON,
    REP,
    WHEN,
    RecordsModel,
)

DEBOUNCE_MS = 300
ALL = None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RecordsFilter(QWidget):
    """Rep, from and to days, outcome, flagged only, training calls.

    Signals:
        query_changed(RecordQuery)
    """

    query_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "team_records_filter", self.tr("Which calls the records show"))
        self.rep = QComboBox()
        accessible(self.rep, "team_records_rep", self.tr("Whose calls"))
        self.rep.addItem(self.tr("All reps"), ALL)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit, name, description in (
            (self.since, "team_records_since", self.tr("First day")),
            (self.until, "team_records_until", self.tr("Last day")),
        ):
            accessible(edit, name, description)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.outcome = QComboBox()
        accessible(self.outcome, "team_records_outcome", self.tr("Only calls with this outcome"))
        self.flagged = QCheckBox(self.tr("Flagged only"))
        accessible(self.flagged, "team_records_flagged", self.tr("Only records flagged on arrival"))
        self.training = QCheckBox(self.tr("Training calls"))
        accessible(self.training, "team_records_training", self.tr("Show training calls too"))
        self.training.setChecked(True)
        self.set_outcomes({})
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(QLabel(self.tr("Rep")))
        layout.addWidget(self.rep)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("From")))
        layout.addWidget(self.since)
        layout.addWidget(QLabel(self.tr("to")))
        layout.addWidget(self.until)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("Outcome")))
        layout.addWidget(self.outcome)
        layout.addSpacing(8)
        layout.addWidget(self.flagged)
        layout.addWidget(self.training)
        layout.addStretch(1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self._quiet = False
        self.rep.currentIndexChanged.connect(self._changed)
        self.outcome.currentIndexChanged.connect(self._changed)
        self.since.dateChanged.connect(self._changed)
        self.until.dateChanged.connect(self._changed)
        self.flagged.toggled.connect(self._changed)
        self.training.toggled.connect(self._changed)

    def set_days(self, since: date, until: date) -> None:
        self._quiet = True
        self.since.setDate(_qdate(since))
        self.until.setDate(_qdate(until))
        self._quiet = False

    def set_reps(self, reps: Sequence[RepRef]) -> None:
        """Offer these reps (keeps the one chosen)."""
        chosen = self.rep.currentData()
        wanted = [(r.display_name, r.user_id) for r in reps]
        have = [(self.rep.itemText(i), self.rep.itemData(i)) for i in range(1, self.rep.count())]
        if wanted == have:
            return
        self._quiet = True
        while self.rep.count() > 1:
            self.rep.removeItem(1)
        for name, user_id in wanted:
            self.rep.addItem(name, user_id)
        found = self.rep.findData(chosen)
        self.rep.setCurrentIndex(max(found, 0))
        self._quiet = False

    def set_outcomes(self, outcomes: Mapping[str, Outcome]) -> None:
        chosen = self.outcome.currentData() if self.outcome.count() else ALL
        self._quiet = True
        self.outcome.clear()
        self.outcome.addItem(self.tr("All outcomes"), ALL)
        self.outcome.addItem(self.tr("No wrap-up yet"), NOT_WRAPPED)
        for code, outcome in outcomes.items():
            self.outcome.addItem(outcome.label(ui_language()), code)
        self.outcome.setCurrentIndex(max(self.outcome.findData(chosen), 0))
        self._quiet = False

    def choose_rep(self, user_id: int | None) -> None:
        self.rep.setCurrentIndex(max(self.rep.findData(user_id), 0))

    def choose_outcome(self, code: str | None) -> None:
        self.outcome.setCurrentIndex(max(self.outcome.findData(code), 0))

    def query(self) -> RecordQuery:
        rep = self.rep.currentData()
        outcome = self.outcome.currentData()
        return RecordQuery(
            rep=rep if isinstance(rep, int) else None,
            start=_date(self.since.date()),
            end=_date(self.until.date()),
            outcome=outcome if isinstance(outcome, str) else None,
            flagged_only=self.flagged.isChecked(),
            include_training=self.training.isChecked(),
        )

    def _changed(self) -> None:
        if not self._quiet:
            self._debounce.start()

    def apply(self) -> None:
        """Ask for the rows now (the debounce calls this)."""
        self._debounce.stop()
        self.query_changed.emit(self.query())


class SummariesModel(RowsModel):
    """End-of-shift summaries as the reps confirmed them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent=parent)
        self.zone = ZoneInfo("UTC")
        self.columns = [
            Column(self.tr("Rep"), lambda s: s.rep_name),
            Column(
                self.tr("Shift"),
                self._shift,
                value=lambda s: local(s.started_at, self.zone),
                tooltip=lambda s: self.tr("Confirmed {time}").format(
                    time=texts.date_time(s.confirmed_at, self.zone.key)
                ),
            ),
            Column(self.tr("Ended"), self._ended, value=lambda s: local(s.ended_at, self.zone)),
            Column(
                self.tr("Dials"), lambda s: count(s.dials), value=lambda s: s.dials, align=RIGHT
            ),
            Column(
                self.tr("Contacts"),
                lambda s: count(s.contacts),
                value=lambda s: s.contacts,
                align=RIGHT,
            ),
            Column(self.tr("Talk time"), lambda s: texts.duration(s.talk_seconds), align=RIGHT),
            Column(
                self.tr("Interested"),
                lambda s: count(s.figures.interested),
                value=lambda s: s.figures.interested,
                align=RIGHT,
                tooltip=lambda s: texts.joined(
                    [
                        f"{texts.intent(level.value)} {s.figures.intents[level]}"
                        for level in IntentLevel
                    ]
                ),
            ),
            Column(
                self.tr("Callbacks set"),
                lambda s: count(s.callbacks_set),
                value=lambda s: s.callbacks_set,
                align=RIGHT,
            ),
            Column(
                self.tr("Sales"),
                lambda s: count(s.sales_count),
                value=lambda s: s.sales_count,
                align=RIGHT,
            ),
            Column(
                self.tr("Sales amount"),
                lambda s: money(s.figures.sales_amount),
                value=lambda s: s.figures.sales_amount,
                align=RIGHT,
            ),
            Column(
                self.tr("Satisfaction"),
                lambda s: satisfaction_cell(s.figures),
                value=lambda s: satisfaction_average(s.figures),
                align=RIGHT,
            ),
            Column(self.tr("Rep's note"), lambda s: s.note),
        ]

    def _shift(self, s: ShiftSummaryRow) -> str:
        return texts.date_time(s.started_at, self.zone.key)

    def _ended(self, s: ShiftSummaryRow) -> str:
        return texts.local_time(s.ended_at, self.zone.key, with_day=False)

    def set_summaries(self, rows: Sequence[ShiftSummaryRow], zone: ZoneInfo) -> None:
        self.zone = zone
        self.set_rows(rows)


class RecordsPanel(QWidget):
    """The filter bar above two tabs: calls (a tree) and shift summaries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = RecordsFilter()
        self.model = RecordsModel(self)
        self.view = tree_view(
            "team_records", self.tr("Calls and their wrap-ups, amendments under them"), self.model
        )
        self.view.setRootIsDecorated(True)
        self._fit_calls = ColumnFitter(
            self.view,
            priority=(WHEN, REP, CUSTOMER, OUTCOME, CALL, MARKS, INTENT, AMOUNT, NOTE, PERSON),
            limits={
                WHEN: (130, 200),
                REP: (80, 140),
                CUSTOMER: (150, 280),
                CALL: (110, 170),
                OUTCOME: (80, 150),
                INTENT: (60, 90),
                AMOUNT: (60, 100),
                PERSON: (60, 110),
                NOTE: (100, 400),
                MARKS: (60, 170),
            },
            stretch=(NOTE,),
            optional=(AMOUNT, MARKS, NOTE),
        )
        self.model.modelReset.connect(self.view.expandAll)
        self.summaries = SummariesModel(self)
        self.summaries_view = table_view(
            "team_summaries", self.tr("End-of-shift summaries the reps confirmed"), self.summaries
        )
        self._fit_summaries = ColumnFitter(
            self.summaries_view,
            priority=tuple(range(12)),
            limits={0: (90, 160), 1: (120, 150), 11: (100, 400)},
            stretch=(10,),
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("team_records_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.view, self.tr("Calls"))
        self.tabs.addTab(self.summaries_view, self.tr("Shift summaries"))
        self.count = QLabel()
        set_role(self.count, "hint")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def show_records(self, rows: Sequence[object], zone: ZoneInfo, limit: int) -> None:
        self.model.set_records(rows, zone)  # type: ignore[arg-type]
        self.tabs.setTabText(0, self.tr("Calls ({n})").format(n=len(rows)))
        if len(rows) >= limit:
            self.count.setText(
                self.tr("Showing the newest {n} calls: narrow the days or pick a rep.").format(
                    n=limit
                )
            )
        else:
            self.count.setText("")

    def show_summaries(self, rows: Sequence[ShiftSummaryRow], zone: ZoneInfo) -> None:
        self.summaries.set_summaries(rows, zone)
        self.tabs.setTabText(1, self.tr("Shift summaries ({n})").format(n=len(rows)))

    def current_model(self) -> RowsModel | RecordsModel:
        """What the export writes: the tab on screen."""
        return self.model if self.tabs.currentIndex() == 0 else self.summaries
