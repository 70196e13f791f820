"""A lead's previous calls as a tree: each call, and under it the amendments of its wrap-up.

Wrap-up forms come in two shapes: the desk saves a ``WrapupDraft.to_json_dict()``
(``amount`` as a decimal string), records pulled from the shared database carry the
wrap-up's columns (``amount_cents``). `form_summary` reads both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QLocale,
    QObject,
    Qt,
    QTime,
)

from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_views import CallView, WrapupView
from agent_desk.ui import texts
from agent_desk.ui.style import ui_language
from agent_desk.ui.two_level_model import TOP, Index, TwoLevelModel

WHEN, CALL, OUTCOME, INTENT, NOTE = range(5)
NOTE_EXCERPT = 60


@dataclass(frozen=True)
class FormSummary:
    """What the history shows of one wrap-up, whatever shape its form was saved in."""

    outcome_code: str
    person: str
    intent: str
    note: str
    amount: Decimal | None


def form_summary(wrapup: WrapupView) -> FormSummary:
    """Read a wrap-up's form, local (draft JSON) or pulled (column values)."""
    form: Mapping[str, Any] = wrapup.form if isinstance(wrapup.form, Mapping) else {}
    amount: Decimal | None = None
    try:
        if form.get("amount") not in (None, ""):
            amount = Decimal(str(form["amount"]))
        elif form.get("amount_cents") is not None:
            amount = Decimal(int(form["amount_cents"])) / 100
    except (InvalidOperation, ValueError, TypeError):
        amount = None  # a damaged form still shows its other fields
    return FormSummary(
        outcome_code=wrapup.outcome_code or str(form.get("outcome_code") or ""),
        person=str(form.get("person") or ""),
        intent=str(form.get("intent") or ""),
        note=str(form.get("note") or ""),
        amount=amount,
    )


def excerpt(text: str, limit: int = NOTE_EXCERPT) -> str:
    """The first line of a note, cut at `limit` characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _when(moment: datetime) -> str:
    """``11-24 14:05`` this year, ``2025-11-24`` before: the list stays narrow."""
    shown = moment.astimezone()
    this_year = shown.year == datetime.now().astimezone().year
    pattern = "MM-dd HH:mm" if this_year else "yyyy-MM-dd"
    return QLocale().toString(
        QDateTime(QDate(shown.year, shown.month, shown.day), QTime(shown.hour, shown.minute)),
        pattern,
    )


@dataclass(frozen=True)
class _Row:
    call: CallView
    wrapup: WrapupView | None  # the original; None when the call has no wrap-up yet
    amendments: tuple[WrapupView, ...]


class HistoryModel(TwoLevelModel):
    """Calls newest first; each call's amendments are its children, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._campaign: CampaignConfig | None = None
        self._headers = [
            self.tr("When"),
            self.tr("Call"),
            self.tr("Outcome"),
            self.tr("Intent"),
            self.tr("Note"),
        ]

    def set_history(self, calls: Sequence[CallView], campaign: CampaignConfig | None) -> None:
        self.beginResetModel()
        self._campaign = campaign
        ordered = sorted(calls, key=lambda c: c.started_at, reverse=True)
        self._rows = []
        for call in ordered:
            originals = [w for w in call.wrapups if w.amends_id is None]
            original = originals[0] if originals else (call.wrapups[0] if call.wrapups else None)
            amendments = tuple(
                sorted((w for w in call.wrapups if w is not original), key=lambda w: w.created_at)
            )
            self._rows.append(_Row(call, original, amendments))
        self.endResetModel()

    # -- lookups ------------------------------------------------------------------------

    def call_at(self, index: Index) -> CallView | None:
        row = self._row_of(index)
        return row.call if row is not None else None

    def wrapup_at(self, index: Index) -> WrapupView | None:
        """The wrap-up a row shows: the call's original, or that amendment."""
        row = self._row_of(index)
        if row is None:
            return None
        if index.internalId() == TOP:
            return row.wrapup
        return row.amendments[index.row()] if index.row() < len(row.amendments) else None

    def is_amendment(self, index: Index) -> bool:
        return self.is_child(index)

    def _row_of(self, index: Index) -> _Row | None:
        row: _Row | None = self._top_of(index)
        return row

    def _child_count(self, top: _Row) -> int:
        return len(top.amendments)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row_of(index)
        if row is None:
            return None
        wrapup = self.wrapup_at(index)
        amendment = self.is_amendment(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row.call, wrapup, amendment, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row.call, wrapup, amendment)
        return None

    def _outcome_text(self, summary: FormSummary) -> str:
        outcome = self._campaign.outcomes.get(summary.outcome_code) if self._campaign else None
        label = outcome.label(ui_language()) if outcome else summary.outcome_code
        if summary.amount is None:
            return label
        amount = f"{summary.amount:,.2f}"
        return self.tr("{outcome} · {amount}").format(outcome=label, amount=amount)

    def _text(self, call: CallView, wrapup: WrapupView | None, amendment: bool, column: int) -> str:
        summary = form_summary(wrapup) if wrapup is not None else None
        if column == WHEN:
            return _when(wrapup.created_at if amendment and wrapup is not None else call.started_at)
        if column == CALL:
            if amendment and wrapup is not None:
                return self.tr("Amended: {reason}").format(reason=wrapup.amend_reason)
            return self.tr("{length} · {reason}").format(
                length=texts.duration(call.talk_seconds), reason=texts.end_reason(call.end_reason)
            )
        if summary is None:
            return self.tr("No wrap-up") if column == OUTCOME else ""
        if column == OUTCOME:
            return self._outcome_text(summary)
        if column == INTENT:
            return texts.intent(summary.intent) if summary.intent else ""
        return excerpt(summary.note)

    def _tooltip(self, call: CallView, wrapup: WrapupView | None, amendment: bool) -> str:
        lines = []
        if amendment and wrapup is not None:
            lines.append(
                self.tr("Amended {time}: {reason}").format(
                    time=texts.date_time(wrapup.created_at), reason=wrapup.amend_reason
                )
            )
        else:
            lines.append(
                self.tr("{time} · {length} · {reason}").format(
                    time=texts.date_time(call.started_at),
                    length=texts.duration(call.talk_seconds),
                    reason=texts.end_reason(call.end_reason),
                )
            )
            if call.training:
                lines.append(self.tr("Training call"))
        if wrapup is not None:
            summary = form_summary(wrapup)
            if summary.person:
                lines.append(self.tr("Spoke with: {person}").format(person=summary.person))
            if summary.note:
                lines.append(summary.note)
        return "\n".join(lines)
