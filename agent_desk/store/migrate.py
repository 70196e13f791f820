"""Schema upgrades through Alembic (the check that a database matches: schema_version)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
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
    """The newest revision in ``db/versions`` (tests compare it with schema_version)."""
    head = _scripts().get_current_head()
    assert head is not None, "db/versions holds no migration"
    return head


def revisions() -> list[str]:
    """Every revision in ``db/versions``, oldest first."""
    return [rev.revision for rev in reversed(list(_scripts().walk_revisions()))]


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
