"""The figure rollups the database keeps with triggers (SQLite and PostgreSQL).

Whatever order calls, wrap-ups and amendments arrive in, pushed once or twice, training
or not, ``rep_day_figures`` and ``rep_day_outcomes`` equal what ``domain.kpi.compute``
makes of the raw rows, by local day of the reporting zone; recounting (setting the zone)
gives the same; days fall right around daylight-saving switches.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, delete, insert, inspect, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_desk.admin.cli import main
from agent_desk.domain.call_state import CallDirection
from agent_desk.domain.kpi import AttemptFact, Figures, compute
from agent_desk.domain.outcomes import STANDARD_OUTCOMES, IntentLevel
from agent_desk.store import schema, settings_repo
from agent_desk.store.admin_common import AdminError
from agent_desk.store.migrate import alembic_config
from agent_desk.store.shared_apply import insert_ignore
from agent_desk.store.team_queries_base import figures_from
from tests.desk.conftest import seed_team

CALLS = schema.table(schema.CallRecord)
WRAPUPS = schema.table(schema.Wrapup)
FIGURES = schema.table(schema.RepDayFigures)
OUTCOMES = schema.table(schema.RepDayOutcome)
MONTH_OUTCOMES = schema.table(schema.RepMonthOutcome)
USERS = schema.table(schema.User)
BY_CODE = {o.code: o for o in STANDARD_OUTCOMES}
# Saturday evening in New York, the day before clocks go forward (2026-03-08 07:00 UTC).
BASE = datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
ZONES = ["Asia/Shanghai", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"]

_users = itertools.count(1)


def add_rep(engine: Engine, team_id: int | None = None) -> int:
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(USERS)
                .values(
                    username=f"prop{next(_users)}_{uuid.uuid4().hex[:6]}",
                    display_name="Prop",
                    role="rep",
                    team_id=team_id,
                    active=True,
                    created_at=BASE,
                )
                .returning(USERS.c.id)
            ).scalar_one()
        )


def call_row(user_id: int, started: datetime, talk: int, training: bool, campaign: int | None,
             direction: str = "out"):  # fmt: skip
    return {
        "id": uuid.uuid4(), "lead_id": None, "campaign_id": campaign, "user_id": user_id,
        "desk_id": "desk-prop", "direction": direction, "phone_e164": "+8613800000000",
        "line_backend": "simulated", "started_at": started, "answered_at": None,
        "ended_at": started + timedelta(seconds=max(talk, 0)), "ring_count": 1,
        "talk_seconds": talk, "end_reason": "agent_hangup", "training": training,
        "received_at": started,
    }  # fmt: skip


def wrapup_row(call: dict[str, Any], code: str, intent: str | None, cents: int | None,
               created: datetime, amends: uuid.UUID | None,
               satisfaction: int | None = None) -> dict[str, Any]:  # fmt: skip
    outcome = BY_CODE[code]
    return {
        "id": uuid.uuid4(), "call_id": call["id"], "lead_id": None,
        "user_id": call["user_id"], "contact_time": call["started_at"], "person": "本人",
        "outcome_code": code, "is_contact": outcome.contact, "is_sale": outcome.sale,
        "intent": intent, "tags": [], "note": "", "amount_cents": cents,
        "followup_at": None, "complaint_summary": "", "opening_done": True,
        # The database refuses a rating on a non-contact (a CHECK): none is made.
        "satisfaction": satisfaction if outcome.contact else None, "amends_id": amends,
        "amend_reason": "fix" if amends else "",
        "training": call["training"], "created_at": created, "received_at": created,
    }  # fmt: skip


def effective_key(w: dict[str, Any]) -> tuple[Any, ...]:
    return (w["created_at"], w["amends_id"] is not None, w["id"])


def expected(
    calls: list[dict[str, Any]], wraps: list[dict[str, Any]], zone: ZoneInfo
) -> tuple[dict[date, Figures], Counter[tuple[date, str]]]:
    """What kpi.compute makes of the raw rows, per local day; and outcomes per day."""
    latest: dict[uuid.UUID, dict[str, Any]] = {}
    for w in wraps:
        if w["call_id"] not in latest or effective_key(w) > effective_key(latest[w["call_id"]]):
            latest[w["call_id"]] = w
    facts: dict[date, list[AttemptFact]] = defaultdict(list)
    mix: Counter[tuple[date, str]] = Counter()
    for call in calls:
        day = call["started_at"].astimezone(zone).date()
        w = latest.get(call["id"])
        cents = None if w is None else w["amount_cents"]
        facts[day].append(
            AttemptFact(
                started_at=call["started_at"],
                talk_seconds=call["talk_seconds"],
                outcome=None if w is None else BY_CODE[w["outcome_code"]],
                intent=None if w is None or w["intent"] is None else IntentLevel(w["intent"]),
                amount=None if cents is None else Decimal(cents) / 100,
                training=call["training"],
                satisfaction=None if w is None else w["satisfaction"],
                direction=CallDirection(call["direction"]),
            )
        )
        if w is not None and not call["training"]:
            mix[(day, w["outcome_code"])] += 1
    figures = {day: compute(f) for day, f in facts.items() if any(not x.training for x in f)}
    return figures, mix


def rollups(conn: Connection, user_id: int) -> tuple[dict[date, Figures], Counter[Any]]:
    rows = conn.execute(select(FIGURES).where(FIGURES.c.user_id == user_id)).mappings()
    figures = {row["day"]: figures_from(row) for row in rows}
    mix: Counter[tuple[date, str]] = Counter()
    for row in conn.execute(select(OUTCOMES).where(OUTCOMES.c.user_id == user_id)):
        if row.calls:
            mix[(row.day, row.outcome_code)] = row.calls
    by_month: Counter[tuple[date, str]] = Counter()
    for (day, code), calls in mix.items():
        by_month[(day.replace(day=1), code)] += calls
    months = conn.execute(select(MONTH_OUTCOMES).where(MONTH_OUTCOMES.c.user_id == user_id))
    assert {(r.month, r.outcome_code): r.calls for r in months if r.calls} == by_month
    return figures, mix


def set_zone(engine: Engine, zone: str) -> None:
    with Session(engine) as s, s.begin():
        settings_repo.set_report_timezone(s, zone, actor="tests")


wrapup_plan = st.tuples(
    st.sampled_from(sorted(BY_CODE)),
    st.one_of(st.none(), st.sampled_from("ABCD")),
    st.one_of(st.none(), st.integers(0, 10_000_000)),
    st.integers(0, 3).map(lambda n: n * 30),  # created_at offset: ties happen
    st.one_of(st.none(), st.integers(1, 5)),  # the customer's rating, if any
)
call_plan = st.tuples(
    st.integers(0, 4 * 24 * 60),  # minutes after BASE: across midnights and a DST switch
    st.integers(-5, 900),
    st.sampled_from([False, False, False, True]),  # some training calls
    st.booleans(),  # with the campaign, or without (dial pad)
    st.lists(wrapup_plan, max_size=4),
    st.sampled_from(["out", "out", "in"]),  # some calls the customer made: not dials
)


@pytest.fixture
def campaign_id(shared_engine: Engine) -> int:
    return seed_team(shared_engine, leads=0).campaign_id


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(call_plan, min_size=1, max_size=8),
    zone=st.sampled_from(ZONES),
    order=st.randoms(use_true_random=False),
    repush=st.booleans(),
)
def test_rollups_equal_kpi_compute_over_raw_rows(
    shared_engine: Engine, campaign_id: int, plans: list[Any], zone: str, order: Any,
    repush: bool,
) -> None:  # fmt: skip
    set_zone(shared_engine, zone)
    user = add_rep(shared_engine)
    calls, wraps = [], []
    for minutes, talk, training, with_campaign, wrap_plans, direction in plans:
        call = call_row(
            user, BASE + timedelta(minutes=minutes), talk, training,
            campaign_id if with_campaign else None, direction,
        )  # fmt: skip
        calls.append(call)
        original = None
        for code, intent, cents, offset, rating in wrap_plans:
            created = call["started_at"] + timedelta(seconds=offset + 60)
            row = wrapup_row(call, code, intent, cents, created, original, rating)
            original = original or row["id"]
            wraps.append(row)
    # Originals arrive before their amendments (a foreign key), otherwise in any order.
    originals = [w for w in wraps if w["amends_id"] is None]
    amendments = [w for w in wraps if w["amends_id"] is not None]
    order.shuffle(originals)
    order.shuffle(amendments)
    with shared_engine.begin() as conn:
        for row in calls + originals + amendments:
            table = CALLS if "talk_seconds" in row else WRAPUPS
            assert insert_ignore(conn, table, row)
        if repush:  # a desk that pushes again after a lost answer changes nothing
            for row in calls + originals:
                table = CALLS if "talk_seconds" in row else WRAPUPS
                assert not insert_ignore(conn, table, row)
    want = expected(calls, wraps, ZoneInfo(zone))
    with shared_engine.connect() as conn:
        assert rollups(conn, user) == want
    set_zone(shared_engine, zone)  # recount everything: the same result
    with shared_engine.connect() as conn:
        assert rollups(conn, user) == want


def test_days_around_daylight_saving_switches(shared_engine: Engine, campaign_id: int) -> None:
    set_zone(shared_engine, "America/New_York")
    user = add_rep(shared_engine)
    moments = {
        datetime(2026, 3, 8, 4, 59, tzinfo=UTC): date(2026, 3, 7),  # 23:59 EST
        datetime(2026, 3, 8, 5, 0, tzinfo=UTC): date(2026, 3, 8),  # 00:00 EST
        datetime(2026, 3, 9, 3, 59, tzinfo=UTC): date(2026, 3, 8),  # 23:59 EDT
        datetime(2026, 3, 9, 4, 0, tzinfo=UTC): date(2026, 3, 9),  # 00:00 EDT
        datetime(2026, 11, 1, 3, 59, tzinfo=UTC): date(2026, 10, 31),  # 23:59 EDT
        datetime(2026, 11, 1, 4, 0, tzinfo=UTC): date(2026, 11, 1),  # 00:00 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC): date(2026, 11, 1),  # 01:30 EST, again
        datetime(2026, 11, 2, 4, 59, tzinfo=UTC): date(2026, 11, 1),  # 23:59 EST
        datetime(2026, 11, 2, 5, 0, tzinfo=UTC): date(2026, 11, 2),  # 00:00 EST
    }
    with shared_engine.begin() as conn:
        for moment in moments:
            insert_ignore(conn, CALLS, call_row(user, moment, 10, False, campaign_id))
    want = Counter(moments.values())

    def dials() -> Counter[date]:
        with shared_engine.connect() as conn:
            rows = conn.execute(select(FIGURES.c.day, FIGURES.c.dials).where(
                FIGURES.c.user_id == user))  # fmt: skip
            return Counter({row.day: row.dials for row in rows})

    assert dials() == want
    set_zone(shared_engine, "America/New_York")  # the recount agrees with the triggers
    assert dials() == want
    set_zone(shared_engine, "Asia/Shanghai")  # +8 all year: every call moves on a day
    shanghai = Counter(m.astimezone(ZoneInfo("Asia/Shanghai")).date() for m in moments)
    assert dials() == shanghai


def test_amendment_moves_the_figures_from_not_interested_to_a_sale(
    shared_engine: Engine, campaign_id: int
) -> None:
    user = add_rep(shared_engine)
    start = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    call = call_row(user, start, 95, False, campaign_id)
    original = wrapup_row(call, "not_interested", "C", None, start, None)
    fixed = wrapup_row(call, "sale", "A", 129_950, start, original["id"])  # same timestamp
    with shared_engine.begin() as conn:
        for table, row in ((CALLS, call), (WRAPUPS, original), (WRAPUPS, fixed)):
            insert_ignore(conn, table, row)
    with shared_engine.connect() as conn:
        figures, mix = rollups(conn, user)
    day = figures[date(2026, 11, 25)]
    assert (day.dials, day.contacts, day.sales_count, day.sales_amount) == (
        1, 1, 1, Decimal("1299.50"),
    )  # fmt: skip
    assert dict(day.intents) == {IntentLevel.A: 1, IntentLevel.B: 0, IntentLevel.C: 0,
                                 IntentLevel.D: 0}  # fmt: skip
    assert mix == Counter({(date(2026, 11, 25), "sale"): 1})


def test_amendments_move_the_satisfaction_rating(shared_engine: Engine, campaign_id: int) -> None:
    user = add_rep(shared_engine)
    start = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    day = date(2026, 11, 25)
    first, second = (call_row(user, start + timedelta(minutes=m), 60, False, campaign_id)
                     for m in (0, 5))  # fmt: skip
    rated = wrapup_row(first, "not_interested", "C", None, start, None, 2)
    also_rated = wrapup_row(second, "sale", "A", 100, start, None, 5)

    def satisfaction() -> tuple[int, int, float | None]:
        with shared_engine.connect() as conn:
            f = rollups(conn, user)[0][day]
        return f.rated, f.satisfaction_sum, f.avg_satisfaction

    with shared_engine.begin() as conn:
        for table, row in ((CALLS, first), (CALLS, second), (WRAPUPS, rated),
                           (WRAPUPS, also_rated)):  # fmt: skip
            insert_ignore(conn, table, row)
    assert satisfaction() == (2, 7, 3.5)
    later = start + timedelta(minutes=10)
    # A correction of the rating replaces it; one without a rating takes it back.
    for row, want in (
        (wrapup_row(first, "not_interested", "C", None, later, rated["id"], 4), (2, 9, 4.5)),
        (wrapup_row(second, "sale", "A", 100, later, also_rated["id"]), (1, 4, 4.0)),
        (wrapup_row(first, "busy", None, None, later + timedelta(1), rated["id"]), (0, 0, None)),
    ):
        with shared_engine.begin() as conn:
            insert_ignore(conn, WRAPUPS, row)
        assert satisfaction() == want
    set_zone(shared_engine, "Asia/Shanghai")  # the recount agrees
    assert satisfaction() == (0, 0, None)


def test_the_database_refuses_a_rating_off_the_scale_or_on_a_non_contact(
    shared_engine: Engine, campaign_id: int
) -> None:
    user = add_rep(shared_engine)
    call = call_row(user, BASE, 60, False, campaign_id)
    with shared_engine.begin() as conn:
        insert_ignore(conn, CALLS, call)
    for bad in (
        wrapup_row(call, "not_interested", "D", None, BASE, None, 6),
        wrapup_row(call, "not_interested", "D", None, BASE, None, 0),
        {**wrapup_row(call, "busy", None, None, BASE, None), "satisfaction": 3},
    ):
        with pytest.raises(IntegrityError), shared_engine.begin() as conn:
            insert_ignore(conn, WRAPUPS, bad)


def test_training_records_never_count(shared_engine: Engine, campaign_id: int) -> None:
    user = add_rep(shared_engine)
    call = call_row(user, BASE, 60, True, None)
    with shared_engine.begin() as conn:
        insert_ignore(conn, CALLS, call)
        insert_ignore(conn, WRAPUPS, wrapup_row(call, "sale", "A", 10_000, BASE, None))
    with shared_engine.connect() as conn:
        assert rollups(conn, user) == ({}, Counter())


def test_triggers_exist_at_head(shared_engine: Engine) -> None:
    with shared_engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            names = set(conn.scalars(text(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))  # fmt: skip
        else:
            names = set(conn.scalars(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")))  # fmt: skip
    assert {"trg_call_records_figures", "trg_wrapups_figures", "trg_wrapups_satisfaction"} <= names
    assert {"settings", "report_tz_offsets", "rep_day_figures", "rep_day_outcomes"} <= set(
        inspect(shared_engine).get_table_names()
    )


def test_a_bad_zone_is_refused_and_changes_nothing(shared_engine: Engine) -> None:
    with shared_engine.connect() as conn:
        before = conn.execute(select(schema.table(schema.ReportTzOffset))).all()
    for bad in ("Mars/Olympus_Mons", "", "localtime", "../etc/passwd"):
        with pytest.raises(AdminError, match="time zone"), Session(shared_engine) as s, s.begin():
            settings_repo.set_report_timezone(s, bad, actor="tests")
    with shared_engine.connect() as conn:
        assert settings_repo.report_timezone(conn) == "Asia/Shanghai"
        assert conn.execute(select(schema.table(schema.ReportTzOffset))).all() == before


def test_settings_from_the_admin_command_line(
    empty_shared_url: str, shared_engine: Engine, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.delenv("AGENT_DESK_DB", raising=False)

    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--db", empty_shared_url, "--actor", "tester", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = cli("settings", "show")
    assert code == 0 and "report-timezone" in out and "Asia/Shanghai" in out
    code, out, _ = cli("settings", "set", "report-timezone", "America/New_York")
    assert code == 0 and "America/New_York" in out
    code, out, err = cli("settings", "set", "report-timezone", "Nowhere/Special")
    assert code == 2 and "unknown time zone" in err
    code, out, _ = cli("settings", "show", "--json")
    assert '"value": "America/New_York"' in out and '"updated_by": "tester"' in out
    with shared_engine.connect() as conn:
        assert settings_repo.report_timezone(conn) == "America/New_York"
        actions = conn.execute(
            select(schema.AuditEntry.entity_id, schema.AuditEntry.detail).where(
                schema.AuditEntry.entity == "setting"
            )
        ).all()
    assert [a.detail for a in actions] == [{"from": "Asia/Shanghai", "to": "America/New_York"}]


def test_rollups_follow_later_deletes_only_through_a_recount(
    shared_engine: Engine, campaign_id: int
) -> None:
    """Records are append-only; after an admin removed one by hand, setting the zone
    again (the same zone) recounts."""
    user = add_rep(shared_engine)
    calls = [call_row(user, BASE + timedelta(minutes=i), 30, False, campaign_id)
             for i in range(3)]  # fmt: skip
    with shared_engine.begin() as conn:
        for call in calls:
            insert_ignore(conn, CALLS, call)
        conn.execute(delete(CALLS).where(CALLS.c.id == calls[0]["id"]))
        conn.execute(update(CALLS).where(CALLS.c.id == calls[1]["id"]).values(talk_seconds=31))
    set_zone(shared_engine, "Asia/Shanghai")
    with shared_engine.connect() as conn:
        figures, _ = rollups(conn, user)
    assert [(f.dials, f.talk_seconds) for f in figures.values()] == [(2, 61)]


def test_0007_moves_inbound_calls_out_of_the_dials_and_back_on_downgrade(
    shared_engine: Engine, campaign_id: int
) -> None:
    """A database at 0006 counted an inbound call as a dial; upgrading corrects the rows
    already counted, and counts new calls by the rule; downgrading puts them back."""
    config = alembic_config(shared_engine)

    def migrate(step: Any, revision: str) -> None:
        with shared_engine.begin() as conn:
            config.attributes["connection"] = conn
            step(config, revision)

    def counted(user: int) -> list[tuple[int, int, int]]:
        with shared_engine.connect() as conn:
            return [(f.dials, f.inbound, f.contacts) for f in rollups(conn, user)[0].values()]

    migrate(command.downgrade, "0006")
    user = add_rep(shared_engine)
    inbound = call_row(user, BASE, 60, False, campaign_id, "in")
    with shared_engine.begin() as conn:
        insert_ignore(conn, CALLS, call_row(user, BASE, 0, False, campaign_id))
        insert_ignore(conn, CALLS, inbound)
        insert_ignore(conn, WRAPUPS, wrapup_row(inbound, "interested", "B", None, BASE, None))
        day = conn.execute(select(FIGURES.c.dials).where(FIGURES.c.user_id == user)).scalar()
    assert day == 2  # 0006: every call a dial
    migrate(command.upgrade, "head")
    assert counted(user) == [(1, 1, 1)]
    later = call_row(user, BASE + timedelta(minutes=5), 10, False, campaign_id, "in")
    with shared_engine.begin() as conn:
        insert_ignore(conn, CALLS, later)
    assert counted(user) == [(1, 2, 1)]
    set_zone(shared_engine, "Asia/Shanghai")  # the recount follows the rule too
    assert counted(user) == [(1, 2, 1)]
    migrate(command.downgrade, "0006")
    with shared_engine.connect() as conn:
        day = conn.execute(select(FIGURES.c.dials).where(FIGURES.c.user_id == user)).scalar()
    assert day == 3
    migrate(command.upgrade, "head")
    assert counted(user) == [(1, 2, 1)]
