"""Alembic owns the schema: it builds it on both engines and agrees with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import head_revision, revisions, upgrade_to_head
from agent_desk.store.schema import Base
from agent_desk.store.schema_version import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    SchemaState,
    check_schema,
)


def test_upgrade_builds_every_table(shared_engine: Engine) -> None:
    tables = set(inspect(shared_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(shared_engine: Engine) -> None:
    with shared_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_claim_index_is_partial(shared_engine: Engine) -> None:
    # Alembic's autogenerate skips partial indexes on SQLite, so check it exists by hand.
    indexes = {ix["name"]: ix for ix in inspect(shared_engine).get_indexes("leads")}
    assert "ix_leads_claim" in indexes


def test_upgrade_twice_is_harmless(shared_engine: Engine) -> None:
    upgrade_to_head(shared_engine)
    assert check_schema(shared_engine).state is SchemaState.CURRENT


def test_schema_check_reports_empty_older_and_newer(empty_shared_url: str) -> None:
    engine = make_engine(empty_shared_url)
    try:
        assert check_schema(engine).state is SchemaState.EMPTY
        upgrade_to_head(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
        newer = check_schema(engine)
        assert newer.state is SchemaState.NEWER
        assert newer.database_revision == "ffffffffffff"
    finally:
        engine.dispose()


def test_the_apps_list_of_revisions_is_the_migrations() -> None:
    # schema_version answers without Alembic; it must know exactly what db/versions holds.
    assert list(KNOWN_REVISIONS) == revisions()
    assert head_revision() == HEAD_REVISION


def test_a_known_older_revision_reads_as_older(empty_shared_url: str) -> None:
    engine = make_engine(empty_shared_url)
    try:
        upgrade_to_head(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{KNOWN_REVISIONS[0]}'")
        assert check_schema(engine).state is SchemaState.OLDER
    finally:
        engine.dispose()
