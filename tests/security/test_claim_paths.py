"""PostgreSQL's claim function and the Core query pick the same leads in the same order.

The same varied leads (every status, priority ties, due, not yet due and never-tried
leads, attempts at the limit, three time zones, assigned / team pool / other team's
pool / global pool, free, expired, foreign and own leases, do-not-call numbers) go into
a SQLite and a PostgreSQL database. SQLite claims with the Core query; PostgreSQL with
the Core query (rolled back) and with ``agent_desk_claim_leads``, as the owner acting for
the rep and as the rep's own login. All four must agree, row for row, with the rules
written out in plain Python here (`expected`).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text, update

from agent_desk.store import desk_feed, schema, security
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from tests.desk.conftest import WINDOWS
from tests.security.conftest import NOW, PASSWORD, Secured, unique

pytestmark = pytest.mark.postgres

LEASE = timedelta(minutes=15)
ZONES = ["Asia/Shanghai", "Europe/London"]
DESK = "desk-1"


def world(rng: random.Random) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Rows to insert, table by table, the same for the same seed."""
    teams = [{"id": 1, "name": "Team 1", "created_at": NOW}, {"id": 2, "name": "Team 2",
             "created_at": NOW}]  # fmt: skip
    users = [
        {"id": i, "username": f"rep{i}", "display_name": f"rep{i}", "role": "rep",
         "team_id": team, "active": True, "created_at": NOW}
        for i, team in ((1, 1), (2, 1), (3, 2))
    ]  # fmt: skip
    campaign = {
        "id": 1, "code": "bb", "name": "bb", "language": "zh", "company_name": "",
        "purpose": "", "default_region": "CN", "fallback_timezone": "Asia/Shanghai",
        "calling_policy": WINDOWS, "soft_call_limit_s": 300, "max_attempts": 3,
        "min_gap_minutes": 60, "active": True, "created_at": NOW,
    }  # fmt: skip
    hour = timedelta(hours=1)
    owners = [(1, None), (2, None), (None, 1), (None, 2), (None, None)]
    leases = [
        (None, None, None),
        (2, "desk-2", NOW - hour),  # expired
        (2, "desk-2", NOW + hour),  # someone else's
        (1, DESK, NOW + hour),  # mine, this desk
        (1, "desk-9", NOW + hour),  # mine, another desk
    ]
    leads, dnc = [], []
    for i in range(320):
        assigned, pool = rng.choice(owners)
        lease_user, lease_desk, lease_expires = rng.choice(leases)
        phone = f"+86138{i:08d}"
        if rng.random() < 0.08:
            dnc.append({"phone_e164": phone, "reason": "", "source": "admin", "added_at": NOW})
        leads.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)), "campaign_id": 1,
                "phone_e164": phone, "name": f"c{i}", "company": "", "extra": {"n": i},
                "timezone": rng.choice([*ZONES, "America/New_York"]),
                "assigned_user_id": assigned, "pool_team_id": pool,
                "priority": rng.choice([1, 5, 100]),
                "status": rng.choice(["new", "new", "active", "callback", "done", "dnc"]),
                "attempts": rng.choice([0, 1, 2, 3]),
                "next_attempt_at": rng.choice([None, NOW - hour, NOW - 2 * hour, NOW + hour]),
                "lease_user_id": lease_user, "lease_desk": lease_desk,
                "lease_expires_at": lease_expires, "imported_at": NOW,
            }
        )  # fmt: skip
    outcome = {
        "id": 1, "campaign_id": 1, "code": "busy", "label_en": "Busy", "label_zh": "占线",
        "hotkey": 1, "sort_order": 0, "is_contact": False, "is_sale": False,
        "is_callback": False, "is_dnc": False, "is_complaint": False, "is_final": False,
    }  # fmt: skip
    return [
        (schema.Team, teams),
        (schema.User, users),
        (schema.Campaign, [campaign]),
        (schema.Outcome, [outcome]),
        (schema.Lead, leads),
        (schema.DncNumber, dnc),
    ]


def fill(engine: Engine, seed: int) -> None:
    with engine.begin() as conn:
        for model, batch in world(random.Random(seed)):
            conn.execute(schema.table(model).insert(), batch)


def expected(seed: int, count: int) -> list[uuid.UUID]:
    """What rep1 on DESK may claim at NOW, in serving order: the rules in plain Python."""
    tables = dict(world(random.Random(seed)))
    listed = {row["phone_e164"] for row in tables[schema.DncNumber]}

    def available_at(lead: dict[str, Any]) -> datetime:
        times = [t for t in (lead["next_attempt_at"], lead["lease_expires_at"]) if t]
        return max(times) if times else lead["imported_at"]

    claimable = [
        lead
        for lead in tables[schema.Lead]
        if lead["status"] in ("new", "active", "callback")
        and available_at(lead) <= NOW  # due, and no live lease (this desk's neither)
        and lead["attempts"] < 3
        and lead["timezone"] in ZONES
        and lead["phone_e164"] not in listed
        and (
            lead["assigned_user_id"] == 1
            or (lead["assigned_user_id"] is None and lead["pool_team_id"] in (None, 1))
        )
    ]
    claimable.sort(
        key=lambda lead: (
            lead["status"] != "callback", lead["priority"], available_at(lead), lead["id"]
        )
    )  # fmt: skip
    return [lead["id"] for lead in claimable[:count]]


def claim(engine: Engine, count: int, *, query: bool = False, keep: bool = True) -> list[Any]:
    with engine.connect() as conn:
        me = desk_feed.identify(conn, "rep1")
        campaign = desk_feed.campaigns(conn)[0]
        pick = desk_feed.claim_with_query if query else desk_feed.claim_leads
        claimed = pick(conn, me, DESK, campaign, ZONES, count, NOW, LEASE)
        if keep:
            conn.commit()
        else:
            conn.rollback()
    return claimed


def leases(engine: Engine) -> dict[uuid.UUID, tuple[Any, ...]]:
    leads = schema.table(schema.Lead)
    with engine.connect() as conn:
        rows = conn.execute(
            select(leads.c.id, leads.c.lease_user_id, leads.c.lease_desk, leads.c.lease_expires_at)
        )
        return {row.id: tuple(row[1:]) for row in rows}


@pytest.fixture
def twins(secured: Secured, tmp_path: Path) -> Iterator[tuple[Engine, Secured]]:
    lite = make_engine(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    upgrade_to_head(lite)
    yield lite, secured
    lite.dispose()


@pytest.mark.parametrize(("seed", "count"), [(1, 100), (2, 7), (3, 30)])
def test_function_and_core_query_claim_the_same_leads_in_order(
    twins: tuple[Engine, Secured], seed: int, count: int
) -> None:
    lite, secured = twins
    fill(lite, seed)
    fill(secured.owner, seed)
    reference = claim(lite, count)
    ids = [row["id"] for row in reference]
    assert len(ids) >= min(count, 5), "the data should leave something to claim"
    assert ids == expected(seed, count)
    assert claim(secured.owner, count, query=True, keep=False) == reference  # rolled back
    # The rep's own login, through row security and the function.
    login = unique("rep_claim")
    secured.roles.append(login)
    with secured.owner.begin() as conn:
        conn.execute(update(schema.User).where(schema.User.id == 1).values(db_role=login))
        security.ensure_login_role(conn, login, "rep", PASSWORD)
    as_rep = claim(secured.login(login), count)
    assert [row["id"] for row in as_rep] == ids
    assert as_rep == reference
    assert leases(secured.owner) == leases(lite)
    # Claiming again on the same desk finds the next leads, never the ones it holds.
    again = claim(secured.owner, count)
    assert [row["id"] for row in again] == [row["id"] for row in claim(lite, count)]
    assert not {row["id"] for row in again} & set(ids)
    assert leases(secured.owner) == leases(lite)


def test_the_order_puts_callbacks_first_then_priority_then_the_longest_available(
    twins: tuple[Engine, Secured],
) -> None:
    lite, _ = twins
    fill(lite, 1)
    claimed = claim(lite, 100)
    keys = [(row["status"] != "callback", row["priority"]) for row in claimed]
    assert keys == sorted(keys) and keys[0][0] is False and keys[-1][0] is True
    # Within a priority, the lead available longest first: `expected` checks that.


def test_a_desk_whose_clock_runs_fast_cannot_take_live_leases(secured: Secured) -> None:
    """The function's "now" is the earlier of the desk's clock and the server's."""
    fill(secured.owner, 4)
    real_now = datetime.now(UTC)
    leads = schema.table(schema.Lead)
    with secured.owner.begin() as conn:  # rep2 holds a lead for another hour, really
        held = conn.scalar(
            update(leads)
            .where(leads.c.id == conn.scalar(select(leads.c.id).where(
                leads.c.assigned_user_id.is_(None), leads.c.pool_team_id.is_(None),
                leads.c.status == "new", leads.c.timezone == ZONES[0],
                leads.c.attempts < 3).limit(1)))
            .values(lease_user_id=2, lease_desk="desk-2", lease_expires_at=real_now + LEASE,
                    next_attempt_at=None, priority=0)
            .returning(leads.c.id)
        )  # fmt: skip
        # Zones callable whatever the real time: the check is about leases.
        conn.execute(text("UPDATE campaigns SET calling_policy = :p"), {"p": '{"windows": {}}'})
    fast = real_now + timedelta(hours=2)  # the desk's clock, two hours ahead
    with secured.owner.begin() as conn:
        me = desk_feed.identify(conn, "rep1")
        campaign = desk_feed.campaigns(conn)[0]
        claimed = desk_feed.claim_leads(conn, me, DESK, campaign, ZONES, 500, fast, LEASE)
        server_now = conn.scalar(text("SELECT now()"))
    assert claimed, "free leads are claimed as usual"
    assert held not in {row["id"] for row in claimed}
    # The new leases run from the server's clock, not the desk's.
    assert {row["lease_expires_at"] for row in claimed} == {server_now + LEASE}
