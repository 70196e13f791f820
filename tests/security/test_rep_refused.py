"""Logged in as a rep, every forbidden read and write: PostgreSQL itself refuses each one."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.security.conftest import NOW, People
from tests.security.refusals import VIOLATES, changed, refused, rows

pytestmark = pytest.mark.postgres

EVERY_TABLE = (
    "teams", "users", "campaigns", "outcomes", "scripts", "leads", "call_records", "wrapups",
    "callbacks", "dnc_numbers", "complaints", "monthly_targets", "shift_summaries",
    "agent_states", "audit_log", "alembic_version",
)  # fmt: skip
CALL = (
    "INSERT INTO call_records (id, lead_id, user_id, desk_id, direction, phone_e164,"
    " line_backend, started_at, ended_at, ring_count, talk_seconds, end_reason, training,"
    " received_at) VALUES (:id, :lead, :user, 'd', 'out', '+8613800000000', 'simulated',"
    " :now, :now, 0, 0, 'no_answer', false, :now)"
)
WRAPUP = (
    "INSERT INTO wrapups (id, call_id, lead_id, user_id, contact_time, person, outcome_code,"
    " is_contact, is_sale, tags, note, complaint_summary, opening_done, amends_id,"
    " amend_reason, training, created_at, received_at) VALUES (:id, :call, NULL, :user, :now,"
    " '本人', 'busy', false, false, '[]', '', '', false, :amends, '', false, :now, :now)"
)


def own_call(people: People) -> tuple[uuid.UUID, uuid.UUID]:
    """A call record and wrap-up rep `a` stores as themselves (allowed)."""
    call_id, wrapup_id = uuid.uuid4(), uuid.uuid4()
    rep = people.login("a")
    params = {"now": NOW, "user": people.ids["a"], "lead": people.leads["a"][0]}
    with rep.begin() as conn:
        conn.execute(text(CALL), params | {"id": call_id})
        conn.execute(text(WRAPUP), params | {"id": wrapup_id, "call": call_id, "amends": None})
    return call_id, wrapup_id


def other_ids(people: People) -> list[uuid.UUID]:
    keys = ("b", "pool1", "pool2", "global", "leased_by_b", "c")
    return [lead for key in keys for lead in people.leads[key]]


def test_a_rep_reads_only_their_own_leads_records_and_row(people: People) -> None:
    rep = people.login("a")
    with people.owner.begin() as conn:
        conn.execute(
            text("INSERT INTO monthly_targets (user_id, month, calls, contacts, interested,"
                 " sales_cents) VALUES (:u, '2026-11', 1, 1, 1, 1)"),
            {"u": people.ids["a"]},
        )  # fmt: skip
    assert {r.id for r in rows(rep, "SELECT id FROM leads")} == set(people.leads["a"])
    others = {"ids": other_ids(people)}
    assert rows(rep, "SELECT * FROM leads WHERE id = ANY(:ids)", others) == []
    # Others' records exist (the owner sees them) but the rep reads none of them.
    for table in ("call_records", "wrapups", "complaints", "shift_summaries", "agent_states"):
        assert len(rows(people.owner, f"SELECT * FROM {table}")) == 2, table
        assert rows(rep, f"SELECT * FROM {table}") == [], table
    assert rows(rep, "SELECT * FROM callbacks") == []
    assert [r.user_id for r in rows(rep, "SELECT * FROM monthly_targets")] == [people.ids["a"]]
    assert [r.username for r in rows(rep, "SELECT * FROM users")] == [people.names["a"]]
    refused(rep, "SELECT * FROM audit_log")
    # What every desk needs: campaigns, outcomes, the script, teams and the DNC list.
    for table in ("campaigns", "outcomes", "scripts", "teams", "dnc_numbers", "alembic_version"):
        rows(rep, f"SELECT * FROM {table}")


def test_a_rep_writes_records_only_as_themselves(people: People) -> None:
    rep, a, b = people.login("a"), people.ids["a"], people.ids["b"]
    base = {"now": NOW, "lead": people.leads["a"][0]}
    refused(rep, CALL, base | {"id": uuid.uuid4(), "user": b}, VIOLATES)
    call_id, wrapup_id = own_call(people)
    b_call = rows(people.owner, "SELECT id FROM call_records WHERE user_id = :b", {"b": b})[0].id
    b_wrap = rows(people.owner, "SELECT id FROM wrapups WHERE user_id = :b", {"b": b})[0].id
    wrap = base | {"id": uuid.uuid4(), "amends": None}
    refused(rep, WRAPUP, wrap | {"call": call_id, "user": b}, VIOLATES)  # as b
    refused(rep, WRAPUP, wrap | {"call": b_call, "user": a}, VIOLATES)  # on b's call
    refused(rep, WRAPUP, wrap | {"call": call_id, "user": a, "amends": b_wrap}, VIOLATES)
    # Amending their own wrap-up is an insert, and allowed.
    with rep.begin() as conn:
        conn.execute(text(WRAPUP), wrap | {"call": call_id, "user": a, "amends": wrapup_id})
    complaint = (
        "INSERT INTO complaints (id, call_id, wrapup_id, user_id, summary, transferred, status,"
        " created_at) VALUES (:id, :call, :wrap, :user, 'x', false, 'open', :now)"
    )
    cases = [
        (complaint, {"call": call_id, "wrap": wrapup_id, "user": b}),
        (complaint, {"call": b_call, "wrap": b_wrap, "user": a}),
        (
            "INSERT INTO shift_summaries (id, user_id, desk_id, started_at, ended_at, dials,"
            " contacts, talk_seconds, intents, callbacks_set, sales_count, sales_cents, note,"
            " confirmed_at) VALUES (:id, :user, 'd', :now, :now, 0, 0, 0, '{}', 0, 0, 0, '',"
            " :now)",
            {"user": b},
        ),
        (
            "INSERT INTO agent_states (user_id, desk_id, state, reason, since,"
            " current_phone_masked, outbox_waiting, heartbeat_at) VALUES (:user, 'd', 'ready',"
            " '', :now, '', 0, :now)",
            {"user": b},
        ),
        (
            "INSERT INTO dnc_numbers (phone_e164, reason, source, added_by, added_at)"
            " VALUES ('+8613912345678', '', 'outcome', :user, :now)",
            {"user": b},
        ),
    ]
    callback = (
        "INSERT INTO callbacks (id, lead_id, owner_user_id, team_id, created_by, due_at, status,"
        " created_at) VALUES (:id, :lead, :owner, :team, :by, :now, 'open', :now)"
    )
    team1, team2 = people.team_ids["1"], people.team_ids["2"]
    cases += [
        (callback, {"owner": b, "team": team1, "by": b}),  # made by b
        (callback, {"owner": b, "team": team1, "by": a}),  # given to b
        (callback, {"owner": None, "team": team2, "by": a}),  # given to another team
    ]
    for sql, params in cases:
        refused(rep, sql, base | {"id": uuid.uuid4()} | params, VIOLATES)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE call_records SET flag = NULL",
        "UPDATE call_records SET talk_seconds = 999 WHERE id = :call",
        "DELETE FROM call_records WHERE id = :call",
        "UPDATE wrapups SET outcome_code = 'sale', is_sale = true WHERE id = :wrap",
        "DELETE FROM wrapups WHERE id = :wrap",
        "UPDATE complaints SET status = 'handled'",
        "UPDATE shift_summaries SET sales_cents = 0",
        "UPDATE audit_log SET actor = 'nobody'",
        "DELETE FROM audit_log",
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)"
        " VALUES (now(), 'x', 'x', 'x', '', '{}')",
        "UPDATE callbacks SET due_at = now()",  # only the status may change
        "UPDATE agent_states SET user_id = 1",
    ],
)
def test_records_and_the_audit_log_are_append_only_for_a_rep(
    people: People, statement: str
) -> None:
    call_id, wrapup_id = own_call(people)
    refused(people.login("a"), statement, {"call": call_id, "wrap": wrapup_id})


@pytest.mark.parametrize("table", EVERY_TABLE)
def test_a_rep_deletes_nothing(people: People, table: str) -> None:
    refused(people.login("a"), f"DELETE FROM {table}")


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO campaigns (code, name, language, company_name, purpose, default_region,"
        " fallback_timezone, calling_policy, soft_call_limit_s, max_attempts, min_gap_minutes,"
        " active, created_at) VALUES ('x', 'x', 'zh', '', '', 'CN', 'Asia/Shanghai', '{}', 1, 1,"
        " 1, true, now())",
        "UPDATE campaigns SET max_attempts = 99",
        "UPDATE outcomes SET is_sale = true",
        "INSERT INTO scripts (campaign_id, version, body, created_at, created_by)"
        " VALUES (1, 99, 'x', now(), 'x')",
        "UPDATE scripts SET body = 'x'",
        "UPDATE teams SET name = 'x'",
        "UPDATE monthly_targets SET calls = 1",
        "INSERT INTO monthly_targets (user_id, month, calls, contacts, interested, sales_cents)"
        " VALUES (1, '2030-01', 0, 0, 0, 0)",
        "UPDATE users SET role = 'admin'",
        "UPDATE users SET team_id = NULL",
        "INSERT INTO users (username, display_name, role, active, created_at)"
        " VALUES ('x', 'x', 'admin', true, now())",
        "INSERT INTO leads (id, campaign_id, phone_e164, name, company, extra, timezone,"
        " priority, status, attempts, imported_at) VALUES (gen_random_uuid(), 1, '+1', '', '',"
        " '{}', 'UTC', 1, 'new', 0, now())",
        "UPDATE alembic_version SET version_num = 'x'",
        "SELECT public.agent_desk_apply_security()",
        "SET ROLE agent_desk_admin",
    ],
)
def test_a_rep_cannot_change_the_rules(people: People, statement: str) -> None:
    refused(people.login("a"), statement)


def test_a_rep_cannot_become_someone_else(people: People) -> None:
    refused(people.login("a"), f'SET ROLE "{people.names["b"]}"')


def test_a_rep_changes_only_their_leads_and_only_their_routing(people: People) -> None:
    rep, a, b = people.login("a"), people.ids["a"], people.ids["b"]
    mine = {"id": people.leads["a"][0]}
    assert changed(rep, "UPDATE leads SET status = 'active' WHERE id = :id", mine) == 1
    for key in ("b", "pool1", "pool2", "global", "leased_by_b", "c"):
        lead = {"id": people.leads[key][0]}
        assert changed(rep, "UPDATE leads SET status = 'done' WHERE id = :id", lead) == 0, key
    assert changed(rep, "UPDATE leads SET status = 'done'") == len(people.leads["a"])
    refused(rep, "UPDATE leads SET phone_e164 = '+8613999999999' WHERE id = :id", mine)
    refused(rep, "UPDATE leads SET priority = 1 WHERE id = :id", mine)
    refused(rep, "UPDATE leads SET name = 'x' WHERE id = :id", mine)
    give = "UPDATE leads SET assigned_user_id = :b WHERE id = :id"
    refused(rep, give, mine | {"b": b}, VIOLATES)
    refused(
        rep, "UPDATE leads SET lease_user_id = :b, lease_desk = 'x' WHERE id = :id",
        mine | {"b": b}, VIOLATES,
    )  # fmt: skip
    refused(
        rep, "UPDATE leads SET assigned_user_id = NULL, pool_team_id = :t WHERE id = :id",
        mine | {"t": people.team_ids["2"]}, VIOLATES,
    )  # fmt: skip
    # Handing it to their own team's pool is allowed (a team callback does that).
    team_pool = "UPDATE leads SET assigned_user_id = NULL, pool_team_id = :t, lease_user_id = :a"
    team_pool += " WHERE id = :id"
    assert changed(rep, team_pool, mine | {"t": people.team_ids["1"], "a": a}) == 1


def test_a_rep_cannot_steal_a_lease(people: People) -> None:
    rep, a, b = people.login("a"), people.ids["a"], people.ids["b"]
    held = {"id": people.leads["leased_by_b"][0], "a": a}
    steal = "UPDATE leads SET lease_user_id = :a, lease_desk = 'mine' WHERE id = :id"
    assert changed(rep, steal, held) == 0
    free = "UPDATE leads SET lease_user_id = NULL, lease_expires_at = NULL WHERE id = :id"
    assert changed(rep, free, held) == 0
    # The claim function hands out only free leads, and only to the caller.
    claim = (
        "SELECT id FROM agent_desk_claim_leads('desk-a', :c, ARRAY['Asia/Shanghai'], 50, :now,"
        " interval '15 minutes', :user)"
    )
    params = {"c": people.team.campaign_id, "now": NOW}
    claimed = {r.id for r in rows(rep, claim, params | {"user": None})}
    assert people.leads["leased_by_b"][0] not in claimed
    assert claimed == set(people.leads["a"] + people.leads["pool1"] + people.leads["global"])
    refused(rep, claim, params | {"user": b}, "may not act for")
    refused(rep, "SELECT agent_desk_release_leases(NULL, NULL, :b)", {"b": b}, "may not act")
    refused(rep, "SELECT agent_desk_close_dnc_leads('+1', :b)", {"b": b}, "may not act")
    with people.owner.connect() as conn:
        holder = conn.execute(
            text("SELECT lease_user_id, lease_desk FROM leads WHERE id = :id"), held
        ).one()
    assert tuple(holder) == (b, "desk-b")
    # Even after b's lease expires, releasing "all of mine" never touches b's leads.
    with rep.begin() as conn:
        conn.execute(text("SELECT agent_desk_release_leases(NULL, NULL, NULL)"))
    expired = params | {"now": NOW + timedelta(hours=2), "user": None}
    assert people.leads["leased_by_b"][0] in {r.id for r in rows(rep, claim, expired)}
