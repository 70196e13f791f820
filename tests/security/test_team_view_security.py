"""The team view as the people log in: a supervisor reads their team's figures only, a rep
their own, nobody writes the rollups (the triggers do), and a rep's own pushes count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from agent_desk.clock import ManualClock
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store import security, settings_repo
from agent_desk.store import team_queries as tq
from tests.desk.conftest import open_desk
from tests.desk.test_session_rules import ANSWERS, call_and_hang_up, save
from tests.security.conftest import NOW, People
from tests.security.refusals import refused, rows

pytestmark = pytest.mark.postgres

ROLLUPS = ("rep_day_figures", "rep_day_outcomes")
TODAY = date(2026, 11, 25)


def users_in(engine: object, table: str) -> set[int]:
    return {row[0] for row in rows(engine, f"SELECT user_id FROM {table}")}  # type: ignore[arg-type]


def rep_a_sells_through_their_own_login(people: People, tmp_path: Path, qtbot: QtBot) -> None:
    """A whole attempt at rep a's desk, pushed with rep a's login (row security on)."""
    rep = people.login("a")
    clock = ManualClock(NOW)
    desk = open_desk(rep, tmp_path, clock, username=people.names["a"])
    try:
        desk.sync.run_once()
        desk.session.start(sync_thread=False)
        qtbot.wait_until(lambda: desk.session.queue.selected is not None)
        selected = desk.session.queue.selected
        assert selected is not None
        desk.line.plan[selected.lead.phone_e164] = ANSWERS
        ctx = call_and_hang_up(desk, qtbot, talk_s=70)
        save(desk, qtbot, WrapupDraft(contact_time=ctx.answered_at, person="本人",  # type: ignore[attr-defined]
                                      outcome_code="sale", intent=IntentLevel.A,
                                      amount=Decimal("888.00")))  # fmt: skip
        status = desk.sync.run_once()
        assert status.online and status.refused == "", status
    finally:
        desk.session.shutdown()
        desk.repo.close()


def test_each_reads_only_the_figures_they_may(
    people: People, tmp_path: Path, qtbot: QtBot, qapp: object
) -> None:
    rep_a_sells_through_their_own_login(people, tmp_path, qtbot)
    a, b, c = people.ids["a"], people.ids["b"], people.ids["c"]
    for table in ROLLUPS:  # every rep has rows (b's and c's were written by the owner)
        assert users_in(people.owner, table) == {a, b, c}, table
        assert users_in(people.login("sup"), table) == {a, b}, table
        assert users_in(people.login("sup2"), table) == {c}, table
        assert users_in(people.login("a"), table) == {a}, table
        assert users_in(people.login("c"), table) == {c}, table
        assert users_in(people.login("admin"), table) == {a, b, c}, table
    sale = rows(people.login("a"), "SELECT dials, sales_count, sales_cents FROM rep_day_figures")
    assert [tuple(r) for r in sale] == [(1, 1, 88800)]


def test_a_supervisors_team_view_is_their_team(
    people: People, tmp_path: Path, qtbot: QtBot, qapp: object
) -> None:
    rep_a_sells_through_their_own_login(people, tmp_path, qtbot)
    a, b = people.ids["a"], people.ids["b"]
    with people.login("sup").connect() as conn:
        assert tq.caller_team(conn) == people.team_ids["1"]
        board = tq.board(conn, NOW + timedelta(seconds=30))  # the caller's team
        today = tq.figures(conn, tq.Period.day(TODAY))
        year = tq.assessment(conn, 2026)
        mix = tq.outcome_mix(conn, tq.Period.day(TODAY))
        records = tq.records(conn, tq.RecordFilter())
        complaints = tq.open_complaints(conn)
        other = tq.figures(conn, tq.Period.day(TODAY), people.team_ids["2"])
        peek = tq.records(conn, tq.RecordFilter(rep=people.ids["c"]))
    assert {r.rep.user_id for r in board} == {a, b}
    by_rep = {r.rep.user_id: r.figures for r in today.reps}
    assert (by_rep[a].sales_count, by_rep[a].sales_amount) == (1, Decimal("888.00"))
    assert (by_rep[b].dials, by_rep[b].contacts) == (1, 1)
    assert year.team_year.figures == today.total
    assert {s.code: s.calls for s in mix.shares} == {"sale": 1, "complaint": 1}
    assert {r.user_id for r in records} == {a, b}
    assert [c.user_id for c in complaints] == [b]
    assert other.reps == () and peek == []  # team 2 is not theirs to see


@pytest.mark.parametrize("table", ROLLUPS)
@pytest.mark.parametrize("who", ["sup", "a", "admin"])
def test_nobody_writes_the_rollups(people: People, table: str, who: str) -> None:
    engine = people.login(who)
    me = people.ids[who]
    refused(engine, f"INSERT INTO {table} (user_id, day) VALUES (:me, '2026-11-25')", {"me": me})
    refused(engine, f"UPDATE {table} SET user_id = user_id")
    refused(engine, f"DELETE FROM {table}")
    refused(engine, f"TRUNCATE {table}")


def test_only_an_admin_sets_the_zone_and_recounts(people: People) -> None:
    for who in ("sup", "a"):
        refused(people.login(who), "UPDATE settings SET value = 'UTC'")
        refused(people.login(who), "SELECT agent_desk_rebuild_team_figures()")
        refused(people.login(who), "INSERT INTO report_tz_offsets VALUES (now(), 0)")
    assert rows(people.login("sup"), "SELECT value FROM settings")[0].value == "Asia/Shanghai"
    with Session(people.login("admin")) as s, s.begin():
        settings_repo.set_report_timezone(s, "America/New_York", actor="admin")
    # NOW is 10:00 in Shanghai, 21:00 the day before in New York.
    days = rows(people.owner, "SELECT DISTINCT day FROM rep_day_figures")
    assert [r.day for r in days] == [date(2026, 11, 24)]


def test_security_refresh_keeps_the_team_policies(people: People) -> None:
    with people.owner.begin() as conn:
        security.refresh(conn)
        policies = {
            r.policyname
            for r in conn.execute(
                text("SELECT policyname FROM pg_policies WHERE tablename = 'rep_day_figures'")
            )
        }
    assert policies == {
        "rep_day_figures_rep_select",
        "rep_day_figures_supervisor_select",
        "rep_day_figures_admin_all",
    }
    assert users_in(people.login("sup"), "rep_day_figures") == {people.ids["b"]}
    refused(people.login("admin"), "DELETE FROM rep_day_figures")
