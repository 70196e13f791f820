"""Calls the customer makes to the desk (SQLite and PostgreSQL).

The rule (``domain.call_state.CallDirection``): an inbound call is not a dial and not an
attempt on its lead; its wrap-up counts like any other, so a contact outcome is a contact.
A desk killed during an inbound call comes back owing its wrap-up as an incoming call, and
a desk database from the schema before that (version 1) upgrades keeping the wrap-up it owes.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agent_desk.clock import ManualClock
from agent_desk.desk.views import AgentState, RefusalKind, WrapupContext
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import schema, team_queries
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_schema import DESK_SCHEMA_VERSION
from agent_desk.store.team_queries_base import Period

from .conftest import Desk, Team, open_desk
from .test_session_rules import ANSWERS, call_and_hang_up, save

V1_FILE = Path(__file__).with_name("data") / "desk_v1.sql"
V1_CALL = "11111111-2222-4333-8444-555555555555"
V1_LEAD = "66666666-7777-4888-9999-000000000000"


def ring_in_and_answer(desk: Desk, qtbot: QtBot, phone: str) -> None:
    session = desk.session
    with qtbot.wait_signal(session.inbound.offered, timeout=2000):
        desk.line.ring_in(phone, ANSWERS)
    session.answer_incoming()
    qtbot.wait_until(lambda: session.status.state is AgentState.ON_CALL, timeout=2000)


def take_inbound_call(desk: Desk, qtbot: QtBot, phone: str, talk_s: float = 30) -> WrapupContext:
    with qtbot.wait_signal(desk.session.attempt.wrapup_due, timeout=2000) as due:
        ring_in_and_answer(desk, qtbot, phone)
        desk.clock.advance(talk_s)
        desk.session.attempt.hangup()
    ctx: WrapupContext = due.args[0]
    return ctx


def shared_lead(team: Team, index: int) -> Any:
    with team.engine.connect() as conn:
        return conn.execute(
            select(schema.Lead.__table__).where(schema.Lead.id == team.lead_ids[index])
        ).one()


def day_figures(team: Team) -> Any:
    with team.engine.connect() as conn:
        return conn.execute(
            select(schema.RepDayFigures.__table__).where(
                schema.RepDayFigures.user_id == team.rep_ids["rep1"]
            )
        ).one()


def test_an_inbound_call_is_neither_a_dial_nor_an_attempt(
    desk: Desk, team: Team, qtbot: QtBot
) -> None:
    desk.line.plan[team.phones[0]] = ANSWERS
    ctx = call_and_hang_up(desk, qtbot)
    save(desk, qtbot, WrapupDraft(contact_time=ctx.answered_at, person="本人",
                                  outcome_code="no_answer"))  # fmt: skip
    desk.sync_now()
    dialled = shared_lead(team, 0)
    local = desk.repo.lead(team.lead_ids[0])
    assert local is not None and (dialled.attempts, local.attempts) == (1, 1)

    desk.clock.advance(600)  # the customer calls back ten minutes later
    inbound = take_inbound_call(desk, qtbot, team.phones[0])
    assert inbound.direction == "in" and inbound.lead is not None
    save(desk, qtbot, WrapupDraft(contact_time=inbound.answered_at, person="本人",
                                  outcome_code="wrong_number"))  # fmt: skip
    desk.sync_now()

    after = shared_lead(team, 0)
    assert (after.attempts, after.last_attempt_at) == (1, dialled.last_attempt_at)
    assert after.next_attempt_at == dialled.next_attempt_at  # the gap was not restarted
    local = desk.repo.lead(team.lead_ids[0])
    assert local is not None and local.attempts == 1
    assert local.next_attempt_at == ctx.answered_at + timedelta(minutes=60)
    with qtbot.wait_signal(desk.session.attempt.dial_refused) as refused:
        desk.session.dial_lead(team.lead_ids[0])
    assert refused.args[0].kind is RefusalKind.TOO_SOON
    assert refused.args[0].not_before == ctx.answered_at + timedelta(minutes=60)
    with team.engine.connect() as conn:
        directions = conn.scalars(
            select(schema.CallRecord.direction).order_by(schema.CallRecord.started_at)
        ).all()
    assert directions == ["out", "in"]
    row = day_figures(team)
    assert (row.dials, row.inbound_calls, row.contacts) == (1, 1, 0)


def test_a_contact_on_an_inbound_call_counts_as_a_contact(
    desk: Desk, team: Team, qtbot: QtBot
) -> None:
    inbound = take_inbound_call(desk, qtbot, team.phones[1], talk_s=75)
    save(desk, qtbot, WrapupDraft(contact_time=inbound.answered_at, person="本人",
                                  outcome_code="not_interested", intent=IntentLevel.D))  # fmt: skip
    with qtbot.wait_signal(desk.session.shift.summary_ready) as ready:
        desk.session.end_shift()
    figures = ready.args[0].figures
    assert (figures.dials, figures.inbound, figures.contacts) == (0, 1, 1)
    assert figures.talk_seconds == 75
    with qtbot.wait_signal(desk.session.shift_ended):
        desk.session.confirm_shift(ready.args[0])

    lead = shared_lead(team, 1)
    assert (lead.attempts, lead.last_attempt_at, lead.status) == (0, None, "done")
    row = day_figures(team)
    assert (row.dials, row.inbound_calls, row.contacts, row.talk_seconds) == (0, 1, 1, 75)
    with team.engine.connect() as conn:
        shift = conn.execute(select(schema.ShiftSummary.__table__)).one()
        team_id = conn.scalar(select(schema.User.team_id).where(schema.User.username == "rep1"))
        team_figures = team_queries.figures(conn, Period.day(row.day), team_id)
        hours = team_queries.calls_per_hour(conn, row.day, team_id)
    assert (shift.dials, shift.inbound_calls, shift.contacts) == (0, 1, 1)
    total = team_figures.total
    assert (total.dials, total.inbound, total.contacts) == (0, 1, 1)
    assert (sum(h.dials for h in hours), sum(h.contacts for h in hours)) == (0, 1)


def test_desk_killed_mid_inbound_call_comes_back_owing_an_incoming_call(
    team: Team, tmp_path: Path, clock: ManualClock, qtbot: QtBot
) -> None:
    first = open_desk(team.engine, tmp_path, clock)
    first.sync_now()
    first.session.start(sync_thread=False)
    ring_in_and_answer(first, qtbot, team.phones[2])
    first.repo.close()  # killed: no shutdown

    second = open_desk(team.engine, tmp_path, clock)
    with qtbot.wait_signal(second.session.attempt.wrapup_due) as due:
        second.session.start(sync_thread=False)
    restored = due.args[0]
    assert restored.restored and restored.direction == "in"
    save(second, qtbot, WrapupDraft(contact_time=restored.started_at, person="本人",
                                    outcome_code="no_answer"))  # fmt: skip
    second.sync_now()
    with team.engine.connect() as conn:
        call = conn.execute(select(schema.CallRecord.__table__)).one()
    assert (call.direction, call.end_reason) == ("in", "failed")
    assert shared_lead(team, 2).attempts == 0
    row = day_figures(team)
    assert (row.dials, row.inbound_calls) == (0, 1)
    second.session.shutdown()
    second.repo.close()


def make_v1_file(path: Path, team: Team | None = None) -> None:
    """The desk file a version-1 desk left: killed while owing a wrap-up."""
    sql = V1_FILE.read_text(encoding="utf-8")
    if team is not None:  # the owed call is on this team's first lead
        lead = team.lead_ids[0]
        sql = sql.replace(V1_LEAD, str(lead)).replace(V1_LEAD.replace("-", ""), lead.hex)
        assert team.phones[0] == "+8613800000000" and team.campaign_id == 1
    with sqlite3.connect(path) as conn:
        conn.executescript(sql)


def test_a_version_1_desk_file_upgrades_keeping_what_it_owes(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    make_v1_file(path)
    repo = DeskRepo.open(path)
    try:
        assert repo.kv_get("schema_version") == DESK_SCHEMA_VERSION == 2
        pending = repo.pending()
        assert pending is not None and str(pending.call_id) == V1_CALL
        assert pending.direction == "out" and pending.end_reason == "agent_hangup"
        assert pending.draft is not None and pending.draft["note"] == "typed before the upgrade"
        assert [item.entity_id for item in repo.outbox_batch(10)] == [V1_CALL]
        assert repo.desk_id() == "desk-v1fixture0"
    finally:
        repo.close()
    reopened = DeskRepo.open(path)  # a second start finds version 2 and changes nothing
    try:
        pending = reopened.pending()
        assert pending is not None and pending.direction == "out"
    finally:
        reopened.close()


def test_a_desk_upgraded_from_version_1_still_owes_its_wrapup(
    team: Team, tmp_path: Path, clock: ManualClock, qtbot: QtBot
) -> None:
    make_v1_file(tmp_path / "desk-rep1.sqlite3", team)
    desk = open_desk(team.engine, tmp_path, clock)
    desk.sync_now()
    with qtbot.wait_signal(desk.session.attempt.wrapup_due) as due:
        desk.session.start(sync_thread=False)
    owed = due.args[0]
    assert owed.restored and str(owed.call_id) == V1_CALL and owed.direction == "out"
    assert owed.draft.person == "王先生" and owed.talk_seconds == 42
    save(desk, qtbot, WrapupDraft(contact_time=owed.answered_at, person="王先生",
                                  outcome_code="not_interested", intent=IntentLevel.D))  # fmt: skip
    desk.sync_now()
    with team.engine.connect() as conn:
        call = conn.execute(select(schema.CallRecord.__table__)).one()
        wrap = conn.execute(select(schema.Wrapup.__table__)).one()
    assert str(call.id) == V1_CALL and call.direction == "out" and wrap.call_id == call.id
    assert shared_lead(team, 0).attempts == 1
    desk.session.shutdown()
    desk.repo.close()
