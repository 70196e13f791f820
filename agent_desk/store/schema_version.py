"""Does a database's schema match this app? Answered without loading Alembic.

Every desk asks at start-up, and Alembic (with Mako) costs a cold start ~70 ms to import;
so the revisions this app knows are listed here, and a test proves the list matches the
migrations in ``db/versions`` (``tests/store/test_migrations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, inspect, text

# Oldest first; the last one is the head this app was built for.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD_REVISION = KNOWN_REVISIONS[-1]


class SchemaState(StrEnum):
    CURRENT = "current"
    EMPTY = "empty"  # never initialised
    OLDER = "older"  # the database needs `agent-desk-admin init`
    NEWER = "newer"  # the app is older than the database: update the app


@dataclass(frozen=True)
class SchemaCheck:
    state: SchemaState
    database_revision: str | None
    app_revision: str


def check_schema(engine: Engine) -> SchemaCheck:
    """Compare the database's Alembic revision with the one this app was built for."""
    with engine.connect() as connection:
        current = None
        if inspect(connection).has_table("alembic_version"):
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current is None:
        state = SchemaState.EMPTY
    elif current == HEAD_REVISION:
        state = SchemaState.CURRENT
    elif current in KNOWN_REVISIONS:
        state = SchemaState.OLDER
    else:
        state = SchemaState.NEWER
    return SchemaCheck(state, current, HEAD_REVISION)
