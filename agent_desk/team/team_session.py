"""The supervisor's team view session: every query off the UI thread, results by signal.

It owns no widgets and writes nothing: each view's figures come from
`agent_desk.store.team_queries` on the shared engine (the supervisor's own login on
PostgreSQL, which may only read its team). The live board refreshes every few seconds,
the need-action lists a little slower, figures and charts once a minute; the assessment
and the records when asked (a view is shown, a filter changed). A refresh still running
is never doubled: a timer's refresh is dropped, a request with new arguments waits and
runs when the previous one is done (the latest wins).

Signals:
    board_changed(list[BoardRow])
    figures_changed(TeamFigures)
    assessment_changed(Assessment)
    hourly_changed(list[HourCount])
    outcome_mix_changed(OutcomeMix)
    progress_changed(TeamFigures): the charts' period, for the progress-to-target chart
    records_changed(list[RecordRow])
    summaries_changed(list[ShiftSummaryRow])
    complaints_changed(list[ComplaintRow])
    overdue_changed(list[OverdueCallback])
    flagged_changed(list[RecordRow])
    outcomes_changed(dict[str, Outcome]): every campaign's outcomes by code (labels)
    refreshed(datetime): the board was read at this moment
    connection_changed(bool): the database answers (True) or not
    failed(TeamProblem)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from PySide6.QtCore import QObject, QTimer, Signal

from agent_desk.clock import Clock
from agent_desk.domain.outcomes import Outcome
from agent_desk.store import desk_feed
from agent_desk.store import team_queries as tq
from agent_desk.store.settings_repo import DEFAULT_REPORT_TIMEZONE, report_zone
from agent_desk.team.pace import PeriodKind
from agent_desk.team.views import (
    RECORDS_LIMIT,
    RecordQuery,
    Runner,
    TeamProblem,
    TeamProblemKind,
    classify,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

BOARD_MS = 5_000
LISTS_MS = 15_000
SLOW_MS = 60_000

__all__ = [
    "BOARD_MS",
    "LISTS_MS",
    "RECORDS_LIMIT",
    "SLOW_MS",
    "RecordQuery",
    "Runner",
    "TeamProblem",
    "TeamProblemKind",
    "TeamSession",
    "classify",
    "kind_of",
]


class TeamSession(QObject):
    board_changed = Signal(object)
    figures_changed = Signal(object)
    assessment_changed = Signal(object)
    hourly_changed = Signal(object)
    outcome_mix_changed = Signal(object)
    progress_changed = Signal(object)
    records_changed = Signal(object)
    summaries_changed = Signal(object)
    complaints_changed = Signal(object)
    overdue_changed = Signal(object)
    flagged_changed = Signal(object)
    outcomes_changed = Signal(object)
    refreshed = Signal(object)
    connection_changed = Signal(bool)
    failed = Signal(object)

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        team_id: int,
        ops: Runner,
        *,
        team_name: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.clock, self.team_id, self.ops = engine, clock, team_id, ops
        self.team_name = team_name
        self.zone = ZoneInfo(DEFAULT_REPORT_TIMEZONE)  # the database's, once read
        self.online: bool | None = None
        self.last_refresh: datetime | None = None
        self.figures_period = PeriodKind.TODAY
        self.charts_period = PeriodKind.TODAY
        self.assessment_year: int | None = None
        self.record_query = RecordQuery()
        self._running: set[str] = set()
        self._pending: dict[str, Callable[[], None]] = {}
        self._closed = False
        self._timers: list[QTimer] = []
        for interval, slot in (
            (BOARD_MS, self.refresh_board),
            (LISTS_MS, self.refresh_lists),
            (SLOW_MS, self.refresh_slow),
        ):
            timer = QTimer(self)
            timer.setInterval(interval)
            timer.timeout.connect(slot)
            self._timers.append(timer)

    # -- start and stop -----------------------------------------------------------------------

    def start(self, *, timers: bool = True) -> None:
        """Read every view once; with `timers`, keep the board and lists fresh."""
        self.refresh_all()
        if timers:
            for timer in self._timers:
                timer.start()

    def shutdown(self) -> None:
        """Stop the timers, let a running query finish, close the connections."""
        self._closed = True
        for timer in self._timers:
            timer.stop()
        self.ops.shutdown(wait=True)
        self.engine.dispose()

    def now_local(self) -> datetime:
        """Now in the reporting zone (the zone the figures' days are counted in)."""
        return self.clock.now().astimezone(self.zone)

    def today(self) -> date:
        return self.now_local().date()

    # -- refreshes ----------------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_board()
        self.refresh_lists()
        self.refresh_slow()
        self.refresh_assessment()
        self.refresh_records()

    def refresh_slow(self) -> None:
        """The views that change slowly: figures and charts, and the outcomes' names."""
        self.refresh_outcomes()
        self.refresh_figures()
        self.refresh_charts()

    def refresh_outcomes(self) -> None:
        def work(conn: Connection) -> dict[str, Outcome]:
            found: dict[str, Outcome] = {}
            for campaign in desk_feed.campaigns(conn):
                for outcome in campaign.outcomes:
                    found.setdefault(outcome.code, outcome)
            return found

        self._submit("outcomes", work, self.outcomes_changed.emit)

    def refresh_board(self) -> None:
        now, team = self.clock.now(), self.team_id

        def work(conn: Connection) -> tuple[list[tq.BoardRow], ZoneInfo]:
            return tq.board(conn, now, team), report_zone(conn)

        def done(result: tuple[list[tq.BoardRow], ZoneInfo]) -> None:
            rows, self.zone = result
            self.last_refresh = now
            self.board_changed.emit(rows)
            self.refreshed.emit(now)

        self._submit("board", work, done)

    def refresh_lists(self) -> None:
        """Open complaints, overdue callbacks and flagged records, in one read."""
        now, team = self.clock.now(), self.team_id

        def work(conn: Connection) -> tuple[Any, Any, Any]:
            return (
                tq.open_complaints(conn, team),
                tq.overdue_callbacks(conn, now, team),
                tq.flagged_records(conn, team),
            )

        def done(result: tuple[Any, Any, Any]) -> None:
            complaints, overdue, flagged = result
            self.complaints_changed.emit(complaints)
            self.overdue_changed.emit(overdue)
            self.flagged_changed.emit(flagged)

        self._submit("lists", work, done)

    def refresh_figures(self, period: PeriodKind | None = None) -> None:
        """Each rep's and the team's figures for today, this month or this year."""
        if period is not None:
            self.figures_period = period
        kind, now, team = self.figures_period, self.clock.now(), self.team_id

        def work(conn: Connection) -> tq.TeamFigures:
            return tq.figures(conn, _period(conn, kind, now), team)

        self._submit("figures", work, self.figures_changed.emit, again=period is not None)

    def refresh_charts(self, period: PeriodKind | None = None) -> None:
        """Calls per hour today; the outcome mix and progress to target of the period."""
        if period is not None:
            self.charts_period = period
        kind, now, team = self.charts_period, self.clock.now(), self.team_id

        def work(conn: Connection) -> tuple[Any, Any, Any]:
            _, today = tq.local_today(conn, now)
            chosen = _period(conn, kind, now)
            return (
                tq.calls_per_hour(conn, today, team),
                tq.outcome_mix(conn, chosen, team),
                tq.figures(conn, chosen, team),
            )

        def done(result: tuple[Any, Any, Any]) -> None:
            hourly, mix, progress = result
            self.hourly_changed.emit(hourly)
            self.outcome_mix_changed.emit(mix)
            self.progress_changed.emit(progress)

        self._submit("charts", work, done, again=period is not None)

    def refresh_assessment(self, year: int | None = None) -> None:
        """The monthly and yearly assessment of a year (default: this year)."""
        if year is not None:
            self.assessment_year = year
        chosen = self.assessment_year or self.today().year
        team = self.team_id

        def work(conn: Connection) -> tq.Assessment:
            return tq.assessment(conn, chosen, team)

        self._submit("assessment", work, self.assessment_changed.emit, again=year is not None)

    def refresh_records(self, query: RecordQuery | None = None) -> None:
        """Calls with their wrap-ups, and the shift summaries, of the query's days."""
        if query is not None:
            if query.start and query.end and query.end < query.start:
                query = replace(query, start=query.end, end=query.start)
            self.record_query = query
        q, now, team = self.record_query, self.clock.now(), self.team_id

        def work(conn: Connection) -> tuple[Any, Any]:
            zone, today = tq.local_today(conn, now)
            since, until = tq.Period(q.start or today, q.end or today).utc_bounds(zone)
            found = tq.records(
                conn,
                tq.RecordFilter(
                    rep=q.rep,
                    team_id=team,
                    since=since,
                    until=until,
                    outcome=q.outcome,
                    flagged_only=q.flagged_only,
                    include_training=q.include_training,
                    limit=q.limit,
                ),
            )
            summaries = tq.shift_summaries(conn, since, until, team)
            if q.rep is not None:
                summaries = [s for s in summaries if s.user_id == q.rep]
            return found, summaries

        def done(result: tuple[Any, Any]) -> None:
            found, summaries = result
            self.records_changed.emit(found)
            self.summaries_changed.emit(summaries)

        self._submit("records", work, done, again=query is not None)

    # -- running queries ----------------------------------------------------------------------

    def _submit(
        self,
        key: str,
        work: Callable[[Connection], T],
        done: Callable[[T], None],
        *,
        again: bool = False,
    ) -> None:
        """Run `work` on a connection in the background; `done(result)` on the UI thread.

        While the same kind of refresh runs, a timer's refresh is dropped; one with new
        arguments (`again`) runs after it, the latest request winning.
        """
        if self._closed:
            return
        if key in self._running:
            if again:
                self._pending[key] = lambda: self._submit(key, work, done)
            else:
                log.debug("%s refresh still running: this one is dropped", key)
            return
        self._running.add(key)
        engine = self.engine

        def run() -> T:
            with engine.connect() as conn:
                return work(conn)

        def finished(result: T) -> None:
            self._running.discard(key)
            if self._closed:
                return
            self._set_online(True)
            done(result)
            self._run_pending(key)

        def failed(exc: BaseException) -> None:
            self._running.discard(key)
            if self._closed:
                return
            kind = classify(exc)
            if kind is TeamProblemKind.QUERY:
                log.error("team view %s refresh failed", key, exc_info=exc)
            else:
                log.warning("team view %s refresh failed (%s): %s", key, kind, exc)
            if kind is TeamProblemKind.UNREACHABLE:
                self._set_online(False)
            self.failed.emit(TeamProblem(kind, key, f"{type(exc).__name__}: {exc}"))
            self._run_pending(key)

        self.ops.run(run, finished, failed)

    def _run_pending(self, key: str) -> None:
        waiting = self._pending.pop(key, None)
        if waiting is not None:
            waiting()

    def is_running(self, key: str) -> bool:
        """A refresh of this kind is in progress (board, lists, figures, charts, …)."""
        return key in self._running

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.connection_changed.emit(online)


def kind_of(period: tq.Period) -> PeriodKind:
    """Which switch position a period came from."""
    if period.single_day:
        return PeriodKind.TODAY
    if (period.start.year, period.start.month) == (period.end.year, period.end.month):
        return PeriodKind.MONTH
    return PeriodKind.YEAR


def _period(conn: Connection, kind: PeriodKind, now: datetime) -> tq.Period:
    if kind is PeriodKind.TODAY:
        return tq.today_period(conn, now)
    if kind is PeriodKind.MONTH:
        return tq.month_period(conn, now)
    return tq.year_period(conn, now)
