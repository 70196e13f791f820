"""Who is signing in: the one read of the shared database a desk needs before its window.

It names its two tables with SQLAlchemy's lightweight ``table()``/``column()`` rather than
the ORM schema (``schema.py``): that schema, with the PostgreSQL dialect it pulls in, costs
a cold start ~100 ms, and only the sync thread needs it, after the window shows. The query
is the one ``schema``'s tables would build; the desk and login tests run it on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, column, select, table

_users = table(
    "users",
    column("id"),
    column("username"),
    column("display_name"),
    column("role"),
    column("team_id"),
    column("active"),
)
_teams = table("teams", column("id"), column("name"))


class UnknownUserError(LookupError):
    """The login has no active user row in the shared database."""


@dataclass(frozen=True)
class Identity:
    user_id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    team_name: str


def identify(conn: Connection, username: str) -> Identity:
    u, t = _users.c, _teams.c
    row = conn.execute(
        select(u.id, u.username, u.display_name, u.role, u.team_id, t.name.label("team_name"))
        .select_from(_users.outerjoin(_teams, t.id == u.team_id))
        .where(u.username == username, u.active.is_(True))
    ).first()
    if row is None:
        raise UnknownUserError(username)
    return Identity(
        row.id, row.username, row.display_name, row.role, row.team_id, row.team_name or ""
    )
