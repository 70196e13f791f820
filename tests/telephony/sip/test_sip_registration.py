"""Registration with a SIPp registrar: health at once, a wrong password, a lapse, a restart."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.telephony.sip.conftest import WAIT_MS, LineFactory, direct_settings
from tests.telephony.sip.sipp import Sipp

PASSWORD = "s3cret-pw"  # what scenarios/register.xml accepts for rep1


def test_registers_and_reports_health(qtbot: QtBot, sipp: Sipp, open_line: LineFactory) -> None:
    registrar = sipp.customer("register.xml", expires_s=300)
    settings = direct_settings(registrar.port, register=True, user="rep1")
    line, rec = open_line(settings, PASSWORD)
    qtbot.wait_until(lambda: line.registered, timeout=WAIT_MS)
    assert line.current_health.ok
    assert rec.health[-1].ok and "rep1@127.0.0.1" in rec.health[-1].detail
    registrar.assert_completed()  # challenged, the password checked, 200 OK


def test_wrong_password_is_reported_and_not_retried(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    registrar = sipp.customer("register.xml", expires_s=300)
    settings = direct_settings(registrar.port, register=True, user="rep1")
    line, rec = open_line(settings, "wrong-pw")
    qtbot.wait_until(lambda: bool(rec.health), timeout=WAIT_MS)
    assert not rec.health[-1].ok
    assert "403" in rec.health[-1].detail
    pid = line.engine.pid
    registrar.assert_completed()
    assert line.engine.pid == pid and line.engine.running  # a restart would not help


def test_a_refused_registration_is_reported_and_the_engine_restarts(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    down = sipp.customer("register_unavailable.xml")
    settings = direct_settings(down.port, register=True, user="rep1")
    line, rec = open_line(settings, PASSWORD, wait_ready=False)
    first = line.engine.pid
    qtbot.wait_until(lambda: bool(rec.health), timeout=WAIT_MS)
    assert not rec.health[0].ok and "503" in rec.health[0].detail
    down.assert_completed()
    # The registrar is back: the restarted engine registers there.
    sipp.customer("register.xml", port=down.port, expires_s=300)
    qtbot.wait_until(lambda: line.registered, timeout=WAIT_MS)
    assert line.engine.pid != first
    assert rec.health[-1].ok
