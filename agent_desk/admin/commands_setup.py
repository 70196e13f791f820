"""Commands that set a database up: ``init`` (create or upgrade the schema) and ``demo``."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from agent_desk.admin import demo as demo_data
from agent_desk.admin.cli_base import PROG, CliError, db_url, open_engine, shown_url
from agent_desk.store.admin_common import record_audit
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.store.schema_version import SchemaState, check_schema


def cmd_init(args: argparse.Namespace) -> int:
    engine = open_engine(args, need_head=False)
    try:
        before = check_schema(engine)
        if before.state is SchemaState.NEWER:
            raise CliError("the database is newer than this agent-desk-admin: update the app")
        upgrade_to_head(engine)
        if before.state is not SchemaState.CURRENT:
            with Session(engine) as session, session.begin():
                record_audit(
                    session,
                    actor=args.actor,
                    action="init" if before.state is SchemaState.EMPTY else "upgrade",
                    entity="schema",
                    entity_id=before.app_revision,
                    detail={"from": before.database_revision},
                )
    finally:
        engine.dispose()
    state = "already at" if before.state is SchemaState.CURRENT else "now at"
    print(f"database {shown_url(db_url(args))} {state} revision {before.app_revision}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    engine = open_engine(args, need_head=False)
    try:
        state = check_schema(engine).state
        if state in (SchemaState.OLDER, SchemaState.NEWER):
            raise CliError(f"the database schema is not at this app's revision: run {PROG} init")
        summary = demo_data.load_demo(engine, actor=args.actor, force=args.force)
    finally:
        engine.dispose()
    if summary.already_present:
        print("demo data already present (use --force to add anything missing)")
        return 0
    print(summary.describe())
    return 0
