"""roles and row security: a login role per person, group roles, grants and policies

PostgreSQL only (nothing to do on the embedded SQLite database). Creates the NOLOGIN
group roles ``agent_desk_login`` / ``agent_desk_rep`` / ``agent_desk_supervisor`` /
``agent_desk_admin`` when missing (roles belong to the whole cluster, so they are never
dropped), the SQL functions the policies and the desk use, and
``agent_desk_apply_security()``: one idempotent function that (re)creates every grant and
policy. This migration runs it; ``agent-desk-admin security refresh`` runs it again (for
example after restoring a dump on a new server). A later migration that adds a table
replaces that function with one that covers the table too, then calls it.

Who may do what is described in ``agent_desk/store/security.py``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = ("agent_desk_login", "agent_desk_rep", "agent_desk_supervisor", "agent_desk_admin")
ALL_GROUPS = ", ".join(GROUPS)
# Tables holding people's data: row security enabled and forced (even for the owner).
SECURED = (
    "users",
    "leads",
    "call_records",
    "wrapups",
    "callbacks",
    "dnc_numbers",
    "complaints",
    "monthly_targets",
    "shift_summaries",
    "agent_states",
    "audit_log",
)
REFERENCE = ("teams", "campaigns", "outcomes", "scripts")
# At most this many leads per claim call: a desk keeps a hopper of a few.
CLAIM_LIMIT = 100

ME = "(SELECT public.agent_desk_me())"
TEAM = "(SELECT public.agent_desk_my_team())"
TEAM_USERS = "(SELECT public.agent_desk_my_team_users())::integer[]"

ENSURE_GROUPS = f"""
    FOREACH v_role IN ARRAY ARRAY['{"', '".join(GROUPS)}'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
            BEGIN
                EXECUTE 'CREATE ROLE ' || quote_ident(v_role) || ' NOLOGIN';
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database on this cluster made it just now
            END;
        END IF;
    END LOOP;
"""

FUNCTIONS = [
    # Inside a SECURITY DEFINER function current_user is the owner: the caller is the role
    # chosen with SET ROLE, else the login. Neither can be forged (SET ROLE checks
    # membership; SET SESSION AUTHORIZATION is for superusers).
    """
CREATE OR REPLACE FUNCTION public.agent_desk_caller() RETURNS name
    LANGUAGE sql STABLE
    SET search_path = public, pg_temp
AS $$
    SELECT CASE WHEN current_setting('role') = 'none' THEN session_user
                ELSE current_setting('role')::name END
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_me() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT id FROM users WHERE db_role = agent_desk_caller()::text AND active
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_my_team() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT team_id FROM users WHERE db_role = agent_desk_caller()::text AND active
$$""",
    # Every member of my team, disabled ones too: their records stay the team's.
    """
CREATE OR REPLACE FUNCTION public.agent_desk_my_team_users() RETURNS integer[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT coalesce(array_agg(id), '{}') FROM users WHERE team_id = agent_desk_my_team()
$$""",
    # A wrap-up's policy cannot read wrap-ups itself (PostgreSQL calls that recursion).
    """
CREATE OR REPLACE FUNCTION public.agent_desk_is_my_wrapup(p_wrapup uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM wrapups WHERE id = p_wrapup AND user_id = agent_desk_me())
$$""",
    """
CREATE OR REPLACE FUNCTION public.agent_desk_caller_bypasses() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = public, pg_temp
AS $$
    SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles
                     WHERE rolname = agent_desk_caller()), false)
        OR pg_has_role(agent_desk_caller(), 'agent_desk_admin', 'USAGE')
$$""",
    # The rep a lead function acts for: the caller, or p_user when the caller is not
    # subject to row security anyway (superuser, BYPASSRLS, admin: tools and tests).
    """
CREATE OR REPLACE FUNCTION public.agent_desk_acting_rep(p_user integer) RETURNS users
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_id integer := agent_desk_me();
    v_user users;
BEGIN
    IF p_user IS NOT NULL AND p_user IS DISTINCT FROM v_id THEN
        IF NOT agent_desk_caller_bypasses() THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'role ' || agent_desk_caller() || ' may not act for user id '
                          || p_user;
        END IF;
        v_id := p_user;
    END IF;
    SELECT * INTO v_user FROM users WHERE id = v_id AND active AND role = 'rep';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'role ' || agent_desk_caller() || ' is not an active Agent Desk rep';
    END IF;
    RETURN v_user;
END
$$""",
    # The claim: the same conditions and order as desk_feed.claim_leads' Core query.
    f"""
CREATE OR REPLACE FUNCTION public.agent_desk_claim_leads(
    p_desk text, p_campaign integer, p_zones text[], p_count integer,
    p_now timestamptz, p_lease interval, p_user integer DEFAULT NULL
) RETURNS SETOF leads
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_rep users := agent_desk_acting_rep(p_user);
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
    -- The lease changes no column of the order, so the leased rows sort as picked.
    RETURN QUERY
    WITH picked AS (
        SELECT l.id FROM leads l
        WHERE l.campaign_id = p_campaign
          AND l.status IN ('new', 'active', 'callback')
          AND (l.next_attempt_at IS NULL OR l.next_attempt_at <= p_now)
          AND l.attempts < v_max
          AND l.timezone = ANY (p_zones)
          AND (l.assigned_user_id = v_rep.id
               OR (l.assigned_user_id IS NULL
                   AND (l.pool_team_id IS NULL OR l.pool_team_id = v_rep.team_id)))
          AND (l.lease_expires_at IS NULL OR l.lease_expires_at < p_now
               OR (l.lease_user_id = v_rep.id AND l.lease_desk = p_desk))
          AND NOT EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.phone_e164 = l.phone_e164)
        ORDER BY l.status <> 'callback', l.priority, l.next_attempt_at NULLS LAST, l.id
        LIMIT least(p_count, {CLAIM_LIMIT})
        FOR UPDATE OF l SKIP LOCKED
    ), leased AS (
        UPDATE leads
           SET lease_user_id = v_rep.id, lease_desk = p_desk, lease_expires_at = p_now + p_lease
          FROM picked
         WHERE leads.id = picked.id
        RETURNING leads.*
    )
    SELECT * FROM leased
    ORDER BY leased.status <> 'callback', leased.priority, leased.next_attempt_at NULLS LAST,
             leased.id;
END
$$""",
    # Handing leases back makes the leads invisible to the rep, which a plain UPDATE
    # under row security refuses (the new row must stay readable): hence a function.
    """
CREATE OR REPLACE FUNCTION public.agent_desk_release_leases(
    p_desk text, p_ids uuid[] DEFAULT NULL, p_user integer DEFAULT NULL
) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_rep users := agent_desk_acting_rep(p_user);
    v_count integer;
BEGIN
    UPDATE leads SET lease_user_id = NULL, lease_desk = NULL, lease_expires_at = NULL
     WHERE lease_user_id = v_rep.id
       AND (p_desk IS NULL OR lease_desk = p_desk)
       AND (p_ids IS NULL OR id = ANY (p_ids));
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$""",
    # A listed number closes every lead with it, whoever holds the lead.
    """
CREATE OR REPLACE FUNCTION public.agent_desk_close_dnc_leads(
    p_phone text, p_user integer DEFAULT NULL
) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_rep users := agent_desk_acting_rep(p_user);
    v_count integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM dnc_numbers WHERE phone_e164 = p_phone) THEN
        RETURN 0;
    END IF;
    UPDATE leads
       SET status = 'dnc', lease_user_id = NULL, lease_desk = NULL, lease_expires_at = NULL
     WHERE phone_e164 = p_phone;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$""",
    # The customers' time zones of a campaign (a rep cannot read the pool it claims from).
    """
CREATE OR REPLACE FUNCTION public.agent_desk_campaign_zones(p_campaign integer)
RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT DISTINCT timezone FROM leads WHERE campaign_id = p_campaign
$$""",
]

SIGNATURES = {
    "agent_desk_caller()": (),
    "agent_desk_me()": GROUPS,
    "agent_desk_my_team()": GROUPS,
    "agent_desk_my_team_users()": GROUPS,
    "agent_desk_is_my_wrapup(uuid)": ("agent_desk_rep", "agent_desk_admin"),
    "agent_desk_caller_bypasses()": (),
    "agent_desk_acting_rep(integer)": (),
    "agent_desk_claim_leads(text, integer, text[], integer, timestamptz, interval, integer)": (
        "agent_desk_rep",
        "agent_desk_admin",
    ),
    "agent_desk_release_leases(text, uuid[], integer)": ("agent_desk_rep", "agent_desk_admin"),
    "agent_desk_close_dnc_leads(text, integer)": ("agent_desk_rep", "agent_desk_admin"),
    "agent_desk_campaign_zones(integer)": ("agent_desk_rep", "agent_desk_admin"),
    "agent_desk_apply_security()": (),
}

REP, SUP = "agent_desk_rep", "agent_desk_supervisor"
MINE = f"user_id = {ME}"
TEAMS = f"user_id = ANY ({TEAM_USERS})"
CALLBACK_MINE = f"owner_user_id = {ME} OR (owner_user_id IS NULL AND team_id = {TEAM})"
OWN_CALL = f"EXISTS (SELECT 1 FROM public.call_records c WHERE c.id = {{table}}.call_id AND c.user_id = {ME})"
OWN_WRAPUP = "public.agent_desk_is_my_wrapup({table}.{column})"

# (table, policy suffix, command, role, USING, WITH CHECK)
POLICIES: list[tuple[str, str, str, str, str | None, str | None]] = [
    ("users", "rep_select", "SELECT", REP, f"id = {ME}", None),
    ("users", "supervisor_select", "SELECT", SUP, f"id = {ME} OR team_id = {TEAM}", None),
    (
        "leads",
        "rep_select",
        "SELECT",
        REP,
        f"assigned_user_id = {ME} OR lease_user_id = {ME}",
        None,
    ),
    (
        "leads",
        "rep_update",
        "UPDATE",
        REP,
        f"assigned_user_id = {ME} OR lease_user_id = {ME}",
        f"(lease_user_id IS NULL OR lease_user_id = {ME}) AND (assigned_user_id = {ME}"
        f" OR (assigned_user_id IS NULL AND (pool_team_id IS NULL OR pool_team_id = {TEAM})))",
    ),
    (
        "leads",
        "supervisor_select",
        "SELECT",
        SUP,
        f"assigned_user_id = ANY ({TEAM_USERS}) OR lease_user_id = ANY ({TEAM_USERS})"
        f" OR pool_team_id = {TEAM}",
        None,
    ),
    ("call_records", "rep_select", "SELECT", REP, MINE, None),
    ("call_records", "rep_insert", "INSERT", REP, None, MINE),
    ("call_records", "supervisor_select", "SELECT", SUP, TEAMS, None),
    ("wrapups", "rep_select", "SELECT", REP, MINE, None),
    (
        "wrapups",
        "rep_insert",
        "INSERT",
        REP,
        None,
        f"{MINE} AND {OWN_CALL.format(table='wrapups')} AND (wrapups.amends_id IS NULL OR "
        f"{OWN_WRAPUP.format(table='wrapups', column='amends_id')})",
    ),
    ("wrapups", "supervisor_select", "SELECT", SUP, TEAMS, None),
    ("complaints", "rep_select", "SELECT", REP, MINE, None),
    (
        "complaints",
        "rep_insert",
        "INSERT",
        REP,
        None,
        f"{MINE} AND {OWN_CALL.format(table='complaints')}"
        f" AND {OWN_WRAPUP.format(table='complaints', column='wrapup_id')}",
    ),
    ("complaints", "supervisor_select", "SELECT", SUP, TEAMS, None),
    ("shift_summaries", "rep_select", "SELECT", REP, MINE, None),
    ("shift_summaries", "rep_insert", "INSERT", REP, None, MINE),
    ("shift_summaries", "supervisor_select", "SELECT", SUP, TEAMS, None),
    ("callbacks", "rep_select", "SELECT", REP, f"created_by = {ME} OR {CALLBACK_MINE}", None),
    ("callbacks", "rep_insert", "INSERT", REP, None, f"created_by = {ME} AND ({CALLBACK_MINE})"),
    (
        "callbacks",
        "rep_update",
        "UPDATE",
        REP,
        f"status = 'open' AND ({CALLBACK_MINE})",
        CALLBACK_MINE,
    ),
    (
        "callbacks",
        "supervisor_select",
        "SELECT",
        SUP,
        f"team_id = {TEAM} OR owner_user_id = ANY ({TEAM_USERS})"
        f" OR created_by = ANY ({TEAM_USERS})",
        None,
    ),
    # Every desk blocks every listed number, so every desk reads the whole list.
    ("dnc_numbers", "rep_select", "SELECT", REP, "true", None),
    ("dnc_numbers", "rep_insert", "INSERT", REP, None, f"added_by = {ME}"),
    ("dnc_numbers", "supervisor_select", "SELECT", SUP, "true", None),
    ("monthly_targets", "rep_select", "SELECT", REP, MINE, None),
    ("monthly_targets", "supervisor_select", "SELECT", SUP, TEAMS, None),
    ("agent_states", "rep_select", "SELECT", REP, MINE, None),
    ("agent_states", "rep_insert", "INSERT", REP, None, MINE),
    ("agent_states", "rep_update", "UPDATE", REP, MINE, MINE),
    ("agent_states", "supervisor_select", "SELECT", SUP, TEAMS, None),
    # audit_log: admin only (below); reps and supervisors have no grant on it either.
]
POLICIES += [(table, "admin_all", "ALL", "agent_desk_admin", "true", "true") for table in SECURED]

REP_READS = (*REFERENCE, *SECURED[:-1])  # everything but the audit log
REP_INSERTS = (
    "call_records",
    "wrapups",
    "callbacks",
    "dnc_numbers",
    "complaints",
    "shift_summaries",
    "agent_states",
)
REP_COLUMN_UPDATES = {
    "leads": (
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "assigned_user_id",
        "pool_team_id",
        "lease_user_id",
        "lease_desk",
        "lease_expires_at",
    ),
    "callbacks": ("status", "closed_at", "closed_by_call_id"),
    "agent_states": (
        "desk_id",
        "state",
        "reason",
        "since",
        "current_lead_id",
        "current_phone_masked",
        "outbox_waiting",
        "heartbeat_at",
    ),
}


def _policy_sql(
    table: str, suffix: str, command: str, role: str, using: str | None, check: str | None
) -> str:
    name = f"{table}_{suffix}"
    sql = f"DROP POLICY IF EXISTS {name} ON public.{table};\n"
    sql += f"    CREATE POLICY {name} ON public.{table} FOR {command} TO {role}"
    if using is not None:
        sql += f"\n        USING ({using})"
    if check is not None:
        sql += f"\n        WITH CHECK ({check})"
    return sql + ";"


def _apply_security_sql() -> str:
    statements = [
        ENSURE_GROUPS,
        # With FORCE, the owner is subject to the policies too; one who does not bypass
        # them works (and runs the SECURITY DEFINER functions) as an admin.
        "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user"
        " AND (rolsuper OR rolbypassrls)) THEN\n"
        "        EXECUTE 'GRANT agent_desk_admin TO ' || quote_ident(current_user);\n"
        "    END IF;",
        # Nobody but these groups uses the schema; nobody but the owner creates in it
        # (SECURITY DEFINER functions rely on that).
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        f"GRANT USAGE ON SCHEMA public TO {ALL_GROUPS};",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {ALL_GROUPS};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {ALL_GROUPS};",
        "GRANT SELECT ON public.alembic_version TO agent_desk_login;",
        "GRANT ALL ON ALL TABLES IN SCHEMA public TO agent_desk_admin;",
        "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO agent_desk_admin;",
        f"GRANT SELECT ON {', '.join(f'public.{t}' for t in REP_READS)} TO {REP}, {SUP};",
        f"GRANT INSERT ON {', '.join(f'public.{t}' for t in REP_INSERTS)} TO {REP};",
    ]
    statements += [
        f"GRANT UPDATE ({', '.join(columns)}) ON public.{table} TO {REP};"
        for table, columns in REP_COLUMN_UPDATES.items()
    ]
    for signature, grantees in SIGNATURES.items():
        statements.append(f"REVOKE ALL ON FUNCTION public.{signature} FROM PUBLIC;")
        if grantees:
            statements.append(
                f"GRANT EXECUTE ON FUNCTION public.{signature} TO {', '.join(grantees)};"
            )
    statements += [f"ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY;" for t in SECURED]
    statements += [f"ALTER TABLE public.{t} FORCE ROW LEVEL SECURITY;" for t in SECURED]
    # Policies this version no longer defines go; the current ones are made afresh.
    statements.append(
        "FOR v_policy IN SELECT policyname, tablename FROM pg_policies\n"
        f"        WHERE schemaname = 'public' AND tablename = ANY ('{{{','.join(SECURED)}}}')\n"
        "    LOOP\n"
        "        EXECUTE 'DROP POLICY ' || quote_ident(v_policy.policyname)\n"
        "            || ' ON public.' || quote_ident(v_policy.tablename);\n"
        "    END LOOP;"
    )
    statements += [_policy_sql(*policy) for policy in POLICIES]
    body = "\n    ".join(s.strip() for s in statements)
    return f"""
CREATE OR REPLACE FUNCTION public.agent_desk_apply_security() RETURNS void
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    v_role text;
    v_policy record;
BEGIN
    {body}
END
$$"""


DOWNGRADE = f"""
DO $$
DECLARE
    v_role text;
    v_policy record;
BEGIN
    FOR v_policy IN SELECT policyname, tablename FROM pg_policies
        WHERE schemaname = 'public' AND tablename = ANY ('{{{",".join(SECURED)}}}')
    LOOP
        EXECUTE 'DROP POLICY ' || quote_ident(v_policy.policyname)
            || ' ON public.' || quote_ident(v_policy.tablename);
    END LOOP;
    {" ".join(f"ALTER TABLE public.{t} NO FORCE ROW LEVEL SECURITY;" for t in SECURED)}
    {" ".join(f"ALTER TABLE public.{t} DISABLE ROW LEVEL SECURITY;" for t in SECURED)}
    FOREACH v_role IN ARRAY ARRAY['{"', '".join(GROUPS)}'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
            EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ' || quote_ident(v_role);
            EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ' || quote_ident(v_role);
            EXECUTE 'REVOKE ALL ON SCHEMA public FROM ' || quote_ident(v_role);
        END IF;
    END LOOP;
END
$$"""


def _run(sql: str) -> None:
    # No '%' anywhere: the driver would read it as a placeholder.
    assert "%" not in sql
    op.execute(sa.text(sql))


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return  # the embedded database has no roles: the desk is the only user
    _run(f"DO $$\nDECLARE\n    v_role text;\nBEGIN\n{ENSURE_GROUPS}\nEND\n$$")
    for function in FUNCTIONS:
        _run(function)
    _run(_apply_security_sql())
    _run("SELECT public.agent_desk_apply_security()")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    _run(DOWNGRADE)
    for signature in reversed(SIGNATURES):
        _run(f"DROP FUNCTION IF EXISTS public.{signature}")
