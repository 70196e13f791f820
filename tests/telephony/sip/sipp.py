"""SIPp as the far end ("the customer") and an RTP sink that hears what the desk sends.

Every SIPp run is one scenario, one call (``-m 1``), on 127.0.0.1 with free ports and its
own control port (``-cp``), ended by a global ``-timeout`` so nothing hangs. Exit code 0
means the scenario completed: the far end saw exactly what the scenario expects.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).parent / "scenarios"
SIPP_TIMEOUT = "40s"
START_TIMEOUT_S = 10.0
EXIT_TIMEOUT_S = 15.0
# PCMU silence (a muted microphone) is 0xFF / 0x7F; a tone varies.
PCMU_SILENCE = frozenset({0xFF, 0x7F})
DTMF_NAMES = "0123456789*#ABCD"


def require_sip_tools() -> None:
    """Skip without baresip and SIPp; under CI (``CI`` set) fail instead."""
    missing = [name for name in ("baresip", "sipp") if shutil.which(name) is None]
    if missing:
        why = f"{' and '.join(missing)} not installed (apt-get install baresip-core sip-tester)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    """A port free for UDP and TCP on 127.0.0.1."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, kind) as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            other = socket.SOCK_STREAM if kind == socket.SOCK_DGRAM else socket.SOCK_DGRAM
            with socket.socket(socket.AF_INET, other) as second:
                try:
                    second.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port")


def udp_bound(port: int) -> bool:
    """Someone listens on UDP 127.0.0.1:port (read from /proc, without binding it)."""
    wanted = f"0100007F:{port:04X}"
    try:
        with open("/proc/net/udp") as table:
            return any(line.split()[1] == wanted for line in table.readlines()[1:])
    except OSError:
        return False


class RtpSink:
    """A UDP socket standing in for the far end's media port: decodes what arrives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.events: list[tuple[int, int]] = []  # (RTP timestamp, event code), in order
        self.audio: list[bytes] = []
        self.telephone_event_pt = 101
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rtp-sink", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                packet = self.sock.recv(2048)
            except TimeoutError:
                continue
            except OSError:
                return
            if len(packet) < 12:
                continue
            payload_type = packet[1] & 0x7F
            timestamp = struct.unpack("!I", packet[4:8])[0]
            count = packet[0] & 0x0F
            body = packet[12 + 4 * count :]
            with self._lock:
                if payload_type == self.telephone_event_pt and body:
                    key = (timestamp, body[0])
                    if key not in self.events:
                        self.events.append(key)
                elif payload_type == 0:
                    self.audio.append(body)

    def digits(self) -> str:
        with self._lock:
            return "".join(DTMF_NAMES[code] for _, code in self.events if code < 16)

    def audio_since(self, start: int) -> list[bytes]:
        with self._lock:
            return self.audio[start:]

    def audio_count(self) -> int:
        with self._lock:
            return len(self.audio)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@dataclass
class FarEnd:
    """One SIPp run."""

    proc: subprocess.Popen[bytes]
    port: int
    scenario: str
    folder: Path
    rtp: RtpSink
    extra: dict[str, str] = field(default_factory=dict)

    def finished(self, timeout_s: float = EXIT_TIMEOUT_S) -> int:
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            return -1

    def assert_completed(self, timeout_s: float = EXIT_TIMEOUT_S) -> None:
        """The scenario ran to its end (SIPp exit code 0)."""
        code = self.finished(timeout_s)
        assert code == 0, f"SIPp {self.scenario} ended with {code}:\n{self.log()}"

    def log(self) -> str:
        parts = []
        for path in sorted(self.folder.glob("*")):
            text = path.read_text(errors="replace")
            parts.append(f"--- {path.name}\n{text[-3000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.rtp.close()


class Sipp:
    """Starts SIPp far ends for one test and kills what is left at the end."""

    def __init__(self, folder: Path) -> None:
        require_sip_tools()
        self.folder = folder
        self.runs: list[FarEnd] = []

    def _start(
        self, scenario: str, port: int | None, variables: dict[str, object], target: list[str]
    ) -> FarEnd:
        port = port or free_port()
        rtp = RtpSink()
        folder = self.folder / f"sipp-{len(self.runs)}-{scenario.removesuffix('.xml')}"
        folder.mkdir(parents=True)
        text = (SCENARIOS / scenario).read_text()
        # SIPp refuses a -set variable the scenario does not use (twice: see scenarios/).
        values: dict[str, object] = {"rtp_port": rtp.port} if "[$rtp_port]" in text else {}
        values.update(variables)
        command = [
            "sipp",
            *target,
            "-sf",
            str(SCENARIOS / scenario),
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-mp",
            str(free_port()),
            "-cp",
            str(free_port()),
            "-m",
            "1",
            "-nostdin",
            "-timeout",
            SIPP_TIMEOUT,
            "-timeout_error",
            "-trace_err",
            "-error_file",
            str(folder / "errors.log"),
            "-trace_msg",
            "-message_file",
            str(folder / "messages.log"),
        ]
        for name, value in values.items():
            command += ["-set", name, str(value)]
        with open(folder / "stdout.log", "wb") as out:
            proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, cwd=folder
            )
        far = FarEnd(proc, port, scenario, folder, rtp)
        self.runs.append(far)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not udp_bound(port):  # ready once its SIP port is bound
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"SIPp {scenario} did not start:\n{far.log()}")
            time.sleep(0.005)
        return far

    def customer(self, scenario: str, *, port: int | None = None, **variables: object) -> FarEnd:
        """A far end that waits for the desk's call (UAS)."""
        return self._start(scenario, port, variables, [])

    def caller(
        self, scenario: str, desk_port: int, *, user: str = "agent", **variables: object
    ) -> FarEnd:
        """A far end that calls the desk (UAC) at 127.0.0.1:desk_port."""
        return self._start(scenario, None, variables, [f"127.0.0.1:{desk_port}", "-s", user])

    def close(self) -> None:
        for far in self.runs:
            far.stop()
