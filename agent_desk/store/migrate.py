"""Schema upgrades through Alembic, and the check that a database matches this app."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from agent_desk.paths import migrations_dir


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # configparser reads "%" as interpolation: an encoded password would break it.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """The newest schema revision this app knows."""
    head = _scripts().get_current_head()
    assert head is not None, "db/versions holds no migration"
    return head


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config)


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the shared schema. Safe to run again."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


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
    script = _scripts()
    app_head = script.get_current_head() or ""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        state = SchemaState.EMPTY
    elif current == app_head:
        state = SchemaState.CURRENT
    else:
        try:
            known = {rev.revision for rev in script.walk_revisions()}
        except Exception:  # a broken history reads as "not ours"
            known = set()
        state = SchemaState.OLDER if current in known else SchemaState.NEWER
    return SchemaCheck(state, current, app_head)
