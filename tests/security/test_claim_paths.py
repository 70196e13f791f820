"""PostgreSQL's claim function and the Core query pick the same leads in the same order.

The same varied leads (every status, priority ties, due, not yet due and never-tried
leads, attempts at the limit, three time zones, assigned / team pool / other team's
pool / global pool, free, expired, foreign and own leases, do-not-call numbers) go into
a SQLite and a PostgreSQL database. SQLite claims with the Core query; PostgreSQL with
the Core query (rolled back) and with ``agent_desk_claim_leads``, as the owner acting for
the rep and as the rep's own login. All four must agree, row for row.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

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
    # Claiming again on the same desk finds its own leases first, in the same order.
    assert [row["id"] for row in claim(secured.owner, count)] == [
        row["id"] for row in claim(lite, count)
    ]
    assert leases(secured.owner) == leases(lite)


def test_the_order_puts_due_callbacks_first_and_untried_leads_last(
    twins: tuple[Engine, Secured],
) -> None:
    lite, _ = twins
    fill(lite, 1)
    claimed = claim(lite, 100)
    keys = [
        (row["status"] != "callback", row["priority"], row["next_attempt_at"] is None)
        for row in claimed
    ]
    assert keys == sorted(keys) and keys[0][0] is False and keys[-1][2] is True
