"""What the team view's queries share: periods, reps, thresholds, the reporting day.

Read-only helpers for `agent_desk.store.team_queries`; see there for the public API.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select, text

from agent_desk.domain.kpi import Figures, Progress, Target, daily_share, progress
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.store import schema
from agent_desk.store.settings_repo import report_zone

# --- the board's thresholds: every one in this one place ----------------------------------

# A desk sends a heartbeat every 30 s; three missed ones and it counts as offline.
HEARTBEAT_STALE_S = 90
LONG_WRAPUP_S = 3 * 60
LONG_PAUSE_S = 20 * 60
LONG_LUNCH_S = 60 * 60
LUNCH_REASON = "lunch"
# On a call longer than the campaign's soft limit; this one when the campaign is unknown.
DEFAULT_SOFT_LIMIT_S = 300


class Attention(StrEnum):
    """Why a board row stands out."""

    LONG_WRAPUP = "LONG_WRAPUP"
    LONG_PAUSE = "LONG_PAUSE"
    OVER_LIMIT = "OVER_LIMIT"
    OFFLINE_WAITING = "OFFLINE_WAITING"


users = schema.table(schema.User)
teams = schema.table(schema.Team)
leads = schema.table(schema.Lead)
campaigns = schema.table(schema.Campaign)
outcomes = schema.table(schema.Outcome)
calls = schema.table(schema.CallRecord)
wrapups = schema.table(schema.Wrapup)
callbacks = schema.table(schema.Callback)
complaints = schema.table(schema.Complaint)
targets = schema.table(schema.MonthlyTarget)
shifts = schema.table(schema.ShiftSummary)
states = schema.table(schema.AgentState)
day_figures = schema.table(schema.RepDayFigures)
day_outcomes = schema.table(schema.RepDayOutcome)
month_outcomes = schema.table(schema.RepMonthOutcome)


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


@dataclass(frozen=True)
class Period:
    """Local days of the reporting zone, `start` to `end` inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def single_day(self) -> bool:
        return self.start == self.end

    def months(self) -> list[str]:
        """The months the period touches, as ``"YYYY-MM"`` (the targets' key)."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def split_months(self) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
        """The whole months inside the period (first day of the first and of the last),
        if any, and the day ranges before and after them."""
        first = self.start if self.start.day == 1 else _next_month(self.start)
        after = self.end + timedelta(days=1)
        last_end = self.end if after.day == 1 else after.replace(day=1) - timedelta(days=1)
        if first > last_end:
            return None, [(self.start, self.end)]
        ranges = []
        if self.start < first:
            ranges.append((self.start, first - timedelta(days=1)))
        if last_end < self.end:
            ranges.append((last_end + timedelta(days=1), self.end))
        return (first, last_end.replace(day=1)), ranges

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) in UTC: local midnight of `start` to local midnight after `end`."""
        begin = datetime.combine(self.start, time(0), tzinfo=zone).astimezone(UTC)
        after = self.end + timedelta(days=1)
        return begin, datetime.combine(after, time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class RepRef:
    """A rep as the team view names them."""

    user_id: int
    username: str
    display_name: str
    active: bool


def local_today(conn: Connection, now: datetime) -> tuple[ZoneInfo, date]:
    """The reporting zone and the local day `now` falls on there."""
    zone = report_zone(conn)
    return zone, now.astimezone(zone).date()


def caller_team(conn: Connection) -> int | None:
    """The team of the person logged in (PostgreSQL), None on SQLite or without a team."""
    if conn.dialect.name != "postgresql":
        return None
    value = conn.scalar(text("SELECT public.agent_desk_my_team()"))
    return None if value is None else int(value)


def resolve_team(conn: Connection, team_id: int | None) -> int:
    """`team_id`, else the caller's team; ValueError when neither is known."""
    if team_id is not None:
        return team_id
    found = caller_team(conn)
    if found is None:
        raise ValueError("name the team (team_id): the caller has no team of their own")
    return found


def team_reps(conn: Connection, team_id: int, *, active_only: bool = False) -> list[RepRef]:
    """The reps of a team, by display name (the rows the caller may read)."""
    query = select(users.c.id, users.c.username, users.c.display_name, users.c.active).where(
        users.c.team_id == team_id, users.c.role == "rep"
    )
    if active_only:
        query = query.where(users.c.active.is_(True))
    rows = conn.execute(query.order_by(users.c.display_name, users.c.id))
    return [RepRef(r.id, r.username, r.display_name, bool(r.active)) for r in rows]


def team_member_ids(conn: Connection, team_id: int) -> list[int]:
    """Every member of a team (any role): whose records are the team's."""
    return list(conn.scalars(select(users.c.id).where(users.c.team_id == team_id)))


def user_names(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(select(users.c.id, users.c.display_name).where(users.c.id.in_(wanted)))
    return {r.id: r.display_name for r in rows}


# --- figures from rollup rows ---------------------------------------------------------------

FIGURE_COLUMNS = (
    "dials",
    "contacts",
    "talk_seconds",
    "intent_a",
    "intent_b",
    "intent_c",
    "intent_d",
    "sales_count",
    "sales_cents",
    "callbacks_set",
    "satisfaction_count",
    "satisfaction_sum",
    "inbound_calls",
)


def figures_from(row: Mapping[Any, Any] | None) -> Figures:
    """kpi.Figures from summed rollup columns (None: nothing recorded)."""
    if row is None:
        return Figures.empty()
    value = {name: int(row[name] or 0) for name in FIGURE_COLUMNS}
    return Figures(
        dials=value["dials"],
        contacts=value["contacts"],
        talk_seconds=value["talk_seconds"],
        intents={
            IntentLevel.A: value["intent_a"],
            IntentLevel.B: value["intent_b"],
            IntentLevel.C: value["intent_c"],
            IntentLevel.D: value["intent_d"],
        },
        sales_count=value["sales_count"],
        sales_amount=Decimal(value["sales_cents"]) / 100,
        callbacks_set=value["callbacks_set"],
        rated=value["satisfaction_count"],
        satisfaction_sum=value["satisfaction_sum"],
        inbound=value["inbound_calls"],
    )


def rollup_sums(conn: Connection, user_ids: list[int], period: Period) -> dict[int, Figures]:
    """Each rep's figures summed over a period, from ``rep_day_figures``."""
    if not user_ids:
        return {}
    columns = [func.sum(day_figures.c[name]).label(name) for name in FIGURE_COLUMNS]
    rows = conn.execute(
        select(day_figures.c.user_id, *columns)
        .where(
            day_figures.c.user_id.in_(user_ids),
            day_figures.c.day.between(period.start, period.end),
        )
        .group_by(day_figures.c.user_id)
    ).mappings()
    return {row["user_id"]: figures_from(row) for row in rows}


def target_from(row: Mapping[Any, Any]) -> Target:
    return Target(
        calls=int(row["calls"]),
        contacts=int(row["contacts"]),
        sales_amount=Decimal(int(row["sales_cents"])) / 100,
        interested=int(row["interested"]),
    )


def sum_targets(found: Sequence[Target]) -> Target | None:
    if not found:
        return None
    return Target(
        calls=sum(t.calls for t in found),
        contacts=sum(t.contacts for t in found),
        sales_amount=sum((t.sales_amount for t in found), Decimal(0)),
        interested=sum(t.interested for t in found),
    )


def progress_of(figures: Figures, target: Target | None) -> Mapping[str, Progress]:
    """kpi.progress, or nothing without a target."""
    return {} if target is None else progress(figures, target)


def monthly_targets(
    conn: Connection, user_ids: Sequence[int], months: Sequence[str]
) -> dict[int, dict[str, Target]]:
    """{user: {month: target}} for some reps and months."""
    if not user_ids or not months:
        return {}
    rows = conn.execute(
        select(targets).where(targets.c.user_id.in_(user_ids), targets.c.month.in_(months))
    ).mappings()
    found: dict[int, dict[str, Target]] = {}
    for row in rows:
        found.setdefault(row["user_id"], {})[row["month"]] = target_from(row)
    return found


def period_target(by_month: Mapping[str, Target], period: Period) -> Target | None:
    """A single day: its share of the month's target; else the months' targets summed."""
    if period.single_day:
        month = by_month.get(period.start.strftime("%Y-%m"))
        return None if month is None else daily_share(month, period.start)
    return sum_targets([by_month[m] for m in period.months() if m in by_month])


# --- effective wrap-ups ------------------------------------------------------------------------


def effective_key(created_at: datetime, amends_id: uuid.UUID | None, wrapup_id: uuid.UUID) -> Any:
    """The order that picks a call's effective wrap-up (the latest): the triggers' order."""
    return (created_at, amends_id is not None, wrapup_id)
