"""Cold start to a usable window (DESIGN budget: within 1.5x of a bare PySide6 window).

Usage::

    .venv/bin/python bench/bench_cold_start.py [--quick] [--runs N]

Every measurement is a fresh ``python`` process (``QT_QPA_PLATFORM=offscreen``), timed
in this process as wall time from ``Popen`` to reading the child's ``READY`` line, so
interpreter start-up counts. Children run one after another, interleaved, after one
discarded warm-up each (the OS file cache is warm, as on a desk that ran yesterday):

- ``bare``: imports PySide6.QtWidgets, shows a QMainWindow with a QTableView over a
  10,000-row QAbstractTableModel, repaints it once it is exposed, prints READY.
- ``desk (restart)``: the app's start-up (the collector paused as ``agent_desk.__main__``
  does, ``main()``'s QApplication set-up, then ``build_rep_window``) on an existing demo
  database and an existing desk database (a desk that ran before: campaigns and a hopper
  on disk), repainted and READY at the first moment the window is usable: exposed, queue
  populated, a lead card shown.
- ``desk (first start)``: the same with no desk database yet: the desk waits for its
  first sync cycle (campaigns, claims) before it has a queue.

The clock is a ``ManualClock`` at Wednesday 10:00 in Shanghai so leads are callable;
each run gets fresh copies of the prepared databases (made once, outside the timing).
Children run with compiled bytecode, as an installed desk does (see ``child_env``).
Then, to show where the extra time goes: the median of a phase breakdown from
instrumented runs (timestamps the child takes around the app's own steps) and
``python -X importtime -c "import agent_desk.app"`` grouped by package.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from _common import (
    ROOT,
    SHANGHAI_MORNING,
    bench_folder,
    load_now,
    machine,
    make_demo_database,
    print_table,
    verdict,
)

BUDGET = 1.5
READY = "READY"
CHILD_TIMEOUT_S = 120.0

# -- the children (kept free of the bench's imports: they must start like the real thing) --

BARE = """
import sys, time
T0 = time.perf_counter()
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 10_000
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 6
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"row {index.row()} col {index.column()}"
        return None

app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QTableView()
model = Model()
view.setModel(model)
window.setCentralWidget(view)
window.resize(1366, 768)
window.show()

def check():
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(1, check)
        return
    window.repaint()
    print(f"READY {time.perf_counter() - T0:.6f}", flush=True)
    app.quit()

QTimer.singleShot(0, check)
app.exec()
"""

# Mirrors the program's start (agent_desk.__main__.run: the collector paused, then
# agent_desk.app.main(): QApplication, icon, translations, style sheet, build_rep_window,
# resize, show, and run_window's freeze and collector back on) with a ManualClock and a
# given data folder.
DESK = """
import gc, json, os, sys, time
T0 = time.perf_counter()
gc.disable()
MARKS = {}
def mark(name):
    MARKS.setdefault(name, time.perf_counter() - T0)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
mark("import_qt")
import agent_desk.app as desk_app
mark("import_app")
from datetime import datetime
from pathlib import Path
from agent_desk import __version__
from agent_desk.clock import ManualClock
from agent_desk.ui.style import icon, style_sheet

URL, DATA, NOW, PHASES, CLEAN = sys.argv[1:6]
if PHASES == "1":
    from agent_desk.store import identity
    from agent_desk.store.desk_repo import DeskRepo
    from agent_desk.sync.worker import SyncWorker

    def around(name, fn):
        def timed(*args, **kwargs):
            mark(name + "_start")
            try:
                return fn(*args, **kwargs)
            finally:
                mark(name + "_end")
        return timed

    desk_app.make_engine = around("engine", desk_app.make_engine)
    desk_app.check_schema = around("schema", desk_app.check_schema)
    identity.identify = around("identify", identity.identify)
    DeskRepo.open = around("desk_db", DeskRepo.open)
    desk_app.RepWindow = around("window", desk_app.RepWindow)
    SyncWorker.run_once = around("sync_cycle", SyncWorker.run_once)

app = QApplication(sys.argv[:1])
app.setApplicationName("Agent Desk")
app.setApplicationVersion(__version__)
app.setWindowIcon(icon("app"))
desk_app.install_translations(app, "en")
app.setStyleSheet(style_sheet("light"))
mark("qapp")
config = desk_app.DeskConfig(shared_url=URL, username="rep1", data_dir=Path(DATA),
                             clock=ManualClock(datetime.fromisoformat(NOW)), language="en")
window = desk_app.build_rep_window(config)
mark("built")
window.resize(1366, 768)
window.show()
gc.freeze()
gc.enable()
mark("shown")
session = window.session
done = []

def check(*_):
    if done:
        return
    if session.queue.entries:
        mark("first_queue")
    if session.queue.selected is not None:
        mark("first_card")
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(1, check)
        return
    mark("exposed")
    if not session.queue.entries or session.queue.selected is None:
        return
    done.append(True)
    window.repaint()
    mark("ready")
    print(f"READY {time.perf_counter() - T0:.6f}", flush=True)
    print("PHASES " + json.dumps(MARKS), flush=True)
    if CLEAN == "1":
        window.close()  # the session shuts down: leases and desk database stay consistent
        app.quit()
    else:
        os._exit(0)

session.queue.queue_changed.connect(check)
session.queue.lead_selected.connect(check)
QTimer.singleShot(0, check)
app.exec()
"""

# -- running children ---------------------------------------------------------------------------


def child_env(folder: Path) -> dict[str, str]:
    """Offscreen, with bytecode: an installed desk has it (pip and PyInstaller compile it),
    but a developer shell may set PYTHONDONTWRITEBYTECODE, which would time compiling our
    sources in every run. The children keep theirs under the bench folder (written by the
    preparing and warm-up runs), so the checkout is left as it was."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


def spawn(code: str, args: list[str], folder: Path) -> tuple[float, float, dict[str, float]]:
    """Run a child; (parent wall time to READY, child's own time to READY, phase marks)."""
    log = folder / "child-stderr.txt"
    with log.open("w") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=ROOT,
            env=child_env(folder),
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            assert proc.stdout is not None
            wall = own = 0.0
            marks: dict[str, float] = {}
            for line in proc.stdout:
                if line.startswith(READY):
                    wall = time.perf_counter() - started
                    own = float(line.split()[1])
                elif line.startswith("PHASES "):
                    marks = json.loads(line[len("PHASES ") :])
            code_ = proc.wait()
        finally:
            watchdog.cancel()
    if not wall:
        raise SystemExit(
            f"bench_cold_start: child exited {code_} without {READY}:\n{log.read_text()[-3000:]}"
        )
    return wall, own, marks


def python_startup(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, cwd=folder, env=child_env(folder))
    return time.perf_counter() - started


class Variant:
    """One kind of child; desk runs start from a copy of a prepared folder.

    Every desk run uses the same path (``run/``): the desk database's file name depends
    on the shared database's URL, so a restart must see the same URL as the run before.
    """

    def __init__(self, name: str, folder: Path, state: Path | None = None) -> None:
        self.name, self.folder, self.state = name, folder, state
        self.walls: list[float] = []
        self.owns: list[float] = []
        self.marks: list[dict[str, float]] = []

    def run(self, *, phases: bool = False) -> tuple[float, float, dict[str, float]]:
        if self.state is None:
            return spawn(BARE, [], self.folder)
        run_dir = self.folder / "run"
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(self.state, run_dir)
        return spawn(DESK, desk_args(run_dir, phases=phases, clean=False), self.folder)


def desk_args(run_dir: Path, *, phases: bool, clean: bool) -> list[str]:
    return [
        f"sqlite:///{run_dir / 'shared.sqlite3'}",
        str(run_dir / "data"),
        SHANGHAI_MORNING.isoformat(),
        "1" if phases else "0",
        "1" if clean else "0",
    ]


def prepare(folder: Path) -> tuple[Path, Path]:
    """Two starting points: the demo database alone, and after a desk ran once on it."""
    first = folder / "state-first"
    first.mkdir()
    make_demo_database(first / "shared.sqlite3")
    run_dir = folder / "run"
    shutil.copytree(first, run_dir)
    spawn(DESK, desk_args(run_dir, phases=False, clean=True), folder)
    restart = folder / "state-restart"
    shutil.copytree(run_dir, restart)
    if not list((restart / "data").rglob("*.sqlite3")):
        raise SystemExit("bench_cold_start: the preparing run left no desk database")
    return first, restart


# -- where the time goes --------------------------------------------------------------------------

PHASE_ROWS = (
    ("python start-up (python -c pass)", None, None),
    ("import PySide6.QtWidgets", None, "import_qt"),
    ("import agent_desk.app", "import_qt", "import_app"),
    ("QApplication, icon, translations, style sheet", "import_app", "qapp"),
    ("shared engine + schema check (Alembic)", "schema_start", "schema_end"),
    ("who am I (identify)", "identify_start", "identify_end"),
    ("desk database open (create_all, version)", "desk_db_start", "desk_db_end"),
    ("RepWindow() (widgets)", "window_start", "window_end"),
    ("show()", "built", "shown"),
    ("first sync cycle (thread; overlaps)", "sync_cycle_start", "sync_cycle_end"),
    ("shown -> queue populated", "shown", "first_queue"),
    ("shown -> lead card", "shown", "first_card"),
    ("repaint and READY", "first_card", "ready"),
)


def print_phases(name: str, runs: list[dict[str, float]], startup: float) -> None:
    """Median span of each phase; times are from the child's first line of Python."""
    print(f"\nwhere {name} spends its time (median of {len(runs)} instrumented runs, ms):")
    rows: list[list[object]] = []
    for label, start, end in PHASE_ROWS:
        if end is None:
            rows.append([label, startup * 1000, "", "before t=0"])
            continue
        done = [r for r in runs if end in r and (start is None or start in r)]
        if done:
            begin = statistics.median(r[start] if start else 0.0 for r in done) * 1000
            finish = statistics.median(r[end] for r in done) * 1000
            span = statistics.median(r[end] - (r[start] if start else 0.0) for r in done)
            rows.append([label, span * 1000, f"{begin:.0f}", f"{finish:.0f}"])
        elif start is not None and any(start in r for r in runs):
            begin = statistics.median(r[start] for r in runs if start in r) * 1000
            rows.append([label, "", f"{begin:.0f}", "still running at READY"])
    print_table(["phase", "ms", "from", "to"], rows)


def print_import_time(folder: Path) -> None:
    """``-X importtime`` of agent_desk.app: self time by top-level package, heaviest modules."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import agent_desk.app"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(folder),
        check=True,
    )
    by_package: dict[str, int] = defaultdict(int)
    parsed: list[tuple[int, int, str]] = []  # (self us, depth, name) in the order printed
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        raw_self, _cumulative, raw_name = line[len("import time:") :].split("|")
        depth = (len(raw_name) - len(raw_name.lstrip())) // 2
        by_package[raw_name.strip().split(".")[0]] += int(raw_self)
        parsed.append((int(raw_self), depth, raw_name.strip()))
    modules: list[tuple[int, str, str]] = []
    for index, (self_us, depth, name) in enumerate(parsed):
        # A module is printed after what it imports: its importer is the next line up a level.
        parent = next((p[2] for p in parsed[index + 1 :] if p[1] < depth), "")
        modules.append((self_us, name, parent))
    total = sum(by_package.values())
    print(f"\npython -X importtime -c 'import agent_desk.app': {total / 1000:.0f} ms in all")
    top = sorted(by_package.items(), key=lambda kv: -kv[1])[:10]
    print_table(
        ["package (self time summed)", "ms", "share"],
        [[p, us / 1000, f"{us / total:.0%}"] for p, us in top],
    )
    print()
    heavy = sorted(modules, key=lambda m: -m[0])[:10]
    print_table(
        ["module (self time: its own top-level code)", "ms", "imported by"],
        [[name, us / 1000, parent] for us, name, parent in heavy],
    )


# -- main ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs each (smoke test)")
    parser.add_argument("--runs", type=int, help="timed runs per variant (default 7)")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    phase_runs = 1 if args.quick else 3
    started_on = machine()

    with bench_folder("bench_cold_start_") as tmp:
        folder = Path(tmp)
        first, restart = prepare(folder)
        variants = [
            Variant("bare PySide6 window", folder),
            Variant("desk (restart)", folder, restart),
            Variant("desk (first start)", folder, first),
        ]
        startups = [python_startup(folder) for _ in range(3)]
        for variant in variants:
            variant.run()  # warm-up, discarded
        for _ in range(runs):
            for variant in variants:
                wall, own, _marks = variant.run()
                variant.walls.append(wall)
                variant.owns.append(own)
            startups.append(python_startup(folder))
        for _ in range(phase_runs):
            for variant in variants[1:]:
                variant.marks.append(variant.run(phases=True)[2])

        bare = statistics.median(variants[0].walls)
        print(
            f"cold start to a usable window: median of {runs} fresh processes each, "
            f"offscreen, databases in {tempfile.gettempdir()}; {started_on}"
        )
        rows: list[list[object]] = []
        for variant in variants:
            median = statistics.median(variant.walls)
            rows.append(
                [
                    variant.name,
                    median * 1000,
                    min(variant.walls) * 1000,
                    max(variant.walls) * 1000,
                    statistics.median(variant.owns) * 1000,
                    f"{median / bare:.2f}x",
                ]
            )
        print_table(["ms (Popen -> READY)", "median", "min", "max", "in child", "ratio"], rows)
        startup = statistics.median(startups)
        for variant in variants[1:]:
            print_phases(variant.name, variant.marks, startup)
        print_import_time(folder)
        ratios = {v.name: statistics.median(v.walls) / bare for v in variants[1:]}
        worst = max(ratios.values())
        text = ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items())
        print()
        print(load_now())
        print(verdict(worst <= BUDGET, f"{text} a bare PySide6 window; budget {BUDGET}x"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
