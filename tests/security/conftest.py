"""A secured PostgreSQL database with two teams of people who log in as themselves.

Every person here is a real login role (unique names per run, a real password: the CI
server asks ``+agent_desk_login`` for SCRAM passwords), made through
`people_repo.add_user` like ``agent-desk-admin user add``. The seeded team of
``tests/desk/conftest.py`` is reused: its two reps become logins too. At teardown the
roles are dropped (``DROP OWNED`` in the database, then ``DROP ROLE``).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.orm import Session

from agent_desk.store import people_repo, schema, security
from agent_desk.store.engine import make_engine, normalize_url
from agent_desk.store.migrate import upgrade_to_head
from tests.conftest import create_pg_database, drop_pg_database
from tests.desk.conftest import SHANGHAI_MORNING, Team, seed_team

NOW = SHANGHAI_MORNING
PASSWORD = "s3cret-" + secrets.token_hex(4)


def unique(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(3)}"


def drop_roles(admin_url: str, names: list[str], database_url: str | None = None) -> None:
    """DROP OWNED in the test database (while it exists), then DROP ROLE on the server."""
    if database_url is not None:
        engine = make_engine(database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in names:
                if security.role_exists(conn, name):
                    conn.execute(text(f'DROP OWNED BY "{name}"'))
        engine.dispose()
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


@dataclass
class Secured:
    """A PostgreSQL database at head, its owner's engine and a way to log in as a role."""

    url: str
    owner: Engine  # the migration runner (the server's superuser here)
    admin_url: str
    roles: list[str] = field(default_factory=list)
    _engines: list[Engine] = field(default_factory=list)

    def login(self, role: str, password: str = PASSWORD) -> Engine:
        """An engine that logs in as `role` with its password."""
        url = normalize_url(self.url).set(username=role, password=password)
        engine = make_engine(url)
        self._engines.append(engine)
        return engine

    def add_person(self, prefix: str, role: str, team: str | None = None) -> str:
        """A person made the way ``agent-desk-admin user add`` makes them."""
        username = unique(prefix)
        self.roles.append(username)
        with Session(self.owner) as s, s.begin():
            people_repo.add_user(
                s, username, role=role, team=team, actor="tests", now=NOW, password=PASSWORD
            )
        return username

    def close(self) -> None:
        for engine in self._engines:
            engine.dispose()


@pytest.fixture
def secured(pg_server: str) -> Iterator[Secured]:
    url = create_pg_database(pg_server)
    owner = make_engine(url)
    upgrade_to_head(owner)
    world = Secured(url, owner, pg_server)
    try:
        yield world
    finally:
        world.close()
        owner.dispose()
        drop_roles(pg_server, world.roles, url)
        drop_pg_database(pg_server, url)


@dataclass
class People:
    """Team 1: reps `a` (the seeded team's rep1) and `b` (rep2), supervisor `sup`.
    Team 2: rep `c`, supervisor `sup2`. And an admin. Values are usernames/ids."""

    secured: Secured
    team: Team
    names: dict[str, str]
    ids: dict[str, int]
    team_ids: dict[str, int]
    # Leads by who may see them: a's (assigned), b's, team 1's pool, team 2's pool, the
    # global pool, one of team 1's pool leased by b.
    leads: dict[str, list[uuid.UUID]]

    def login(self, key: str) -> Engine:
        return self.secured.login(self.names[key])

    @property
    def owner(self) -> Engine:
        return self.secured.owner


def _lead(campaign_id: int, phone: str, **values: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "campaign_id": campaign_id,
        "phone_e164": phone,
        "name": f"客户 {phone[-4:]}",
        "company": "",
        "extra": {},
        "timezone": "Asia/Shanghai",
        "priority": 100,
        "status": "new",
        "attempts": 0,
        "imported_at": NOW,
        **values,
    }


def records_of(conn: Connection, user_id: int, lead_id: uuid.UUID, desk: str) -> uuid.UUID:
    """A call record, its wrap-up, a complaint, a shift summary, a callback, a live state
    and a target of `user_id`, written by the owner. Returns the call's id."""
    call_id, wrapup_id = uuid.uuid4(), uuid.uuid4()
    conn.execute(
        schema.table(schema.CallRecord).insert(),
        {
            "id": call_id, "lead_id": lead_id, "campaign_id": None, "user_id": user_id,
            "desk_id": desk, "direction": "out", "phone_e164": "+8613800000000",
            "line_backend": "simulated", "started_at": NOW, "answered_at": NOW,
            "ended_at": NOW, "ring_count": 1, "talk_seconds": 30, "end_reason": "agent_hangup",
            "training": False, "received_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.Wrapup).insert(),
        {
            "id": wrapup_id, "call_id": call_id, "lead_id": lead_id, "user_id": user_id,
            "contact_time": NOW, "person": "本人", "outcome_code": "complaint",
            "is_contact": True, "is_sale": False, "intent": "D", "tags": [], "note": "",
            "complaint_summary": "太吵了", "opening_done": True, "amend_reason": "",
            "training": False, "created_at": NOW, "received_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.Complaint).insert(),
        {
            "id": uuid.uuid4(), "call_id": call_id, "wrapup_id": wrapup_id, "lead_id": lead_id,
            "user_id": user_id, "summary": "太吵了", "transferred": False, "status": "open",
            "created_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.ShiftSummary).insert(),
        {
            "id": uuid.uuid4(), "user_id": user_id, "desk_id": desk, "started_at": NOW,
            "ended_at": NOW + timedelta(hours=8), "dials": 1, "contacts": 1,
            "talk_seconds": 30, "intents": {"D": 1}, "callbacks_set": 1, "sales_count": 0,
            "sales_cents": 0, "note": "", "confirmed_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.Callback).insert(),
        {
            "id": uuid.uuid4(), "lead_id": lead_id, "wrapup_id": wrapup_id,
            "owner_user_id": user_id, "team_id": None, "created_by": user_id,
            "due_at": NOW + timedelta(days=1), "status": "open", "created_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.AgentState).insert(),
        {
            "user_id": user_id, "desk_id": desk, "state": "ready", "reason": "", "since": NOW,
            "current_lead_id": None, "current_phone_masked": "", "outbox_waiting": 0,
            "heartbeat_at": NOW,
        },
    )  # fmt: skip
    conn.execute(
        schema.table(schema.MonthlyTarget).insert(),
        {"user_id": user_id, "month": "2026-11", "calls": 100, "contacts": 30,
         "interested": 6, "sales_cents": 100_000},
    )  # fmt: skip
    return call_id


@pytest.fixture
def people(secured: Secured) -> People:
    """Two teams, their people as logins, leads of every kind and records of every rep."""
    team = seed_team(secured.owner)  # "Team 1", rep1 and rep2, 8 leads assigned to rep1
    names = {"a": unique("rep_a"), "b": unique("rep_b")}
    secured.roles += names.values()
    team2 = unique("Team 2")
    with Session(secured.owner) as s, s.begin():
        people_repo.add_team(s, team2, actor="tests", now=NOW)
        for key, seeded in (("a", "rep1"), ("b", "rep2")):
            s.execute(
                update(schema.User)
                .where(schema.User.username == seeded)
                .values(username=names[key], db_role=names[key])
            )
            security.ensure_login_role(s.connection(), names[key], "rep", PASSWORD)
    names["sup"] = secured.add_person("sup", "supervisor", "Team 1")
    names["c"] = secured.add_person("rep_c", "rep", team2)
    names["sup2"] = secured.add_person("sup2", "supervisor", team2)
    names["admin"] = secured.add_person("adm", "admin")
    with secured.owner.begin() as conn:
        by_name = dict(conn.execute(select(schema.User.username, schema.User.id)).all())
        ids = {key: by_name[name] for key, name in names.items()}
        teams = dict(conn.execute(select(schema.Team.name, schema.Team.id)).all())
        team_ids = {"1": teams["Team 1"], "2": teams[team2]}
        leads: dict[str, list[uuid.UUID]] = {"a": list(team.lead_ids)}
        rows = {
            "b": [_lead(team.campaign_id, f"+861390000{i:04d}", assigned_user_id=ids["b"])
                  for i in range(2)],
            "pool1": [_lead(team.campaign_id, f"+861390001{i:04d}", pool_team_id=team_ids["1"])
                      for i in range(3)],
            "pool2": [_lead(team.campaign_id, f"+861390002{i:04d}", pool_team_id=team_ids["2"])
                      for i in range(2)],
            "global": [_lead(team.campaign_id, "+8613900030000")],
            "leased_by_b": [_lead(team.campaign_id, "+8613900040000",
                                  pool_team_id=team_ids["1"], lease_user_id=ids["b"],
                                  lease_desk="desk-b", lease_expires_at=NOW + timedelta(hours=1))],
            "c": [_lead(team.campaign_id, "+8613900050000", assigned_user_id=ids["c"])],
        }  # fmt: skip
        for key, batch in rows.items():
            conn.execute(schema.table(schema.Lead).insert(), batch)
            leads[key] = [row["id"] for row in batch]
        for key in ("b", "c"):
            records_of(conn, ids[key], leads[key][0], f"desk-{key}")
    return People(secured, team, names, ids, team_ids, leads)
