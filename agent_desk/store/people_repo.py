"""The people of the shared database: users, teams and their monthly targets.

The contract all admin repositories keep is in `agent_desk.store.admin_common`. On
PostgreSQL a person is also a login role (`agent_desk.store.security`), made, changed
and disabled here in the same transaction as their ``users`` row.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.store import security
from agent_desk.store.admin_common import (
    AdminError,
    TargetRow,
    TeamRow,
    UserRow,
    record_audit,
    require,
    utc_now,
)
from agent_desk.store.schema import ROLES, MonthlyTarget, Team, User

# Usernames become PostgreSQL role names: keep them to what needs no quoting there.
USERNAME_RE = re.compile(r"[a-z][a-z0-9_]{1,62}")
MONTH_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_NO_LOGINS = "the embedded database has no logins or passwords: they are for PostgreSQL"


# --- users and teams -------------------------------------------------------------------


def validate_username(username: str) -> str:
    """Return the username if it can become a database role name, else raise."""
    if not USERNAME_RE.fullmatch(username):
        raise AdminError(
            f"invalid username {username!r}: use 2-63 lowercase letters, digits or"
            " underscores, starting with a letter"
        )
    return username


def _team(session: Session, name: str) -> Team:
    missing = f"no team named {name!r} (create it with: team add {name!r})"
    return require(session, select(Team).where(Team.name == name), missing)


def _user(session: Session, username: str) -> User:
    missing = f"no user named {username!r}"
    return require(session, select(User).where(User.username == username), missing)


def _user_row(user: User, team_name: str | None) -> UserRow:
    return UserRow(
        user.id, user.username, user.display_name, user.role, team_name, user.active, user.db_role
    )


def add_user(
    session: Session,
    username: str,
    *,
    role: str,
    display_name: str | None = None,
    team: str | None = None,
    actor: str,
    now: datetime | None = None,
    password: str | None = None,
) -> UserRow:
    """Create a person. The one place users are made.

    On PostgreSQL the person gets a login role named like them (``users.db_role``) in
    the groups of their role, with `password` when given (without one the role cannot
    log in where the server asks for passwords: set it later with `set_password`).
    On SQLite there are no roles and `password` must be None.

    Raises:
        AdminError: Bad username, role or password, duplicate username, unknown team,
            a server role of that name that is not an Agent Desk login, or a connection
            that may not create roles.
    """
    validate_username(username)
    if role not in ROLES:
        raise AdminError(f"invalid role {role!r}: choose one of {', '.join(ROLES)}")
    name = (display_name or username).strip()
    if not name or len(name) > 120:
        raise AdminError("display name must be 1-120 characters")
    with_roles = security.uses_roles(session.connection())
    if with_roles:
        security.check_role_name(username)
        if password is not None:
            security.check_password(password)
    elif password is not None:
        raise AdminError(_NO_LOGINS)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AdminError(f"user {username!r} already exists")
    team_row = _team(session, team) if team else None
    user = User(
        username=username,
        display_name=name,
        role=role,
        team_id=team_row.id if team_row else None,
        active=True,
        db_role=username if with_roles else None,
        created_at=utc_now(now),
    )
    session.add(user)
    session.flush()
    detail: dict[str, object] = {"role": role, "team": team, "display_name": name}
    if with_roles:
        created = security.ensure_login_role(session.connection(), username, role, password)
        detail["login_role"] = "created" if created else "adopted"
        detail["password_set"] = password is not None
    record_audit(
        session,
        actor=actor,
        action="add",
        entity="user",
        entity_id=username,
        detail=detail,
        now=now,
    )
    return _user_row(user, team)


def set_password(
    session: Session, username: str, password: str, *, actor: str, now: datetime | None = None
) -> UserRow:
    """Set a person's database password (PostgreSQL), creating their login role if missing.

    The missing role case: people added before the database had roles, or a database
    restored on another server.

    Raises:
        AdminError: SQLite, unknown user, weak password, a stranger's role of that name.
    """
    if not security.uses_roles(session.connection()):
        raise AdminError(_NO_LOGINS)
    security.check_password(password)
    user = _user(session, username)
    if user.db_role is None:
        taken = session.scalar(select(User.id).where(User.db_role == username))
        if taken is not None:
            raise AdminError(f"another person already uses the login role {username!r}")
        user.db_role = username
        session.flush()
    created = security.ensure_login_role(session.connection(), user.db_role, user.role, password)
    if not user.active:
        security.set_login(session.connection(), user.db_role, False)
    record_audit(
        session,
        actor=actor,
        action="password",
        entity="user",
        entity_id=username,
        detail={"login_role": "created" if created else "kept"},
        now=now,
    )
    team_name = session.scalar(select(Team.name).where(Team.id == user.team_id))
    return _user_row(user, team_name)


def refresh_security(
    session: Session, *, actor: str, now: datetime | None = None
) -> security.RefreshReport:
    """Re-apply grants and policies and put every login role right (PostgreSQL only)."""
    if not security.uses_roles(session.connection()):
        raise AdminError("the embedded database has no roles or policies to refresh")
    report = security.refresh(session.connection())
    record_audit(
        session,
        actor=actor,
        action="refresh",
        entity="security",
        detail={"synced": len(report.logins_synced), "missing": list(report.missing)},
        now=now,
    )
    return report


def list_users(session: Session) -> list[UserRow]:
    rows = session.execute(
        select(User, Team.name).outerjoin(Team, User.team_id == Team.id).order_by(User.username)
    )
    return [_user_row(user, team_name) for user, team_name in rows]


def disable_user(
    session: Session, username: str, *, actor: str, now: datetime | None = None
) -> UserRow:
    """Stop a person from working; their records stay. Disabling twice is harmless."""
    user = _user(session, username)
    if user.active:
        user.active = False
        if user.db_role is not None and security.uses_roles(session.connection()):
            security.set_login(session.connection(), user.db_role, False)
        record_audit(
            session, actor=actor, action="disable", entity="user", entity_id=username, now=now
        )
    team_name = session.scalar(select(Team.name).where(Team.id == user.team_id))
    return _user_row(user, team_name)


def add_team(session: Session, name: str, *, actor: str, now: datetime | None = None) -> TeamRow:
    name = name.strip()
    if not name or len(name) > 80:
        raise AdminError("team name must be 1-80 characters")
    if session.scalar(select(Team.id).where(Team.name == name)) is not None:
        raise AdminError(f"team {name!r} already exists")
    team = Team(name=name, created_at=utc_now(now))
    session.add(team)
    session.flush()
    record_audit(session, actor=actor, action="add", entity="team", entity_id=name, now=now)
    return TeamRow(team.id, team.name, 0)


def list_teams(session: Session) -> list[TeamRow]:
    members = (
        select(func.count(User.id))
        .where(User.team_id == Team.id, User.active.is_(True))
        .scalar_subquery()
    )
    rows = session.execute(select(Team.id, Team.name, members).order_by(Team.name))
    return [TeamRow(tid, name, count) for tid, name, count in rows]


# --- targets ---------------------------------------------------------------------------


def validate_month(month: str) -> str:
    if not MONTH_RE.fullmatch(month):
        raise AdminError(f"invalid month {month!r}: write it as YYYY-MM, e.g. 2026-11")
    return month


def set_target(
    session: Session,
    username: str,
    month: str,
    *,
    calls: int | None = None,
    contacts: int | None = None,
    interested: int | None = None,
    sales_cents: int | None = None,
    actor: str,
    now: datetime | None = None,
) -> TargetRow:
    """Create or update a rep's monthly target; figures not given keep their value."""
    validate_month(month)
    given = {"calls": calls, "contacts": contacts, "interested": interested}
    given["sales_cents"] = sales_cents
    for field, value in given.items():
        if value is not None and value < 0:
            raise AdminError(f"target {field} cannot be negative")
    user = _user(session, username)
    if user.role != "rep":
        raise AdminError(f"targets are for reps; {username!r} is a {user.role}")
    target = session.scalar(
        select(MonthlyTarget).where(MonthlyTarget.user_id == user.id, MonthlyTarget.month == month)
    )
    if target is None:
        target = MonthlyTarget(
            user_id=user.id, month=month, calls=0, contacts=0, interested=0, sales_cents=0
        )
        session.add(target)
    for field, value in given.items():
        if value is not None:
            setattr(target, field, value)
    session.flush()
    record_audit(
        session,
        actor=actor,
        action="set",
        entity="target",
        entity_id=f"{username}@{month}",
        detail={k: v for k, v in given.items() if v is not None},
        now=now,
    )
    return TargetRow(
        username,
        user.display_name,
        month,
        target.calls,
        target.contacts,
        target.interested,
        target.sales_cents,
    )


def list_targets(session: Session, month: str | None = None) -> list[TargetRow]:
    query = select(MonthlyTarget, User).join(User, MonthlyTarget.user_id == User.id)
    if month is not None:
        query = query.where(MonthlyTarget.month == validate_month(month))
    query = query.order_by(MonthlyTarget.month, User.username)
    return [
        TargetRow(
            u.username, u.display_name, t.month, t.calls, t.contacts, t.interested, t.sales_cents
        )
        for t, u in session.execute(query)
    ]
