"""The live board: one row per rep — state and how long, the call, today's figures.

Rows that need the supervisor (a long wrap-up or pause, a call over its soft limit, a
desk offline with records waiting) stand out in the row colour; the state's clock ticks
every second between refreshes. Tiles above the table count the team at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agent_desk.domain.kpi import Figures, Progress
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.store.team_queries import Attention, BoardRow
from agent_desk.team.team_session import BOARD_MS
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_level, set_role
from agent_desk.ui.team_common import (
    RIGHT,
    Column,
    ColumnFitter,
    ProgressDelegate,
    RowsModel,
    count,
    money,
    percent,
    progress_level,
    table_view,
)

REP, STATE, LEAD, DIALS, CONTACTS, INT_A, INT_B, INT_C, INT_D, SALES, ATTENTION = range(11)
_PRIORITY = (REP, STATE, ATTENTION, DIALS, CONTACTS, SALES, LEAD, INT_A, INT_B, INT_C, INT_D)
_LIMITS = {
    REP: (110, 190),
    STATE: (130, 190),
    LEAD: (120, 230),
    DIALS: (80, 110),
    CONTACTS: (80, 110),
    SALES: (110, 150),
    ATTENTION: (120, 260),
    **{c: (34, 44) for c in (INT_A, INT_B, INT_C, INT_D)},
}
_STRETCH = (LEAD, ATTENTION)

# How a state reads at a glance (the text colour of the state cell).
STATE_LEVELS = {
    "ready": "ok",
    "paused": "warn",
    "dialing": "info",
    "ringing": "info",
    "on_call": "info",
    "wrapup": "info",
    "offline": "muted",
}
ON_A_CALL = ("dialing", "ringing", "on_call")
# Attention that means records may be lost is an alert; the rest a warning.
ALERTS = (Attention.OFFLINE_WAITING,)


def row_level(row: BoardRow) -> str:
    """The row's colour: ``alert``, ``warn`` or "" (nothing to see)."""
    if any(a in ALERTS for a in row.attention):
        return "alert"
    return "warn" if row.attention else ""


class BoardModel(RowsModel):
    """The board's rows; `tick` moves the state clocks on between refreshes."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._fetched_at: datetime | None = None
        self._now: datetime | None = None
        self.elapsed = 0.0  # share of today's working day passed: the pace to judge by
        super().__init__([], row_level=row_level, parent=parent)
        self.columns = self._columns()

    def _columns(self) -> list[Column]:
        def goal(name: str, actual: str) -> Column:
            return Column(
                {"calls": self.tr("Dials"), "contacts": self.tr("Contacts")}.get(
                    name, self.tr("Sales")
                ),
                lambda r: self._against(r, name, actual),
                value=lambda r: self._actual(r.today, name),
                align=RIGHT,
                level=lambda r: progress_level(r.progress.get(name), self.elapsed),
                tooltip=lambda r: self._goal_tip(r.progress.get(name)),
                progress=lambda r: _ratio(r.progress.get(name)),
            )

        intents = [_intent_column(level) for level in IntentLevel]
        return [
            Column(
                self.tr("Rep"),
                lambda r: r.rep.display_name,
                tooltip=lambda r: self.tr("{user} · desk {desk}").format(
                    user=r.rep.username, desk=r.desk_id or "—"
                ),
            ),
            Column(
                self.tr("State"),
                self.state_text,
                level=lambda r: STATE_LEVELS.get(r.state, ""),
                tooltip=self._state_tip,
            ),
            Column(self.tr("Current call"), _current_call),
            goal("calls", "dials"),
            goal("contacts", "contacts"),
            *intents,
            goal("sales_amount", "sales"),
            Column(
                self.tr("Needs attention"),
                lambda r: texts.joined([texts.attention(a) for a in r.attention]),
                level=lambda r: row_level(r),
            ),
        ]

    # -- feeding ----------------------------------------------------------------------------

    def set_board(self, rows: Sequence[BoardRow], fetched_at: datetime, elapsed: float) -> None:
        self._fetched_at = self._now = fetched_at
        self.elapsed = elapsed
        self.set_rows(rows)

    def tick(self, now: datetime) -> None:
        if self._fetched_at is None:
            return
        self._now = now
        self.refresh_column(STATE)

    # -- cells -------------------------------------------------------------------------------

    def seconds_in_state(self, row: BoardRow) -> int | None:
        """The state's duration now: as read, plus the time since the read."""
        if row.since is None:
            return None
        moved = 0
        if self._now is not None and self._fetched_at is not None:
            moved = max(int((self._now - self._fetched_at).total_seconds()), 0)
        return row.state_seconds + moved

    def state_text(self, row: BoardRow) -> str:
        name = texts.state_code(row.state, row.reason)
        seconds = self.seconds_in_state(row)
        if seconds is None:
            return name
        return self.tr("{state} · {time}").format(state=name, time=texts.duration(seconds))

    def _state_tip(self, row: BoardRow) -> str:
        lines = []
        if row.stale and row.heartbeat_at is not None:
            lines.append(
                self.tr("No word from the desk since {time}").format(
                    time=texts.date_time(row.heartbeat_at)
                )
            )
        if row.outbox_waiting:
            lines.append(self.tr("{n} records waiting on the desk").format(n=row.outbox_waiting))
        if row.state == "on_call":
            lines.append(
                self.tr("Soft call limit {time}").format(time=texts.duration(row.soft_limit_s))
            )
        return "\n".join(lines)

    @staticmethod
    def _actual(figures: Figures, name: str) -> int | float:
        if name == "calls":
            return figures.dials
        if name == "contacts":
            return figures.contacts
        return float(figures.sales_amount)

    def _against(self, row: BoardRow, name: str, actual: str) -> str:
        value = self._actual(row.today, name)
        shown = money(value) if actual == "sales" else count(int(value))
        target = row.progress.get(name)
        if target is None or not target.target:
            return shown
        goal = money(target.target) if actual == "sales" else count(int(target.target))
        return self.tr("{actual} / {target}").format(actual=shown, target=goal)

    def _goal_tip(self, progress: Progress | None) -> str:
        if progress is None or not progress.target:
            return self.tr("No target set")
        return self.tr("{percent} of today's target").format(percent=percent(progress))


def _intent_column(level: IntentLevel) -> Column:
    def counted(row: BoardRow) -> int:
        return row.today.intents[level]

    return Column(
        level.value,
        lambda r: count(counted(r)),
        value=counted,
        align=RIGHT,
        header_tip=texts.intent(level.value),
    )


def _ratio(progress: Progress | None) -> float | None:
    return progress.ratio if progress is not None else None


def _current_call(row: BoardRow) -> str:
    parts = [p for p in (row.lead_name, row.phone_masked) if p]
    return " · ".join(parts)


class _Tile(QFrame):
    """A number and what it counts."""

    def __init__(self, name: str, caption: str, description: str) -> None:
        super().__init__()
        accessible(self, name, description)
        set_role(self, "card")
        self.setProperty("tile", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        self.value = QLabel("–")
        self.value.setObjectName("tile_value")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tile_caption")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, text: str, level: str = "") -> None:
        self.value.setText(text)
        set_level(self.value, level)


class BoardPanel(QWidget):
    """Tiles counting the team, then the board table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BoardModel(self)
        self.view = table_view(
            "team_board", self.tr("Every rep's state and figures now"), self.model
        )
        delegate = ProgressDelegate(self.view)
        for column in (DIALS, CONTACTS, SALES):
            self.view.setItemDelegateForColumn(column, delegate)
        self.view.verticalHeader().setDefaultSectionSize(34)
        self._fitter = ColumnFitter(self.view, _PRIORITY, _LIMITS, _STRETCH)
        self.tiles = {
            "calls": _Tile("tile_on_call", self.tr("On a call"), self.tr("Reps on a call")),
            "wrapup": _Tile("tile_wrapup", self.tr("Wrap-up"), self.tr("Reps in wrap-up")),
            "ready": _Tile("tile_ready", self.tr("Ready"), self.tr("Reps ready to dial")),
            "paused": _Tile("tile_paused", self.tr("Paused"), self.tr("Reps paused")),
            "offline": _Tile("tile_offline", self.tr("Offline"), self.tr("Reps offline")),
            "attention": _Tile(
                "tile_attention", self.tr("Need attention"), self.tr("Rows that need you")
            ),
            "dials": _Tile("tile_dials", self.tr("Dials today"), self.tr("Team dials today")),
            "contacts": _Tile(
                "tile_contacts", self.tr("Contacts today"), self.tr("Team contacts today")
            ),
            "sales": _Tile("tile_sales", self.tr("Sales today"), self.tr("Team sales today")),
        }
        strip = QHBoxLayout()
        strip.setSpacing(8)
        for key, tile in self.tiles.items():
            if key == "dials":
                strip.addStretch(1)
            strip.addWidget(tile)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(strip)
        layout.addWidget(self.view, 1)
        hint = QLabel(
            self.tr("Refreshed every {n} seconds · double-click a rep to see their calls").format(
                n=BOARD_MS // 1000
            )
        )
        set_role(hint, "hint")
        layout.addWidget(hint)

    def show_board(self, rows: Sequence[BoardRow], fetched_at: datetime, elapsed: float) -> None:
        self.model.set_board(rows, fetched_at, elapsed)
        states = [r.state for r in rows]
        self.tiles["calls"].show_value(str(sum(s in ON_A_CALL for s in states)), "info")
        self.tiles["wrapup"].show_value(str(states.count("wrapup")))
        self.tiles["ready"].show_value(str(states.count("ready")), "ok")
        self.tiles["paused"].show_value(str(states.count("paused")))
        self.tiles["offline"].show_value(str(states.count("offline")), "muted")
        needing = sum(bool(r.attention) for r in rows)
        self.tiles["attention"].show_value(str(needing), "alert" if needing else "ok")
        total = sum((r.today for r in rows), Figures.empty())
        targets = [r.today_target for r in rows if r.today_target is not None]
        has_target = bool(targets)
        self._show_total(
            "dials", count(total.dials), count(sum(t.calls for t in targets)), has_target
        )
        self._show_total(
            "contacts", count(total.contacts), count(sum(t.contacts for t in targets)), has_target
        )
        goal = sum((t.sales_amount for t in targets), Decimal(0))
        self._show_total("sales", money(total.sales_amount), money(goal), has_target)

    def _show_total(self, key: str, actual: str, goal: str, has_target: bool) -> None:
        if not has_target:
            self.tiles[key].show_value(actual)
            return
        self.tiles[key].show_value(
            self.tr("{actual} / {target}").format(actual=actual, target=goal)
        )

    def tick(self, now: datetime) -> None:
        self.model.tick(now)

    def attention_count(self) -> int:
        return sum(bool(r.attention) for r in self.model.rows())


__all__ = ["BoardModel", "BoardPanel", "row_level"]
