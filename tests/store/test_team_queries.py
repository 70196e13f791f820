"""The team view's queries over records that real rep desks wrote in the same test.

Two reps of Team 1 work their leads through `DeskSession` on the simulated line and push
through their sync workers (and a third desk in training mode); then the board, the
figures against targets, the assessment, the charts, the records and the action lists
must say exactly what happened. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, insert, update

from agent_desk.clock import ManualClock
from agent_desk.desk.figures import daily_target, figures_for, start_of_local_day
from agent_desk.desk.views import AgentState, WrapupContext
from agent_desk.domain.kpi import Figures, Target, progress
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import desk_feed, schema
from agent_desk.store import team_queries as tq
from agent_desk.store.shared_apply import LEASE_LOST
from agent_desk.telephony.simulated import Behaviour, Persona
from tests.desk.conftest import SHANGHAI_MORNING, Desk, Team, open_desk, seed_team

ANSWERS = Persona("answers", Behaviour.ANSWER, rings=1)
BUSY = Persona("busy", Behaviour.BUSY, rings=0)
NO_ANSWER = Persona("no answer", Behaviour.NO_ANSWER, rings=1)
TODAY = date(2026, 11, 25)
NOV = Target(calls=110, contacts=44, sales_amount=Decimal(88000), interested=22)
OCT = Target(calls=100, contacts=40, sales_amount=Decimal(80000), interested=20)


def attempt(
    desk: Desk, qtbot: QtBot, persona: Persona, talk_s: float = 0
) -> tuple[uuid.UUID, WrapupContext]:
    """Dial the selected lead; the customer behaves as `persona`. Returns (lead, context)."""
    synced(desk)  # pushes what went before and tops the hopper up
    qtbot.wait_until(lambda: desk.session.queue.selected is not None, timeout=3000)
    selected = desk.session.queue.selected
    assert selected is not None
    desk.line.plan[selected.lead.phone_e164] = persona
    with qtbot.wait_signal(desk.session.attempt.wrapup_due, timeout=3000) as due:
        desk.session.dial_selected()
        if persona.behaviour is Behaviour.ANSWER:
            qtbot.wait_until(lambda: desk.session.status.state is AgentState.ON_CALL, timeout=3000)
            desk.clock.advance(talk_s)
            desk.session.attempt.hangup()
    return selected.lead.id, due.args[0]


def save(desk: Desk, qtbot: QtBot, ctx: WrapupContext, code: str, **fields: Any) -> None:
    person = "本人" if fields.get("intent") else "(none)"
    when = ctx.answered_at or ctx.started_at
    draft = WrapupDraft(contact_time=when, person=person, outcome_code=code, **fields)
    with qtbot.wait_signal(desk.session.attempt.wrapup_saved, timeout=3000):
        assert desk.session.save_wrapup(draft), f"the {code} draft should be valid"


def synced(*desks: Desk) -> None:
    for desk in desks:
        status = desk.sync.run_once()
        assert status.online and status.refused == "", status


@dataclass
class World:
    team: Team
    a: Desk  # rep1
    b: Desk  # rep2
    trainee: Desk  # rep2 in training mode
    rep1: int
    rep2: int
    team1: int
    team2: int
    rep3: int
    flagged_lead: uuid.UUID
    day_start: datetime
    callback_due: datetime
    team_callback_due: datetime


def _add_leads_for_rep2(team: Team) -> None:
    with team.engine.begin() as conn:
        for i in range(6):
            conn.execute(insert(schema.table(schema.Lead)).values(
                id=uuid.uuid4(), campaign_id=team.campaign_id, phone_e164=f"+861390000{i:04d}",
                name=f"乙客户{i}", company="", extra={}, timezone="Asia/Shanghai",
                assigned_user_id=team.rep_ids["rep2"], priority=100 + i, status="new",
                attempts=0, imported_at=SHANGHAI_MORNING,
            ))  # fmt: skip


def _targets_and_team2(team: Team) -> tuple[int, int, int]:
    targets = schema.table(schema.MonthlyTarget)
    with team.engine.begin() as conn:
        for user, month, t in (
            (team.rep_ids["rep1"], "2026-11", NOV),
            (team.rep_ids["rep1"], "2026-10", OCT),
            (team.rep_ids["rep2"], "2026-11", NOV),
        ):
            conn.execute(insert(targets).values(
                user_id=user, month=month, calls=t.calls, contacts=t.contacts,
                interested=t.interested, sales_cents=int(t.sales_amount * 100),
            ))  # fmt: skip
        team1 = (
            conn.execute(schema.table(schema.User).select().where(schema.User.username == "rep1"))
            .one()
            .team_id
        )
        team2 = conn.execute(
            insert(schema.table(schema.Team))
            .values(name="Team 2", created_at=SHANGHAI_MORNING)
            .returning(schema.Team.id)
        ).scalar_one()
        rep3 = conn.execute(
            insert(schema.table(schema.User))
            .values(
                username="rep3",
                display_name="REP3",
                role="rep",
                team_id=team2,
                active=True,
                created_at=SHANGHAI_MORNING,
            )
            .returning(schema.User.id)
        ).scalar_one()
        desk_feed.publish_state(conn, {
            "user_id": rep3, "desk_id": "desk-3", "state": "ready", "reason": "",
            "since": SHANGHAI_MORNING, "current_lead_id": None, "current_phone_masked": "",
            "outbox_waiting": 0, "heartbeat_at": SHANGHAI_MORNING,
        })  # fmt: skip
    return team1, team2, rep3


@pytest.fixture
def world(shared_engine: Engine, tmp_path: Path, qtbot: QtBot, qapp: object) -> Iterator[World]:
    team = seed_team(shared_engine)
    _add_leads_for_rep2(team)
    team1, team2, rep3 = _targets_and_team2(team)
    clock = ManualClock(SHANGHAI_MORNING)
    a = open_desk(shared_engine, tmp_path, clock, "rep1")
    b = open_desk(shared_engine, tmp_path, clock, "rep2")
    (tmp_path / "training").mkdir()
    trainee = open_desk(shared_engine, tmp_path / "training", clock, "rep2", training=True)
    trainee.sync.claim_leads = False
    desks = (a, b, trainee)
    synced(*desks)
    for desk in desks:
        desk.session.start(sync_thread=False)
    qtbot.wait_until(lambda: all(d.session.queue.selected is not None for d in (a, b)))
    try:
        yield _work_a_shift(team, a, b, trainee, team1, team2, rep3, qtbot)
    finally:
        for desk in desks:
            desk.session.shutdown()
            desk.repo.close()


def _work_a_shift(team: Team, a: Desk, b: Desk, trainee: Desk, team1: int, team2: int,
                  rep3: int, qtbot: QtBot) -> World:  # fmt: skip
    clock = a.clock
    day_start = start_of_local_day(clock.now())
    # rep1: a not-interested amended into a sale, a callback, a complaint, a busy line.
    _, ctx = attempt(a, qtbot, ANSWERS, 95)
    save(a, qtbot, ctx, "not_interested", intent=IntentLevel.C, satisfaction=2)
    first = next(c for c in a.repo.calls_since(day_start))[0]
    assert first.lead_id is not None
    original = a.repo.history(first.lead_id)[0].wrapups[0]
    fixed = WrapupDraft(contact_time=original.contact_time, person="本人", outcome_code="sale",
                        intent=IntentLevel.A, amount=Decimal("1299.50"),
                        satisfaction=5)  # fmt: skip
    with qtbot.wait_signal(a.session.attempt.wrapup_saved):
        assert a.session.amend(original, fixed, "she did buy", a.repo.lead(first.lead_id))
    callback_due = clock.now() + timedelta(minutes=30)
    _, ctx = attempt(a, qtbot, ANSWERS, 40)
    save(a, qtbot, ctx, "callback", intent=IntentLevel.B, followup_at=callback_due,
         satisfaction=3)  # fmt: skip
    _, ctx = attempt(a, qtbot, ANSWERS, 30)
    save(a, qtbot, ctx, "complaint", intent=IntentLevel.D, complaint_summary="来电太频繁",
         satisfaction=1)  # fmt: skip
    _, ctx = attempt(a, qtbot, BUSY)
    save(a, qtbot, ctx, "busy")
    # rep2: a team callback, no answer, and a record pushed after its lease was lost.
    team_callback_due = clock.now() + timedelta(minutes=40)
    _, ctx = attempt(b, qtbot, ANSWERS, 60)
    save(b, qtbot, ctx, "interested", intent=IntentLevel.A, followup_at=team_callback_due,
         callback_for_team=True, satisfaction=4)  # fmt: skip
    _, ctx = attempt(b, qtbot, NO_ANSWER)
    save(b, qtbot, ctx, "no_answer")
    synced(a, b)
    flagged_lead, ctx = attempt(b, qtbot, ANSWERS, 20)
    save(b, qtbot, ctx, "not_interested", intent=IntentLevel.D)
    with team.engine.begin() as conn:  # the lease ran out meanwhile and went back
        conn.execute(
            update(schema.table(schema.Lead))
            .where(schema.Lead.id == flagged_lead)
            .values(lease_user_id=None, lease_desk=None, lease_expires_at=None)
        )
    # rep2 practises: a sale that must never count.
    qtbot.wait_until(lambda: trainee.session.queue.selected is not None)
    _, ctx = attempt(trainee, qtbot, ANSWERS, 50)
    save(trainee, qtbot, ctx, "sale", intent=IntentLevel.A, amount=Decimal(100), satisfaction=5)
    synced(a, b, trainee)
    return World(team, a, b, trainee, team.rep_ids["rep1"], team.rep_ids["rep2"], team1, team2,
                 rep3, flagged_lead, day_start, callback_due, team_callback_due)  # fmt: skip


def desk_figures(desk: Desk, since: datetime) -> Figures:
    return figures_for(desk.repo.calls_since(since), desk.session.campaigns)


def test_figures_agree_with_the_desks_to_the_cent(world: World) -> None:
    with world.team.engine.connect() as conn:
        today = tq.figures(conn, tq.Period.day(TODAY), world.team1)
        month = tq.figures(conn, tq.Period.month(2026, 11), world.team1)
    by_rep = {r.rep.user_id: r for r in today.reps}
    assert set(by_rep) == {world.rep1, world.rep2}
    one, two = by_rep[world.rep1].figures, by_rep[world.rep2].figures
    assert one == desk_figures(world.a, world.day_start)
    assert two == desk_figures(world.b, world.day_start)  # the training desk's sale: not here
    assert (one.dials, one.contacts, one.talk_seconds) == (4, 3, 165)
    assert (one.sales_count, one.sales_amount, one.callbacks_set) == (1, Decimal("1299.50"), 1)
    assert dict(one.intents) == {IntentLevel.A: 1, IntentLevel.B: 1, IntentLevel.C: 0,
                                 IntentLevel.D: 1}  # fmt: skip
    assert (two.dials, two.contacts, two.talk_seconds, two.interested) == (3, 2, 80, 1)
    # Customer satisfaction: the amendment's 5 replaced the original's 2; rep2's unrated
    # contact and the training sale's 5 do not count.
    assert (one.rated, one.satisfaction_sum, one.avg_satisfaction) == (3, 9, 3.0)
    assert (two.rated, two.satisfaction_sum, two.avg_satisfaction) == (1, 4, 4.0)
    assert today.total.avg_satisfaction == 13 / 4
    assert today.total == one + two
    daily = daily_target(NOV, world.a.clock.now())
    assert by_rep[world.rep1].target == daily
    share = tq.daily_share(NOV, TODAY)
    assert share == daily
    assert today.target == Target(2 * share.calls, 2 * share.contacts,
                                  2 * share.sales_amount, 2 * share.interested)  # fmt: skip
    assert by_rep[world.rep1].progress == progress(one, daily)
    assert month.total == today.total
    assert month.target == Target(220, 88, Decimal(176000), 44)
    assert month.progress == progress(month.total, month.target)


def test_assessment_sums_months_and_targets(world: World) -> None:
    with world.team.engine.connect() as conn:
        result = tq.assessment(conn, 2026, world.team1)
    rep1 = next(r for r in result.reps if r.rep.user_id == world.rep1)
    assert [m.label for m in rep1.months][:2] == ["2026-01", "2026-02"]
    assert rep1.months[9].figures == Figures.empty() and rep1.months[9].target == OCT
    assert rep1.months[10].figures == desk_figures(world.a, world.day_start)
    assert rep1.year.target == Target(210, 84, Decimal(168000), 42)
    assert rep1.year.progress["calls"].actual == 4
    assert (
        result.team_year.figures
        == rep1.year.figures
        + next(r for r in result.reps if r.rep.user_id == world.rep2).year.figures
    )
    assert result.team_months[10].target == Target(220, 88, Decimal(176000), 44)
    assert (result.team_year.figures.rated, result.team_year.figures.satisfaction_sum) == (4, 13)
    assert rep1.months[9].figures.avg_satisfaction is None  # nothing rated: no average


def test_charts_count_the_day_and_the_outcomes(world: World) -> None:
    with world.team.engine.connect() as conn:
        hours = tq.calls_per_hour(conn, TODAY, world.team1)
        mix = tq.outcome_mix(conn, tq.Period.day(TODAY), world.team1)
        year_mix = tq.outcome_mix(conn, tq.Period.year(2026), world.team1)
        across = tq.outcome_mix(
            conn, tq.Period(date(2026, 10, 15), date(2026, 11, 30)), world.team1
        )
        before = tq.outcome_mix(conn, tq.Period(date(2026, 11, 1), date(2026, 11, 24)), world.team1)
    assert len(hours) == 24 and sum(h.dials for h in hours) == 7
    assert hours[10] == tq.HourCount(10, 7, 5, 1)  # 10:00-10:05 in Shanghai
    assert {s.code: s.calls for s in mix.shares} == {
        "sale": 1, "callback": 1, "complaint": 1, "busy": 1, "interested": 1,
        "no_answer": 1, "not_interested": 1,
    }  # fmt: skip
    assert (mix.dials, mix.unwrapped) == (7, 0)
    assert next(s for s in mix.shares if s.code == "sale").label_zh == "成交"
    assert year_mix.shares == mix.shares == across.shares  # whole months, and days around
    assert (before.shares, before.dials) == ((), 0)


def test_records_show_amendments_under_the_original(world: World) -> None:
    with world.team.engine.connect() as conn:
        mine = tq.records(conn, tq.RecordFilter(rep=world.rep1))
        sales = tq.records(conn, tq.RecordFilter(team_id=world.team1, outcome="sale"))
        real_sales = tq.records(
            conn, tq.RecordFilter(team_id=world.team1, outcome="sale", include_training=False)
        )
        dropped = tq.records(conn, tq.RecordFilter(rep=world.rep1, outcome="not_interested"))
        page = tq.records(conn, tq.RecordFilter(rep=world.rep1, limit=2, offset=2))
        first = tq.records(conn, tq.RecordFilter(rep=world.rep1, limit=2))
        second = tq.records(conn, tq.RecordFilter(rep=world.rep1, limit=2, before=first[-1].cursor))
        flagged = tq.flagged_records(conn, world.team1)
        training = tq.records(conn, tq.RecordFilter(rep=world.rep2, include_training=False))
        everything = tq.records(conn, tq.RecordFilter(rep=world.rep2))
    assert len(mine) == 4 and mine == sorted(mine, key=lambda r: r.started_at, reverse=True)
    amended = mine[-1]
    assert [(w.outcome_code, w.effective) for w in amended.wrapups] == [
        ("not_interested", False), ("sale", True),
    ]  # fmt: skip
    assert amended.wrapups[1].amends_id == amended.wrapups[0].id
    assert amended.effective is not None and amended.effective.amount == Decimal("1299.50")
    assert [r.call_id for r in real_sales] == [amended.call_id]
    assert [r.training for r in sales] == [True, False]  # the practice sale came later
    assert dropped == []  # the original said not interested; the amendment counts
    assert [r.call_id for r in page] == [r.call_id for r in mine[2:]]
    assert [r.call_id for r in first + second] == [r.call_id for r in mine]
    assert [(r.lead_id, r.flag) for r in flagged] == [(world.flagged_lead, LEASE_LOST)]
    assert len(training) == 3 and len(everything) == 4
    assert [r.training for r in everything].count(True) == 1
    shown = repr(mine + flagged + everything)
    assert not any(phone in shown for phone in world.team.phones)
    assert "+86 138" in shown and "****" in shown


def test_lists_that_need_action(world: World) -> None:
    later = world.a.clock.now() + timedelta(hours=2)
    with world.team.engine.connect() as conn:
        complaints = tq.open_complaints(conn, world.team1)
        overdue = tq.overdue_callbacks(conn, later, world.team1)
        not_yet = tq.overdue_callbacks(conn, world.callback_due, world.team1)
        other_team = tq.overdue_callbacks(conn, later, world.team2)
    assert [(c.rep_name, c.summary, c.transferred) for c in complaints] == [
        ("REP1", "来电太频繁", False)
    ]
    assert complaints[0].phone_masked.startswith("+86 138") and "*" in complaints[0].phone_masked
    assert [(c.owner, c.due_at, c.late_seconds) for c in overdue] == [
        ("REP1", world.callback_due, int((later - world.callback_due).total_seconds())),
        (tq.TEAM_OWNER, world.team_callback_due,
         int((later - world.team_callback_due).total_seconds())),
    ]  # fmt: skip
    assert overdue[1].created_by == "REP2" and overdue[0].lead_name.startswith("客户")
    assert not_yet == [] and other_team == []


def test_shift_summaries_the_reps_confirmed(world: World, qtbot: QtBot) -> None:
    b = world.b
    with qtbot.wait_signal(b.session.shift.summary_ready) as ready:
        b.session.end_shift()
    with qtbot.wait_signal(b.session.shift_ended):
        b.session.confirm_shift(ready.args[0], "good day")
    now = b.clock.now()
    with world.team.engine.connect() as conn:
        summaries = tq.shift_summaries(conn, world.day_start, now + timedelta(seconds=1),
                                       world.team1)  # fmt: skip
        board = {r.rep.user_id: r for r in tq.board(conn, now, world.team1)}
    assert [(s.rep_name, s.dials, s.contacts, s.note) for s in summaries] == [
        ("REP2", 3, 2, "good day")
    ]
    assert summaries[0].figures == desk_figures(b, world.day_start)
    assert (board[world.rep2].state, board[world.rep2].reason) == ("offline", "shift_end")
    assert board[world.rep2].attention == ()


def test_board_states_and_what_stands_out(world: World, qtbot: QtBot) -> None:
    a, b, clock, engine = world.a, world.b, world.a.clock, world.team.engine

    def board() -> dict[int, tq.BoardRow]:
        with engine.connect() as conn:
            return {r.rep.user_id: r for r in tq.board(conn, clock.now(), world.team1)}

    rows = board()
    assert set(rows) == {world.rep1, world.rep2}  # Team 2's rep3 is not on it
    one = rows[world.rep1]
    assert (one.state, one.attention, one.today.dials) == ("ready", (), 4)
    assert one.today == desk_figures(a, world.day_start)
    assert one.today_target == daily_target(NOV, clock.now())
    assert one.progress == progress(one.today, daily_target(NOV, clock.now()))

    # On a call past the campaign's 300 s soft limit; rep2 on a short break.
    lead = a.session.queue.selected
    assert lead is not None
    a.line.plan[lead.lead.phone_e164] = ANSWERS
    a.session.dial_selected()
    qtbot.wait_until(lambda: a.session.status.state is AgentState.ON_CALL, timeout=3000)
    b.session.pause("break")
    clock.advance(301)
    synced(a, b)
    rows = board()
    assert (rows[world.rep1].state, rows[world.rep1].state_seconds) == ("on_call", 301)
    assert rows[world.rep1].attention == (tq.Attention.OVER_LIMIT,)
    assert rows[world.rep1].lead_id == lead.lead.id and rows[world.rep1].soft_limit_s == 300
    assert rows[world.rep1].phone_masked.startswith("+86 138")
    assert rows[world.rep1].phone_masked != lead.lead.phone_e164
    assert (rows[world.rep2].state, rows[world.rep2].reason) == ("paused", "break")
    assert rows[world.rep2].attention == ()

    # A wrap-up left open and a break, both over 20 minutes.
    with qtbot.wait_signal(a.session.attempt.wrapup_due) as due:
        a.session.attempt.hangup()
    clock.advance(20 * 60)
    synced(a, b)
    rows = board()
    assert rows[world.rep1].attention == (tq.Attention.LONG_WRAPUP,)
    assert rows[world.rep2].attention == (tq.Attention.LONG_PAUSE,)

    # Lunch may last an hour.
    b.session.resume()
    b.session.pause("lunch")
    clock.advance(30 * 60)
    synced(a, b)
    assert board()[world.rep2].attention == ()
    clock.advance(31 * 60)
    synced(a, b)
    assert board()[world.rep2].attention == (tq.Attention.LONG_PAUSE,)

    # rep1 saves, the desk's last heartbeat said 1 waiting, then it goes quiet.
    save(a, qtbot, due.args[0], "not_interested", intent=IntentLevel.D)
    with engine.begin() as conn:
        desk_feed.publish_state(conn, {
            "user_id": world.rep1, "desk_id": a.session.desk_id, "state": "ready",
            "reason": "", "since": clock.now(),
            "current_lead_id": None, "current_phone_masked": "",
            "outbox_waiting": a.repo.waiting(), "heartbeat_at": clock.now(),
        })  # fmt: skip
    assert a.repo.waiting() > 0
    clock.advance(120)
    synced(b)
    row = board()[world.rep1]
    assert (row.state, row.stale, row.state_seconds) == ("offline", True, 120)
    assert row.attention == (tq.Attention.OFFLINE_WAITING,)
    synced(a)
    row = board()[world.rep1]
    assert (row.state, row.attention, row.today.dials) == ("ready", (), 5)
    assert row.today == desk_figures(a, world.day_start)


def test_team_defaults_need_a_team_without_a_login(world: World) -> None:
    with world.team.engine.connect() as conn, pytest.raises(ValueError, match="team_id"):
        tq.board(conn, world.a.clock.now())


def test_bad_filters_and_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="limit"):
        tq.RecordFilter(limit=0)
    with pytest.raises(ValueError, match="offset"):
        tq.RecordFilter(offset=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        tq.RecordFilter(since=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="before it starts"):
        tq.Period(date(2026, 2, 1), date(2026, 1, 1))
    assert tq.Period.month(2026, 2).months() == ["2026-02"]
    assert tq.Period(date(2025, 12, 30), date(2026, 2, 1)).months() == [
        "2025-12", "2026-01", "2026-02",
    ]  # fmt: skip
