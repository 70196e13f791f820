"""Database roles and row security: the migration, re-applying it, and people's logins.

PostgreSQL tests run on a fresh database as the server's superuser (the migration
runner); every login they make has a unique name and is dropped afterwards. On SQLite
there are no roles and nothing about people changes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from agent_desk.store import people_repo, schema, security
from agent_desk.store.admin_common import AdminError
from agent_desk.store.engine import make_engine, normalize_url
from agent_desk.store.migrate import alembic_config, upgrade_to_head
from agent_desk.store.schema_version import SchemaState, check_schema
from tests.desk.conftest import SHANGHAI_MORNING, seed_team

POSTGRES = pytest.mark.parametrize(
    "empty_shared_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
SECURED = (
    "users", "leads", "call_records", "wrapups", "callbacks", "dnc_numbers", "complaints",
    "monthly_targets", "shift_summaries", "agent_states", "audit_log",
)  # fmt: skip
DEFINERS = {
    "agent_desk_me", "agent_desk_my_team", "agent_desk_my_team_users", "agent_desk_is_my_wrapup",
    "agent_desk_acting_rep", "agent_desk_claim_leads", "agent_desk_release_leases",
    "agent_desk_close_dnc_leads", "agent_desk_campaign_zones",
    # 0004: the team view's rollups are kept by triggers nobody can bypass.
    "agent_desk_figures_on_call", "agent_desk_figures_on_wrapup",
    "agent_desk_figures_on_settings", "agent_desk_rebuild_team_figures",
    # 0006: customer-satisfaction ratings rolled up the same way.
    "agent_desk_satisfaction_on_wrapup",
}  # fmt: skip
ROLLUPS = ("rep_day_figures", "rep_day_outcomes", "rep_month_outcomes")
PASSWORD = "pw-" + secrets.token_hex(6)


def run(engine: Engine, work: Any) -> Any:
    with Session(engine) as session, session.begin():
        return work(session)


def sql(engine: Engine, statement: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(statement), params).all())


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything the security setup decides, in comparable form."""
    return {
        "policies": sql(
            engine,
            "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies"
            " WHERE schemaname = 'public' ORDER BY 1, 2",
        ),
        "grants": sql(
            engine,
            "SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants"
            " WHERE table_schema = 'public' AND grantee LIKE 'agent_desk%' ORDER BY 1, 2, 3",
        ),
        "columns": sql(
            engine,
            "SELECT table_name, column_name, grantee, privilege_type FROM"
            " information_schema.column_privileges WHERE table_schema = 'public'"
            " AND grantee = 'agent_desk_rep' AND privilege_type = 'UPDATE' ORDER BY 1, 2",
        ),
        "security": sql(
            engine,
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
        ),
    }


@pytest.fixture
def logins(pg_server: str) -> Iterator[list[str]]:
    """Names of server roles a test made; dropped at the end (the last made first)."""
    made: list[str] = []
    yield made
    admin = make_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in reversed(made):
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


def name(prefix: str, made: list[str]) -> str:
    made.append(f"{prefix}_{secrets.token_hex(3)}")
    return made[-1]


def can_log_in(url: str, role: str, password: str) -> bool:
    engine = make_engine(normalize_url(url).set(username=role, password=password))
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT current_user")) == role
    except OperationalError:
        return False
    finally:
        engine.dispose()


def groups_of(engine: Engine, role: str) -> set[str]:
    rows = sql(
        engine,
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :n",
        n=role,
    )
    return {row.rolname for row in rows}


# --- the migration ---------------------------------------------------------------------


@POSTGRES
def test_migration_makes_groups_functions_and_forced_row_security(shared_engine: Engine) -> None:
    groups = sql(
        shared_engine,
        "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(:g) ORDER BY 1",
        g=list(security.GROUPS),
    )
    assert [tuple(g) for g in groups] == [(g, False) for g in sorted(security.GROUPS)]
    functions = {
        row.proname: row
        for row in sql(
            shared_engine,
            "SELECT proname, prosecdef, proconfig, proacl::text AS acl FROM pg_proc"
            " WHERE proname LIKE 'agent_desk%'",
        )
    }
    assert {n for n, f in functions.items() if f.prosecdef} == DEFINERS
    for function in functions.values():
        # 0003's claim function also pins a generic plan (re-planning cost more than running).
        config = [c for c in function.proconfig if not c.startswith("plan_cache_mode=")]
        assert config == ["search_path=public, pg_temp"], function.proname
        public_may_run = "{=X" in function.acl or ",=X" in function.acl
        assert function.acl and not public_may_run, f"PUBLIC may run {function.proname}"
    forced = {row.relname for row in snapshot(shared_engine)["security"] if row[1] and row[2]}
    assert forced == set(SECURED) | set(ROLLUPS)
    public = sql(
        shared_engine,
        "SELECT table_name FROM information_schema.role_table_grants"
        " WHERE table_schema = 'public' AND grantee = 'PUBLIC'",
    )
    assert public == []
    policies = snapshot(shared_engine)["policies"]
    assert {p.tablename for p in policies} == set(SECURED) | set(ROLLUPS)
    assert not [p for p in policies if p.cmd == "DELETE"]
    deleters = sql(
        shared_engine,
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE"
        " table_schema = 'public' AND privilege_type = 'DELETE' AND grantee LIKE 'agent_desk%'",
    )
    assert [row.grantee for row in deleters] == ["agent_desk_admin"]


@POSTGRES
def test_security_is_reapplied_exactly_and_downgrade_removes_it(shared_engine: Engine) -> None:
    first = snapshot(shared_engine)
    upgrade_to_head(shared_engine)  # init run twice
    with shared_engine.begin() as conn:
        security.apply_security(conn)
        security.apply_security(conn)
        conn.execute(text("CREATE POLICY stray ON leads FOR SELECT TO agent_desk_rep USING (true)"))
        conn.execute(text("GRANT DELETE ON leads TO agent_desk_rep"))
        security.apply_security(conn)  # a stray policy and grant go again
    assert snapshot(shared_engine) == first
    config = alembic_config(shared_engine)
    with shared_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    bare = snapshot(shared_engine)
    assert bare["policies"] == [] and bare["grants"] == [] and bare["columns"] == []
    assert not [row for row in bare["security"] if row[1] or row[2]]
    assert sql(shared_engine, "SELECT proname FROM pg_proc WHERE proname LIKE 'agent_desk%'") == []
    assert len(sql(shared_engine, "SELECT 1 FROM pg_roles WHERE rolname = ANY(:g)",
                   g=list(security.GROUPS))) == 4  # fmt: skip
    upgrade_to_head(shared_engine)
    assert snapshot(shared_engine) == first
    assert check_schema(shared_engine).state is SchemaState.CURRENT


# --- people's logins -------------------------------------------------------------------


@pytest.mark.parametrize("empty_shared_url", ["sqlite"], indirect=True)
def test_sqlite_people_have_no_logins(empty_shared_url: str) -> None:
    engine = make_engine(empty_shared_url)
    upgrade_to_head(engine)
    try:
        row = run(engine, lambda s: people_repo.add_user(s, "rep1", role="rep", actor="t"))
        assert row.db_role is None
        for work in (
            lambda s: people_repo.add_user(s, "rep2", role="rep", actor="t", password=PASSWORD),
            lambda s: people_repo.set_password(s, "rep1", PASSWORD, actor="t"),
            lambda s: people_repo.refresh_security(s, actor="t"),
        ):
            with pytest.raises(AdminError, match="embedded database"):
                run(engine, work)
        users = run(engine, lambda s: s.scalars(select(schema.User.username)).all())
        assert users == ["rep1"]
    finally:
        engine.dispose()


@POSTGRES
def test_add_user_makes_a_login_in_its_groups(
    shared_engine: Engine, empty_shared_url: str, logins: list[str]
) -> None:
    run(shared_engine, lambda s: people_repo.add_team(s, "Team 1", actor="t"))
    made = {}
    for role in ("rep", "supervisor", "admin"):
        username = name(role[:3], logins)
        team = None if role == "admin" else "Team 1"
        made[role] = run(
            shared_engine,
            lambda s, u=username, r=role, t=team: people_repo.add_user(
                s, u, role=r, team=t, actor="t", password=PASSWORD
            ),
        )
    for role, row in made.items():
        assert row.db_role == row.username
        assert groups_of(shared_engine, row.username) == {
            "agent_desk_login",
            security.ROLE_GROUPS[role],
        }
        assert can_log_in(empty_shared_url, row.username, PASSWORD)
    scram = sql(
        shared_engine,
        "SELECT 1 FROM pg_hba_file_rules WHERE '+agent_desk_login' = ANY(user_name)"
        " AND auth_method = 'scram-sha-256'",
    )
    if scram:  # a server that asks for passwords (CI's, and this one when set up so)
        assert not can_log_in(empty_shared_url, made["rep"].username, "wrong-password")
    stored = sql(shared_engine, "SELECT rolpassword FROM pg_authid WHERE rolname = :n",
                 n=made["rep"].username)  # fmt: skip
    assert stored[0].rolpassword.startswith("SCRAM-SHA-256$")
    audit = sql(shared_engine, "SELECT detail FROM audit_log WHERE entity = 'user'")
    assert all(PASSWORD not in str(row.detail) for row in audit)


@POSTGRES
def test_logins_are_refused_cleanly(shared_engine: Engine, logins: list[str]) -> None:
    stranger = name("plain", logins)
    with shared_engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{stranger}" LOGIN'))
    cases = [
        (stranger, PASSWORD, "not an Agent Desk login"),
        ("pg_signal", PASSWORD, "reserved"),
        ("public", PASSWORD, "reserved"),
        (name("short", logins), "short", "at least 8"),
        (name("spaces", logins), " padded password ", "spaces"),
    ]
    for username, password, message in cases:
        with pytest.raises(AdminError, match=message):
            run(
                shared_engine,
                lambda s, u=username, p=password: people_repo.add_user(
                    s, u, role="rep", actor="t", password=p
                ),
            )
    assert sql(shared_engine, "SELECT username FROM users") == []
    assert groups_of(shared_engine, stranger) == set()
    assert not any(
        sql(shared_engine, "SELECT 1 FROM pg_roles WHERE rolname = :n", n=n) for n in logins[1:]
    )


@POSTGRES
def test_an_existing_agent_desk_login_is_adopted_with_its_new_role(
    shared_engine: Engine, empty_shared_url: str, logins: list[str]
) -> None:
    username = name("moved", logins)
    with shared_engine.begin() as conn:  # as another database of the server would have it
        security.ensure_login_role(conn, username, "supervisor", None)
    row = run(
        shared_engine,
        lambda s: people_repo.add_user(s, username, role="rep", actor="t", password=PASSWORD),
    )
    assert row.db_role == username
    assert groups_of(shared_engine, username) == {"agent_desk_login", "agent_desk_rep"}
    assert can_log_in(empty_shared_url, username, PASSWORD)


@POSTGRES
def test_password_disable_and_refresh(
    shared_engine: Engine, empty_shared_url: str, logins: list[str]
) -> None:
    early, later = name("early", logins), name("later", logins)
    with Session(shared_engine) as s, s.begin():  # made before the database had roles
        s.add(
            schema.User(
                username=early, display_name=early, role="rep", active=True,
                db_role=None, created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    run(shared_engine, lambda s: people_repo.add_user(s, later, role="rep", actor="t"))
    no_password = "SELECT rolpassword IS NULL AS unset FROM pg_authid WHERE rolname = :n"
    assert sql(shared_engine, no_password, n=later)[0].unset  # it cannot log in by password
    with pytest.raises(AdminError, match="at least 8"):
        run(shared_engine, lambda s: people_repo.set_password(s, early, "x", actor="t"))
    row = run(shared_engine, lambda s: people_repo.set_password(s, early, PASSWORD, actor="t"))
    assert row.db_role == early and can_log_in(empty_shared_url, early, PASSWORD)

    run(shared_engine, lambda s: people_repo.disable_user(s, early, actor="t"))
    assert not can_log_in(empty_shared_url, early, PASSWORD)

    # Someone tinkered: a group revoked, a login dropped. Refresh puts right what it can.
    with shared_engine.begin() as conn:
        conn.execute(text(f'REVOKE agent_desk_rep FROM "{later}"'))
    report = run(shared_engine, lambda s: people_repo.refresh_security(s, actor="t"))
    assert set(report.logins_synced) == {early, later} and report.missing == ()
    assert groups_of(shared_engine, later) == {"agent_desk_login", "agent_desk_rep"}
    assert not can_log_in(empty_shared_url, early, PASSWORD)  # still disabled
    with shared_engine.begin() as conn:
        conn.execute(text(f'DROP ROLE "{later}"'))
    report = run(shared_engine, lambda s: people_repo.refresh_security(s, actor="t"))
    assert report.missing == (later,)
    run(shared_engine, lambda s: people_repo.set_password(s, later, PASSWORD, actor="t"))
    assert can_log_in(empty_shared_url, later, PASSWORD)


@POSTGRES
def test_a_connection_without_createrole_gets_a_clear_message(
    shared_engine: Engine, empty_shared_url: str, logins: list[str]
) -> None:
    admin = name("adm", logins)
    run(
        shared_engine,
        lambda s: people_repo.add_user(s, admin, role="admin", actor="t", password=PASSWORD),
    )
    as_admin = make_engine(normalize_url(empty_shared_url).set(username=admin, password=PASSWORD))
    try:
        with pytest.raises(AdminError, match="needs CREATEROLE"):
            run(
                as_admin,
                lambda s: people_repo.add_user(
                    s, name("rep", logins), role="rep", actor=admin, password=PASSWORD
                ),
            )
        with pytest.raises(AdminError, match="owner"):
            run(as_admin, lambda s: people_repo.refresh_security(s, actor=admin))
        # An admin person still does every data write, DELETE included.
        run(as_admin, lambda s: people_repo.add_team(s, "Team 9", actor=admin))
        with as_admin.begin() as conn:
            assert conn.execute(text("DELETE FROM teams WHERE name = 'Team 9'")).rowcount == 1
    finally:
        as_admin.dispose()


@pytest.mark.postgres
def test_an_owner_who_is_not_a_superuser_runs_everything(pg_server: str, logins: list[str]) -> None:
    """The migration runner may be a plain CREATEROLE owner: forced row security then
    makes it an admin, so the SECURITY DEFINER functions still see every lead."""
    owner_role, rep = name("owner", logins), name("rep", logins)
    database = f"agent_desk_t_{secrets.token_hex(6)}"
    server = make_engine(pg_server, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{owner_role}" LOGIN CREATEROLE PASSWORD NULL'))
        conn.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner_role}"'))
    url = normalize_url(pg_server).set(database=database, username=owner_role)
    owner = make_engine(url)
    try:
        upgrade_to_head(owner)
        assert groups_of(owner, owner_role) == {"agent_desk_admin"}
        seeded = seed_team(owner, leads=4)
        with owner.begin() as conn:
            conn.execute(text("UPDATE leads SET assigned_user_id = NULL"))  # the pool
            conn.execute(text("UPDATE users SET db_role = :r WHERE username = 'rep1'"), {"r": rep})
            security.ensure_login_role(conn, rep, "rep", PASSWORD)
        as_rep = make_engine(url.set(username=rep, password=PASSWORD))
        try:
            with as_rep.begin() as conn:
                claimed = conn.execute(
                    text(
                        "SELECT id FROM agent_desk_claim_leads('d', :c, ARRAY['Asia/Shanghai'],"
                        " 10, :now, interval '15 minutes')"
                    ),
                    {"c": seeded.campaign_id, "now": SHANGHAI_MORNING},
                ).all()
            assert sorted(row.id for row in claimed) == sorted(seeded.lead_ids)
            with as_rep.connect() as conn:
                assert len(conn.execute(text("SELECT id FROM leads")).all()) == 4
        finally:
            as_rep.dispose()
    finally:
        owner.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'REVOKE agent_desk_admin FROM "{owner_role}"'))
        server.dispose()
