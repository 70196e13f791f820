"""Leases and pushes between desks and the shared database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select, update

from agent_desk.clock import ManualClock
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.desk_views import Fact
from agent_desk.store.facts import FactKind
from agent_desk.store.shared_apply import LEASE_LOST
from agent_desk.sync.worker import SyncWorker
from tests.desk.conftest import SHANGHAI_MORNING, seed_team

LEASE = timedelta(minutes=15)


def worker(
    engine: Engine, tmp_path: Path, username: str, clock: ManualClock, name: str = ""
) -> SyncWorker:
    with engine.connect() as conn:
        me = desk_feed.identify(conn, username)
    repo = DeskRepo.open(tmp_path / f"{username}{name}.sqlite3")
    return SyncWorker(engine, repo, me, repo.desk_id(), clock, hopper_target=3, lease=LEASE)


def pool_everything(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(update(schema.Lead.__table__).values(assigned_user_id=None))


def holders(engine: Engine) -> dict[uuid.UUID, tuple[int | None, str | None]]:
    leads = schema.Lead.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(leads.c.id, leads.c.lease_user_id, leads.c.lease_desk))
        return {r.id: (r.lease_user_id, r.lease_desk) for r in rows}


def test_desks_never_hold_the_same_lead(shared_engine: Engine, tmp_path: Path) -> None:
    seed_team(shared_engine, leads=60)
    pool_everything(shared_engine)
    clock = ManualClock(SHANGHAI_MORNING)
    desks = [
        worker(shared_engine, tmp_path, user, clock, str(i))
        for i, user in enumerate(["rep1", "rep2"] * 4)
    ]
    errors: list[BaseException] = []

    def work(desk: SyncWorker) -> None:
        try:
            for _ in range(3):
                desk.run_once()
                desk.repo.drop_leases(desk.repo.leased_ids()[:1])  # called one, wants more
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    held: dict[uuid.UUID, str] = {}
    for desk in desks:
        for lead_id in desk.repo.leased_ids():
            assert lead_id not in held, f"{lead_id} held by {held[lead_id]} and {desk.desk_id}"
            held[lead_id] = desk.desk_id
    server = holders(shared_engine)
    for lead_id, desk_id in held.items():
        assert server[lead_id][1] == desk_id


def test_leases_renew_while_alive_and_return_after_a_crash(
    shared_engine: Engine, tmp_path: Path
) -> None:
    team = seed_team(shared_engine, leads=3)
    pool_everything(shared_engine)
    clock = ManualClock(SHANGHAI_MORNING)
    crashed = worker(shared_engine, tmp_path, "rep1", clock)
    crashed.run_once()
    assert sorted(crashed.repo.leased_ids()) == sorted(team.lead_ids)

    other = worker(shared_engine, tmp_path, "rep2", clock)
    clock.advance(LEASE / 2)
    other.run_once()
    assert other.repo.leased_ids() == []  # still held by the first desk

    clock.advance(LEASE)  # the first desk died and never renewed
    other.run_once()
    assert sorted(other.repo.leased_ids()) == sorted(team.lead_ids)

    crashed.run_once()  # it comes back: its leases are gone and it knows it
    assert crashed.repo.leased_ids() == []


def test_claims_honour_assignment_dnc_attempts_gap_and_window(
    shared_engine: Engine, tmp_path: Path
) -> None:
    team = seed_team(shared_engine, leads=6)
    leads = schema.Lead.__table__
    now = SHANGHAI_MORNING
    with shared_engine.begin() as conn:
        conn.execute(
            schema.DncNumber.__table__.insert().values(
                phone_e164=team.phones[0], reason="x", source="admin", added_at=now
            )
        )
        conn.execute(update(leads).where(leads.c.id == team.lead_ids[1]).values(attempts=3))
        conn.execute(
            update(leads)
            .where(leads.c.id == team.lead_ids[2])
            .values(next_attempt_at=now + timedelta(hours=1))
        )
        conn.execute(
            update(leads).where(leads.c.id == team.lead_ids[3]).values(timezone="America/New_York")
        )  # 21:00 there: closed
        conn.execute(
            update(leads)
            .where(leads.c.id == team.lead_ids[4])
            .values(assigned_user_id=team.rep_ids["rep2"])
        )
    clock = ManualClock(now)
    desk = worker(shared_engine, tmp_path, "rep1", clock)
    desk.hopper_target = 10
    desk.run_once()
    assert desk.repo.leased_ids() == [team.lead_ids[5]]
    rep2 = worker(shared_engine, tmp_path, "rep2", clock)
    rep2.hopper_target = 10
    rep2.run_once()
    assert rep2.repo.leased_ids() == [team.lead_ids[4]]


def _call_fact(lead_id: uuid.UUID, phone: str, clock: ManualClock) -> Fact:
    call_id = uuid.uuid4()
    return Fact(
        FactKind.CALL,
        str(call_id),
        {
            "id": call_id,
            "lead_id": lead_id,
            "campaign_id": 1,
            "desk_id": "d",
            "direction": "out",
            "phone_e164": phone,
            "line_backend": "simulated",
            "started_at": clock.now(),
            "answered_at": None,
            "ended_at": clock.now(),
            "ring_count": 3,
            "talk_seconds": 0,
            "end_reason": "no_answer",
            "training": False,
        },
    )


def test_a_repeated_push_stores_and_counts_once(shared_engine: Engine, tmp_path: Path) -> None:
    team = seed_team(shared_engine, leads=1)
    clock = ManualClock(SHANGHAI_MORNING)
    desk = worker(shared_engine, tmp_path, "rep1", clock)
    desk.run_once()
    desk.repo.enqueue([_call_fact(team.lead_ids[0], team.phones[0], clock)], clock.now())
    pending = desk.repo.outbox_batch(10)
    desk._push_batch(pending, clock.now())  # pushed, then the desk died before marking
    desk.run_once()  # the restarted desk pushes the same fact again
    with shared_engine.connect() as conn:
        calls = conn.execute(select(schema.CallRecord.__table__)).all()
        lead = conn.execute(select(schema.Lead.__table__)).one()
    assert len(calls) == 1 and lead.attempts == 1
    assert desk.repo.waiting() == 0


def test_a_record_after_a_lost_lease_is_kept_and_flagged(
    shared_engine: Engine, tmp_path: Path
) -> None:
    team = seed_team(shared_engine, leads=1)
    pool_everything(shared_engine)
    clock = ManualClock(SHANGHAI_MORNING)
    offline = worker(shared_engine, tmp_path, "rep1", clock)
    offline.run_once()
    clock.advance(LEASE * 2)
    taker = worker(shared_engine, tmp_path, "rep2", clock)
    taker.run_once()
    assert taker.repo.leased_ids() == team.lead_ids
    offline.repo.enqueue([_call_fact(team.lead_ids[0], team.phones[0], clock)], clock.now())
    offline.run_once()
    with shared_engine.connect() as conn:
        call = conn.execute(select(schema.CallRecord.__table__)).one()
    assert call.flag == LEASE_LOST
