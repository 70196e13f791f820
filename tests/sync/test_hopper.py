"""The hopper over a shift: always full, in a stable order (SQLite and PostgreSQL).

A desk works the first lead of its hopper, syncs, and works the next, many times over.
After every sync the hopper holds its target again, the leads it already held keep their
order, and the top-up is a lead it never had: a claim never hands a desk a lead it holds
already (its own live leases are not claimable), and a lead the desk re-learns about
does not move to the end of the queue. A claim whose answer never reached the desk is
not lost either: the desk finds those leases when it renews and adopts them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select, update

from agent_desk.clock import ManualClock
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.sync.worker import SyncWorker
from tests.desk.conftest import SHANGHAI_MORNING, Team, seed_team
from tests.sync.test_faults import FaultyDesk

HOPPER = 5
LEASE = timedelta(minutes=15)


def open_desk(engine: Engine, tmp_path: Path, username: str = "rep1") -> FaultyDesk:
    with engine.connect() as conn:
        me = desk_feed.identify(conn, username)
    repo = DeskRepo.open(tmp_path / f"{username}.sqlite3")
    clock = ManualClock(SHANGHAI_MORNING)
    worker = SyncWorker(engine, repo, me, repo.desk_id(), clock, hopper_target=HOPPER, lease=LEASE)
    return FaultyDesk(worker, clock)


def half_in_the_team_pool(engine: Engine, team: Team) -> None:
    """Every other lead goes to the team's pool: the hopper mixes both kinds."""
    leads = schema.table(schema.Lead)
    with engine.begin() as conn:
        team_id = conn.scalar(select(schema.table(schema.Team).c.id))
        conn.execute(
            update(leads)
            .where(leads.c.id.in_(team.lead_ids[::2]))
            .values(assigned_user_id=None, pool_team_id=team_id)
        )


def server_leases(engine: Engine, desk_id: str) -> set[uuid.UUID]:
    leads = schema.table(schema.Lead)
    with engine.connect() as conn:
        return set(conn.scalars(select(leads.c.id).where(leads.c.lease_desk == desk_id)))


def hopper(desk: FaultyDesk) -> list[uuid.UUID]:
    return [lead.id for lead in desk.repo.queue(desk.clock.now())]


def test_the_hopper_stays_at_its_target_in_a_stable_order(
    shared_engine: Engine, tmp_path: Path
) -> None:
    team = seed_team(shared_engine, leads=40)
    half_in_the_team_pool(shared_engine, team)
    desk = open_desk(shared_engine, tmp_path)
    assert desk.worker.run_once().online
    before = hopper(desk)
    assert len(before) == HOPPER
    seen = set(before)
    for cycle in range(25):
        assert desk.work_next_lead()  # the first of the hopper
        desk.clock.advance(timedelta(minutes=1))
        status = desk.worker.run_once()
        assert status.online and status.waiting == 0 and status.refused == ""
        after = hopper(desk)
        assert len(after) == HOPPER, f"cycle {cycle}: the hopper holds {len(after)}"
        assert after[:-1] == before[1:], f"cycle {cycle}: the held leads moved"
        assert after[-1] not in seen, f"cycle {cycle}: {after[-1]} came back"
        assert server_leases(shared_engine, desk.worker.desk_id) == set(after)
        seen.add(after[-1])
        before = after
    assert len(desk.saved) == 25


def test_a_claim_whose_answer_was_lost_is_adopted(shared_engine: Engine, tmp_path: Path) -> None:
    team = seed_team(shared_engine, leads=12)
    half_in_the_team_pool(shared_engine, team)
    desk = open_desk(shared_engine, tmp_path)
    now, me, desk_id = desk.clock.now(), desk.worker.me, desk.worker.desk_id
    with shared_engine.connect() as conn:
        campaign = desk_feed.campaigns(conn)[0]
    # The claim committed on the server; the desk never heard back.
    with shared_engine.begin() as conn:
        lost = desk_feed.claim_leads(conn, me, desk_id, campaign, ["Asia/Shanghai"], 3, now, LEASE)
    assert len(lost) == 3 and desk.repo.leased_ids() == []

    assert desk.worker.run_once().online
    held = hopper(desk)
    assert len(held) == HOPPER
    assert held[:3] == [row["id"] for row in lost]  # adopted first, in the order claimed
    assert server_leases(shared_engine, desk_id) == set(held)
    # Adopted leads are worked and pushed like any other.
    assert desk.work_next_lead()
    assert desk.worker.run_once().waiting == 0
    assert hopper(desk)[:2] == held[1:3]


def test_a_claim_never_returns_a_lead_the_desk_holds(shared_engine: Engine) -> None:
    seed_team(shared_engine, leads=8)
    now = SHANGHAI_MORNING
    with shared_engine.connect() as conn:
        me = desk_feed.identify(conn, "rep1")
        campaign = desk_feed.campaigns(conn)[0]
    batches = []
    for _ in range(3):
        with shared_engine.begin() as conn:
            rows = desk_feed.claim_leads(conn, me, "d1", campaign, ["Asia/Shanghai"], 3, now, LEASE)
        batches.append([row["id"] for row in rows])
    claimed = [lead for batch in batches for lead in batch]
    assert [len(batch) for batch in batches] == [3, 3, 2]
    assert len(set(claimed)) == 8
    with shared_engine.connect() as conn:  # seed_team's priorities: the serving order
        leads = schema.table(schema.Lead)
        by_priority = conn.scalars(select(leads.c.id).order_by(leads.c.priority)).all()
    assert claimed == list(by_priority)


def test_a_due_callback_joins_a_full_hopper_first(shared_engine: Engine, tmp_path: Path) -> None:
    team = seed_team(shared_engine, leads=12)
    desk = open_desk(shared_engine, tmp_path)
    assert desk.worker.run_once().online
    held = hopper(desk)
    assert len(held) == HOPPER
    # A lead outside the hopper becomes a callback due an hour from now.
    lead_id = next(lead for lead in team.lead_ids if lead not in held)
    due = desk.clock.now() + timedelta(hours=1)
    leads, callbacks = schema.table(schema.Lead), schema.table(schema.Callback)
    with shared_engine.begin() as conn:
        conn.execute(
            update(leads)
            .where(leads.c.id == lead_id)
            .values(status="callback", next_attempt_at=due, priority=999)
        )
        conn.execute(
            callbacks.insert().values(
                id=uuid.uuid4(), lead_id=lead_id, owner_user_id=team.rep_ids["rep1"],
                created_by=team.rep_ids["rep1"], due_at=due, status="open",
                created_at=desk.clock.now(),
            )
        )  # fmt: skip
    assert desk.worker.run_once().online
    assert hopper(desk) == held  # not due yet: the hopper is full

    desk.clock.advance(timedelta(hours=1, minutes=1))
    assert desk.worker.run_once().online
    assert hopper(desk) == [lead_id, *held]  # served first, on top of the target
    assert desk.worker.run_once().online
    assert hopper(desk) == [lead_id, *held]  # and the hopper grows no further
