"""The rep's queue as a table model: due callbacks first, then callable, then closed."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from agent_desk.desk.views import QueueEntry
from agent_desk.domain import phones
from agent_desk.domain.calling_windows import CallingDecision, check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.store.desk_views import LeadView
from agent_desk.ui import texts

Index = QModelIndex | QPersistentModelIndex

MARK, NAME, COMPANY, PHONE, TIME, ATTEMPTS, WHY = range(7)
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# QSS cannot reach single rows of a model, so the row colours live here, in one place:
# row kind -> (background, foreground). Calm tones for a light theme; None keeps the
# view's own colour (and its alternating rows).
ROW_COLOURS: Mapping[str, tuple[str | None, str | None]] = {
    "due": ("#fff4d6", "#4a3800"),  # soft amber: a promise to keep
    "closed": (None, "#8a9099"),  # grey: not callable now
    "dnc": (None, "#9b5c5c"),  # muted red, struck through
}

# One glyph per state; the tooltip and the accessible text say it in words.
_MARKS = {"due": "\u21bb", "callable": "\u25cf", "closed": "\u25cb", "dnc": "\u2715"}


def row_kind(entry: QueueEntry) -> str:
    """``dnc``, ``due``, ``callable`` or ``closed``: what the row's look says."""
    if entry.lead.status == "dnc":
        return "dnc"
    if entry.due_callback:
        return "due"
    return "callable" if entry.callable else "closed"


def queue_order(entries: Sequence[QueueEntry]) -> list[QueueEntry]:
    """Due callbacks first, then callable leads, then the rest; stable within each."""
    rank = {"due": 0, "callable": 1, "closed": 2, "dnc": 3}
    return sorted(entries, key=lambda e: rank[row_kind(e)])


def entries_for(
    leads: Sequence[LeadView], campaigns: Mapping[int, CampaignConfig], now: datetime
) -> list[QueueEntry]:
    """Queue entries for leads that do not come from the queue (search results)."""
    entries = []
    for lead in leads:
        campaign = campaigns.get(lead.campaign_id)
        due = lead.callback_due_at is not None and lead.callback_due_at <= now
        entries.append(QueueEntry(lead, campaign, _decide(campaign, lead.timezone, now), due))
    return entries


def _decide(campaign: CampaignConfig | None, tz_name: str, now: datetime) -> CallingDecision | None:
    if campaign is None:
        return None
    try:
        return check(campaign.policy, now, tz_name)
    except ValueError:  # unknown zone: the card says "hours unknown", the dial is refused
        return None


def _customer_time(entry: QueueEntry, now: datetime) -> str:
    try:
        return texts.local_time(now, entry.lead.timezone)
    except (ValueError, KeyError):  # a zone this machine does not know
        decision = entry.decision
        if decision is not None:
            return texts.local_time(decision.local_time, str(decision.local_time.tzinfo))
        return ""


class QueueModel(QAbstractTableModel):
    """Rows of `QueueEntry`, in queue order, with row colours and tooltips.

    `set_entries` replaces the rows; `tick` moves the customers' clocks on (and
    re-checks their calling windows) without reordering, so rows do not jump under
    the rep's mouse between two refreshes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        self._now = datetime.now(UTC)
        self._headers = [
            "",
            self.tr("Name"),
            self.tr("Company"),
            self.tr("Phone"),
            self.tr("Time"),
            self.tr("Attempts"),
            self.tr("Not now"),
        ]
        self._header_tips = [
            self.tr("Due callback, callable now, or outside calling hours"),
            "",
            "",
            "",
            self.tr("Customer time: the time where the customer is"),
            self.tr("Attempts made (of the campaign's maximum)"),
            self.tr("Why this lead cannot be called now"),
        ]

    # -- feeding ----------------------------------------------------------------------

    def set_entries(self, entries: Sequence[QueueEntry], now: datetime | None = None) -> None:
        """Replace all rows (they are shown in `queue_order`)."""
        self.beginResetModel()
        self._entries = queue_order(entries)
        self._now = now or next(
            (e.decision.local_time for e in self._entries if e.decision is not None),
            datetime.now(UTC),
        )
        self.endResetModel()

    def tick(self, now: datetime) -> None:
        """Move the customer clocks to `now` and re-check who may be called."""
        self._now = now
        self._entries = [
            dataclasses.replace(
                e,
                decision=_decide(e.campaign, e.lead.timezone, now)
                if e.campaign is not None
                else e.decision,
                due_callback=e.lead.callback_due_at is not None and e.lead.callback_due_at <= now,
            )
            for e in self._entries
        ]
        if self._entries:
            last = self.index(len(self._entries) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- lookups ------------------------------------------------------------------------

    def entry(self, row: int) -> QueueEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, lead_id: uuid.UUID | None) -> int | None:
        for row, e in enumerate(self._entries):
            if e.lead.id == lead_id:
                return row
        return None

    def entries(self) -> list[QueueEntry]:
        return list(self._entries)

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips[section] or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        kind = row_kind(entry)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == MARK and role == Qt.ItemDataRole.AccessibleTextRole:
                return self._kind_text(kind)
            return self._text(entry, kind, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, kind)
        if role == Qt.ItemDataRole.BackgroundRole:
            background = ROW_COLOURS.get(kind, (None, None))[0]
            return QBrush(QColor(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole:
            foreground = ROW_COLOURS.get(kind, (None, None))[1]
            return QBrush(QColor(foreground)) if foreground else None
        if role == Qt.ItemDataRole.FontRole and kind in ("due", "dnc"):
            font = QFont()
            font.setBold(kind == "due")
            font.setStrikeOut(kind == "dnc")
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (MARK, ATTEMPTS):
            return Qt.AlignmentFlag.AlignCenter
        if role == LEAD_ID_ROLE:
            return entry.lead.id
        return None

    def _text(self, entry: QueueEntry, kind: str, column: int) -> str:
        lead = entry.lead
        if column == MARK:
            return _MARKS[kind]
        if column == NAME:
            return lead.name
        if column == COMPANY:
            return lead.company
        if column == PHONE:
            return phones.mask(lead.phone_e164)
        if column == TIME:
            return _customer_time(entry, self._now)
        if column == ATTEMPTS:
            if entry.campaign is None:
                return str(lead.attempts)
            return f"{lead.attempts}/{entry.campaign.max_attempts}"
        if kind == "dnc":
            return texts.lead_status("dnc")
        return "" if entry.callable else texts.window_short(entry.decision)

    def _kind_text(self, kind: str) -> str:
        if kind == "due":
            return self.tr("Callback due")
        if kind == "callable":
            return self.tr("Callable now")
        if kind == "dnc":
            return self.tr("On the do-not-call list")
        return self.tr("Outside calling hours")

    def _tooltip(self, entry: QueueEntry, kind: str) -> str:
        """The row in full (a narrow panel hides some columns), then its calling state."""
        lead = entry.lead
        who = " · ".join(p for p in (lead.name, lead.company, phones.mask(lead.phone_e164)) if p)
        attempts = self.tr("Attempts: {attempts}").format(
            attempts=self._text(entry, kind, ATTEMPTS)
        )
        return "\n".join((who, attempts, self._state(entry, kind)))

    def _state(self, entry: QueueEntry, kind: str) -> str:
        if kind == "dnc":
            return self.tr("On the do-not-call list — cannot be dialed")
        if entry.decision is None:
            return self.tr("Calling hours unknown for this customer")
        state = texts.window_state(entry.decision)
        if kind == "due" and entry.lead.callback_due_at is not None:
            return self.tr("Callback due since {time}\n{state}").format(
                time=texts.local_time(entry.lead.callback_due_at), state=state
            )
        return state
