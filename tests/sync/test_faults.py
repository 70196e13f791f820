"""Network and server faults between a desk and PostgreSQL: every saved wrap-up arrives once.

A desk (its desk database, and the real ``SyncWorker``, mostly on its own thread) saves
calls and wrap-ups the way the desk session does (``DeskRepo.end_call``, then
``build_wrapup`` + ``DeskRepo.save_wrapup``, then a poke) while the connection to the
shared database is cut, starved, refused, or loses the answer to a COMMIT
(``tests/sync/tcp_proxy.py``), and while the PostgreSQL server itself restarts. After the
faults heal the shared database must hold each call record and wrap-up exactly once, each
lead must count exactly its calls, the outbox must be empty, and the desk must have said
it was offline (since when) and then online again. A claim whose COMMIT answer is lost
leaves leases the desk did not hear of: it adopts them on its next sync.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from agent_desk.clock import ManualClock
from agent_desk.desk.wrapup_facts import build_wrapup
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft, clean, validate
from agent_desk.store import desk_feed, schema
from agent_desk.store.desk_repo import DeskRepo, Fact
from agent_desk.store.desk_schema import OutboxEntry
from agent_desk.store.engine import make_engine
from agent_desk.store.facts import FactKind
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.sync.worker import SyncStatus, SyncWorker
from tests.conftest import create_pg_database, drop_pg_database
from tests.desk.conftest import SHANGHAI_MORNING, seed_team
from tests.sync.tcp_proxy import TcpProxy

# Outcomes in turn: a retry, a callback, a final "no", a do-not-call (each makes
# different facts and routes the lead differently on the server).
OUTCOMES = ("no_answer", "callback", "not_interested", "dnc")


@dataclass
class Saved:
    call_id: uuid.UUID
    wrapup_id: uuid.UUID
    lead_id: uuid.UUID
    outcome: str


@dataclass
class FaultyDesk:
    """One rep's desk driven without Qt: the session's writes, the real sync worker."""

    worker: SyncWorker
    clock: ManualClock
    saved: list[Saved] = field(default_factory=list)
    statuses: list[SyncStatus] = field(default_factory=list)

    @property
    def repo(self) -> DeskRepo:
        return self.worker.repo

    def work_next_lead(self) -> bool:
        """Call the first lead of the hopper and save its wrap-up; False if none is left."""
        now = self.clock.now()
        queue = self.repo.queue(now)
        if not queue:
            return False
        lead = queue[0]
        campaign = self.repo.campaigns()[lead.campaign_id]
        outcome = OUTCOMES[len(self.saved) % len(OUTCOMES)]
        call_id = uuid.uuid4()
        call = {
            "id": call_id,
            "lead_id": lead.id,
            "campaign_id": campaign.id,
            "phone_e164": lead.phone_e164,
            "direction": "out",
            "started_at": now - timedelta(seconds=40),
            "answered_at": now - timedelta(seconds=30),
            "ended_at": now,
            "ring_count": 2,
            "talk_seconds": 30,
            "end_reason": "hangup_local",
            "training": False,
        }
        shared = {**call, "desk_id": self.worker.desk_id, "line_backend": "simulated"}
        self.repo.end_call(call, Fact(FactKind.CALL, str(call_id), shared), now)
        self.worker.poke()
        draft = WrapupDraft(
            contact_time=now - timedelta(seconds=30),
            person="本人",
            outcome_code=outcome,
            intent=None if outcome == "no_answer" else IntentLevel.B,
            # Thursday 10:30 in Shanghai: inside the calling window.
            followup_at=SHANGHAI_MORNING + timedelta(days=1, minutes=30)
            if outcome == "callback"
            else None,
        )
        policy, outcomes = campaign.policy, campaign.outcomes
        errors = validate(draft, outcomes=outcomes, policy=policy, lead_tz=lead.timezone, now=now)
        assert not errors, errors
        made = build_wrapup(
            draft=clean(draft, campaign.outcomes),
            campaign=campaign,
            me=self.worker.me,
            call_id=call_id,
            lead_id=lead.id,
            phone_e164=lead.phone_e164,
            lead_name=lead.name,
            lead_attempts=lead.attempts,
            training=False,
            now=now,
        )
        self.repo.save_wrapup(made.local_row, made.facts, made.lead_changes, now, made.dnc)
        self.saved.append(Saved(call_id, made.wrapup_id, lead.id, outcome))
        self.worker.poke()
        return True

    def went_offline_and_back(self) -> bool:
        offline = [
            i for i, s in enumerate(self.statuses) if not s.online and s.offline_since is not None
        ]
        return bool(offline) and any(s.online for s in self.statuses[offline[0] :])


def open_faulty_desk(
    engine: Engine, shared_url: str, tmp_path: Path, *, hopper: int = 6, **engine_args: object
) -> FaultyDesk:
    with engine.connect() as conn:
        me = desk_feed.identify(conn, "rep1")
    repo = DeskRepo.open(tmp_path / "desk-rep1.sqlite3")
    clock = ManualClock(SHANGHAI_MORNING)
    desk_engine = make_engine(shared_url, connect_args={"connect_timeout": 3}, **engine_args)
    desk = FaultyDesk(
        SyncWorker(desk_engine, repo, me, repo.desk_id(), clock, hopper_target=hopper), clock
    )
    desk.worker.on_status = desk.statuses.append
    desk.worker.interval_s = 0.05
    return desk


def wait_until(condition: Callable[[], bool], timeout: float, poke: Callable[[], None]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        poke()
        time.sleep(0.05)


def assert_delivered_exactly_once(engine: Engine, desk: FaultyDesk) -> None:
    """Each saved call and wrap-up is on the server once; leads count their calls once."""
    tables = {
        "calls": schema.table(schema.CallRecord),
        "wrapups": schema.table(schema.Wrapup),
        "callbacks": schema.table(schema.Callback),
        "dnc": schema.table(schema.DncNumber),
    }
    leads = schema.table(schema.Lead)
    with engine.connect() as conn:
        counts = {
            name: conn.scalar(select(func.count()).select_from(table))
            for name, table in tables.items()
        }
        call_ids = set(conn.scalars(select(tables["calls"].c.id)))
        wrapup_ids = set(conn.scalars(select(tables["wrapups"].c.id)))
        flags = set(conn.scalars(select(tables["calls"].c.flag)))
        by_id = {row.id: row for row in conn.execute(select(leads))}
    saved = desk.saved
    assert counts["calls"] == len(saved) and call_ids == {s.call_id for s in saved}
    assert counts["wrapups"] == len(saved) and wrapup_ids == {s.wrapup_id for s in saved}
    assert counts["callbacks"] == sum(s.outcome == "callback" for s in saved)
    assert counts["dnc"] == sum(s.outcome == "dnc" for s in saved)
    assert flags == {None}, "the desk held every lease it called: no record may be flagged"
    worked = {s.lead_id: s.outcome for s in saved}
    assert len(worked) == len(saved), "each lead was called once"
    expected_status = {
        "no_answer": "active",
        "callback": "callback",
        "not_interested": "done",
        "dnc": "dnc",
    }
    for lead_id, lead in by_id.items():
        assert lead.attempts == (1 if lead_id in worked else 0), f"{lead_id}: {lead.attempts}"
        if lead_id in worked:
            assert lead.status == expected_status[worked[lead_id]]
            assert lead.lease_desk is None, "a pushed wrap-up hands the lease back"
    with desk.repo.engine.connect() as conn:
        outbox = conn.execute(select(OutboxEntry.pushed_at, OutboxEntry.last_error)).all()
    assert all(row.pushed_at is not None for row in outbox), "the outbox is not empty"
    assert all(not row.last_error for row in outbox), "a lost connection is not a refusal"
    assert len(outbox) == 2 * len(saved) + sum(s.outcome in ("callback", "dnc") for s in saved)


@pytest.fixture
def shared_url(pg_server: str) -> Iterator[str]:
    url = create_pg_database(pg_server)
    try:
        yield url
    finally:
        drop_pg_database(pg_server, url)


@pytest.fixture
def shared(shared_url: str) -> Iterator[Engine]:
    engine = make_engine(shared_url)
    upgrade_to_head(engine)
    seed_team(engine, leads=200)
    yield engine
    engine.dispose()


def _upstream(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432


class _Echo:
    """A TCP echo server that remembers what each connection sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.received: list[bytearray] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.received.append(bytearray())
            threading.Thread(target=self._echo, args=(conn, self.received[-1]), daemon=True).start()

    @staticmethod
    def _echo(conn: socket.socket, seen: bytearray) -> None:
        with conn, contextlib.suppress(OSError):
            while data := conn.recv(4096):
                seen += data
                conn.sendall(data)


def _ask(sock: socket.socket, data: bytes) -> bytes:
    sock.sendall(data)
    got = b""
    while len(got) < len(data) and (chunk := sock.recv(4096)):
        got += chunk
    return got


def _is_cut(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except OSError:
        return True


def _refused(port: int) -> bool:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:  # the reset can beat connect() back
        return True
    with sock:
        return _is_cut(sock)


def test_the_proxy_forwards_cuts_refuses_and_resumes() -> None:
    echo = _Echo()
    with TcpProxy(echo.server.getsockname()) as proxy:
        first = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        assert _ask(first, b"hello") == b"hello"
        proxy.cut_after(3)
        first.sendall(b"abcdef")
        assert _is_cut(first)
        assert bytes(echo.received[0]) == b"helloabc"  # exactly 3 more bytes got through

        proxy.resume()
        second = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        assert _ask(second, b"again") == b"again"
        assert proxy.outage() == 1
        assert _is_cut(second)
        assert _refused(proxy.port)

        proxy.resume()
        third = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        assert _ask(third, b"back") == b"back"
        for sock in (first, second, third):
            sock.close()
    echo.server.close()
    assert proxy.stats["refused"] == 1 and proxy.stats["cuts"] >= 2


@pytest.mark.postgres
def test_a_push_whose_commit_answer_is_lost_is_stored_once(
    shared: Engine, shared_url: str, tmp_path: Path
) -> None:
    with TcpProxy(_upstream(shared_url)) as proxy:
        desk = open_faulty_desk(shared, proxy.url(shared_url), tmp_path)
        assert desk.worker.run_once().online
        assert desk.work_next_lead()
        proxy.lose_reply_to(b"COMMIT")
        status = desk.worker.run_once()
        assert proxy.stats["lost_replies"] == 1
        assert not status.online and status.offline_since == desk.clock.now()
        assert status.waiting == 2  # the desk cannot know the server has them...
        with shared.connect() as conn:  # ...but it has
            assert conn.scalar(select(func.count()).select_from(schema.CallRecord)) == 1
            assert conn.scalar(select(func.count()).select_from(schema.Wrapup)) == 1
        proxy.resume()
        desk.clock.advance(2)
        status = desk.worker.run_once()
        assert status.online and status.waiting == 0 and status.refused == ""
        desk.worker.shared.dispose()
    assert_delivered_exactly_once(shared, desk)
    assert desk.went_offline_and_back()


@pytest.mark.postgres
def test_a_claim_whose_commit_answer_is_lost_is_adopted_not_lost(
    shared: Engine, shared_url: str, tmp_path: Path
) -> None:
    with TcpProxy(_upstream(shared_url)) as proxy:
        desk = open_faulty_desk(shared, proxy.url(shared_url), tmp_path)

        def lose_the_claims_commit(
            conn: object, cursor: object, statement: str, *_: object
        ) -> None:
            if "agent_desk_claim_leads" in statement and not proxy.stats.get("lost_replies"):
                proxy.lose_reply_to(b"COMMIT")  # the next COMMIT is the claim's

        event.listen(desk.worker.shared, "before_cursor_execute", lose_the_claims_commit)
        status = desk.worker.run_once()
        assert proxy.stats["lost_replies"] == 1 and not status.online
        assert desk.repo.leased_ids() == []  # the desk does not know what it got...
        leads = schema.table(schema.Lead)
        with shared.connect() as conn:  # ...but the server leased it the hopper's worth
            held = set(conn.scalars(
                select(leads.c.id).where(leads.c.lease_desk == desk.worker.desk_id)))  # fmt: skip
        assert len(held) == 6
        proxy.resume()
        desk.clock.advance(2)
        status = desk.worker.run_once()
        assert status.online
        assert set(desk.repo.leased_ids()) == held  # adopted: the same leads, no more
        desk.worker.shared.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_cut_connections_mid_push_lose_nothing_and_duplicate_nothing(
    shared: Engine, shared_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20261127)
    with TcpProxy(_upstream(shared_url)) as proxy:
        desk = open_faulty_desk(shared, proxy.url(shared_url), tmp_path)
        desk.worker.start()
        try:
            wait_until(lambda: desk.repo.hopper_size() >= 6, 10, desk.worker.poke)

            def starve() -> None:  # cut each connection a few bytes into the push
                proxy.cut_after(rng.randrange(20, 3000))

            def lose_commit() -> None:
                proxy.lose_reply_to(b"COMMIT")

            faults = [starve, lose_commit, proxy.cut_all, starve, proxy.outage]
            for round_no in range(20):
                # Each fault meets a desk that is online with leads to call.
                wait_until(
                    lambda: desk.worker.status.online and desk.repo.hopper_size() >= 3,
                    15,
                    desk.worker.poke,
                )
                fault = faults[round_no % len(faults)]
                fault()  # armed before the saves, so it meets the pushes they cause
                desk.work_next_lead()
                desk.work_next_lead()
                time.sleep(rng.uniform(0.05, 0.2))
                if fault is proxy.cut_all:
                    proxy.cut_all()  # and once more while the push is retried
                if fault is proxy.outage:
                    desk.work_next_lead()  # the desk keeps working offline
                    time.sleep(0.1)
                proxy.resume()
            wait_until(
                lambda: desk.worker.status.online and desk.repo.waiting() == 0,
                30,
                desk.worker.poke,
            )
        finally:
            desk.worker.stop()
            desk.worker.shared.dispose()
    assert proxy.stats["cuts"] >= 12 and proxy.stats["lost_replies"] >= 2, proxy.stats
    assert proxy.stats["refused"] >= 1, proxy.stats
    assert len(desk.saved) >= 30, "too few wrap-ups saved for the test to mean much"
    assert desk.went_offline_and_back()
    assert desk.statuses[-1].online and desk.statuses[-1].refused == ""
    assert all(s.refused == "" for s in desk.statuses), "a cut connection is not a refusal"
    assert_delivered_exactly_once(shared, desk)


# -- a PostgreSQL restart in the middle of a shift ------------------------------------------


def _local_cluster(url: str) -> tuple[str, str] | None:
    """The (version, name) of the local Debian cluster serving ``url``, if any."""
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_lsclusters") is None:
        return None
    parsed = make_url(url)
    if parsed.host not in ("127.0.0.1", "localhost", "::1") or os.geteuid() != 0:
        return None
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        version, name, port, *_ = line.split()
        if int(port) == (parsed.port or 5432):
            return version, name
    return None


def _wait_for_server(url: str, timeout: float = 60) -> None:
    parsed = make_url(url)
    deadline = time.monotonic() + timeout
    host, port = parsed.host or "127.0.0.1", str(parsed.port or 5432)
    while subprocess.run(["pg_isready", "-q", "-h", host, "-p", port]).returncode != 0:
        assert time.monotonic() < deadline, "PostgreSQL did not come back"
        time.sleep(0.1)
    probe = make_engine(url, connect_args={"connect_timeout": 3})
    try:
        while True:
            try:
                with probe.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return
            except OperationalError:
                assert time.monotonic() < deadline, "PostgreSQL answers pg_isready only"
                time.sleep(0.1)
    finally:
        probe.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT pg_backend_pid()")))


@pytest.mark.postgres
@pytest.mark.slow
def test_a_postgres_restart_mid_shift_loses_and_duplicates_nothing(
    shared: Engine, shared_url: str, tmp_path: Path
) -> None:
    cluster = _local_cluster(shared_url)
    if cluster is None:
        reason = "needs root and the local Debian PostgreSQL cluster (pg_ctlcluster)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    desk = open_faulty_desk(shared, shared_url, tmp_path, hopper=10, pool_size=2)
    # Pooled connections opened before the restart: with pre-ping (make_engine's default)
    # the dead one is replaced on checkout; without it the first use fails.
    pinged = make_engine(shared_url, pool_size=1)
    unpinged = make_engine(shared_url, pool_size=1, pool_pre_ping=False)
    pid_before = _backend_pid(pinged)
    _backend_pid(unpinged)
    restart_done = threading.Event()

    def restart() -> None:
        try:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "restart"],
                check=True,
                capture_output=True,
                timeout=120,
            )
        finally:
            restart_done.set()

    desk.worker.start()
    try:
        wait_until(lambda: desk.repo.hopper_size() >= 10, 10, desk.worker.poke)
        for _ in range(5):
            desk.work_next_lead()
            time.sleep(0.03)
        restarter = threading.Thread(target=restart, name="pg-restart")
        restarter.start()
        while not restart_done.is_set():  # the rep keeps saving while the server is down
            desk.work_next_lead()
            time.sleep(0.03)
        restarter.join()
        _wait_for_server(shared_url)
        for _ in range(5):
            desk.work_next_lead()
            time.sleep(0.03)
        wait_until(
            lambda: desk.worker.status.online and desk.repo.waiting() == 0, 60, desk.worker.poke
        )
    finally:
        desk.worker.stop()
        desk.worker.shared.dispose()
        _wait_for_server(shared_url)  # whatever happened, leave the server answering

    assert desk.went_offline_and_back(), desk.statuses
    assert all(s.refused == "" for s in desk.statuses), "a restart is not a refusal"
    assert len(desk.saved) >= 10
    fresh = make_engine(shared_url)
    try:
        assert_delivered_exactly_once(fresh, desk)
    finally:
        fresh.dispose()

    assert _backend_pid(pinged) != pid_before  # a new connection, silently
    pool = pinged.pool
    assert isinstance(pool, QueuePool) and pool.checkedin() == 1  # the dead one was dropped
    with pytest.raises(OperationalError):
        _backend_pid(unpinged)  # proves the pooled connections really died
    _backend_pid(unpinged)  # and the failed one was thrown away
    pinged.dispose()
    unpinged.dispose()
