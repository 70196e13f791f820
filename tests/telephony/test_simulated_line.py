"""The simulated line: deterministic personas, honest events, one call at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.clock import ManualClock
from agent_desk.domain.call_state import CallEvent, CallEventKind, CallSession, CallState, EndReason
from agent_desk.telephony.line import LineBusyError
from agent_desk.telephony.simulated import (
    DEFAULT_PERSONAS,
    Behaviour,
    Persona,
    SimulatedLine,
    persona_for,
)

START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def line(qtbot: QtBot) -> SimulatedLine:
    return SimulatedLine(ManualClock(START), seed=3, ring_interval_s=0.002, line_interval_s=0.002)


def run_call(
    line: SimulatedLine, qtbot: QtBot, number: str, until: CallEventKind = CallEventKind.ENDED
) -> list[CallEvent]:
    events: list[CallEvent] = []
    line.call_event.connect(events.append)
    line.dial(number)
    qtbot.wait_until(lambda: any(e.kind is until for e in events), timeout=3000)
    return events


def test_same_seed_same_persona_for_a_number() -> None:
    numbers = [f"+8613800{i:06d}" for i in range(50)]
    first = [persona_for(n, 11, DEFAULT_PERSONAS).name for n in numbers]
    again = [persona_for(n, 11, DEFAULT_PERSONAS).name for n in numbers]
    other_seed = [persona_for(n, 12, DEFAULT_PERSONAS).name for n in numbers]
    assert first == again
    assert first != other_seed
    assert len(set(first)) > 2  # the seed spreads numbers over personas


def test_answer_after_n_rings_then_agent_hangs_up(line: SimulatedLine, qtbot: QtBot) -> None:
    line.plan["+8613800000001"] = Persona("p", Behaviour.ANSWER, rings=3)
    events = run_call(line, qtbot, "+8613800000001", until=CallEventKind.CONNECTED)
    assert [e.kind for e in events] == [CallEventKind.DIALING] + [CallEventKind.RINGING] * 3 + [
        CallEventKind.CONNECTED
    ]
    line.hangup()
    assert events[-1].kind is CallEventKind.ENDED
    assert events[-1].reason is EndReason.AGENT_HANGUP
    assert not line.live


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (Behaviour.BUSY, EndReason.BUSY),
        (Behaviour.NO_ANSWER, EndReason.NO_ANSWER),
        (Behaviour.INVALID, EndReason.INVALID_NUMBER),
        (Behaviour.REJECT, EndReason.REJECTED),
    ],
)
def test_unanswered_attempts_end_with_their_reason(
    line: SimulatedLine, qtbot: QtBot, behaviour: Behaviour, reason: EndReason
) -> None:
    line.plan["+8613800000002"] = Persona("p", behaviour, rings=2)
    events = run_call(line, qtbot, "+8613800000002")
    assert events[-1].reason is reason
    session = CallSession("lead", "+8613800000002")
    for event in events:
        session.apply(event)
    assert session.state is CallState.ENDED and not session.answered


def test_customer_hangs_up_after_talking(line: SimulatedLine, qtbot: QtBot) -> None:
    line.plan["+8613800000003"] = Persona(
        "p", Behaviour.ANSWER, rings=1, hangs_up_after_s=1, lines=("Hello?", "Too expensive.")
    )
    said: list[str] = []
    line.customer_said.connect(said.append)
    events = run_call(line, qtbot, "+8613800000003")
    assert events[-1].reason is EndReason.CUSTOMER_HANGUP
    assert said[:1] == ["Hello?"]


def test_cancel_while_ringing(line: SimulatedLine, qtbot: QtBot) -> None:
    line.plan["+8613800000004"] = Persona("p", Behaviour.NO_ANSWER, rings=50)
    events = run_call(line, qtbot, "+8613800000004", until=CallEventKind.RINGING)
    line.hangup()
    assert events[-1].reason is EndReason.CANCELLED


def test_one_call_at_a_time_and_commands_need_a_call(line: SimulatedLine, qtbot: QtBot) -> None:
    line.plan["+8613800000005"] = Persona("p", Behaviour.ANSWER, rings=1)
    run_call(line, qtbot, "+8613800000005", until=CallEventKind.CONNECTED)
    with pytest.raises(LineBusyError):
        line.dial("+8613800000006")
    line.hold(True)
    line.hold(False)
    line.send_dtmf("12#")
    assert line.dtmf_sent == ["12#"]
    line.transfer("+864008001234")
    assert line.transferred_to == "+864008001234" and not line.live
    with pytest.raises(LineBusyError):
        line.mute(True)


def test_a_customer_calls_in_and_is_answered_or_rejected(line: SimulatedLine) -> None:
    offered: list[str] = []
    gone: list[str] = []
    events: list[CallEvent] = []
    line.incoming.connect(offered.append)
    line.incoming_ended.connect(gone.append)
    line.call_event.connect(events.append)
    with pytest.raises(LineBusyError):
        line.answer()  # nothing offered
    line.ring_in("+8613800000009", Persona("caller", Behaviour.ANSWER))
    assert offered == ["+8613800000009"]
    with pytest.raises(LineBusyError):
        line.ring_in("+8613800000010")  # one offer at a time
    line.reject()
    assert gone == ["rejected"] and events == []
    line.ring_in("+8613800000009", Persona("caller", Behaviour.ANSWER))
    line.answer()
    assert [e.kind for e in events] == [
        CallEventKind.DIALING,
        CallEventKind.RINGING,
        CallEventKind.CONNECTED,
    ]
    assert line.live
    line.hangup()
    assert events[-1].reason is EndReason.AGENT_HANGUP and not line.live
