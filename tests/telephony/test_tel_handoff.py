"""The tel: hand-off: the OS softphone calls, the rep marks what happened."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.clock import ManualClock
from agent_desk.domain.call_state import CallEvent, CallEventKind, EndReason
from agent_desk.telephony.line import LineBusyError
from agent_desk.telephony.tel_handoff import TelHandoffLine

START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def make(opener_result: bool) -> tuple[TelHandoffLine, list[CallEvent], ManualClock]:
    clock = ManualClock(START)
    line = TelHandoffLine(clock, open_url=lambda url: opener_result)
    events: list[CallEvent] = []
    line.call_event.connect(events.append)
    return line, events, clock


def test_marked_call_has_the_marked_times(qtbot: QtBot) -> None:
    line, events, clock = make(True)
    line.dial("+8613800000001")
    assert line.opened == ["tel:+8613800000001"]
    clock.advance(12)
    line.mark_connected()
    clock.advance(60)
    line.mark_ended()
    assert [e.kind for e in events] == [
        CallEventKind.DIALING,
        CallEventKind.CONNECTED,
        CallEventKind.ENDED,
    ]
    assert (events[2].at - events[1].at).total_seconds() == 60
    assert events[2].reason is EndReason.AGENT_HANGUP


def test_unanswered_mark_and_double_marks(qtbot: QtBot) -> None:
    line, events, _ = make(True)
    line.dial("+8613800000001")
    line.mark_ended()
    assert events[-1].reason is EndReason.NO_ANSWER
    with pytest.raises(LineBusyError):
        line.mark_ended()


def test_no_softphone_registered_fails_clearly(qtbot: QtBot) -> None:
    line, events, _ = make(False)
    line.dial("+8613800000001")
    assert events[-1].reason is EndReason.FAILED
    assert "softphone" in events[-1].detail
    assert not line.live
