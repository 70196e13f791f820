"""A rep's calls as a tree: each call with the wrap-up that counts, and under a corrected
call every wrap-up it had — the original first, then each amendment with its reason.

Nothing is hidden or merged: the supervisor sees what the rep first saved and every
correction after it (records are append-only; 不得私自篡改销售记录).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from agent_desk.domain.outcomes import Outcome
from agent_desk.store.export import Cell
from agent_desk.store.team_queries import RecordRow, WrapupRow
from agent_desk.ui import team_palette, texts
from agent_desk.ui.history_model import excerpt
from agent_desk.ui.style import ui_language
from agent_desk.ui.team_common import LEVEL_ROLE, RIGHT, local, money
from agent_desk.ui.two_level_model import TOP, Index, TwoLevelModel

WHEN, REP, CUSTOMER, CALL, OUTCOME, INTENT, AMOUNT, PERSON, NOTE, MARKS = range(10)


def outcome_label(code: str, outcomes: Mapping[str, Outcome]) -> str:
    if code == "":
        return ""
    found = outcomes.get(code)
    return found.label(ui_language()) if found is not None else code


class RecordsModel(TwoLevelModel):
    """Calls newest first; a call's wrap-ups are its children when it was amended."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordRow] = []
        self.outcomes: dict[str, Outcome] = {}
        self.zone = ZoneInfo("UTC")
        self._headers = [
            self.tr("When"),
            self.tr("Rep"),
            self.tr("Customer"),
            self.tr("Call"),
            self.tr("Outcome"),
            self.tr("Intent"),
            self.tr("Amount"),
            self.tr("Spoke with"),
            self.tr("Note"),
            self.tr("Marks"),
        ]

    def set_records(self, rows: Sequence[RecordRow], zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._rows, self.zone = list(rows), zone
        self.endResetModel()

    def set_outcomes(self, outcomes: Mapping[str, Outcome]) -> None:
        self.beginResetModel()
        self.outcomes = dict(outcomes)
        self.endResetModel()

    def records(self) -> list[RecordRow]:
        return list(self._rows)

    # -- lookups -----------------------------------------------------------------------------

    def record_at(self, index: Index) -> RecordRow | None:
        record: RecordRow | None = self._top_of(index)
        return record

    def wrapup_at(self, index: Index) -> WrapupRow | None:
        """A call row's effective wrap-up, or that child row's wrap-up."""
        record = self.record_at(index)
        if record is None:
            return None
        if index.internalId() == TOP:
            return record.effective
        return record.wrapups[index.row()] if index.row() < len(record.wrapups) else None

    def is_wrapup_row(self, index: Index) -> bool:
        return self.is_child(index)

    @staticmethod
    def children_of(record: RecordRow) -> tuple[WrapupRow, ...]:
        """Every wrap-up of an amended call (the original first); none when never amended."""
        return record.wrapups if len(record.wrapups) > 1 else ()

    def _child_count(self, top: RecordRow) -> int:
        return len(self.children_of(top))

    # -- Qt model ----------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record_at(index)
        if record is None:
            return None
        child = self.is_wrapup_row(index)
        wrapup = self.wrapup_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, wrapup, child, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, wrapup)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AMOUNT:
            return RIGHT
        level = self._level(record, child)
        if role == LEVEL_ROLE:
            return level
        if role == Qt.ItemDataRole.BackgroundRole:
            return team_palette.background(level)
        if role == Qt.ItemDataRole.ForegroundRole:
            return team_palette.foreground(level)
        if role == Qt.ItemDataRole.FontRole and child and wrapup is not None and wrapup.effective:
            font = QFont()
            font.setBold(True)  # the wrap-up that counts
            return font
        return None

    @staticmethod
    def _level(record: RecordRow, child: bool) -> str:
        if child:
            return "child"
        if record.flag:
            return "warn"
        return "muted" if record.training else ""

    # -- cells -------------------------------------------------------------------------------

    def text(self, record: RecordRow, wrapup: WrapupRow | None, child: bool, column: int) -> str:
        if column == WHEN:
            moment = wrapup.created_at if child and wrapup is not None else record.started_at
            return texts.date_time(moment, self.zone.key)
        if column == REP:
            return "" if child else record.rep_name
        if column == CUSTOMER:
            if child and wrapup is not None:
                if wrapup.amends_id is None:
                    return self.tr("Original wrap-up")
                return self.tr("Amendment: {reason}").format(reason=wrapup.amend_reason)
            return " · ".join(p for p in (record.lead_name, record.phone_masked) if p)
        if column == CALL:
            if child:
                return ""
            return self.tr("{length} · {reason}").format(
                length=texts.duration(record.talk_seconds),
                reason=texts.end_reason(record.end_reason),
            )
        if column == MARKS:
            return self._marks(record, wrapup, child)
        if wrapup is None:
            return self.tr("No wrap-up yet") if column == OUTCOME else ""
        if column == OUTCOME:
            return outcome_label(wrapup.outcome_code, self.outcomes)
        if column == INTENT:
            return texts.intent(wrapup.intent) if wrapup.intent else ""
        if column == AMOUNT:
            return money(wrapup.amount) if wrapup.amount is not None else ""
        if column == PERSON:
            return wrapup.person
        return excerpt(wrapup.note)

    def _marks(self, record: RecordRow, wrapup: WrapupRow | None, child: bool) -> str:
        if child:
            return self.tr("Counts") if wrapup is not None and wrapup.effective else ""
        marks = []
        if len(record.wrapups) > 1:
            marks.append(self.tr("Amended"))
        if record.training:
            marks.append(self.tr("Training"))
        if record.flag:
            marks.append(self.tr("Flagged"))
        return texts.joined(marks)

    def _tooltip(self, record: RecordRow, wrapup: WrapupRow | None) -> str:
        lines = []
        if record.flag:
            lines.append(texts.record_flag(record.flag))
        if record.training:
            lines.append(self.tr("Training call: not counted in any figure"))
        if wrapup is not None:
            if wrapup.followup_at is not None:
                lines.append(
                    self.tr("Follow-up {time}").format(
                        time=texts.date_time(wrapup.followup_at, self.zone.key)
                    )
                )
            if wrapup.satisfaction is not None:
                lines.append(
                    self.tr("Customer satisfaction: {rating} of 5").format(
                        rating=wrapup.satisfaction
                    )
                )
            if wrapup.complaint_summary:
                lines.append(
                    self.tr("Complaint: {summary}").format(summary=wrapup.complaint_summary)
                )
            if wrapup.note:
                lines.append(wrapup.note)
        return "\n".join(lines)

    # -- export ------------------------------------------------------------------------------

    def export_table(self) -> tuple[list[str], list[list[Cell]]]:
        """Each call, then its wrap-ups when amended: as the tree shows them, expanded."""
        rows: list[list[Cell]] = []
        for record in self._rows:
            rows.append(self._export_row(record, record.effective, False))
            for wrapup in self.children_of(record):
                rows.append(self._export_row(record, wrapup, True))
        return list(self._headers), rows

    def _export_row(self, record: RecordRow, wrapup: WrapupRow | None, child: bool) -> list[Cell]:
        cells: list[Cell] = [self.text(record, wrapup, child, c) for c in range(len(self._headers))]
        moment = wrapup.created_at if child and wrapup is not None else record.started_at
        cells[WHEN] = local(moment, self.zone)
        if wrapup is not None and wrapup.amount is not None:
            cells[AMOUNT] = wrapup.amount
        return cells
