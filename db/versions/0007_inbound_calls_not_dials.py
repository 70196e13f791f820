"""inbound calls are not dials: the rollups count them on their own

A dial is an outbound call; a call the customer made to the desk (``call_records.direction
= 'in'``) is not a dial and not an attempt on its lead (the rule: ``CallDirection`` in
``agent_desk/domain/call_state.py``). Until now 0004's call trigger added a dial for every
call record. From here:

* ``rep_day_figures`` and ``shift_summaries`` gain ``inbound_calls`` (default 0);
* 0004's call trigger adds a dial for an outbound call and an inbound call for an inbound
  one (talk time for both, as before); wrap-ups count as before, so a contact on an
  inbound call is a contact;
* the recount (setting the reporting zone, or ``agent_desk_rebuild_team_figures()``)
  gets a last step that moves the inbound calls out of the dials (0004's rebuild counts
  every call record, 0006's step follows, then this one), on both engines;
* the rows already counted are corrected by that same step once, here: it touches only
  the days that have inbound calls (few), not a full recount.

No grant changes: the function keeps its owner and grants (CREATE OR REPLACE), the
columns their tables' grants and policies.

SQLite: plain ``ADD COLUMN`` (no batch mode, which would drop 0004's triggers); the call
trigger and the settings triggers that recount are dropped and created again.

Revision ID: 0007
Revises: 0006
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("rep_day_figures", "shift_summaries")
# The rule in SQL (domain.call_state.CallDirection): only 'in' is not a dial.
IS_INBOUND = "{c}.direction = 'in'"
DIAL = f"CASE WHEN {IS_INBOUND} THEN 0 ELSE 1 END"
INBOUND = f"CASE WHEN {IS_INBOUND} THEN 1 ELSE 0 END"


def _load(name: str) -> ModuleType:
    """An earlier migration's module (not a package): its SQL pieces."""
    path = Path(__file__).with_name(name)
    spec = importlib.util.spec_from_file_location(f"agent_desk_migration_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M6 = _load("0006_customer_satisfaction.py")
M4 = M6.M4
COLUMNS = ", ".join(("user_id", "day", *M4.FIGURES, "inbound_calls"))


def _call_values(talk: str) -> str:
    """A call record's contribution: a dial or an inbound call, and its talk time."""
    parts = {"dials": DIAL.format(c="NEW"), "talk_seconds": talk}
    figures = ", ".join(parts.get(name, "0") for name in M4.FIGURES)
    return f"{figures}, {INBOUND.format(c='NEW')}"


def _add_excluded(target: str) -> str:
    names = ("dials", "talk_seconds", "inbound_calls")
    return ", ".join(f"{n} = {target}.{n} + excluded.{n}" for n in names)


# --- PostgreSQL ---------------------------------------------------------------------------

PG_CALL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION public.agent_desk_figures_on_call() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO rep_day_figures AS f ({COLUMNS})
    VALUES (NEW.user_id, {M4.PG_DAY.format(ts="NEW.started_at")},
            {_call_values("greatest(NEW.talk_seconds, 0)")})
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("f")};
    RETURN NULL;
END
$$"""

# After a count that took every call for a dial: the inbound ones moved out of the dials.
# {zone}: the reporting zone (a variable in the rebuild, the setting when upgrading).
PG_MOVE_INBOUND = """    WITH inbound AS (
        SELECT c.user_id, (c.started_at AT TIME ZONE {zone})::date AS day, count(*) AS n
        FROM call_records c
        WHERE c.direction = 'in' AND NOT c.training
        GROUP BY 1, 2
    )
    UPDATE rep_day_figures f SET dials = f.dials - i.n, inbound_calls = i.n
      FROM inbound i
     WHERE f.user_id = i.user_id AND f.day = i.day;"""
PG_ZONE = "coalesce((SELECT value FROM settings WHERE key = 'report_timezone'), 'Asia/Shanghai')"


def _pg_call_function_of_0004() -> str:
    name = "FUNCTION public.agent_desk_figures_on_call()"
    found = [f for f in M4.PG_FUNCTIONS if name in f]
    assert len(found) == 1
    return str(found[0])


def _pg_rebuild() -> str:
    original = M6._pg_rebuild()
    end = "\nEND\n$$"
    assert original.count(end) == 1
    return original.replace(end, f"\n{PG_MOVE_INBOUND.format(zone='v_zone')}{end}")


# --- SQLite -------------------------------------------------------------------------------

SQLITE_CALL_TRIGGER = f"""
CREATE TRIGGER trg_call_records_figures AFTER INSERT ON call_records
WHEN NOT NEW.training
BEGIN
    INSERT INTO rep_day_figures ({COLUMNS})
    VALUES (NEW.user_id, {M4.SQLITE_DAY.format(ts="NEW.started_at")},
            {_call_values("max(NEW.talk_seconds, 0)")})
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("rep_day_figures")};
END"""

SQLITE_MOVE_INBOUND = f"""
    UPDATE rep_day_figures SET dials = rep_day_figures.dials - i.n, inbound_calls = i.n
      FROM (
        SELECT c.user_id, {M4.SQLITE_CALL_DAY} AS day, count(*) AS n
        FROM call_records c
        WHERE c.direction = 'in' AND NOT c.training
        GROUP BY c.user_id, day
      ) i
     WHERE rep_day_figures.user_id = i.user_id AND rep_day_figures.day = i.day;
"""


def _sqlite_settings_trigger(name: str, moved: bool) -> str:
    original = M6._sqlite_settings_trigger(name, recount=True)
    if not moved:
        return str(original)
    end = "\nEND"
    assert original.endswith(end)
    return original[: -len(end)] + SQLITE_MOVE_INBOUND + end


# --- both ---------------------------------------------------------------------------------


def _run(sql: str) -> None:
    # No '%' anywhere: the driver would read it as a placeholder.
    assert "%" not in sql
    op.execute(sa.text(sql))


def _set_rule(dialect: str, inbound_apart: bool) -> None:
    if dialect == "postgresql":
        _run(PG_CALL_FUNCTION if inbound_apart else _pg_call_function_of_0004())
        _run(_pg_rebuild() if inbound_apart else M6._pg_rebuild())
        return
    _run("DROP TRIGGER IF EXISTS trg_call_records_figures")
    _run(SQLITE_CALL_TRIGGER if inbound_apart else M4.SQLITE_TRIGGERS["trg_call_records_figures"])
    for name in M6.SETTINGS_TRIGGERS:
        _run(f"DROP TRIGGER IF EXISTS {name}")
        _run(_sqlite_settings_trigger(name, inbound_apart))


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("inbound_calls", sa.Integer(), nullable=False, server_default=sa.text("0")),
        )
    if dialect == "postgresql":
        # Under 0004's lock order: desks' pushes wait, so no call is counted twice.
        _run("LOCK TABLE call_records IN SHARE MODE")
    _set_rule(dialect, inbound_apart=True)
    # The inbound calls counted so far as dials, moved out once.
    _run(PG_MOVE_INBOUND.format(zone=PG_ZONE) if dialect == "postgresql" else SQLITE_MOVE_INBOUND)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    _set_rule(dialect, inbound_apart=False)
    # 0006 counts every call as a dial: the inbound calls go back into the dials.
    _run("UPDATE rep_day_figures SET dials = dials + inbound_calls")
    for table in TABLES:
        op.drop_column(table, "inbound_calls")
