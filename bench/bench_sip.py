"""Dial to connected through the desk's SIP line, against baresip alone (same run).

Usage::

    .venv/bin/python bench/bench_sip.py [--quick] [--calls N]

Needs ``baresip`` (Debian ``baresip-core``) and ``sipp`` (Debian ``sip-tester``).

One SIPp far end on 127.0.0.1 answers every call at once (``answer_wait_bye.xml`` with
no ring) and waits for the caller's BYE. Two callers take turns, call by call:

- **desk**: :class:`agent_desk.telephony.sip_line.SipLine` on a Qt event loop, as the
  desk runs it; timed from ``line.dial(number)`` to the line's CONNECTED event reaching
  a slot (the engine's event, parsed, correlated and turned into a call event).
- **raw** (the baseline): a second baresip, same config, driven over its control socket
  by a blocking client; timed from sending ``dial`` to reading ``CALL_ESTABLISHED``.

Each call is then hung up and its end awaited (not timed). What the desk adds is its
control client, the Qt event loop and the line's bookkeeping: the verdict passes when
the desk's median is within 10 ms of the raw median (a rep cannot hear 10 ms).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, load_now, machine, percentile, print_table, qt_offscreen, verdict

from agent_desk.domain.call_state import CallEvent, CallEventKind

SCENARIO = ROOT / "tests" / "telephony" / "sip" / "scenarios" / "answer_wait_bye.xml"
NUMBER = "+8613800000001"
WAIT_S = 10.0
BUDGET_MS = 10.0


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_far_end(calls: int, folder: Path) -> tuple[subprocess.Popen[bytes], int, socket.socket]:
    """SIPp answering ``calls`` calls at once; its media goes to a socket nobody reads."""
    port = free_udp_port()
    media = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    media.bind(("127.0.0.1", 0))
    command = [
        "sipp", "-sf", str(SCENARIO), "-i", "127.0.0.1", "-p", str(port),
        "-mp", str(free_udp_port()), "-cp", str(free_udp_port()), "-m", str(calls),
        "-nostdin", "-timeout", "600s",
        "-set", "rtp_port", str(media.getsockname()[1]), "-set", "ring_ms", "0",
    ]  # fmt: skip
    with open(folder / "sipp.log", "wb") as out:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    deadline = time.monotonic() + WAIT_S
    wanted = f"0100007F:{port:04X}"
    while time.monotonic() < deadline:
        with open("/proc/net/udp") as table:
            if any(line.split()[1] == wanted for line in table.readlines()[1:]):
                return proc, port, media
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    raise SystemExit(f"SIPp did not start: {(folder / 'sipp.log').read_text()[-2000:]}")


class Desk:
    """The desk's line on a Qt event loop."""

    def __init__(self, port: int) -> None:
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        from agent_desk.clock import SystemClock
        from agent_desk.telephony.sip_line import SipLine
        from agent_desk.telephony.sip_settings import SipSettings

        self.app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
        settings = SipSettings(
            server=f"127.0.0.1:{port}",
            register=False,
            audio_input="ausine",
            audio_output="",
            codecs=("PCMU",),
        )
        self.line = SipLine(SystemClock(), settings)
        self.loop = QEventLoop()
        self.guard = QTimer()
        self.guard.setSingleShot(True)
        self.guard.timeout.connect(self.loop.quit)
        self.wanted: CallEventKind | None = None
        self.seen_at = 0.0

        def on_event(event: CallEvent) -> None:
            if event.kind is self.wanted:
                self.seen_at = time.perf_counter()
                self.loop.quit()

        self.line.call_event.connect(on_event)
        self._wait(lambda: self.line.ready)

    def _wait(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit(f"the desk's line is not ready: {self.line.current_health}")
            self.app.processEvents()
            time.sleep(0.001)

    def _until(self, kind: CallEventKind) -> float:
        self.wanted = kind
        self.seen_at = 0.0
        self.guard.start(int(WAIT_S * 1000))
        self.loop.exec()
        if not self.seen_at:
            raise SystemExit(f"the desk's call never reached {kind}")
        return self.seen_at

    def call(self) -> float:
        started = time.perf_counter()
        self.line.dial(NUMBER)
        connected = self._until(CallEventKind.CONNECTED)
        self.line.hangup()
        self._until(CallEventKind.ENDED)
        return (connected - started) * 1000

    def close(self) -> None:
        self.line.close()


class Raw:
    """baresip alone, over its control socket (no Qt)."""

    def __init__(self, port: int) -> None:
        from agent_desk.telephony.baresip_control import BlockingControl
        from agent_desk.telephony.baresip_engine import BaresipEngine
        from agent_desk.telephony.sip_settings import SipSettings

        self.settings = SipSettings(
            server=f"127.0.0.1:{port}",
            register=False,
            audio_input="ausine",
            audio_output="",
            codecs=("PCMU",),
        )
        self.engine = BaresipEngine(self.settings.engine_options())
        self.engine.start()
        self.control = BlockingControl(self.engine.ctrl_port)
        added = self.control.command("uanew", self.settings.account_line(None))
        if not added.ok:
            raise SystemExit(f"baresip refused the account: {added.data}")

    def call(self) -> float:
        started = time.perf_counter()
        self.control.send("dial", self.settings.dial_uri(NUMBER))
        self.control.wait_event(lambda e: e.kind == "CALL_ESTABLISHED", WAIT_S)
        connected = time.perf_counter()
        self.control.send("hangup")
        self.control.wait_event(lambda e: e.kind == "CALL_CLOSED", WAIT_S)
        return (connected - started) * 1000

    def close(self) -> None:
        control = self.control
        self.engine.stop(lambda: control.send("quit"))
        control.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 calls each (smoke test)")
    parser.add_argument("--calls", type=int, default=100, help="calls each way (100)")
    args = parser.parse_args()
    calls = 10 if args.quick else args.calls
    missing = [name for name in ("baresip", "sipp") if shutil.which(name) is None]
    if missing:
        print(f"{' and '.join(missing)} not installed: apt-get install baresip-core sip-tester")
        return 2
    qt_offscreen()
    print(f"machine: {machine()}")
    warmup = 2
    with tempfile.TemporaryDirectory(prefix="bench-sip-") as folder:
        far, port, media = start_far_end(2 * (calls + warmup), Path(folder))
        desk = raw = None
        try:
            desk, raw = Desk(port), Raw(port)
            for _ in range(warmup):
                desk.call()
                raw.call()
            desk_ms: list[float] = []
            raw_ms: list[float] = []
            for _ in range(calls):  # interleaved: load changes hit both sides alike
                desk_ms.append(desk.call())
                raw_ms.append(raw.call())
        finally:
            for side in (desk, raw):
                if side is not None:
                    side.close()
            far.kill()
            far.wait(5)
            media.close()
    rows = []
    for name, values in (("desk (SipLine)", desk_ms), ("raw baresip", raw_ms)):
        rows.append([name, len(values), percentile(values, 50), percentile(values, 95)])
    print(f"dial → connected, {calls} calls each way, SIPp answering at once on 127.0.0.1")
    print_table(["caller", "calls", "p50 ms", "p95 ms"], rows)
    desk_p50, raw_p50 = percentile(desk_ms, 50), percentile(raw_ms, 50)
    ratio = desk_p50 / raw_p50 if raw_p50 else float("inf")
    print(f"ratio desk/raw at the median: {ratio:.2f}x ({desk_p50 - raw_p50:+.2f} ms)")
    print(load_now())
    print(
        verdict(
            desk_p50 - raw_p50 < BUDGET_MS,
            f"the desk adds {desk_p50 - raw_p50:.2f} ms to dial → connected at the median "
            f"(budget {BUDGET_MS:.0f} ms)",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
