"""Registration through a real registrar (Kamailio), and a call routed to the desk by it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.domain.call_state import CallEventKind, EndReason
from tests.telephony.sip.conftest import WAIT_MS, LineFactory, direct_settings
from tests.telephony.sip.kamailio import Kamailio
from tests.telephony.sip.sipp import Sipp

K = CallEventKind


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path)
    yield server
    server.stop()


def test_registered_through_kamailio_a_call_reaches_the_desk(
    qtbot: QtBot, kamailio: Kamailio, sipp: Sipp, open_line: LineFactory
) -> None:
    settings = direct_settings(kamailio.port, register=True, user="rep1")
    line, rec = open_line(settings)
    qtbot.wait_until(lambda: line.registered, timeout=WAIT_MS)
    assert rec.health[-1].ok and "registered as rep1@127.0.0.1" in rec.health[-1].detail

    # A customer calls rep1 at the proxy: Kamailio finds where rep1 registered.
    far = sipp.caller(
        "inbound_call.xml", kamailio.port, user="rep1", caller="+8613800000007", talk_ms=500
    )
    qtbot.wait_until(lambda: rec.incoming == ["+8613800000007"], timeout=WAIT_MS)
    line.answer()
    qtbot.wait_until(lambda: rec.has(K.ENDED), timeout=WAIT_MS)
    assert rec.kinds() == [K.DIALING, K.RINGING, K.CONNECTED, K.ENDED]
    assert rec.last(K.ENDED).reason is EndReason.CUSTOMER_HANGUP
    far.assert_completed()  # its BYE went through the proxy and was answered
