"""Checks of a SIP account off the UI thread: "test my line" and the audio devices.

:func:`test_line` blocks on the network (run it off the UI thread): it starts a throwaway
engine, registers (or, when the desk dials a server directly, sends it an OPTIONS) and
reports the round trip; it never raises for a failed test. :func:`audio_devices` runs a
program.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from enum import StrEnum

from agent_desk.telephony.baresip_control import BlockingControl
from agent_desk.telephony.baresip_engine import (
    AUDIO_DRIVERS,
    BaresipEngine,
    EngineError,
    find_binary,
    find_module_dir,
    module_names,
)
from agent_desk.telephony.sip_settings import SipSettings

log = logging.getLogger(__name__)

TEST_TIMEOUT_S = 10.0


# -- test my line -------------------------------------------------------------------------------


class LineProblem(StrEnum):
    ENGINE_MISSING = "engine_missing"  # baresip not installed or cannot start
    REFUSED = "refused"  # the registrar said no (wrong user or password)
    UNREACHABLE = "unreachable"  # no answer from the server
    AUDIO_MISSING = "audio_missing"  # the engine's module for the chosen device is missing
    FAILED = "failed"  # anything else (detail says)


@dataclass(frozen=True)
class LineTest:
    """The answer of :func:`test_line`; ``detail`` is English, for the log and tooltips."""

    problem: LineProblem | None
    detail: str
    round_trip_ms: float | None = None
    registered: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def test_line(
    settings: SipSettings, password: str | None, timeout_s: float = TEST_TIMEOUT_S
) -> LineTest:
    """Register (or ping the server) with a throwaway engine and time the round trip.

    Blocks up to about ``timeout_s``; run it off the UI thread. Never raises.
    """
    try:
        line = settings.account_line(password)
    except ValueError as exc:
        return LineTest(LineProblem.FAILED, str(exc))
    if find_binary() is None or find_module_dir() is None:
        return LineTest(LineProblem.ENGINE_MISSING, "baresip is not installed")
    missing = missing_audio(settings)
    if missing:
        return LineTest(LineProblem.AUDIO_MISSING, ", ".join(missing))
    if not settings.register:
        return _ping(settings, timeout_s)
    engine = BaresipEngine(settings.engine_options())
    control: BlockingControl | None = None
    try:
        engine.start()
        control = BlockingControl(engine.ctrl_port, timeout_s)
        started = time.monotonic()
        created = control.command("uanew", line, timeout_s)
        if not created.ok:
            return LineTest(LineProblem.FAILED, f"the engine refused the account: {created.data}")
        event = control.wait_event(lambda e: e.kind in ("REGISTER_OK", "REGISTER_FAIL"), timeout_s)
        took = (time.monotonic() - started) * 1000
        if event.kind == "REGISTER_OK":
            return LineTest(None, f"registered: {event.param}", took, registered=True)
        return LineTest(_register_problem(event.param), event.param, took)
    except EngineError as exc:
        return LineTest(LineProblem.ENGINE_MISSING, str(exc))
    except TimeoutError:
        return LineTest(LineProblem.UNREACHABLE, f"no answer from {settings.hostport}")
    except OSError as exc:
        return LineTest(LineProblem.FAILED, f"the SIP engine failed: {exc}")
    finally:
        if control is not None:
            quit_control = control
            engine.stop(lambda: quit_control.send("quit"), timeout_s=2.0)
            control.close()
        else:
            engine.stop()


def missing_audio(settings: SipSettings) -> list[str]:
    """The audio drivers the settings name that the engine lacks on this machine."""
    installed = set(module_names())
    wanted = (settings.audio_input, settings.audio_output)
    drivers = dict.fromkeys(d.split(",", 1)[0].strip() for d in wanted if d.strip())
    return [d for d in drivers if d in AUDIO_DRIVERS and d not in installed]


def _register_problem(param: str) -> LineProblem:
    code = param.split(" ", 1)[0]
    if code in ("401", "403", "404", "407"):
        return LineProblem.REFUSED
    if code in ("408", "503") or "timed out" in param.lower() or "refused" in param.lower():
        return LineProblem.UNREACHABLE
    return LineProblem.FAILED


def _ping(settings: SipSettings, timeout_s: float) -> LineTest:
    """An OPTIONS to the server: any SIP answer (even 404) means calls can reach it."""
    try:
        took, status = options_round_trip(
            settings.host, settings.port, settings.transport, timeout_s
        )
    except TimeoutError:
        return LineTest(LineProblem.UNREACHABLE, f"no answer from {settings.hostport}")
    except OSError as exc:
        return LineTest(LineProblem.UNREACHABLE, f"{settings.hostport}: {exc.strerror or exc}")
    return LineTest(None, f"{settings.hostport} answered {status}", took)


def options_round_trip(host: str, port: int, transport: str, timeout_s: float) -> tuple[float, str]:
    """Milliseconds from an OPTIONS to the first final answer, and its status line.

    TLS is timed up to the TCP connection (the engine speaks TLS; this check does not).

    Raises:
        TimeoutError: No answer in time.
        OSError: The server cannot be reached.
    """
    family, kind, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM
    )[0]
    started = time.monotonic()
    with socket.socket(family, kind) as sock:
        sock.settimeout(timeout_s)
        sock.connect(address)
        if transport == "tls":
            return (time.monotonic() - started) * 1000, "TCP connection"
        local_ip, local_port = sock.getsockname()[:2]
        call_id = secrets.token_hex(8)
        request = (
            f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport.upper()} {local_ip}:{local_port}"
            f";branch=z9hG4bK{secrets.token_hex(6)};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:agent-desk@{local_ip}>;tag={secrets.token_hex(4)}\r\n"
            f"To: <sip:{host}:{port}>\r\n"
            f"Call-ID: {call_id}@agent-desk\r\n"
            "CSeq: 1 OPTIONS\r\n"
            f"Contact: <sip:agent-desk@{local_ip}:{local_port}>\r\n"
            "Accept: application/sdp\r\n"
            "Content-Length: 0\r\n\r\n"
        )
        sock.sendall(request.encode())
        deadline = started + timeout_s
        while True:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            reply = sock.recv(65536).decode(errors="replace")
            status = reply.split("\r\n", 1)[0]
            if call_id in reply and status.startswith("SIP/2.0 ") and status[8:9] != "1":
                return (time.monotonic() - started) * 1000, status[8:]


# -- audio devices ------------------------------------------------------------------------------


def audio_devices(output: bool) -> list[str]:
    """baresip ``module,device`` names the desk can offer (may be empty: free text then).

    Lists ALSA's devices (``aplay -L`` / ``arecord -L``) when the engine's alsa module is
    installed; baresip 1.0 cannot list devices itself. Runs a program: not on the UI thread.
    """
    modules = set(module_names())
    found: list[str] = []
    if "alsa" in modules:
        found.append("alsa,default")
        program = shutil.which("aplay" if output else "arecord")
        if program:
            try:
                listing = subprocess.run(
                    [program, "-L"], capture_output=True, text=True, timeout=3, check=False
                ).stdout
            except (OSError, subprocess.TimeoutExpired):
                listing = ""
            for line in listing.splitlines():
                if line and not line[0].isspace() and line not in ("null", "default"):
                    found.append(f"alsa,{line.strip()}")
    for module in ("pulse", "portaudio", "jack", "oss", "sndio"):
        if module in modules:
            found.append(f"{module},default")
    return found
