"""Real calls from a SipLine (a real baresip) to SIPp far ends on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.clock import SystemClock
from agent_desk.domain.call_state import CallEvent, CallEventKind
from agent_desk.telephony.line import LineHealth
from agent_desk.telephony.sip_line import SipLine
from agent_desk.telephony.sip_settings import SipSettings
from tests.telephony.sip.sipp import Sipp, require_sip_tools

# Generous: CI machines are small and busy. Waits end as soon as the signal comes.
WAIT_MS = 15_000


def direct_settings(port: int, **changes: object) -> SipSettings:
    """Dial 127.0.0.1:port directly; a tone for a microphone, no speaker (headless)."""
    base = SipSettings(
        server=f"127.0.0.1:{port}",
        register=False,
        audio_input="ausine",
        audio_output="",
        codecs=("PCMU",),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


class Recorder:
    """What a line reports, in order."""

    def __init__(self, line: SipLine) -> None:
        self.events: list[CallEvent] = []
        self.health: list[LineHealth] = []
        self.incoming: list[str] = []
        self.incoming_ended: list[str] = []
        line.call_event.connect(self.events.append)
        line.health.connect(self.health.append)
        line.incoming.connect(self.incoming.append)
        line.incoming_ended.connect(self.incoming_ended.append)

    def kinds(self) -> list[CallEventKind]:
        return [e.kind for e in self.events]

    def has(self, kind: CallEventKind) -> bool:
        return any(e.kind is kind for e in self.events)

    def last(self, kind: CallEventKind) -> CallEvent:
        return next(e for e in reversed(self.events) if e.kind is kind)


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[Sipp]:
    runner = Sipp(tmp_path)
    yield runner
    runner.close()


LineFactory = Callable[..., tuple[SipLine, Recorder]]


@pytest.fixture
def open_line(qtbot: QtBot) -> Iterator[LineFactory]:
    """Opens SipLines that are ready (engine up, account added); closes them after."""
    require_sip_tools()
    lines: list[SipLine] = []

    def opened(
        settings: SipSettings, password: str | None = None, *, wait_ready: bool = True
    ) -> tuple[SipLine, Recorder]:
        line = SipLine(SystemClock(), settings, password, autostart=False)
        recorder = Recorder(line)
        lines.append(line)
        line.start()
        if wait_ready:
            qtbot.wait_until(lambda: line.ready, timeout=WAIT_MS)
        return line, recorder

    yield opened
    for line in lines:
        line.close()
