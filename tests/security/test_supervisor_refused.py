"""Logged in as a supervisor: their own team read-only; other teams unseen; no write at all."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from tests.security.conftest import NOW, People
from tests.security.refusals import refused, rows
from tests.security.test_rep_refused import EVERY_TABLE

pytestmark = pytest.mark.postgres

PER_USER = ("call_records", "wrapups", "complaints", "shift_summaries", "agent_states")


def users_in(engine: Engine, table: str) -> set[int]:
    column = "created_by" if table == "callbacks" else "user_id"
    return {row[0] for row in rows(engine, f"SELECT {column} FROM {table}")}


def test_a_supervisor_reads_their_team_and_nothing_of_another(people: People) -> None:
    sup, sup2 = people.login("sup"), people.login("sup2")
    team1 = set(
        people.leads["a"] + people.leads["b"] + people.leads["pool1"] + people.leads["leased_by_b"]
    )
    assert {r.id for r in rows(sup, "SELECT id FROM leads")} == team1
    team2 = set(people.leads["c"] + people.leads["pool2"])
    assert {r.id for r in rows(sup2, "SELECT id FROM leads")} == team2
    for table in (*PER_USER, "callbacks", "monthly_targets"):
        assert users_in(sup, table) == {people.ids["b"]}, table
        assert users_in(sup2, table) == {people.ids["c"]}, table
    team1_people = {people.names[k] for k in ("a", "b", "sup")}
    assert {r.username for r in rows(sup, "SELECT username FROM users")} == team1_people
    assert {r.username for r in rows(sup2, "SELECT username FROM users")} == {
        people.names["c"],
        people.names["sup2"],
    }
    refused(sup, "SELECT * FROM audit_log")
    for table in ("campaigns", "outcomes", "scripts", "teams", "dnc_numbers"):
        rows(sup, f"SELECT * FROM {table}")


def _first_column(people: People, table: str) -> str:
    with people.owner.connect() as conn:
        return str(
            conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = :t"
                    " AND table_schema = 'public' ORDER BY ordinal_position LIMIT 1"
                ),
                {"t": table},
            ).scalar_one()
        )


@pytest.mark.parametrize("table", EVERY_TABLE)
def test_a_supervisor_writes_nothing_anywhere(people: People, table: str) -> None:
    sup = people.login("sup")
    column = _first_column(people, table)
    refused(sup, f"INSERT INTO {table} DEFAULT VALUES")
    refused(sup, f"UPDATE {table} SET {column} = {column}")
    refused(sup, f"DELETE FROM {table}")


def test_a_supervisor_claims_and_releases_nothing(people: People) -> None:
    sup = people.login("sup")
    claim = (
        "SELECT * FROM agent_desk_claim_leads('d', :c, ARRAY['Asia/Shanghai'], 5, :now,"
        " interval '15 minutes', NULL)"
    )
    refused(sup, claim, {"c": people.team.campaign_id, "now": NOW}, "permission denied")
    refused(sup, "SELECT agent_desk_release_leases(NULL, NULL, NULL)")
    refused(sup, "SELECT agent_desk_close_dnc_leads('+8613800000001', NULL)")
    refused(sup, "SELECT agent_desk_apply_security()")
    refused(sup, "SET ROLE agent_desk_rep")
    refused(sup, f'SET ROLE "{people.names["b"]}"')
