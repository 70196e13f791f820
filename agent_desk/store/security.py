"""Security in the database: a PostgreSQL login role per person, group roles, row security.

On PostgreSQL every person logs in with their own role, named ``users.db_role`` (by
default their username), a member of ``agent_desk_login`` and of the group of their
Agent Desk role: ``agent_desk_rep``, ``agent_desk_supervisor`` or ``agent_desk_admin``
(all NOLOGIN). Migration ``0002`` creates the groups, the SQL functions and
``agent_desk_apply_security()``, which (re)creates every grant and policy; `refresh`
runs it again. On the embedded SQLite database none of this exists: the desk is its
only user.

What PostgreSQL lets each group do (row security is ENABLEd and FORCEd on every table
holding people's data, so even the tables' owner goes through the policies unless it is a
superuser or has BYPASSRLS):

================  ===========================================  ============================
table             rep                                          supervisor (SELECT only)
================  ===========================================  ============================
users             own row                                      own row, own team's rows
leads             SELECT/UPDATE assigned to or leased by me;   assigned to / leased by a
                  UPDATE only routing and lease columns, and   team member, or in the
                  the row must stay mine or go to my team's    team's pool
                  pool; claims through agent_desk_claim_leads
call_records,     INSERT as myself (wrap-ups and complaints    team members' rows
wrapups,          only on my own call, amendments only of my
complaints,       own wrap-ups), SELECT own; never UPDATE or
shift_summaries   DELETE
callbacks         INSERT created by me (mine or my team's),    the team's, or made by or
                  SELECT mine / my team's, UPDATE the status   for a team member
                  of open ones
dnc_numbers       SELECT all (desks block locally), INSERT     all
                  with added_by = me
agent_states      own row: SELECT, INSERT, UPDATE              team members' rows
monthly_targets   own                                          team members'
audit_log         nothing                                      nothing
campaigns, outcomes, scripts, teams: SELECT (no row security, nothing personal)
================  ===========================================  ============================

Admins (``agent_desk_admin``) may do everything, DELETE included, through ``FOR ALL``
policies rather than BYPASSRLS: membership of the group is the one switch (BYPASSRLS is
not inherited from a group and only a superuser may grant it), and what admins may do
is visible in ``pg_policies`` next to everything else. Nobody else has DELETE anywhere.
A migration runner that is neither superuser nor BYPASSRLS is made an admin (FORCE puts
the owner under the policies, and the SECURITY DEFINER functions run as the owner).
PUBLIC keeps no privilege on the schema's tables, sequences or functions.

Lead functions (SECURITY DEFINER, ``search_path = public, pg_temp``, owned by the
migration runner): ``agent_desk_claim_leads`` (a rep cannot read the pool it claims
from), ``agent_desk_release_leases`` and ``agent_desk_close_dnc_leads`` (a plain UPDATE
may not make a row invisible to its author), ``agent_desk_campaign_zones``. They act
for the caller; a caller who bypasses row security anyway (superuser, BYPASSRLS, admin)
may name the rep with ``p_user``. A claim leases at most 100 leads. The policies ask
``agent_desk_me()`` / ``agent_desk_my_team()`` / ``agent_desk_my_team_users()`` (who is
calling: the SET ROLE role, else the login) and ``agent_desk_is_my_wrapup(id)``.

Creating and changing login roles needs CREATEROLE: run ``user add``, ``user password``
and ``security refresh`` as the database owner (the role that ran ``init``). Passwords
never travel or get logged in clear: the client computes the SCRAM-SHA-256 verifier
(libpq's ``PQencryptPasswordConn``) and sends only that, as a quoted literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from agent_desk.store.admin_common import AdminError

LOGIN_GROUP = "agent_desk_login"
ROLE_GROUPS = {
    "rep": "agent_desk_rep",
    "supervisor": "agent_desk_supervisor",
    "admin": "agent_desk_admin",
}
GROUPS = (LOGIN_GROUP, *ROLE_GROUPS.values())
MIN_PASSWORD_LENGTH = 8
# Names PostgreSQL keeps for itself (quoted or not).
_RESERVED = {"public", "none", "current_user", "session_user", "current_role", "user"}


@dataclass(frozen=True)
class RefreshReport:
    """What `refresh` did besides re-applying grants and policies."""

    logins_synced: tuple[str, ...]  # login roles whose groups and LOGIN were put right
    missing: tuple[str, ...]  # people whose login role does not exist on this server
    foreign: tuple[str, ...] = ()  # a role of that name exists but is not an Agent Desk login


def uses_roles(conn: Connection) -> bool:
    """Whether this database has login roles (PostgreSQL) or not (SQLite)."""
    return conn.dialect.name == "postgresql"


def check_password(password: str) -> str:
    """Return the password if it is acceptable, else raise `AdminError`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if "\x00" in password or password != password.strip():
        raise AdminError("the password cannot start or end with spaces or hold NUL characters")
    return password


def check_role_name(name: str) -> str:
    """A username that PostgreSQL would refuse as a role name raises `AdminError`."""
    if name in _RESERVED or name.startswith("pg_"):
        raise AdminError(f"{name!r} is reserved by PostgreSQL: choose another username")
    return name


def role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def _is_ours(conn: Connection, name: str) -> bool:
    """Whether an existing role is an Agent Desk login (a member of agent_desk_login)."""
    found = conn.scalar(
        text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = :g AND r.rolname = :n"
        ),
        {"g": LOGIN_GROUP, "n": name},
    )
    return bool(found)


def _execute(conn: Connection, statement: sql.Composed) -> None:
    """Run a composed utility statement on the connection, in its transaction.

    The raw driver cursor takes a `psycopg.sql.Composed` as is (no placeholder parsing),
    with identifiers and literals quoted by the driver.
    """
    raw: Any = conn.connection.driver_connection
    try:
        with raw.cursor() as cursor:
            cursor.execute(statement)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise AdminError(
            "managing login roles needs CREATEROLE: run this command as the database owner"
            f" (the role that ran init): {exc.diag.message_primary}"
        ) from exc
    except psycopg.Error as exc:
        raise AdminError(f"the database refused: {exc.diag.message_primary or exc}") from exc


def ensure_login_role(conn: Connection, name: str, role: str, password: str | None) -> bool:
    """Create (or adopt) the login role of a person; returns whether it was created.

    A role that exists already is adopted only if it is an Agent Desk login: roles are
    shared by every database of the server, so the same person may be on two of them.
    Its Agent Desk group is set to `role`'s (the other two are revoked); it may log in.

    Raises:
        AdminError: A role of that name exists and is not ours, the password is too
            weak, or the connection may not create roles.
    """
    check_role_name(name)
    if password is not None:
        check_password(password)
    created = not role_exists(conn, name)
    if created:
        _execute(conn, sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    elif not _is_ours(conn, name):
        raise AdminError(
            f"the database server already has a role named {name!r} that is not an Agent"
            " Desk login: choose another username"
        )
    sync_groups(conn, name, role, login=True)
    if password is not None:
        set_password(conn, name, password)
    return created


def sync_groups(conn: Connection, name: str, role: str, *, login: bool) -> None:
    """Make a login role a member of exactly its Agent Desk groups; LOGIN or NOLOGIN."""
    wanted = ROLE_GROUPS[role]
    ident = sql.Identifier(name)
    _execute(
        conn,
        sql.SQL("GRANT {}, {} TO {}").format(
            sql.Identifier(LOGIN_GROUP), sql.Identifier(wanted), ident
        ),
    )
    for group in ROLE_GROUPS.values():
        if group != wanted:
            _execute(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), ident))
    _execute(conn, sql.SQL("ALTER ROLE {} " + ("LOGIN" if login else "NOLOGIN")).format(ident))


def set_password(conn: Connection, name: str, password: str) -> None:
    """Set a login role's password; only its SCRAM-SHA-256 verifier reaches the server."""
    check_password(password)
    raw: Any = conn.connection.driver_connection
    verifier = raw.pgconn.encrypt_password(
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    ).decode("ascii")
    _execute(
        conn,
        sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier)),
    )


def set_login(conn: Connection, name: str, allowed: bool) -> None:
    """Let a login role log in, or not (a disabled person)."""
    if role_exists(conn, name):
        keyword = "LOGIN" if allowed else "NOLOGIN"
        _execute(conn, sql.SQL("ALTER ROLE {} " + keyword).format(sql.Identifier(name)))


def apply_security(conn: Connection) -> None:
    """Re-create the group roles, grants and policies of the schema's current version."""
    try:
        conn.execute(text("SELECT public.agent_desk_apply_security()"))
    except DBAPIError as exc:
        orig = exc.orig
        if isinstance(orig, psycopg.errors.InsufficientPrivilege):
            raise AdminError(
                "re-applying grants and policies needs the tables' owner (the role that ran"
                f" init): {orig.diag.message_primary}"
            ) from exc
        raise


def refresh(conn: Connection) -> RefreshReport:
    """Re-apply grants and policies, and put every person's login role right.

    Active people's roles may log in and are in their role's group; disabled people's
    may not. People whose role is missing (a database restored on another server) are
    reported: ``agent-desk-admin user password NAME`` creates it with a password.
    """
    apply_security(conn)
    synced, missing, foreign = [], [], []
    rows = conn.execute(
        text("SELECT db_role, role, active FROM users WHERE db_role IS NOT NULL ORDER BY 1")
    )
    for name, role, active in rows.all():
        if not role_exists(conn, name):
            missing.append(name)
        elif not _is_ours(conn, name):
            foreign.append(name)  # never adopted silently: `user password` says why
        else:
            sync_groups(conn, name, role, login=bool(active))
            synced.append(name)
    return RefreshReport(tuple(synced), tuple(missing), tuple(foreign))
