"""customer satisfaction: an optional rating on a contact's wrap-up, rolled up per rep and day

The regulations assess reps on customer satisfaction (客户满意度: 客户对电销服务的评价)
as well as sales, monthly and yearly. ``wrapups.satisfaction`` holds the customer's
rating of the call, 1 to 5, when they gave one; only a contact has one (a CHECK says so).
It is never required, so a missing rating is NULL, not 0.

``shift_summaries`` gains the same two numbers for the shift the rep confirmed (0 from
desks that do not send them yet).

``rep_day_figures`` gains ``satisfaction_count`` (rated contacts) and ``satisfaction_sum``
(their ratings added up), so the team view averages a day, a month or a year from the
same rollup rows as every other figure (the average is taken last: sum / count). They
follow the call's effective wrap-up exactly like 0004's figures do: a separate trigger
on ``wrapups`` (``trg_wrapups_satisfaction``) adds the new effective wrap-up's rating
and takes back the previous one's, under 0004's per-call advisory lock on PostgreSQL.
An unrated wrap-up of a call with no rated wrap-up (most of them) costs one index probe.
0004's triggers are left as they are: the new columns have a default of 0, which their
inserts take. The recount (setting the reporting zone, or
``agent_desk_rebuild_team_figures()``) recounts ratings too: 0004's rebuild with a step
added at its end, on both engines.

No grant changes: the rollups' and wrap-ups' grants and policies are per table, and the
new trigger function, like 0004's, is SECURITY DEFINER and executable by nobody else.
``agent_desk_apply_team_security()`` does not list it, so its PUBLIC grant is revoked
here once.

SQLite: plain ``ADD COLUMN`` (no batch mode, which would drop 0004's triggers); the
settings triggers that recount are recreated with the added step.

Revision ID: 0006
Revises: 0005
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK = "satisfaction IS NULL OR (is_contact AND satisfaction BETWEEN 1 AND 5)"
NEW_COLUMNS = ("satisfaction_count", "satisfaction_sum")
# What one wrap-up adds; {w}: the wrap-up.
TERMS = {
    "satisfaction_count": (
        "CASE WHEN {w}.is_contact AND {w}.satisfaction IS NOT NULL THEN 1 ELSE 0 END"
    ),
    "satisfaction_sum": (
        "CASE WHEN {w}.is_contact AND {w}.satisfaction IS NOT NULL THEN {w}.satisfaction ELSE 0 END"
    ),
}
# Wrap-ups of calls that have a rated one: the only calls a recount must look at.
RATED_CALLS = "SELECT r.call_id FROM wrapups r WHERE r.satisfaction IS NOT NULL"
OTHER_RATED = (
    "EXISTS (SELECT 1 FROM wrapups o WHERE o.call_id = NEW.call_id AND o.id <> NEW.id"
    " AND o.satisfaction IS NOT NULL)"
)


def _load_0004() -> ModuleType:
    """0004's module (not a package): its figure columns, orders and SQL pieces."""
    path = Path(__file__).with_name("0004_team_figures.py")
    spec = importlib.util.spec_from_file_location("agent_desk_migration_0004", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M4 = _load_0004()
COLUMNS = ", ".join(("user_id", "day", *M4.FIGURES, *NEW_COLUMNS))
ZEROS = ", ".join("0" for _ in M4.FIGURES)


def _delta(new: str, prev: str) -> str:
    return ", ".join(f"({term.format(w=new)}) - ({term.format(w=prev)})" for term in TERMS.values())


def _add_excluded(target: str) -> str:
    return ", ".join(f"{n} = {target}.{n} + excluded.{n}" for n in NEW_COLUMNS)


def _sums(alias: str) -> str:
    """The new columns summed over wrap-ups, named as the columns."""
    return ", ".join(f"sum({term.format(w=alias)}) AS {n}" for n, term in TERMS.items())


def _set_from(alias: str) -> str:
    return ", ".join(f"{n} = {alias}.{n}" for n in NEW_COLUMNS)


# --- PostgreSQL ---------------------------------------------------------------------------

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION public.agent_desk_satisfaction_on_wrapup() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_call call_records;
    v_prev wrapups;
BEGIN
    IF NEW.satisfaction IS NULL AND NOT {OTHER_RATED} THEN
        RETURN NULL;  -- no rating before or now: nothing moves
    END IF;
    -- 0004's lock: one wrap-up of a call at a time.
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.call_id::text, 4004));
    SELECT * INTO v_call FROM call_records WHERE id = NEW.call_id;
    IF NOT FOUND OR v_call.training THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_prev FROM wrapups w WHERE w.call_id = NEW.call_id AND w.id <> NEW.id
        ORDER BY {M4.LATEST_FIRST.format(w="w")} LIMIT 1;
    IF FOUND AND {M4.SORTS_AFTER.format(a="v_prev", b="NEW")} THEN
        RETURN NULL;  -- arrived late: the call's effective wrap-up stays what it was
    END IF;
    INSERT INTO rep_day_figures AS f ({COLUMNS})
    VALUES (v_call.user_id, {M4.PG_DAY.format(ts="v_call.started_at")}, {ZEROS},
            {_delta("NEW", "v_prev")})
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("f")};
    RETURN NULL;
END
$$"""

PG_TRIGGER = (
    "CREATE TRIGGER trg_wrapups_satisfaction AFTER INSERT ON public.wrapups"
    " FOR EACH ROW WHEN (NOT NEW.training)"
    " EXECUTE FUNCTION public.agent_desk_satisfaction_on_wrapup()"
)

# Appended to 0004's recount, which has just rebuilt every row with these columns at 0.
PG_RECOUNT = f"""    WITH effective AS (
        SELECT DISTINCT ON (w.call_id) w.*
        FROM wrapups w
        WHERE w.call_id IN ({RATED_CALLS})
        ORDER BY w.call_id, {M4.LATEST_FIRST.format(w="w")}
    ), rated AS (
        SELECT c.user_id, (c.started_at AT TIME ZONE v_zone)::date AS day, {_sums("e")}
        FROM effective e JOIN call_records c ON c.id = e.call_id
        WHERE NOT c.training
        GROUP BY 1, 2
    )
    UPDATE rep_day_figures f SET {_set_from("r")}
      FROM rated r
     WHERE f.user_id = r.user_id AND f.day = r.day;"""


def _pg_rebuild_of_0004() -> str:
    name = "FUNCTION public.agent_desk_rebuild_team_figures()"
    found = [f for f in M4.PG_FUNCTIONS if name in f]
    assert len(found) == 1
    return str(found[0])


def _pg_rebuild() -> str:
    original = _pg_rebuild_of_0004()
    end = "\nEND\n$$"
    assert original.count(end) == 1
    return original.replace(end, f"\n{PG_RECOUNT}{end}")


# --- SQLite -------------------------------------------------------------------------------

SQLITE_TRIGGER = f"""
CREATE TRIGGER trg_wrapups_satisfaction AFTER INSERT ON wrapups
WHEN (NEW.satisfaction IS NOT NULL OR {OTHER_RATED})
    AND coalesce((SELECT NOT c.training FROM call_records c WHERE c.id = NEW.call_id), 0)
    AND NOT EXISTS (SELECT 1 FROM wrapups w WHERE w.call_id = NEW.call_id AND w.id <> NEW.id
                    AND {M4.SORTS_AFTER.format(a="w", b="NEW")})
BEGIN
    INSERT INTO rep_day_figures ({COLUMNS})
    SELECT c.user_id, {M4.SQLITE_CALL_DAY}, {ZEROS}, {_delta("NEW", "p")}
    FROM call_records c LEFT JOIN {M4.SQLITE_PREV} p ON 1
    WHERE c.id = NEW.call_id
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("rep_day_figures")};
END"""

SQLITE_RECOUNT = f"""
    UPDATE rep_day_figures SET {_set_from("r")}
      FROM (
        SELECT c.user_id, {M4.SQLITE_CALL_DAY} AS day, {_sums("e")}
        FROM call_records c
        JOIN (
            SELECT w.*, row_number() OVER (
                PARTITION BY w.call_id ORDER BY {M4.LATEST_FIRST.format(w="w")}) AS rank
            FROM wrapups w
            WHERE w.call_id IN ({RATED_CALLS})
        ) e ON e.call_id = c.id AND e.rank = 1
        WHERE NOT c.training
        GROUP BY c.user_id, day
      ) r
     WHERE rep_day_figures.user_id = r.user_id AND rep_day_figures.day = r.day;
"""
SETTINGS_TRIGGERS = (
    "trg_settings_report_timezone_insert",
    "trg_settings_report_timezone_update",
)


def _sqlite_settings_trigger(name: str, recount: bool) -> str:
    original = str(M4.SQLITE_TRIGGERS[name])
    if not recount:
        return original
    end = "\nEND"
    assert original.endswith(end)
    return original[: -len(end)] + SQLITE_RECOUNT + end


# --- both ---------------------------------------------------------------------------------


def _run(sql: str) -> None:
    # No '%' anywhere: the driver would read it as a placeholder.
    assert "%" not in sql
    op.execute(sa.text(sql))


def _set_recount(dialect: str, recount: bool) -> None:
    if dialect == "postgresql":
        _run(_pg_rebuild() if recount else _pg_rebuild_of_0004())
        return
    for name in SETTINGS_TRIGGERS:
        _run(f"DROP TRIGGER IF EXISTS {name}")
        _run(_sqlite_settings_trigger(name, recount))


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    # Plain ADD COLUMN on both engines (no batch mode: SQLite keeps 0004's triggers).
    if dialect == "postgresql":
        _run(
            "ALTER TABLE wrapups ADD COLUMN satisfaction smallint,"
            f" ADD CONSTRAINT ck_wrapups_satisfaction CHECK ({CHECK})"
        )
    else:
        _run(
            "ALTER TABLE wrapups ADD COLUMN satisfaction SMALLINT"
            f" CONSTRAINT ck_wrapups_satisfaction CHECK ({CHECK})"
        )
    for table in ("rep_day_figures", "shift_summaries"):
        for name in NEW_COLUMNS:
            op.add_column(
                table,
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0")),
            )
    if dialect == "postgresql":
        _run(PG_FUNCTION)
        _run("REVOKE ALL ON FUNCTION public.agent_desk_satisfaction_on_wrapup() FROM PUBLIC")
        _run(PG_TRIGGER)
    else:
        _run(SQLITE_TRIGGER)
    _set_recount(dialect, recount=True)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    _set_recount(dialect, recount=False)
    if dialect == "postgresql":
        _run("DROP TRIGGER IF EXISTS trg_wrapups_satisfaction ON public.wrapups")
        _run("DROP FUNCTION IF EXISTS public.agent_desk_satisfaction_on_wrapup()")
        _run("ALTER TABLE wrapups DROP CONSTRAINT ck_wrapups_satisfaction")
    else:
        _run("DROP TRIGGER IF EXISTS trg_wrapups_satisfaction")
    for table in ("rep_day_figures", "shift_summaries"):
        for name in NEW_COLUMNS:
            op.drop_column(table, name)
    op.drop_column("wrapups", "satisfaction")
