"""Fifty-odd desks claim from 100k leads at once on PostgreSQL: no lead is ever held twice.

Each desk is a real ``SyncWorker`` with its own desk SQLite file and its own engine (one
connection), claiming through ``desk_feed.claim_leads`` and giving half its hopper back
each round with ``desk_feed.release_leases``, so leads pass from desk to desk all the time.

Two independent proofs that no lead was ever held by two desks:

- **the desks' own record**: every lead a desk received, from the moment its claim
  returned until the moment it started giving the lead back (the part of the lease the
  desk surely held); no two desks' spans on one lead may overlap;
- **the server's record**: a trigger logs every change of a lead's lease; a lease may pass
  from one desk to another only when the first one's had expired at the claim's "now".

One desk is killed mid-shift (its thread stops and its connections drop, leases kept).
Its leases must stay put while they run, then go to other desks once the clock passes
their expiry.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text

from agent_desk.clock import ManualClock
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.sync.worker import SyncWorker
from tests.conftest import create_pg_database, drop_pg_database
from tests.desk.conftest import SHANGHAI_MORNING, seed_team

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DESKS = 52  # one of them is killed
LEADS = 100_000
HOPPER = 5
LIVE_LEASE = timedelta(minutes=15)
KILLED_LEASE = timedelta(minutes=1)  # expires while the live desks' leases still run
ROUNDS_BEFORE_KILL_EXPIRES = 4
ROUNDS_AFTER = 3
KILLED_AT_ROUND = 2
THREAD_TIMEOUT_S = 80

LEASE_LOG = """
CREATE TABLE lease_log (
    seq bigserial PRIMARY KEY,
    lead_id uuid NOT NULL,
    old_desk text, old_expires timestamptz,
    new_desk text, new_expires timestamptz
);
CREATE FUNCTION log_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.lease_desk IS DISTINCT FROM OLD.lease_desk
       OR NEW.lease_expires_at IS DISTINCT FROM OLD.lease_expires_at THEN
        INSERT INTO lease_log (lead_id, old_desk, old_expires, new_desk, new_expires)
        VALUES (NEW.id, OLD.lease_desk, OLD.lease_expires_at,
                NEW.lease_desk, NEW.lease_expires_at);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER leads_lease_log AFTER UPDATE ON leads
    FOR EACH ROW EXECUTE FUNCTION log_lease();
"""


@dataclass
class Floor:
    """The shared database with a team of desks' users and 100k pooled leads."""

    url: str
    engine: Engine
    usernames: list[str]


def _load(engine: Engine) -> list[str]:
    team = seed_team(engine, leads=0, now=SHANGHAI_MORNING)
    usernames = [f"desk_rep{i:03d}" for i in range(DESKS)]
    with engine.begin() as conn:
        team_id = conn.scalar(text("SELECT id FROM teams"))
        conn.execute(
            insert(schema.User),
            [
                {
                    "username": name,
                    "display_name": name,
                    "role": "rep",
                    "team_id": team_id,
                    "active": True,
                    "created_at": SHANGHAI_MORNING,
                }
                for name in usernames
            ],
        )
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        columns = (
            "id, campaign_id, phone_e164, name, company, extra, timezone, pool_team_id, "
            "priority, status, attempts, imported_at"
        )
        with driver.cursor() as cursor, cursor.copy(f"COPY leads ({columns}) FROM STDIN") as copy:
            for i in range(LEADS):
                copy.write_row(
                    (uuid.uuid4(), team.campaign_id, f"+8613{i:09d}", f"客户{i}", "", "{}",
                     "Asia/Shanghai", team_id, 100 + i % 50, "new", 0, SHANGHAI_MORNING)
                )  # fmt: skip
        driver.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        conn.exec_driver_sql(LEASE_LOG)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE leads")
    return usernames


@pytest.fixture
def floor(pg_server: str) -> Iterator[Floor]:
    url = create_pg_database(pg_server)
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        yield Floor(url, engine, _load(engine))
    finally:
        engine.dispose()
        drop_pg_database(pg_server, url)


@dataclass
class DeskRun:
    """One desk: its worker, and what it saw of its own leases."""

    name: str
    worker: SyncWorker
    seed: int
    holding: dict[uuid.UUID, float] = field(default_factory=dict)
    # (lead, start, end): the span the desk surely held the lead.
    spans: list[tuple[uuid.UUID, float, float]] = field(default_factory=list)
    claims: int = 0
    lost: list[uuid.UUID] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    @property
    def desk_id(self) -> str:
        return self.worker.desk_id

    def one_round(self) -> None:
        repo = self.worker.repo
        before = set(repo.leased_ids())
        started = time.monotonic()
        status = self.worker.run_once()
        returned = time.monotonic()
        assert status.online, f"{self.name} went offline"
        after = set(repo.leased_ids())
        for lead in after - before:
            self.holding[lead] = returned
            self.claims += 1
        for lead in before - after:  # a live desk's lease taken away: must never happen
            self.lost.append(lead)
            self._end(lead, started)

    def give_back_half(self, rng: random.Random) -> None:
        held = sorted(self.holding)
        back = rng.sample(held, len(held) // 2)
        if not back:
            return
        giving = time.monotonic()
        with self.worker.shared.begin() as conn:
            desk_feed.release_leases(conn, self.worker.me, self.desk_id, back)
        self.worker.repo.drop_leases(back)
        for lead in back:
            self._end(lead, giving)

    def end_all(self, at: float) -> None:
        for lead in list(self.holding):
            self._end(lead, at)

    def _end(self, lead: uuid.UUID, at: float) -> None:
        self.spans.append((lead, self.holding.pop(lead), at))

    def run(self, rounds: int, die_after: int | None = None) -> None:
        rng = random.Random(self.seed)
        try:
            for number in range(1, rounds + 1):
                self.one_round()
                if number == die_after:
                    # Killed: no release, no goodbye; its connections drop with it.
                    self.worker.shared.dispose()
                    return
                self.give_back_half(rng)
        except BaseException as exc:  # reported by the test
            self.errors.append(exc)


def open_desks(floor: Floor, tmp_path: Path, clock: ManualClock) -> list[DeskRun]:
    desks = []
    for index, username in enumerate(floor.usernames):
        engine = make_engine(floor.url, pool_size=1, max_overflow=0, pool_timeout=60)
        with engine.connect() as conn:
            me = desk_feed.identify(conn, username)
        repo = DeskRepo.open(tmp_path / f"{username}.sqlite3")
        lease = KILLED_LEASE if index == 0 else LIVE_LEASE
        worker = SyncWorker(
            engine, repo, me, repo.desk_id(), clock, hopper_target=HOPPER, lease=lease
        )
        desks.append(DeskRun(username, worker, seed=index))
    return desks


def run_all(desks: list[DeskRun], rounds: int, killed: DeskRun | None = None) -> None:
    threads = [
        threading.Thread(
            target=desk.run,
            args=(rounds, KILLED_AT_ROUND if desk is killed else None),
            name=desk.name,
        )
        for desk in desks
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + THREAD_TIMEOUT_S
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"desks still claiming after {THREAD_TIMEOUT_S}s: {stuck}"
    errors = [(d.name, e) for d in desks for e in d.errors]
    assert not errors, f"desks failed: {errors[:3]}"


def server_leases(engine: Engine) -> dict[uuid.UUID, tuple[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, lease_desk, lease_expires_at FROM leads WHERE lease_desk IS NOT NULL")
        )
        return {row.id: (row.lease_desk, row.lease_expires_at) for row in rows}


def assert_local_matches_server(engine: Engine, desks: list[DeskRun]) -> None:
    """Every lead a desk believes it holds is leased to that desk, and to no other."""
    server = server_leases(engine)
    believed: dict[uuid.UUID, str] = {}
    for desk in desks:
        for lead in desk.worker.repo.leased_ids():
            other = believed.setdefault(lead, desk.name)
            assert other == desk.name, f"{lead} in the hoppers of {other} and {desk.name}"
            holder = server.get(lead, (None, None))[0]
            assert holder == desk.desk_id, f"{desk.name} holds {lead}, the server says {holder}"


def assert_no_overlapping_holds(desks: list[DeskRun]) -> int:
    """No two desks' sure spans on one lead overlap; returns how many leads changed desk."""
    by_lead: dict[uuid.UUID, list[tuple[float, float, str]]] = defaultdict(list)
    for desk in desks:
        for lead, start, end in desk.spans:
            by_lead[lead].append((start, end, desk.name))
        for lead, start in desk.holding.items():
            by_lead[lead].append((start, float("inf"), desk.name))
    passed_on = 0
    for lead, spans in by_lead.items():
        for (start_a, end_a, desk_a), (start_b, end_b, desk_b) in combinations(spans, 2):
            assert desk_a == desk_b or end_a <= start_b or end_b <= start_a, (
                f"lead {lead}: held by {desk_a} from {start_a:.4f} to {end_a:.4f} "
                f"and by {desk_b} from {start_b:.4f} to {end_b:.4f}"
            )
        passed_on += len({name for _, _, name in spans}) > 1
    return passed_on


def test_fifty_desks_never_hold_the_same_lead_and_a_killed_desk_gives_its_leases_back(
    floor: Floor, tmp_path: Path
) -> None:
    clock = ManualClock(SHANGHAI_MORNING)
    desks = open_desks(floor, tmp_path, clock)
    killed, live = desks[0], desks[1:]

    run_all(desks, ROUNDS_BEFORE_KILL_EXPIRES, killed=killed)
    # The killed desk's leads, and since when it held each (another desk may have held
    # one before and handed it back: that desk's earlier span is no take-over).
    orphaned_since = dict(killed.holding)
    orphans = set(orphaned_since)
    assert orphans, "the killed desk died holding leases"
    assert all(d.claims >= HOPPER for d in live), [d.claims for d in live]
    assert_local_matches_server(floor.engine, live)
    leases = server_leases(floor.engine)
    assert {lead for lead, (desk, _) in leases.items() if desk == killed.desk_id} == orphans
    assert killed.worker.repo.hopper_size() == len(orphans)  # its desk file agrees
    # Make them the campaign's best leads: still, nobody may take them while they run.
    # (They also need it to be reached below: an expired lease's lead is served from the
    # time it expired, after the leads that were available before.)
    with floor.engine.begin() as conn:
        conn.execute(
            text("UPDATE leads SET priority = 0 WHERE id = ANY(:ids)"), {"ids": list(orphans)}
        )
    run_all(live, 1)
    leases = server_leases(floor.engine)
    assert {lead for lead, (desk, _) in leases.items() if desk == killed.desk_id} == orphans

    expired_at = time.monotonic()
    killed.end_all(expired_at)  # from here on its leases may be taken
    clock.advance(KILLED_LEASE + timedelta(minutes=1))
    run_all(live, ROUNDS_AFTER)

    assert_local_matches_server(floor.engine, live)
    passed_on = assert_no_overlapping_holds(desks)
    assert passed_on >= 100, f"only {passed_on} leads changed desk: the check proved little"
    assert all(not d.lost for d in live), {d.name: d.lost for d in live if d.lost}

    # The killed desk's leads went to other desks, after (never before) their expiry.
    taken: dict[uuid.UUID, str] = {}
    for desk in live:
        starts = [(lead, start) for lead, start, _ in desk.spans] + list(desk.holding.items())
        later = [
            (lead, start)
            for lead, start in starts
            if lead in orphans and start > orphaned_since[lead]
        ]
        taken.update({lead: desk.name for lead, _ in later})
        assert all(start > expired_at for _, start in later)
    assert set(taken) == orphans, f"not taken over: {orphans - set(taken)}"
    leases = server_leases(floor.engine)
    assert not any(desk == killed.desk_id for desk, _ in leases.values())

    # The server's own record: a lease passed between desks only once it had expired.
    with floor.engine.connect() as conn:
        steals = conn.execute(
            text(
                "SELECT lead_id, old_desk, old_expires, new_desk, new_expires FROM lease_log "
                "WHERE old_desk IS NOT NULL AND new_desk IS NOT NULL AND old_desk <> new_desk"
            )
        ).all()
        changes = conn.scalar(text("SELECT count(*) FROM lease_log"))
    for steal in steals:
        claimed_at = steal.new_expires - LIVE_LEASE
        assert steal.old_desk == killed.desk_id, f"a live desk's lease was taken: {steal}"
        assert steal.old_expires < claimed_at, f"taken before it expired: {steal}"
    assert {s.lead_id for s in steals} == orphans
    total = sum(d.claims for d in desks)
    assert changes >= total  # every claim the desks saw is in the server's log
