"""Real calls: a SipLine (baresip) calls SIPp scenarios on 127.0.0.1, or is called by one.

Each test asserts the call events the desk gets, the end reason the wrap-up will get,
and that the far end saw what it should (the SIPp scenario completed).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.domain.call_state import CallEventKind, CallSession, CallState, EndReason
from agent_desk.telephony.line import LineBusyError
from agent_desk.telephony.sip_settings import DIRECT_USER
from tests.telephony.sip.conftest import WAIT_MS, LineFactory, Recorder, direct_settings
from tests.telephony.sip.sipp import PCMU_SILENCE, Sipp, free_port

K = CallEventKind
NUMBER = "+8613800000001"


def wait_for(qtbot: QtBot, recorder: Recorder, kind: CallEventKind) -> None:
    qtbot.wait_until(lambda: recorder.has(kind), timeout=WAIT_MS)


def seconds(recorder: Recorder, start: CallEventKind, end: CallEventKind) -> float:
    return (recorder.last(end).at - recorder.last(start).at).total_seconds()


def replay(recorder: Recorder) -> CallSession:
    """The call as the desk's state machine sees it (what the wrap-up gets)."""
    session = CallSession("lead", NUMBER)
    for event in recorder.events:
        session.apply(event)
    return session


def test_answered_then_the_customer_hangs_up(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    far = sipp.customer("answer_then_bye.xml", ring_ms=400, talk_ms=1200)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.ENDED)
    assert rec.kinds() == [K.DIALING, K.RINGING, K.CONNECTED, K.ENDED]
    ended = rec.last(K.ENDED)
    assert ended.reason is EndReason.CUSTOMER_HANGUP
    assert 0.35 <= seconds(rec, K.DIALING, K.CONNECTED) < 5  # the scenario rings 400 ms
    assert 1.1 <= seconds(rec, K.CONNECTED, K.ENDED) < 6  # and talks 1200 ms
    session = replay(rec)
    assert session.state is CallState.ENDED and session.answered
    assert session.talk_seconds(ended.at) >= 1
    assert not line.live
    far.assert_completed()


def test_busy(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("busy.xml")
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.ENDED)
    assert rec.kinds() == [K.DIALING, K.ENDED]
    assert rec.last(K.ENDED).reason is EndReason.BUSY
    assert "486" in rec.last(K.ENDED).detail
    far.assert_completed()


def test_no_answer_then_the_line_cancels(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("ring_until_cancel.xml")
    line, rec = open_line(direct_settings(far.port, no_answer_s=1))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.ENDED)
    assert rec.kinds() == [K.DIALING, K.RINGING, K.ENDED]
    assert rec.last(K.ENDED).reason is EndReason.NO_ANSWER
    assert seconds(rec, K.DIALING, K.ENDED) >= 0.9
    far.assert_completed()  # the far end got the CANCEL


def test_agent_cancels_while_it_rings(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("ring_until_cancel.xml")
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.RINGING)
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    assert rec.last(K.ENDED).reason is EndReason.CANCELLED
    far.assert_completed()


def test_agent_hangs_up_a_connected_call(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    assert rec.last(K.ENDED).reason is EndReason.AGENT_HANGUP
    assert rec.kinds()[-2:] == [K.CONNECTED, K.ENDED]
    far.assert_completed()  # the far end got the BYE


def test_dtmf_reaches_the_far_end(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)
    line.send_dtmf("5")
    qtbot.wait_until(lambda: far.rtp.digits() == "5", timeout=WAIT_MS)
    line.send_dtmf("1#")
    qtbot.wait_until(lambda: far.rtp.digits() == "51#", timeout=WAIT_MS)
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    far.assert_completed()


def test_hold_and_resume_send_re_invites(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("hold.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)
    line.hold(True)
    wait_for(qtbot, rec, K.HELD)
    line.hold(False)
    wait_for(qtbot, rec, K.RESUMED)
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    assert rec.kinds() == [K.DIALING, K.RINGING, K.CONNECTED, K.HELD, K.RESUMED, K.ENDED]
    far.assert_completed()  # a=sendonly, then a=sendrecv, as the scenario checks


def test_mute_sends_silence_until_unmuted(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)

    def hears(silence: bool) -> bool:
        packets = far.rtp.audio_since(mark)
        recent = packets[-5:]
        return len(recent) == 5 and all((set(p) <= PCMU_SILENCE) is silence for p in recent)

    mark = far.rtp.audio_count()
    qtbot.wait_until(lambda: hears(silence=False), timeout=WAIT_MS)  # the tone
    line.mute(True)
    mark = far.rtp.audio_count()
    qtbot.wait_until(lambda: hears(silence=True), timeout=WAIT_MS)
    line.mute(False)
    mark = far.rtp.audio_count()
    qtbot.wait_until(lambda: hears(silence=False), timeout=WAIT_MS)
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    far.assert_completed()


def test_inbound_call_answered(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    line, rec = open_line(direct_settings(5060))
    far = sipp.caller(
        "inbound_call.xml",
        line.engine.sip_port,
        user=DIRECT_USER,
        caller="+8613800000005",
        talk_ms=800,
    )
    qtbot.wait_until(lambda: rec.incoming == ["+8613800000005"], timeout=WAIT_MS)
    assert line.offered == "+8613800000005"
    line.answer()
    wait_for(qtbot, rec, K.ENDED)
    assert rec.kinds() == [K.DIALING, K.RINGING, K.CONNECTED, K.ENDED]
    assert rec.last(K.ENDED).reason is EndReason.CUSTOMER_HANGUP
    assert seconds(rec, K.CONNECTED, K.ENDED) >= 0.7
    far.assert_completed()


def test_second_dial_while_live_is_refused(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)
    with pytest.raises(LineBusyError):
        line.dial("+8613800000002")
    line.hangup()
    wait_for(qtbot, rec, K.ENDED)
    far.assert_completed()


def test_blind_transfer(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("transfer.xml")
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.CONNECTED)
    line.transfer("+8613900000009")
    wait_for(qtbot, rec, K.ENDED)
    ended = rec.last(K.ENDED)
    assert ended.reason is EndReason.TRANSFERRED
    assert ended.detail == "transferred to +8613900000009"
    far.assert_completed()  # REFER to the number, NOTIFY 200 taken, then our BYE


def test_declined(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    far = sipp.customer("decline.xml")
    line, rec = open_line(direct_settings(far.port))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.ENDED)
    assert rec.last(K.ENDED).reason is EndReason.REJECTED
    assert "603" in rec.last(K.ENDED).detail
    far.assert_completed()


def test_nobody_at_the_address_is_a_failed_call(qtbot: QtBot, open_line: LineFactory) -> None:
    # Over TCP the refusal is immediate (UDP would wait for the INVITE to time out).
    line, rec = open_line(direct_settings(free_port(), transport="tcp"))
    line.dial(NUMBER)
    wait_for(qtbot, rec, K.ENDED)
    ended = rec.last(K.ENDED)
    assert ended.reason is EndReason.FAILED and ended.detail
    assert not line.live and line.ready  # the line itself is fine: the next call may go
