"""team figures: settings, reporting time zone, per-rep daily rollups kept by triggers

The team view reads a rep's day, month and year from ``rep_day_figures`` (dials,
contacts, talk time, intents, sales, callbacks) and ``rep_day_outcomes`` (calls per
outcome), one row per rep and local day of the deployment's reporting time zone
(``settings.report_timezone``, default Asia/Shanghai; one zone per deployment, so no
``teams.timezone``), and ``rep_month_outcomes`` (the same by month: a year's outcome mix
reads a twelfth of the rows; measured 24 ms -> 2 ms for a team of 20 over a year of 5M
calls). The database keeps them exact, so no desk can inflate its figures:

* a call record (not training) adds a dial and its talk seconds to the day it started;
* a wrap-up adds its contribution (contact, intent, sale and amount, callback set from
  the outcome's flag) to its call's day, after taking back the contribution of the call's
  previous effective wrap-up. The effective wrap-up of a call is its latest by
  (created_at, is an amendment, id), so an amendment that arrives late, or shares the
  original's timestamp, still lands right; one that sorts before the effective one
  changes nothing. Wrap-ups of training calls never count;
* setting ``report_timezone`` (insert or update of the row) recounts everything.

PostgreSQL: SECURITY DEFINER plpgsql trigger functions, the day by ``AT TIME ZONE``.
The rollups have row security: a rep reads their own rows, a supervisor their team's,
an admin all; nobody has INSERT/UPDATE/DELETE on them (the owner writes through the
triggers). ``agent_desk_apply_security()`` now calls ``agent_desk_apply_core_security()``
(the function 0002/0003 made, renamed: every grant and policy before this version) and
then ``agent_desk_apply_team_security()`` (this version's tables and functions), so
``agent-desk-admin security refresh`` re-applies both. A later migration replaces the
part it changes.

Also, from measuring the team view on 500 reps and 5M calls (``bench/bench_team_view.py``):
``ix_call_records_flagged`` (partial: the few flagged records), ``ix_wrapups_user_outcome``
(a rep's sales among their calls), and 0002's ``agent_desk_me()``, ``agent_desk_my_team()``
and ``agent_desk_my_team_users()`` replaced by equivalents that look the caller up once per
statement instead of once per row of ``users`` (every supervisor policy calls the last one;
it grew with the square of the people: 8 ms with 65 people, 820 ms with 527, before; 0.2-0.3
ms after). Downgrading keeps the faster versions (same answers).

SQLite (the embedded trial database): the same tables; its triggers cannot use time
zones, so the local day comes from ``report_tz_offsets`` (the zone's UTC offsets from
zoneinfo, 1970-2100): ``date(started_at, offset || ' minutes')`` with the latest row at or
before the call's start. Caution: an Alembic batch operation that recreates
``call_records``, ``wrapups`` or ``settings`` on SQLite drops their triggers; such a
migration must create ``SQLITE_TRIGGERS`` again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types
from agent_desk.store.settings_repo import DEFAULT_REPORT_TIMEZONE, tz_transitions

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLLUPS = ("rep_day_figures", "rep_day_outcomes", "rep_month_outcomes")
FIGURES = (
    "dials",
    "contacts",
    "talk_seconds",
    "intent_a",
    "intent_b",
    "intent_c",
    "intent_d",
    "sales_count",
    "sales_cents",
    "callbacks_set",
)
# What one wrap-up adds to its call's day; {w}: the wrap-up, {cb}: its callback flag.
WRAP_TERMS = {
    "contacts": "CASE WHEN {w}.is_contact THEN 1 ELSE 0 END",
    "intent_a": "CASE WHEN {w}.intent = 'A' THEN 1 ELSE 0 END",
    "intent_b": "CASE WHEN {w}.intent = 'B' THEN 1 ELSE 0 END",
    "intent_c": "CASE WHEN {w}.intent = 'C' THEN 1 ELSE 0 END",
    "intent_d": "CASE WHEN {w}.intent = 'D' THEN 1 ELSE 0 END",
    "sales_count": "CASE WHEN {w}.is_sale THEN 1 ELSE 0 END",
    "sales_cents": "CASE WHEN {w}.is_sale THEN coalesce({w}.amount_cents, 0) ELSE 0 END",
    "callbacks_set": "CASE WHEN {cb} THEN 1 ELSE 0 END",
}
COLUMNS = ", ".join(("user_id", "day", *FIGURES))
# The order that picks a call's effective wrap-up (latest first).
LATEST_FIRST = "{w}.created_at DESC, ({w}.amends_id IS NOT NULL) DESC, {w}.id DESC"
SORTS_AFTER = (
    "({a}.created_at, {a}.amends_id IS NOT NULL, {a}.id)"
    " > ({b}.created_at, {b}.amends_id IS NOT NULL, {b}.id)"
)


def _values(dials: str, talk: str, wrap: dict[str, str]) -> str:
    """The figure columns' values: a call's dial and talk time, or a wrap-up's terms."""
    parts = {"dials": dials, "talk_seconds": talk, **wrap}
    return ", ".join(parts.get(name, "0") for name in FIGURES)


def _delta(new: str, prev: str, cb_new: str, cb_prev: str) -> dict[str, str]:
    return {
        name: f"({term.format(w=new, cb=cb_new)}) - ({term.format(w=prev, cb=cb_prev)})"
        for name, term in WRAP_TERMS.items()
    }


def _add_excluded(target: str, names: Sequence[str]) -> str:
    return ", ".join(f"{name} = {target}.{name} + excluded.{name}" for name in names)


# --- PostgreSQL ---------------------------------------------------------------------------

# Inline in the trigger functions: a nested function call per row costs more than these.
PG_DAY = (
    "({ts} AT TIME ZONE coalesce((SELECT value FROM settings"
    " WHERE key = 'report_timezone'), 'Asia/Shanghai'))::date"
)
# The callback flag of an outcome: the call's campaign's, else the first campaign's.
PG_CALLBACK = (
    "SELECT o.is_callback INTO {into} FROM outcomes o WHERE o.code = {w}.outcome_code"
    " ORDER BY o.campaign_id IS DISTINCT FROM v_call.campaign_id, o.campaign_id LIMIT 1;"
)
WRAP_NAMES = tuple(WRAP_TERMS)

PG_FUNCTIONS = [
    # 0002's "who am I" functions, the same answers, faster: the caller is looked up once
    # per statement (an InitPlan), not once per row of users. Every supervisor policy asks
    # agent_desk_my_team_users(), which looked the caller up for each person, each lookup
    # scanning users again: 820 ms per statement with 527 people.
    """
CREATE OR REPLACE FUNCTION public.agent_desk_me() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT id FROM users WHERE db_role = (SELECT agent_desk_caller())::text AND active
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_my_team() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT team_id FROM users WHERE db_role = (SELECT agent_desk_caller())::text AND active
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_my_team_users() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT coalesce(array_agg(id), '{}') FROM users WHERE team_id = (SELECT agent_desk_my_team())
$$""",
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_figures_on_call() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO rep_day_figures AS f ({COLUMNS})
    VALUES (NEW.user_id, {PG_DAY.format(ts="NEW.started_at")},
            {_values("1", "greatest(NEW.talk_seconds, 0)", {})})
    ON CONFLICT (user_id, day) DO UPDATE
        SET {_add_excluded("f", ("dials", "talk_seconds"))};
    RETURN NULL;
END
$$""",
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_figures_on_wrapup() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_call call_records;
    v_prev wrapups;
    v_day date;
    v_month date;
    v_cb_new boolean;
    v_cb_prev boolean;
BEGIN
    -- One wrap-up of a call at a time: the previous effective one must not move meanwhile.
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.call_id::text, 4004));
    SELECT * INTO v_call FROM call_records WHERE id = NEW.call_id;
    IF NOT FOUND OR v_call.training THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_prev FROM wrapups w WHERE w.call_id = NEW.call_id AND w.id <> NEW.id
        ORDER BY {LATEST_FIRST.format(w="w")} LIMIT 1;
    IF FOUND AND {SORTS_AFTER.format(a="v_prev", b="NEW")} THEN
        RETURN NULL;  -- arrived late: the call's effective wrap-up stays what it was
    END IF;
    v_day := {PG_DAY.format(ts="v_call.started_at")};
    {PG_CALLBACK.format(into="v_cb_new", w="NEW")}
    IF v_prev.id IS NOT NULL THEN
        {PG_CALLBACK.format(into="v_cb_prev", w="v_prev")}
    END IF;
    INSERT INTO rep_day_figures AS f ({COLUMNS})
    VALUES (v_call.user_id, v_day, {
        _values(
            "0",
            "0",
            _delta("NEW", "v_prev", "coalesce(v_cb_new, false)", "coalesce(v_cb_prev, false)"),
        )
    })
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("f", WRAP_NAMES)};
    v_month := date_trunc('month', v_day)::date;
    IF v_prev.id IS NOT NULL THEN
        INSERT INTO rep_day_outcomes AS o (user_id, day, outcome_code, calls)
        VALUES (v_call.user_id, v_day, v_prev.outcome_code, -1)
        ON CONFLICT (user_id, day, outcome_code) DO UPDATE SET calls = o.calls - 1;
        INSERT INTO rep_month_outcomes AS o (user_id, month, outcome_code, calls)
        VALUES (v_call.user_id, v_month, v_prev.outcome_code, -1)
        ON CONFLICT (user_id, month, outcome_code) DO UPDATE SET calls = o.calls - 1;
    END IF;
    INSERT INTO rep_day_outcomes AS o (user_id, day, outcome_code, calls)
    VALUES (v_call.user_id, v_day, NEW.outcome_code, 1)
    ON CONFLICT (user_id, day, outcome_code) DO UPDATE SET calls = o.calls + 1;
    INSERT INTO rep_month_outcomes AS o (user_id, month, outcome_code, calls)
    VALUES (v_call.user_id, v_month, NEW.outcome_code, 1)
    ON CONFLICT (user_id, month, outcome_code) DO UPDATE SET calls = o.calls + 1;
    RETURN NULL;
END
$$""",
    # Recount everything: after the reporting zone changed, or as a repair. Desks'
    # pushes wait meanwhile (SHARE locks), so no record is counted twice or missed.
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_rebuild_team_figures() RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_zone text := coalesce(
        (SELECT value FROM settings WHERE key = 'report_timezone'), 'Asia/Shanghai');
BEGIN
    PERFORM now() AT TIME ZONE v_zone;  -- an unknown zone fails here, before any change
    -- Room to sort every wrap-up in memory (for the rest of this transaction only).
    PERFORM set_config('work_mem', '256MB', true);
    LOCK TABLE call_records, wrapups IN SHARE MODE;
    DELETE FROM rep_month_outcomes;
    DELETE FROM rep_day_outcomes;
    DELETE FROM rep_day_figures;
    WITH effective AS (
        SELECT DISTINCT ON (w.call_id) w.*
        FROM wrapups w
        ORDER BY w.call_id, {LATEST_FIRST.format(w="w")}
    ), first_outcome AS (
        SELECT DISTINCT ON (code) code, is_callback FROM outcomes ORDER BY code, campaign_id
    ), base AS MATERIALIZED (
        SELECT c.user_id, (c.started_at AT TIME ZONE v_zone)::date AS day,
               greatest(c.talk_seconds, 0) AS talk, e.call_id AS wrapped, e.outcome_code,
               e.is_contact, e.intent, e.is_sale, e.amount_cents,
               coalesce(o.is_callback, g.is_callback, false) AS is_callback
        FROM call_records c
        LEFT JOIN effective e ON e.call_id = c.id
        LEFT JOIN outcomes o ON o.campaign_id = c.campaign_id AND o.code = e.outcome_code
        LEFT JOIN first_outcome g ON g.code = e.outcome_code
        WHERE NOT c.training
    ), outcomes_done AS (
        INSERT INTO rep_day_outcomes (user_id, day, outcome_code, calls)
        SELECT user_id, day, outcome_code, count(*) FROM base
        WHERE wrapped IS NOT NULL GROUP BY user_id, day, outcome_code
    )
    INSERT INTO rep_day_figures ({COLUMNS})
    SELECT user_id, day, count(*), {
        ", ".join(
            f"sum({WRAP_TERMS[n].format(w='base', cb='base.is_callback')})"
            if n in WRAP_TERMS
            else "sum(talk)"
            for n in FIGURES[1:]
        )
    }
    FROM base GROUP BY user_id, day;
    INSERT INTO rep_month_outcomes (user_id, month, outcome_code, calls)
    SELECT user_id, date_trunc('month', day)::date, outcome_code, sum(calls)
    FROM rep_day_outcomes GROUP BY 1, 2, 3;
END
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_figures_on_settings() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM public.agent_desk_rebuild_team_figures();
    RETURN NULL;
END
$$""",
]

PG_TRIGGERS = [
    "CREATE TRIGGER trg_call_records_figures AFTER INSERT ON public.call_records"
    " FOR EACH ROW WHEN (NOT NEW.training) EXECUTE FUNCTION public.agent_desk_figures_on_call()",
    "CREATE TRIGGER trg_wrapups_figures AFTER INSERT ON public.wrapups"
    " FOR EACH ROW EXECUTE FUNCTION public.agent_desk_figures_on_wrapup()",
    "CREATE TRIGGER trg_settings_report_timezone AFTER INSERT OR UPDATE OF value"
    " ON public.settings FOR EACH ROW WHEN (NEW.key = 'report_timezone')"
    " EXECUTE FUNCTION public.agent_desk_figures_on_settings()",
]

TEAM_SIGNATURES = {
    "agent_desk_figures_on_call()": (),
    "agent_desk_figures_on_wrapup()": (),
    "agent_desk_figures_on_settings()": (),
    "agent_desk_rebuild_team_figures()": ("agent_desk_admin",),
    "agent_desk_apply_core_security()": (),
    "agent_desk_apply_team_security()": (),
    "agent_desk_apply_security()": (),
}
ME = "(SELECT public.agent_desk_me())"
TEAM_USERS = "(SELECT public.agent_desk_my_team_users())::integer[]"


def _team_security_sql() -> str:
    rollups = ", ".join(f"public.{t}" for t in ROLLUPS)
    statements = [
        "GRANT SELECT ON public.settings, public.report_tz_offsets TO agent_desk_login;",
        # The core grants gave admins ALL on every table: not on the rollups.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {rollups} FROM agent_desk_admin;",
        f"GRANT SELECT ON {rollups} TO agent_desk_rep, agent_desk_supervisor;",
    ]
    for signature, grantees in TEAM_SIGNATURES.items():
        statements.append(f"REVOKE ALL ON FUNCTION public.{signature} FROM PUBLIC;")
        if grantees:
            statements.append(
                f"GRANT EXECUTE ON FUNCTION public.{signature} TO {', '.join(grantees)};"
            )
    statements += [f"ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY;" for t in ROLLUPS]
    statements += [f"ALTER TABLE public.{t} FORCE ROW LEVEL SECURITY;" for t in ROLLUPS]
    statements.append(
        "FOR v_policy IN SELECT policyname, tablename FROM pg_policies\n"
        f"        WHERE schemaname = 'public' AND tablename = ANY ('{{{','.join(ROLLUPS)}}}')\n"
        "    LOOP\n"
        "        EXECUTE 'DROP POLICY ' || quote_ident(v_policy.policyname)\n"
        "            || ' ON public.' || quote_ident(v_policy.tablename);\n"
        "    END LOOP;"
    )
    for t in ROLLUPS:
        statements += [
            f"CREATE POLICY {t}_rep_select ON public.{t} FOR SELECT TO agent_desk_rep"
            f" USING (user_id = {ME});",
            f"CREATE POLICY {t}_supervisor_select ON public.{t} FOR SELECT"
            f" TO agent_desk_supervisor USING (user_id = ANY ({TEAM_USERS}));",
            # Admins have no write grant; this lets the owner (an admin unless it is a
            # superuser) write through the triggers under FORCE ROW LEVEL SECURITY.
            f"CREATE POLICY {t}_admin_all ON public.{t} FOR ALL TO agent_desk_admin"
            " USING (true) WITH CHECK (true);",
        ]
    body = "\n    ".join(statements)
    return f"""
CREATE OR REPLACE FUNCTION public.agent_desk_apply_team_security() RETURNS void
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_policy record;
BEGIN
    {body}
END
$$"""


APPLY_SECURITY = """
CREATE OR REPLACE FUNCTION public.agent_desk_apply_security() RETURNS void
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM public.agent_desk_apply_core_security();
    PERFORM public.agent_desk_apply_team_security();
END
$$"""


# --- SQLite -------------------------------------------------------------------------------

SQLITE_DAY = (
    "date({ts}, coalesce((SELECT z.offset_minutes FROM report_tz_offsets z"
    " WHERE z.at_utc <= {ts} ORDER BY z.at_utc DESC LIMIT 1), 0) || ' minutes')"
)
# The callback flag of an outcome: the call's campaign's, else the first campaign's.
SQLITE_CALLBACK = (
    "coalesce((SELECT o.is_callback FROM outcomes o WHERE o.code = {w}.outcome_code"
    " AND o.campaign_id = {campaign}), (SELECT o.is_callback FROM outcomes o"
    " WHERE o.code = {w}.outcome_code ORDER BY o.campaign_id LIMIT 1))"
)
SQLITE_PREV = (
    "(SELECT w.* FROM wrapups w WHERE w.call_id = NEW.call_id AND w.id <> NEW.id"
    f" ORDER BY {LATEST_FIRST.format(w='w')} LIMIT 1)"
)
SQLITE_REBUILD = f"""
    DELETE FROM rep_month_outcomes;
    DELETE FROM rep_day_outcomes;
    DELETE FROM rep_day_figures;
    INSERT INTO rep_day_figures ({COLUMNS})
    SELECT b.user_id, b.day, count(*), {
    ", ".join(
        f"coalesce(sum({WRAP_TERMS[n].format(w='b', cb='b.is_callback')}), 0)"
        if n in WRAP_TERMS
        else "coalesce(sum(b.talk), 0)"
        for n in FIGURES[1:]
    )
}
    FROM (
        SELECT c.user_id, {SQLITE_DAY.format(ts="c.started_at")} AS day,
               max(c.talk_seconds, 0) AS talk, e.outcome_code, e.is_contact, e.intent,
               e.is_sale, e.amount_cents,
               {SQLITE_CALLBACK.format(w="e", campaign="c.campaign_id")} AS is_callback
        FROM call_records c
        LEFT JOIN (
            SELECT w.*, row_number() OVER (
                PARTITION BY w.call_id ORDER BY {LATEST_FIRST.format(w="w")}) AS rank
            FROM wrapups w
        ) e ON e.call_id = c.id AND e.rank = 1
        WHERE NOT c.training
    ) b
    GROUP BY b.user_id, b.day;
    INSERT INTO rep_day_outcomes (user_id, day, outcome_code, calls)
    SELECT c.user_id, {SQLITE_DAY.format(ts="c.started_at")} AS day, e.outcome_code, count(*)
    FROM call_records c
    JOIN (
        SELECT w.call_id, w.outcome_code, row_number() OVER (
            PARTITION BY w.call_id ORDER BY {LATEST_FIRST.format(w="w")}) AS rank
        FROM wrapups w
    ) e ON e.call_id = c.id AND e.rank = 1
    WHERE NOT c.training
    GROUP BY c.user_id, day, e.outcome_code;
    INSERT INTO rep_month_outcomes (user_id, month, outcome_code, calls)
    SELECT user_id, date(day, 'start of month'), outcome_code, sum(calls)
    FROM rep_day_outcomes
    GROUP BY user_id, date(day, 'start of month'), outcome_code;
"""
SQLITE_CALL_DAY = SQLITE_DAY.format(ts="c.started_at")


def _sqlite_outcome_upserts() -> str:
    """The wrap-up trigger's outcome counts: the previous effective one's taken back, the
    new one's added, by day and by month."""
    statements = []
    for table, key, value in (
        ("rep_day_outcomes", "day", SQLITE_CALL_DAY),
        ("rep_month_outcomes", "month", f"date({SQLITE_CALL_DAY}, 'start of month')"),
    ):
        for source, join, delta in (
            ("p.outcome_code", f"JOIN {SQLITE_PREV} p ON 1", "-1"),
            ("NEW.outcome_code", "", "1"),
        ):
            statements.append(
                f"    INSERT INTO {table} (user_id, {key}, outcome_code, calls)\n"
                f"    SELECT c.user_id, {value}, {source}, {delta}\n"
                f"    FROM call_records c {join}\n"
                "    WHERE c.id = NEW.call_id\n"
                f"    ON CONFLICT (user_id, {key}, outcome_code) DO UPDATE\n"
                f"        SET calls = {table}.calls + excluded.calls;"
            )
    return "\n".join(statements)


SQLITE_TRIGGERS = {
    "trg_call_records_figures": f"""
CREATE TRIGGER trg_call_records_figures AFTER INSERT ON call_records
WHEN NOT NEW.training
BEGIN
    INSERT INTO rep_day_figures ({COLUMNS})
    VALUES (NEW.user_id, {SQLITE_DAY.format(ts="NEW.started_at")},
            {_values("1", "max(NEW.talk_seconds, 0)", {})})
    ON CONFLICT (user_id, day) DO UPDATE
        SET {_add_excluded("rep_day_figures", ("dials", "talk_seconds"))};
END""",
    "trg_wrapups_figures": f"""
CREATE TRIGGER trg_wrapups_figures AFTER INSERT ON wrapups
WHEN coalesce((SELECT NOT c.training FROM call_records c WHERE c.id = NEW.call_id), 0)
    AND NOT EXISTS (SELECT 1 FROM wrapups w WHERE w.call_id = NEW.call_id AND w.id <> NEW.id
                    AND {SORTS_AFTER.format(a="w", b="NEW")})
BEGIN
    INSERT INTO rep_day_figures ({COLUMNS})
    SELECT c.user_id, {SQLITE_CALL_DAY}, {
        _values(
            "0",
            "0",
            _delta(
                "NEW",
                "p",
                SQLITE_CALLBACK.format(campaign="c.campaign_id", w="NEW"),
                SQLITE_CALLBACK.format(campaign="c.campaign_id", w="p"),
            ),
        )
    }
    FROM call_records c LEFT JOIN {SQLITE_PREV} p ON 1
    WHERE c.id = NEW.call_id
    ON CONFLICT (user_id, day) DO UPDATE SET {_add_excluded("rep_day_figures", WRAP_NAMES)};
{_sqlite_outcome_upserts()}
END""",
    "trg_settings_report_timezone_insert": f"""
CREATE TRIGGER trg_settings_report_timezone_insert AFTER INSERT ON settings
WHEN NEW.key = 'report_timezone'
BEGIN
{SQLITE_REBUILD}
END""",
    "trg_settings_report_timezone_update": f"""
CREATE TRIGGER trg_settings_report_timezone_update AFTER UPDATE OF value ON settings
WHEN NEW.key = 'report_timezone'
BEGIN
{SQLITE_REBUILD}
END""",
}


# --- both ---------------------------------------------------------------------------------


def _run(sql: str) -> None:
    # No '%' anywhere: the driver would read it as a placeholder.
    assert "%" not in sql
    op.execute(sa.text(sql))


def _create_tables() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=63), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", agent_desk.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "report_tz_offsets",
        sa.Column("at_utc", agent_desk.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("at_utc", name=op.f("pk_report_tz_offsets")),
    )
    op.create_table(
        "rep_day_figures",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *[
            sa.Column(
                name,
                sa.BigInteger() if name in ("talk_seconds", "sales_cents") else sa.Integer(),
                nullable=False,
            )
            for name in FIGURES
        ],
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_rep_day_figures_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_rep_day_figures")),
    )
    op.create_table(
        "rep_day_outcomes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outcome_code", sa.String(length=40), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_rep_day_outcomes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "day", "outcome_code", name=op.f("pk_rep_day_outcomes")),
    )


def _create_month_outcomes_and_indexes() -> None:
    op.create_table(
        "rep_month_outcomes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("outcome_code", sa.String(length=40), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_rep_month_outcomes_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "month", "outcome_code", name=op.f("pk_rep_month_outcomes")
        ),
    )
    # Plain CREATE INDEX (no batch mode): SQLite keeps the tables and their triggers.
    op.create_index(
        "ix_call_records_flagged",
        "call_records",
        ["user_id", "started_at"],
        postgresql_where=sa.text("flag IS NOT NULL"),
        sqlite_where=sa.text("flag IS NOT NULL"),
    )
    op.create_index("ix_wrapups_user_outcome", "wrapups", ["user_id", "outcome_code"])


def _set_default_zone() -> None:
    """Offsets for the default zone, then the setting row: its trigger counts what exists."""
    offsets = sa.table(
        "report_tz_offsets",
        sa.column("at_utc", agent_desk.store.types.UtcDateTime()),
        sa.column("offset_minutes", sa.Integer()),
    )
    settings = sa.table(
        "settings",
        sa.column("key", sa.String()),
        sa.column("value", sa.Text()),
        sa.column("updated_at", agent_desk.store.types.UtcDateTime()),
        sa.column("updated_by", sa.String()),
    )
    rows = tz_transitions(DEFAULT_REPORT_TIMEZONE)
    op.bulk_insert(offsets, [{"at_utc": at, "offset_minutes": m} for at, m in rows])
    op.bulk_insert(
        settings,
        [
            {
                "key": "report_timezone",
                "value": DEFAULT_REPORT_TIMEZONE,
                "updated_at": datetime.now(UTC),
                "updated_by": "migration 0004",
            }
        ],
    )


def upgrade() -> None:
    _create_tables()
    _create_month_outcomes_and_indexes()
    if op.get_context().dialect.name == "postgresql":
        for function in PG_FUNCTIONS:
            _run(function)
        for trigger in PG_TRIGGERS:
            _run(trigger)
        _run("ALTER FUNCTION public.agent_desk_apply_security()"
             " RENAME TO agent_desk_apply_core_security")  # fmt: skip
        _run(_team_security_sql())
        _run(APPLY_SECURITY)
        _run("SELECT public.agent_desk_apply_security()")
    else:
        for trigger in SQLITE_TRIGGERS.values():
            _run(trigger)
    _set_default_zone()


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        _run("DROP TRIGGER IF EXISTS trg_call_records_figures ON public.call_records")
        _run("DROP TRIGGER IF EXISTS trg_wrapups_figures ON public.wrapups")
        _run("DROP FUNCTION public.agent_desk_apply_security()")
        _run("ALTER FUNCTION public.agent_desk_apply_core_security()"
             " RENAME TO agent_desk_apply_security")  # fmt: skip
    else:
        for name in SQLITE_TRIGGERS:
            _run(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_wrapups_user_outcome", table_name="wrapups")
    op.drop_index("ix_call_records_flagged", table_name="call_records")
    for name in (*reversed(ROLLUPS), "report_tz_offsets", "settings"):
        op.drop_table(name)
    if op.get_context().dialect.name == "postgresql":
        for signature in TEAM_SIGNATURES:
            if "apply_security" not in signature and "core_security" not in signature:
                _run(f"DROP FUNCTION IF EXISTS public.{signature}")
        _run("SELECT public.agent_desk_apply_security()")
