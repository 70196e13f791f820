"""The engine's life: killed mid-call, restarted, and nothing left behind after close."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.domain.call_state import CallEventKind, EndReason
from agent_desk.telephony import sip_check
from agent_desk.telephony.baresip_engine import module_names
from tests.telephony.sip.conftest import WAIT_MS, LineFactory, direct_settings
from tests.telephony.sip.sipp import Sipp

K = CallEventKind


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def my_children() -> list[int]:
    """Pids whose parent is this test process (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and "baresip" in stat:
            found.append(int(entry.name))
    return found


def test_engine_killed_mid_call_ends_the_call_and_restarts(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    first = line.engine.pid
    assert first is not None and first in my_children()
    line.dial("+8613800000001")
    qtbot.wait_until(lambda: rec.has(K.CONNECTED), timeout=WAIT_MS)

    os.kill(first, signal.SIGKILL)

    qtbot.wait_until(lambda: rec.has(K.ENDED), timeout=WAIT_MS)
    ended = rec.last(K.ENDED)
    assert ended.reason is EndReason.FAILED
    assert "engine stopped" in ended.detail
    assert not line.live
    # The rep is told at once, then the line comes back on a new engine.
    down = [h for h in rec.health if not h.ok]
    assert down and "engine stopped" in down[0].detail
    qtbot.wait_until(lambda: line.ready and line.engine.pid != first, timeout=WAIT_MS)
    assert rec.health[-1].ok
    assert not alive(first)

    second = line.engine.pid
    assert second is not None
    folder = line.engine.folder
    line.close()
    assert not alive(second)
    assert my_children() == []
    assert folder is not None and not folder.exists()  # the generated config is gone


def test_close_during_a_call_hangs_up_and_leaves_no_process(
    qtbot: QtBot, sipp: Sipp, open_line: LineFactory
) -> None:
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    line, rec = open_line(direct_settings(far.port))
    pid = line.engine.pid
    assert pid is not None
    line.dial("+8613800000001")
    qtbot.wait_until(lambda: rec.has(K.CONNECTED), timeout=WAIT_MS)
    line.close()
    assert rec.last(K.ENDED).reason is EndReason.AGENT_HANGUP
    assert not alive(pid)
    assert my_children() == []
    far.assert_completed()  # the customer got a BYE before the engine quit


def test_a_missing_audio_module_is_said_at_once_and_in_the_line_test(
    qtbot: QtBot, open_line: LineFactory
) -> None:
    if "pulse" in module_names():
        pytest.skip("this machine has baresip's pulse module")
    settings = direct_settings(5060, audio_input="pulse,default", audio_output="pulse,default")
    line, rec = open_line(settings, wait_ready=False)
    qtbot.wait_until(lambda: bool(rec.health), timeout=WAIT_MS)
    assert not rec.health[-1].ok and not rec.health[-1].retrying
    assert "audio module pulse is not installed" in rec.health[-1].detail
    assert not line.ready  # no call would have sound: none is placed
    result = sip_check.test_line(settings, None)
    assert result.problem is sip_check.LineProblem.AUDIO_MISSING and result.detail == "pulse"
