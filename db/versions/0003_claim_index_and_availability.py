"""claim index and availability: leads.available_at, serve_group, claim indexes in order

Two generated columns on ``leads``, computed by the database on every write so that no
writer can leave them stale (claims, renewals, releases, routing, imports, admin tools,
hand-written SQL):

* ``available_at``: when the lead may next be served, the latest of its next attempt and
  its lease's expiry, or when it was imported if neither is set (never NULL);
* ``serve_group``: 0 for callbacks, 1 for the other leads (callbacks are served first).

STORED on PostgreSQL (the table is rewritten once, which fills them in); VIRTUAL on
SQLite, which cannot add STORED columns to an existing table (its indexes store them).

The claim indexes follow the claim's order (serve_group, priority, available_at, id)
behind equality columns, so a claim reads ranges of them instead of sorting every callable
lead, and passes leased or not-yet-due leads in the index without reading the table.
Plain columns only: SQLite cannot reflect expression indexes, and the tests compare the
models with the database.

* ``ix_leads_claim``: pool leads by (campaign, pool team); replaces 0001's index of the
  same name, which matched no ORDER BY;
* ``ix_leads_claim_assigned``: a rep's assigned leads by (rep, campaign).

PostgreSQL's ``agent_desk_claim_leads`` is replaced (same signature, so its grants
stay): it no longer hands a desk its own live leases back (a desk adopts those when it
renews, see ``desk_feed.renew_leases``); it takes candidates from three ranges (mine, my
team's pool, everyone's pool) and leases the best of them; and "now" is the earlier of
the desk's clock and the server's, so a desk whose clock runs fast cannot take leases
that are still live. No grant changes: nobody may write a generated column, and the
SELECT grants cover the whole table. ``agent_desk_me``, ``agent_desk_my_team`` and
``agent_desk_caller_bypasses`` are replaced by equivalents that ask who is calling once
per query instead of once per row scanned.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:00:00.000000
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As agent_desk/store/schema.py says (copied: a migration never changes afterwards).
AVAILABLE_AT = (
    "CASE WHEN lease_expires_at IS NULL OR next_attempt_at > lease_expires_at"
    " THEN coalesce(next_attempt_at, imported_at) ELSE lease_expires_at END"
)
SERVE_GROUP = "CASE WHEN status = 'callback' THEN 0 ELSE 1 END"
CALLABLE = "status IN ('new', 'active', 'callback')"
INDEXES = {
    "ix_leads_claim": ("campaign_id, pool_team_id", "assigned_user_id IS NULL"),
    "ix_leads_claim_assigned": ("assigned_user_id, campaign_id", "assigned_user_id IS NOT NULL"),
}
# 0001's claim index, for the downgrade.
OLD_INDEX = (
    "CREATE INDEX ix_leads_claim ON leads (campaign_id, priority, next_attempt_at)"
    f" WHERE {CALLABLE}"
)
# At most this many leads per claim call: a desk keeps a hopper of a few.
CLAIM_LIMIT = 100


def _candidates(name: str, source: str, order: str = "") -> str:
    """One range of a claim index: up to v_count free leads, locked, in serving order.

    The pool ranges sort by pool_team_id too: constant within each, but PostgreSQL does
    not see ``IS NULL`` as fixing a column and would sort instead of reading in order.
    """
    return f"""{name} AS (
        SELECT l.id, l.serve_group, l.priority, l.available_at
        FROM leads l
        WHERE {source} AND l.campaign_id = p_campaign
          AND l.status IN ('new', 'active', 'callback')
          AND l.available_at <= v_now
          AND l.attempts < v_max
          AND l.timezone = ANY (p_zones)
          AND NOT EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone_e164 = l.phone_e164)
        ORDER BY {order}l.serve_group, l.priority, l.available_at, l.id
        LIMIT v_count
        FOR UPDATE OF l SKIP LOCKED
    )"""


POOL = "l.pool_team_id, "
# The same conditions and order as desk_feed.claim_with_query's Core queries.
CLAIM_FUNCTION = f"""
CREATE OR REPLACE FUNCTION public.agent_desk_claim_leads(
    p_desk text, p_campaign integer, p_zones text[], p_count integer,
    p_now timestamptz, p_lease interval, p_user integer DEFAULT NULL
) RETURNS SETOF leads
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    -- Planning the claim anew each call (PostgreSQL keeps trying custom plans for it)
    -- costs more than running it; the generic plan reads the same index ranges.
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_rep users := agent_desk_acting_rep(p_user);
    -- A desk whose clock runs ahead must not see live leases as expired.
    v_now timestamptz := least(p_now, now());
    v_count integer := least(p_count, {CLAIM_LIMIT});
    v_max integer;
BEGIN
    IF coalesce(p_desk, '') = '' OR p_now IS NULL OR p_lease IS NULL
            OR p_lease <= interval '0' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'a claim needs a desk, the time and a positive lease';
    END IF;
    IF coalesce(p_count, 0) <= 0 OR coalesce(cardinality(p_zones), 0) = 0 THEN
        RETURN;
    END IF;
    SELECT max_attempts INTO v_max FROM campaigns WHERE id = p_campaign;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- Each range gives its best v_count; the best v_count of those are leased (the
    -- others' row locks end with the transaction). The lease moves available_at, so the
    -- rows come back in the order they were picked in.
    RETURN QUERY
    WITH {_candidates("mine", "l.assigned_user_id = v_rep.id")},
    {_candidates("team", "l.assigned_user_id IS NULL AND l.pool_team_id = v_rep.team_id", POOL)},
    {_candidates("anyone", "l.assigned_user_id IS NULL AND l.pool_team_id IS NULL", POOL)},
    picked AS (
        SELECT c.id,
               row_number() OVER (ORDER BY c.serve_group, c.priority, c.available_at, c.id)
                   AS rank
        FROM (SELECT * FROM mine UNION ALL SELECT * FROM team UNION ALL SELECT * FROM anyone) c
        ORDER BY c.serve_group, c.priority, c.available_at, c.id
        LIMIT v_count
    ), leased AS (
        UPDATE leads
           SET lease_user_id = v_rep.id, lease_desk = p_desk, lease_expires_at = v_now + p_lease
          FROM picked
         WHERE leads.id = picked.id
        RETURNING leads.*
    )
    SELECT leased.* FROM leased JOIN picked ON picked.id = leased.id ORDER BY picked.rank;
END
$$"""


# Who is calling, asked once per query: 0002 compared each row with agent_desk_caller(),
# a function that cannot be inlined (it pins search_path), so a scan of users or of
# pg_authid called it once per row. Same answers; every claim (and every policy check
# through agent_desk_me) pays once.
CALLER = "(SELECT agent_desk_caller())"
FASTER_HELPERS = [
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_me() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT id FROM users WHERE db_role = {CALLER}::text AND active
$$""",
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_my_team() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT team_id FROM users WHERE db_role = {CALLER}::text AND active
$$""",
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_caller_bypasses() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = public, pg_temp
AS $$
    SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles
                     WHERE rolname = {CALLER}), false)
        OR pg_has_role({CALLER}, 'agent_desk_admin', 'USAGE')
$$""",
]


def _functions_of_0002() -> list[str]:
    """0002's function definitions, for the downgrade (its module is not a package)."""
    path = Path(__file__).with_name("0002_roles_and_row_security.py")
    spec = importlib.util.spec_from_file_location("agent_desk_migration_0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.FUNCTIONS)


def _name(function: str) -> str:
    return function.split("public.", 1)[1].split("(", 1)[0]


def _run(sql: str) -> None:
    # No '%' anywhere: the driver would read it as a placeholder.
    assert "%" not in sql
    op.execute(sa.text(sql))


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        _run(
            "ALTER TABLE leads"
            " ADD COLUMN available_at timestamp with time zone"
            f" GENERATED ALWAYS AS ({AVAILABLE_AT}) STORED,"
            f" ADD COLUMN serve_group integer GENERATED ALWAYS AS ({SERVE_GROUP}) STORED"
        )
    else:
        for column, kind, sql in (
            ("available_at", "DATETIME", AVAILABLE_AT),
            ("serve_group", "INTEGER", SERVE_GROUP),
        ):
            _run(
                f"ALTER TABLE leads ADD COLUMN {column} {kind} GENERATED ALWAYS AS ({sql}) VIRTUAL"
            )
    _run("DROP INDEX ix_leads_claim")
    for name, (leading, where) in INDEXES.items():
        _run(
            f"CREATE INDEX {name} ON leads ({leading}, serve_group, priority, available_at, id)"
            f" WHERE {CALLABLE} AND {where}"
        )
    if dialect == "postgresql":
        for function in [*FASTER_HELPERS, CLAIM_FUNCTION]:
            _run(function)
        _run("ANALYZE leads")


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    for name in INDEXES:
        _run(f"DROP INDEX {name}")
    _run(OLD_INDEX)
    if dialect == "postgresql":
        replaced = {_name(f) for f in [*FASTER_HELPERS, CLAIM_FUNCTION]}
        for function in _functions_of_0002():
            if _name(function) in replaced:
                _run(function)
    if dialect == "postgresql":
        _run("ALTER TABLE leads DROP COLUMN serve_group, DROP COLUMN available_at")
    else:
        _run("ALTER TABLE leads DROP COLUMN serve_group")
        _run("ALTER TABLE leads DROP COLUMN available_at")
