"""The team session on a morning the rep desks made: each view's rows, computed from the
records the desks pushed, read off the UI thread, never doubled, failures reported."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from agent_desk.desk.operations import InlineExecutor, Operations
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.phones import mask
from agent_desk.store import team_queries as tq
from agent_desk.store.engine import make_engine
from agent_desk.team.pace import PeriodKind, elapsed_share
from agent_desk.team.team_session import (
    BOARD_MS,
    SLOW_MS,
    RecordQuery,
    TeamProblemKind,
    TeamSession,
    kind_of,
)
from tests.team.conftest import LOOK_AT, Morning

T = TypeVar("T")
TODAY = date(2026, 11, 25)


@pytest.fixture
def session(morning: Morning, qtbot: QtBot) -> Iterator[TeamSession]:
    made = TeamSession(
        make_engine(morning.url),
        morning.clock,
        morning.team_id,
        Operations(InlineExecutor()),
        team_name="Team 1",
    )
    yield made
    made.shutdown()


def caught(signals: list[Any], trigger: Callable[[], None]) -> list[Any]:
    """What each signal carried (its last emission) while `trigger` ran (inline: at once)."""
    found: dict[int, Any] = {}
    slots = []
    for index, signal in enumerate(signals):
        slots.append(lambda value, i=index: found.__setitem__(i, value))
        signal.connect(slots[-1])
    try:
        trigger()
    finally:
        for signal, slot in zip(signals, slots, strict=True):
            signal.disconnect(slot)
    assert len(found) == len(signals), f"only {sorted(found)} of {len(signals)} emitted"
    return [found[i] for i in range(len(signals))]


def emitted(qtbot: QtBot, signal: Any, trigger: Callable[[], None]) -> Any:
    with qtbot.wait_signal(signal, timeout=3000) as blocker:
        trigger()
    return blocker.args[0]


def test_the_board_has_every_reps_state_figures_and_what_needs_attention(
    session: TeamSession, morning: Morning, qtbot: QtBot
) -> None:
    rows = emitted(qtbot, session.board_changed, session.refresh_board)
    by = {r.rep.username: r for r in rows}
    assert list(by) == ["rep1", "rep2", "rep3", "rep4", "rep5"]
    assert [(r.state, r.attention) for r in rows] == [
        ("wrapup", (tq.Attention.LONG_WRAPUP,)),
        ("on_call", (tq.Attention.OVER_LIMIT,)),
        ("paused", (tq.Attention.LONG_PAUSE,)),
        ("offline", (tq.Attention.OFFLINE_WAITING,)),
        ("offline", ()),
    ]
    assert by["rep1"].state_seconds == 210  # hung up 10:36:30, now 10:40
    assert by["rep2"].state_seconds == 360
    assert by["rep2"].phone_masked == mask(morning.live_phone) != morning.live_phone
    assert by["rep3"].reason == "break" and by["rep4"].outbox_waiting == 2
    one = by["rep1"].today
    assert (one.dials, one.contacts, one.sales_count, one.sales_amount) == (
        7, 5, 1, Decimal("1299.50"),
    )  # fmt: skip
    assert dict(one.intents) == {IntentLevel.A: 2, IntentLevel.B: 2, IntentLevel.C: 0,
                                 IntentLevel.D: 1}  # fmt: skip  # the amendment counts
    assert (by["rep2"].today.dials, by["rep2"].today.contacts) == (1, 1)  # flagged, counted
    assert by["rep3"].today.dials == 0  # the training call never counts
    target = by["rep1"].today_target
    assert target is not None
    assert (target.calls, target.contacts, target.sales_amount, target.interested) == (
        20, 4, Decimal(2000), 2,
    )  # fmt: skip  # November's 420 / 84 / 42,000 / 42 over 21 working days
    assert by["rep3"].today_target is None
    assert session.last_refresh == LOOK_AT and session.zone.key == "Asia/Shanghai"


def test_figures_for_today_the_month_and_the_year_against_targets(
    session: TeamSession, qtbot: QtBot
) -> None:
    today = emitted(qtbot, session.figures_changed, session.refresh_figures)
    assert today.period == tq.Period.day(TODAY) and kind_of(today.period) is PeriodKind.TODAY
    reps = {r.rep.username: r for r in today.reps}
    assert reps["rep1"].progress["calls"].actual == 7
    assert reps["rep1"].progress["calls"].target == 20
    assert reps["rep1"].progress["interested"].met  # 4 of 2
    assert (today.total.dials, today.total.contacts, today.total.interested) == (9, 7, 4)
    assert today.target is not None and today.target.calls == 40  # REP1's and REP2's

    month = emitted(qtbot, session.figures_changed, lambda: session.refresh_figures(
        PeriodKind.MONTH))  # fmt: skip
    assert month.period == tq.Period.month(2026, 11) and session.figures_period is PeriodKind.MONTH
    assert month.target is not None and month.target.calls == 840
    assert {r.rep.username: r.figures.dials for r in month.reps}["rep1"] == 7

    year = emitted(qtbot, session.figures_changed, lambda: session.refresh_figures(
        PeriodKind.YEAR))  # fmt: skip
    assert year.period == tq.Period.year(2026)
    assert year.target is not None and year.target.sales_amount == Decimal(84000)
    assert year.total.sales_amount == Decimal("1299.50")


def test_the_assessment_has_each_month_and_the_year(session: TeamSession, qtbot: QtBot) -> None:
    found = emitted(qtbot, session.assessment_changed, session.refresh_assessment)
    assert found.year == 2026
    rep1 = next(r for r in found.reps if r.rep.username == "rep1")
    november = rep1.months[10]
    assert november.label == "2026-11" and november.figures.dials == 7
    assert november.target is not None and november.target.calls == 420
    assert rep1.months[9].figures.dials == 0 and rep1.months[9].target is None
    assert found.team_year.figures.dials == 9
    earlier = emitted(qtbot, session.assessment_changed, lambda: session.refresh_assessment(2025))
    assert earlier.year == 2025 and earlier.team_year.figures.dials == 0


def test_lists_complaint_overdue_callback_and_flagged_record(
    session: TeamSession, morning: Morning, qtbot: QtBot
) -> None:
    complaints, overdue, flagged = caught(
        [session.complaints_changed, session.overdue_changed, session.flagged_changed],
        session.refresh_lists,
    )
    assert [(c.rep_name, c.summary, c.transferred) for c in complaints] == [
        ("REP1", morning.complaint_summary, False)
    ]
    assert [(o.owner, o.lead_id, o.late_seconds) for o in overdue] == [
        ("REP1", morning.callback_lead, 28 * 60)
    ]  # due 10:12, now 10:40
    assert [(r.call_id, r.rep_name, r.flag) for r in flagged] == [
        (morning.flagged_call, "REP2", "lease_lost")
    ]


def test_records_show_the_amendment_with_its_original_and_filter(
    session: TeamSession, morning: Morning, qtbot: QtBot
) -> None:
    records, summaries = caught(
        [session.records_changed, session.summaries_changed], session.refresh_records
    )
    assert len(records) == 10  # every call of the day, the training call too
    amended = next(r for r in records if r.call_id == morning.amended_call)
    assert [(w.outcome_code, w.amends_id is not None, w.effective) for w in amended.wrapups] == [
        ("not_interested", False, False),
        ("interested", True, True),
    ]
    assert amended.wrapups[1].amend_reason == "客户改主意了"
    assert [(s.rep_name, s.dials, s.note) for s in summaries] == [("REP5", 1, "今天客户少")]

    rep1 = morning.ids["rep1"]
    mine = emitted(qtbot, session.records_changed, lambda: session.refresh_records(
        RecordQuery(rep=rep1, start=TODAY, end=TODAY, include_training=False)))  # fmt: skip
    assert {r.rep_name for r in mine} == {"REP1"} and len(mine) == 7
    sales = emitted(qtbot, session.records_changed, lambda: session.refresh_records(
        RecordQuery(outcome="sale", include_training=False)))  # fmt: skip
    assert [r.effective.amount for r in sales if r.effective] == [Decimal("1299.50")]
    pending = emitted(qtbot, session.records_changed, lambda: session.refresh_records(
        RecordQuery(outcome=tq.NOT_WRAPPED)))  # fmt: skip
    assert [r.rep_name for r in pending] == ["REP1"]  # the call still in wrap-up
    flagged = emitted(qtbot, session.records_changed, lambda: session.refresh_records(
        RecordQuery(flagged_only=True)))  # fmt: skip
    assert [r.call_id for r in flagged] == [morning.flagged_call]
    swapped = emitted(qtbot, session.records_changed, lambda: session.refresh_records(
        RecordQuery(start=TODAY + timedelta(days=1), end=TODAY - timedelta(days=1))))  # fmt: skip
    assert len(swapped) == 10  # the days given the wrong way round are swapped
    yesterday = emitted(qtbot, session.summaries_changed, lambda: session.refresh_records(
        RecordQuery(start=TODAY - timedelta(days=1), end=TODAY - timedelta(days=1))))  # fmt: skip
    assert yesterday == []


def test_charts_calls_per_hour_outcomes_and_progress(session: TeamSession, qtbot: QtBot) -> None:
    hourly, mix, progress = caught(
        [session.hourly_changed, session.outcome_mix_changed, session.progress_changed],
        session.refresh_charts,
    )
    assert len(hourly) == 24
    assert [(h.hour, h.dials, h.contacts, h.sales) for h in hourly if h.dials] == [(10, 9, 7, 1)]
    assert {s.code: s.calls for s in mix.shares} == {
        "interested": 2, "not_interested": 2, "sale": 1, "busy": 1, "complaint": 1,
        "callback": 1,
    }  # fmt: skip
    assert (mix.dials, mix.unwrapped) == (9, 1)
    assert progress.progress["calls"].actual == 9 and progress.progress["calls"].target == 40
    month = emitted(qtbot, session.progress_changed, lambda: session.refresh_charts(
        PeriodKind.MONTH))  # fmt: skip
    assert month.progress["calls"].target == 840


def test_the_outcomes_names_come_from_the_campaigns(session: TeamSession, qtbot: QtBot) -> None:
    outcomes = emitted(qtbot, session.outcomes_changed, session.refresh_outcomes)
    assert outcomes["sale"].label("zh") == "成交" and "complaint" in outcomes


class HeldExecutor(Executor):
    """Runs nothing until told: a refresh that is still running."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Future[Any], Callable[[], Any]]] = []

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        self.waiting.append((future, lambda: fn(*args, **kwargs)))
        return future

    def release(self) -> None:
        held, self.waiting = self.waiting, []
        for future, work in held:
            future.set_result(work())


def test_a_refresh_still_running_is_dropped_and_a_new_request_waits(
    morning: Morning, qtbot: QtBot
) -> None:
    held = HeldExecutor()
    session = TeamSession(make_engine(morning.url), morning.clock, morning.team_id,
                          Operations(held))  # fmt: skip
    try:
        session.refresh_board()
        session.refresh_board()  # the timer again, while the first still runs: dropped
        session.refresh_figures(PeriodKind.MONTH)
        session.refresh_figures(PeriodKind.YEAR)  # asked for: runs after, the latest wins
        session.refresh_figures(PeriodKind.TODAY)
        assert len(held.waiting) == 2 and session.is_running("board")
        _, first = caught([session.board_changed, session.figures_changed], held.release)
        assert first.period == tq.Period.month(2026, 11)
        assert not session.is_running("board") and len(held.waiting) == 1
        with qtbot.wait_signal(session.figures_changed) as latest:
            held.release()
        assert latest.args[0].period == tq.Period.day(TODAY)
        assert held.waiting == []
    finally:
        session._closed = True
        session.engine.dispose()


def test_queries_run_off_the_ui_thread(morning: Morning, qtbot: QtBot) -> None:
    engine = make_engine(morning.url)
    threads: set[int] = set()
    event.listen(engine, "before_cursor_execute", lambda *a: threads.add(threading.get_ident()))
    session = TeamSession(engine, morning.clock, morning.team_id,
                          Operations(ThreadPoolExecutor(2)))  # fmt: skip
    try:
        with qtbot.wait_signals(
            [session.board_changed, session.figures_changed, session.records_changed,
             session.flagged_changed, session.assessment_changed, session.progress_changed],
            timeout=10_000,
        ):  # fmt: skip
            session.start(timers=False)
        assert threads and threading.get_ident() not in threads
    finally:
        session.shutdown()


def test_timers_keep_the_board_fresh(session: TeamSession, qtbot: QtBot) -> None:
    session.start(timers=True)
    intervals = sorted(t.interval() for t in session._timers if t.isActive())
    assert intervals[0] == BOARD_MS and intervals[-1] == SLOW_MS


def test_an_unreachable_database_is_reported_and_nothing_else_changes(
    morning: Morning, qtbot: QtBot, tmp_path: Path
) -> None:
    gone = make_engine(f"sqlite:///{tmp_path}/no/such/dir/shared.sqlite3")
    session = TeamSession(gone, morning.clock, morning.team_id, Operations(InlineExecutor()))
    try:
        with (
            qtbot.wait_signal(session.connection_changed) as connection,
            qtbot.assert_not_emitted(session.board_changed),
            qtbot.wait_signal(session.failed) as failed,
        ):
            session.refresh_board()
        assert connection.args == [False] and session.online is False
        problem = failed.args[0]
        assert (problem.kind, problem.view) == (TeamProblemKind.UNREACHABLE, "board")
        assert "OperationalError" in problem.detail
        assert not session.is_running("board")  # the next refresh may try again
    finally:
        session.shutdown()


def test_elapsed_share_of_the_day_month_and_year() -> None:
    now = LOOK_AT.astimezone(ZoneInfo("Asia/Shanghai"))
    assert elapsed_share(PeriodKind.TODAY, now, TODAY) == pytest.approx(100 / 540)  # 9:00-18:00
    assert elapsed_share(PeriodKind.MONTH, now, date(2026, 11, 30)) == pytest.approx(25 / 30)
    assert elapsed_share(PeriodKind.YEAR, now, date(2026, 12, 31)) == pytest.approx(329 / 365)
    assert elapsed_share(PeriodKind.TODAY, now, date(2026, 11, 24)) == 1.0  # a past day
