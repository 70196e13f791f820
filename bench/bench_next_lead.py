"""Next lead ready after a saved wrap-up (DESIGN budget: under 50 ms p99; hopper is local).

Usage::

    .venv/bin/python bench/bench_next_lead.py [--quick] [--attempts N] [--sync thread|manual|both]

Builds the rep's window the way the app does (``build_rep_window``) on an embedded shared
SQLite database loaded with the demo data (plus extra leads for rep1, imported through
the real importer, so a long run never drains the hopper), with the desk database in a
temporary folder, the real threaded ``Operations``, the simulated line (1 ms rings, a
planned customer who answers) and a ``ManualClock`` at Wednesday 10:00 in Shanghai.

Each attempt: dial, connected, hang up, wrap-up due; then, timed, from
``session.save_wrapup(draft)`` to the moment ``session.queue.lead_selected`` emits a card
for a different lead, under a running Qt event loop (the window's own slots for the card
run before the probe's, so the card widget is filled when the clock stops).

The sync worker runs in one of two ways (``--sync``, default both):

- ``manual``: no sync thread; the bench runs ``SyncWorker.run_once`` between attempts,
  outside the timed span, to push the outbox and refill the hopper. Measures the desk
  path alone.
- ``thread``: the app's sync thread (5 s interval). The save pokes it, so its push and
  hopper refill run against the desk database during the timed span, as at a real
  desk. Before each save the bench waits until the cycle the hang-up triggered is done
  (the rep takes seconds to fill the form).

Baseline, measured in the same run and interleaved with the attempts: one bare stdlib
``sqlite3`` transaction in the same folder (WAL, ``synchronous=FULL``, ``BEGIN
IMMEDIATE``) inserting a wrap-up row and an outbox row and marking the lead worked, then
selecting the next lead: the part of the budget no code can avoid.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import (
    SHANGHAI_MORNING,
    bench_folder,
    load_now,
    machine,
    make_demo_database,
    percentile,
    print_table,
    qt_offscreen,
    spread,
    verdict,
)

qt_offscreen()

from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from agent_desk.app import DeskConfig, build_rep_window, install_translations  # noqa: E402
from agent_desk.clock import ManualClock  # noqa: E402
from agent_desk.desk.operations import Operations  # noqa: E402
from agent_desk.desk.views import AgentState, LeadCard  # noqa: E402
from agent_desk.domain.outcomes import IntentLevel  # noqa: E402
from agent_desk.domain.wrapup import WrapupDraft  # noqa: E402
from agent_desk.sync.worker import SyncWorker  # noqa: E402
from agent_desk.telephony.simulated import Behaviour, Persona, SimulatedLine  # noqa: E402
from agent_desk.ui.rep_window import RepWindow  # noqa: E402
from agent_desk.ui.style import style_sheet  # noqa: E402

BUDGET_MS = 50.0
ANSWERS = Persona("bench-answers", Behaviour.ANSWER, rings=1)
WAIT_S = 10.0  # any single step slower than this is a hang, not a measurement
HOPPER = 5  # the app's default hopper
BASELINE_PER_ATTEMPT = 5
TREND = 50  # attempts compared at the start and the end of a run


class BenchError(Exception):
    """The desk did not do what the bench drives it to do."""


# -- waiting on the event loop -----------------------------------------------------------------


def wait_until(what: str, done: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    """Run the event loop until ``done()``; polls every 2 ms (never inside a timed span)."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    poll.start(2)
    while not done():
        if time.perf_counter() > deadline:
            poll.stop()
            raise BenchError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        loop.exec()
    poll.stop()


def nothing() -> None:
    """An operation that does nothing: queued last, it finishes after everything before."""


def barrier(ops: Operations) -> None:
    """Wait until every operation queued so far, and its result on the UI thread, ran."""
    for _ in range(3):  # results may queue follow-up operations
        _drain(ops)


def _drain(ops: Operations) -> None:
    finished: list[None] = []
    ops.run(nothing, finished.append)
    wait_until("the operations queue to drain", lambda: bool(finished))


class SyncWatch:
    """Counts the sync worker's cycles and pokes (instance wrappers; the class is untouched)."""

    def __init__(self, sync: SyncWorker) -> None:
        self.running = False
        self.last_poke = 0.0
        self.last_done_started = 0.0
        run_once, poke, set_state = sync.run_once, sync.poke, sync.set_agent_state

        def watched_run_once() -> Any:
            started = time.perf_counter()
            self.running = True
            try:
                return run_once()
            finally:
                self.running = False
                self.last_done_started = started

        def watched_poke() -> None:
            self.last_poke = time.perf_counter()
            poke()

        def watched_set_state(values: dict[str, Any]) -> None:
            self.last_poke = time.perf_counter()  # it wakes the worker too
            set_state(values)

        sync.run_once = watched_run_once  # type: ignore[method-assign]
        sync.poke = watched_poke  # type: ignore[method-assign]
        sync.set_agent_state = watched_set_state  # type: ignore[method-assign]

    def idle(self) -> bool:
        """The worker has finished a cycle that started after the last poke."""
        return not self.running and self.last_done_started > self.last_poke


# -- the baseline -----------------------------------------------------------------------------


class BareTransaction:
    """The unavoidable cost: one durable write of a wrap-up and its outbox row, next row."""

    def __init__(self, path: Path, leads: int) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(
            """
            CREATE TABLE leads (id TEXT PRIMARY KEY, rank INTEGER, worked INTEGER DEFAULT 0,
                                payload TEXT);
            CREATE INDEX ix_leads_next ON leads (worked, rank);
            CREATE TABLE wrapups (id TEXT PRIMARY KEY, lead_id TEXT, form TEXT);
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT,
                                 payload TEXT, created_at TEXT);
            """
        )
        self.db.executemany(
            "INSERT INTO leads (id, rank, payload) VALUES (?, ?, ?)",
            [(str(uuid.UUID(int=i)), i, '{"name": "客户"}') for i in range(leads)],
        )
        self.form = '{"person": "本人", "outcome_code": "not_interested", "intent": "D"}'

    def once(self) -> float:
        """One sample, in ms: save on the lead on screen (known already), read the next."""
        lead_id = self.db.execute(
            "SELECT id FROM leads WHERE worked = 0 ORDER BY rank LIMIT 1"
        ).fetchone()[0]
        wrapup_id = str(uuid.uuid4())
        started = time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute(
            "INSERT INTO wrapups (id, lead_id, form) VALUES (?, ?, ?)",
            (wrapup_id, lead_id, self.form),
        )
        self.db.execute(
            "INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)",
            ("wrapup", self.form, "2026-11-25T02:00:00+00:00"),
        )
        self.db.execute("UPDATE leads SET worked = 1 WHERE id = ?", (lead_id,))
        self.db.execute("COMMIT")
        self.db.execute("SELECT * FROM leads WHERE worked = 0 ORDER BY rank LIMIT 1").fetchone()
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.db.close()


# -- one desk ---------------------------------------------------------------------------------


@dataclass
class Samples:
    """Per attempt, in ms from the call to ``save_wrapup``."""

    card: list[float] = field(default_factory=list)  # next lead's card emitted
    saved: list[float] = field(default_factory=list)  # wrap-up on disk (wrapup_saved)
    queue: list[float] = field(default_factory=list)  # hopper reloaded (queue_changed)
    reverted: int = 0  # the card went back to the worked lead after the next was shown
    full_gc: list[float] = field(default_factory=list)  # full collections inside the span


@dataclass
class Probe:
    """Timestamps of the signals that follow a save; the card one ends the wait."""

    previous: uuid.UUID | None = None
    t0: float = 0.0
    saved: float | None = None
    queue: float | None = None
    card: float | None = None
    reverted: bool = False
    loop: QEventLoop | None = None
    full_gc_ms: float = 0.0
    _gc_started: float = 0.0

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        """``gc.callbacks`` hook: time full (generation 2) collections inside the span."""
        if info["generation"] != 2 or self.t0 == 0.0 or self.card is not None:
            return
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif self._gc_started:
            self.full_gc_ms += (time.perf_counter() - self._gc_started) * 1000
            self._gc_started = 0.0

    def arm(self, previous: uuid.UUID) -> None:
        self.previous, self.saved, self.queue, self.card = previous, None, None, None
        self.reverted = False
        self.full_gc_ms = 0.0
        self.t0 = time.perf_counter()

    def on_saved(self, _: object) -> None:
        if self.saved is None:
            self.saved = time.perf_counter()

    def on_queue(self, _: object) -> None:
        if self.saved is not None and self.queue is None:
            self.queue = time.perf_counter()

    def on_card(self, card: LeadCard | None) -> None:
        if card is None or self.previous is None:
            return
        if card.lead.id != self.previous and self.card is None:
            self.card = time.perf_counter()
            if self.loop is not None:
                self.loop.quit()
        elif card.lead.id == self.previous and self.card is not None:
            self.reverted = True


def draft_for(index: int, answered: datetime | None, now: datetime) -> WrapupDraft:
    """A valid wrap-up; the outcomes rotate so callbacks and a sale are in the mix."""
    tomorrow = now + timedelta(days=1, minutes=30)  # 10:30 in Shanghai, inside the window
    kind = index % 4
    base = WrapupDraft(contact_time=answered, person="本人", opening_done=True, note="bench")
    if kind == 0:
        return _with(base, outcome_code="not_interested", intent=IntentLevel.D)
    if kind == 1:
        return _with(base, outcome_code="interested", intent=IntentLevel.B, followup_at=tomorrow)
    if kind == 2:
        return _with(base, outcome_code="callback", intent=IntentLevel.C, followup_at=tomorrow)
    return _with(base, outcome_code="sale", intent=IntentLevel.A, amount=Decimal("199.00"))


def _with(draft: WrapupDraft, **changes: Any) -> WrapupDraft:
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def next_card_shown(session: Any, worked: uuid.UUID | None) -> bool:
    card = session.queue.selected
    return card is not None and card.lead.id != worked


def quiet_offscreen_warnings(mode: object, context: object, message: str) -> None:
    """The offscreen platform warns it cannot do window-manager things: not ours."""
    if "does not support" not in message:
        print(message, file=sys.stderr)


def open_window(url: str, folder: Path, mode: str) -> tuple[RepWindow, ManualClock]:
    clock = ManualClock(SHANGHAI_MORNING)
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        clock=clock,
        data_dir=folder,
        ring_interval_s=0.001,
        hopper_target=HOPPER,
        sync_thread=mode == "thread",
        language="en",
    )
    window = build_rep_window(config)
    window.resize(1366, 768)
    window.show()
    return window, clock


class Driver:
    """Drives one desk through attempts, as a rep would, and times the timed span."""

    def __init__(self, window: RepWindow, clock: ManualClock, mode: str) -> None:
        self.window, self.clock, self.mode = window, clock, mode
        self.session = window.session
        sync, line = self.session.sync, self.session.line
        assert sync is not None and isinstance(line, SimulatedLine)
        self.sync, self.line = sync, line
        self.watch = SyncWatch(sync)
        self.probe = Probe()
        self.session.attempt.wrapup_saved.connect(self.probe.on_saved)
        self.session.queue.queue_changed.connect(self.probe.on_queue)
        self.session.queue.lead_selected.connect(self.probe.on_card)  # after the window's
        self.samples = Samples()

    def settle(self) -> None:
        """Manual: one sync cycle (push, refill). Thread: wait for the poked cycle."""
        if self.mode == "manual":
            self.sync.run_once()
        else:
            wait_until("the sync worker's cycle", self.watch.idle)
        barrier(self.session.ops)

    def start(self) -> None:
        if self.mode == "manual":
            self.sync.run_once()
        wait_until("the first lead card", lambda: self.session.queue.selected is not None)
        self.settle()

    def call(self, index: int) -> LeadCard:
        """Dial the lead on screen, connect, hang up; returns once the wrap-up is due."""
        session = self.session
        card = session.queue.selected
        if card is None:
            raise BenchError(f"attempt {index}: no lead on screen (hopper empty?)")
        self.line.plan[card.lead.phone_e164] = ANSWERS
        session.dial_selected()
        wait_until("the call to connect", lambda: session.status.state is AgentState.ON_CALL)
        self.clock.advance(3)
        session.attempt.hangup()
        wait_until("the wrap-up", lambda: session.attempt.owed is not None)
        # The rep takes seconds over the form: the call's write and sync are long done.
        self.settle()
        return card

    def timed_save(self, index: int, card: LeadCard) -> None:
        owed = self.session.attempt.owed
        assert owed is not None
        self.clock.advance(2)
        draft = draft_for(index, owed.answered_at, self.clock.now())
        probe = self.probe
        loop = QEventLoop()
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        timeout.start(int(WAIT_S * 1000))
        probe.loop = loop
        probe.arm(card.lead.id)
        if not self.session.save_wrapup(draft):
            raise BenchError(f"attempt {index}: wrap-up refused: {draft}")
        if probe.card is None:
            loop.exec()
        timeout.stop()
        probe.loop = None
        if probe.card is None or probe.saved is None:
            raise BenchError(f"attempt {index}: no next lead {WAIT_S:.0f} s after the save")
        self.samples.card.append((probe.card - probe.t0) * 1000)
        self.samples.saved.append((probe.saved - probe.t0) * 1000)
        self.samples.queue.append(((probe.queue or probe.card) - probe.t0) * 1000)
        if probe.full_gc_ms:
            self.samples.full_gc.append(probe.full_gc_ms)

    def after_save(self) -> None:
        """Let the save's follow-ups land, so a late card change is seen before dialing."""
        if self.mode == "thread":
            wait_until("the sync worker's cycle", self.watch.idle)
        barrier(self.session.ops)
        if self.probe.reverted:  # the rep would press Ctrl+N (Next lead), so does the bench
            self.samples.reverted += 1
            worked = self.probe.previous
            self.session.next_lead()
            wait_until("the next lead card", lambda: next_card_shown(self.session, worked))
            barrier(self.session.ops)


def run_desk(
    url: str,
    folder: Path,
    mode: str,
    attempts: int,
    baseline: BareTransaction,
    base_samples: list[float],
) -> Samples:
    window, clock = open_window(url, folder, mode)
    driver = Driver(window, clock, mode)
    gc.callbacks.append(driver.probe.on_gc)
    try:
        driver.start()
        for index in range(attempts):
            base_samples.extend(baseline.once() for _ in range(BASELINE_PER_ATTEMPT))
            card = driver.call(index)
            driver.timed_save(index, card)
            driver.after_save()
    finally:
        gc.callbacks.remove(driver.probe.on_gc)
        window.close()  # stops timers, the sync worker and the operations, like the app
        window.session.repo.close()
        driver.sync.shared.dispose()
    return driver.samples


# -- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 attempts (smoke test)")
    parser.add_argument("--attempts", type=int, help="attempts per sync mode (default 300)")
    parser.add_argument("--sync", choices=("thread", "manual", "both"), default="both")
    args = parser.parse_args()
    attempts = args.attempts or (40 if args.quick else 300)
    modes = ("manual", "thread") if args.sync == "both" else (args.sync,)
    started_on = machine()

    qInstallMessageHandler(quiet_offscreen_warnings)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Agent Desk")
    install_translations(app, "en")
    app.setStyleSheet(style_sheet("light"))  # the app's style: widgets polish as at a desk

    with bench_folder("bench_next_lead_") as tmp:
        folder = Path(tmp)
        header = (
            f"next lead after a saved wrap-up: {attempts} attempts per sync mode; "
            f"desk database in {folder}; {started_on}"
        )
        pristine = folder / "pristine.sqlite3"
        make_demo_database(pristine, extra_rep1_leads=attempts + 2 * HOPPER)
        baseline = BareTransaction(
            folder / "baseline.sqlite3", BASELINE_PER_ATTEMPT * attempts * len(modes) + 1
        )
        base_samples: list[float] = []
        results: dict[str, Samples] = {}
        try:
            for mode in modes:
                shared = folder / f"shared-{mode}.sqlite3"
                shutil.copyfile(pristine, shared)  # every mode starts from the same data
                results[mode] = run_desk(
                    f"sqlite:///{shared}",
                    folder / f"data-{mode}",
                    mode,
                    attempts,
                    baseline,
                    base_samples,
                )
        finally:
            baseline.close()
        report(header, base_samples, results, attempts)
    return 0


def report(
    header: str, base_samples: list[float], results: dict[str, Samples], attempts: int
) -> None:
    print(header)
    base = spread(base_samples)
    rows: list[list[object]] = [["bare sqlite txn (baseline)", *base.values(), "1.0x"]]
    labels = {"manual": "sync driven between attempts", "thread": "sync thread running"}
    for mode, samples in results.items():
        card = spread(samples.card)
        ratio = f"{card['p99'] / base['p99']:.1f}x"
        rows.append([f"save -> next card, {labels[mode]}", *card.values(), ratio])
        rows.append(["  of which: save -> wrap-up on disk", *spread(samples.saved).values(), ""])
        rows.append(["  of which: save -> hopper reloaded", *spread(samples.queue).values(), ""])
        if len(samples.card) >= 2 * TREND:  # the desk database grows over a shift
            rows.append([f"  first {TREND} attempts", *spread(samples.card[:TREND]).values(), ""])
            rows.append([f"  last {TREND} attempts", *spread(samples.card[-TREND:]).values(), ""])
    print_table(["ms", "p50", "p90", "p99", "max", "p99/base"], rows)
    for mode, samples in results.items():
        if samples.full_gc:
            print(
                f"{mode}: a full garbage collection (generation 2) ran inside "
                f"{len(samples.full_gc)} of {attempts} timed spans, median "
                f"{percentile(samples.full_gc, 50):.0f} ms each"
            )
        if samples.reverted:
            print(
                f"warning ({mode}): after {samples.reverted} of {attempts} saves the card "
                "went back to the lead just worked (a late reselect from sync news)"
            )
    p99s = {mode: spread(samples.card)["p99"] for mode, samples in results.items()}
    parts = ", ".join(
        f"{p99:.1f} ms with {mode} sync ({p99 / base['p99']:.0f}x baseline)"
        for mode, p99 in p99s.items()
    )
    passed = max(p99s.values()) < BUDGET_MS
    print(load_now())
    print(verdict(passed, f"next lead p99 {parts}; budget {BUDGET_MS:.0f} ms"))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench_next_lead: {exc}", file=sys.stderr)
        sys.exit(1)
