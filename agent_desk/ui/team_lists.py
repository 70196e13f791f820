"""Lists that need the supervisor: open complaints, overdue callbacks, flagged records.

Each is a read-only table in its own tab, the tab saying how many rows wait; the team
view's tab shows the total. The team view cannot close anything: complaints are handled
by customer service and callbacks by the reps, and the lists follow from their records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agent_desk.domain.outcomes import Outcome
from agent_desk.store.team_queries import (
    TEAM_OWNER,
    ComplaintRow,
    OverdueCallback,
    RecordRow,
)
from agent_desk.ui import texts
from agent_desk.ui.team_common import (
    RIGHT,
    Column,
    ColumnFitter,
    RowsModel,
    local,
    table_view,
)
from agent_desk.ui.team_records_model import outcome_label

DAY_S = 24 * 3600


def _customer(name: str, phone: str) -> str:
    return " · ".join(p for p in (name, phone) if p)


def lateness(seconds: int) -> str:
    """``45 min``, ``3 h 20 min``, ``2 d 4 h`` (context "TeamLists": the models share it)."""
    minutes = max(seconds, 0) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("TeamLists", "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("TeamLists", "{h} h {m} min").format(h=hours, m=mins)
    return QCoreApplication.translate("TeamLists", "{m} min").format(m=mins)


class _ListModel(RowsModel):
    """A list with times shown in the reporting zone."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent=parent)
        self.zone = ZoneInfo("UTC")
        self.now: datetime | None = None

    def when(self, moment: datetime) -> str:
        return texts.date_time(moment, self.zone.key)

    def show(self, rows: Sequence[object], zone: ZoneInfo, now: datetime) -> None:
        self.zone, self.now = zone, now
        self.set_rows(rows)

    def lateness(self, seconds: int) -> str:
        return lateness(seconds)


class ComplaintsModel(_ListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("Since"), lambda c: self.when(c.created_at),
                   value=lambda c: local(c.created_at, self.zone)),
            Column(self.tr("Open for"), self._open_for, align=RIGHT, level=self._age_level),
            Column(self.tr("Rep"), lambda c: c.rep_name),
            Column(self.tr("Customer"), lambda c: _customer(c.lead_name, c.phone_masked)),
            Column(self.tr("Complaint"), lambda c: c.summary, tooltip=lambda c: c.summary),
            Column(self.tr("Escalated"), self._escalated,
                   level=lambda c: "" if c.transferred else "alert"),
        ]  # fmt: skip

    def _open_for(self, c: ComplaintRow) -> str:
        if self.now is None:
            return ""
        return self.lateness(int((self.now - c.created_at).total_seconds()))

    def _age_level(self, c: ComplaintRow) -> str:
        if self.now is None:
            return ""
        return "warn" if (self.now - c.created_at).total_seconds() >= DAY_S else ""

    def _escalated(self, c: ComplaintRow) -> str:
        if c.transferred:
            return self.tr("Put through to customer service")
        return self.tr("Not put through")


class OverdueModel(_ListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column(self.tr("Was due"), lambda c: self.when(c.due_at),
                   value=lambda c: local(c.due_at, self.zone)),
            Column(self.tr("Late by"), lambda c: self.lateness(c.late_seconds),
                   value=lambda c: c.late_seconds // 60, align=RIGHT, level=self._late_level,
                   header_tip=self.tr("Minutes late, in the export")),
            Column(self.tr("Owner"), self._owner),
            Column(self.tr("Customer"), lambda c: _customer(c.lead_name, c.phone_masked)),
            Column(self.tr("Set by"), lambda c: c.created_by),
        ]  # fmt: skip

    def _owner(self, c: OverdueCallback) -> str:
        return self.tr("The team") if c.owner == TEAM_OWNER and c.owner_user_id is None else c.owner

    @staticmethod
    def _late_level(c: OverdueCallback) -> str:
        return "alert" if c.late_seconds >= DAY_S else "warn"


class FlaggedModel(_ListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.outcomes: dict[str, Outcome] = {}
        self.columns = [
            Column(self.tr("Call"), lambda r: self.when(r.started_at),
                   value=lambda r: local(r.started_at, self.zone)),
            Column(self.tr("Arrived"), lambda r: self.when(r.received_at),
                   value=lambda r: local(r.received_at, self.zone)),
            Column(self.tr("Rep"), lambda r: r.rep_name),
            Column(self.tr("Customer"), lambda r: _customer(r.lead_name, r.phone_masked)),
            Column(self.tr("Outcome"), self._outcome),
            Column(self.tr("Why flagged"), lambda r: texts.record_flag(r.flag),
                   level=lambda r: "warn"),
        ]  # fmt: skip

    def _outcome(self, r: RecordRow) -> str:
        effective = r.effective
        if effective is None:
            return self.tr("No wrap-up yet")
        return outcome_label(effective.outcome_code, self.outcomes)


class ListsPanel(QWidget):
    """Three tabs of rows waiting for someone.

    Signals:
        counts_changed(int): rows waiting in all three lists
    """

    counts_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complaints = ComplaintsModel(self)
        self.overdue = OverdueModel(self)
        self.flagged = FlaggedModel(self)
        self.complaints_view = table_view(
            "team_complaints", self.tr("Open complaints and escalations"), self.complaints
        )
        self.overdue_view = table_view(
            "team_overdue", self.tr("Callbacks past their time"), self.overdue
        )
        self.flagged_view = table_view(
            "team_flagged", self.tr("Records flagged after a lost lease"), self.flagged
        )
        self._fitters = [
            ColumnFitter(self.complaints_view, range(6), {4: (160, 600)}, stretch=(4,)),
            ColumnFitter(self.overdue_view, range(5), {3: (160, 320)}, stretch=(3,)),
            ColumnFitter(self.flagged_view, range(6), {5: (160, 320)}, stretch=(5,)),
        ]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("team_lists_tabs")
        self.tabs.setDocumentMode(True)
        for view in (self.complaints_view, self.overdue_view, self.flagged_view):
            self.tabs.addTab(view, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.tabs)
        self._titles()

    def _titles(self) -> None:
        self.tabs.setTabText(
            0, self.tr("Open complaints ({n})").format(n=self.complaints.rowCount())
        )
        self.tabs.setTabText(
            1, self.tr("Overdue callbacks ({n})").format(n=self.overdue.rowCount())
        )
        self.tabs.setTabText(2, self.tr("Flagged records ({n})").format(n=self.flagged.rowCount()))
        self.counts_changed.emit(self.total())

    def total(self) -> int:
        return self.complaints.rowCount() + self.overdue.rowCount() + self.flagged.rowCount()

    def show_complaints(self, rows: Sequence[ComplaintRow], zone: ZoneInfo, now: datetime) -> None:
        self.complaints.show(rows, zone, now)
        self._titles()

    def show_overdue(self, rows: Sequence[OverdueCallback], zone: ZoneInfo, now: datetime) -> None:
        self.overdue.show(rows, zone, now)
        self._titles()

    def show_flagged(self, rows: Sequence[RecordRow], zone: ZoneInfo, now: datetime) -> None:
        self.flagged.show(rows, zone, now)
        self._titles()

    def set_outcomes(self, outcomes: Mapping[str, Outcome]) -> None:
        self.flagged.outcomes = dict(outcomes)

    def current_model(self) -> RowsModel:
        return (self.complaints, self.overdue, self.flagged)[self.tabs.currentIndex()]
