"""A short shift on a desk configured for SIP: real baresip, SIPp customers on 127.0.0.1.

The rep window is built by the app's own wiring (``build_rep_window`` with line "sip"
and an account saved in the config folder). Calls are dialled and answered through the
widgets; the wrap-up and the saved call records carry the times the line measured.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from agent_desk.app import DeskConfig, build_rep_window
from agent_desk.desk.views import AgentState
from agent_desk.store import schema
from agent_desk.store.desk_schema import DeskCall
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.telephony.sip_line import SipLine
from agent_desk.telephony.sip_settings import DIRECT_USER, SipSettings, save_settings
from agent_desk.ui import texts
from agent_desk.ui.rep_window import RepWindow
from agent_desk.ui.sip_settings_dialog import SipSettingsDialog
from tests.desk.conftest import SHANGHAI_MORNING, Team, seed_team
from tests.telephony.sip.sipp import Sipp

WAIT_MS = 15_000
W = TypeVar("W", bound=QWidget)


class RunningClock:
    """Real time, started on a Wednesday morning in Shanghai (inside the calling window)."""

    def __init__(self, start: datetime) -> None:
        self._start, self._started = start, time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._started)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Team, str]]:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    yield seed_team(engine), url
    engine.dispose()


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[Sipp]:
    runner = Sipp(tmp_path)
    yield runner
    runner.close()


def open_sip_window(qtbot: QtBot, url: str, folder: Path, far_port: int) -> RepWindow:
    """The desk dials 127.0.0.1:far_port directly; a test tone for a microphone."""
    sip_folder = folder / "config"
    save_settings(
        sip_folder,
        SipSettings(
            server=f"127.0.0.1:{far_port}",
            register=False,
            audio_input="ausine",
            audio_output="",
            codecs=("PCMU",),
        ),
    )
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        line="sip",
        sip_folder=sip_folder,
        clock=RunningClock(SHANGHAI_MORNING),
        data_dir=folder,
        inline_operations=True,
        sync_thread=False,
    )
    window = build_rep_window(config)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.session.sync is not None
    window.session.sync.run_once()
    qtbot.wait_until(lambda: window.session.queue.selected is not None, timeout=WAIT_MS)
    qtbot.wait_until(lambda: sip_line(window).ready, timeout=WAIT_MS)
    return window


def sip_line(window: RepWindow) -> SipLine:
    line = window.session.line
    assert isinstance(line, SipLine)
    return line


def child(window: QWidget, kind: type[W], name: str) -> W:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def click(qtbot: QtBot, window: QWidget, name: str) -> None:
    button = child(window, QAbstractButton, name)
    assert button.isEnabled() and button.isVisible(), f"{name} cannot be clicked"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_state(qtbot: QtBot, window: RepWindow, state: AgentState) -> None:
    qtbot.wait_until(lambda: window.session.status.state is state, timeout=WAIT_MS)


def desk_calls(window: RepWindow) -> list[DeskCall]:
    with Session(window.session.repo.engine) as s:
        return list(s.scalars(select(DeskCall).order_by(DeskCall.started_at)))


def save_contact_wrapup(qtbot: QtBot, window: RepWindow) -> None:
    child(window, QLineEdit, "wrapup_person").setText("本人")
    click(qtbot, window, "wrapup_outcome_interested")
    click(qtbot, window, "wrapup_intent_A")
    click(qtbot, window, "wrapup_followup_tomorrow")
    child(window, QAbstractButton, "wrapup_opening").setChecked(True)
    click(qtbot, window, "wrapup_save")
    wait_state(qtbot, window, AgentState.READY)


def test_a_sip_desk_without_an_account_is_set_up_from_the_desk(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    _, url = world
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        line="sip",
        sip_folder=tmp_path / "config",
        clock=RunningClock(SHANGHAI_MORNING),
        data_dir=tmp_path,
        inline_operations=True,
        sync_thread=False,
    )
    window = build_rep_window(config)
    qtbot.addWidget(window)
    window.show()
    status = child(window, QAbstractButton, "line_status")
    assert status.text() == "Line down"
    assert "No SIP account is set up" in window.messages.text.text()
    assert not sip_line(window).engine.running

    qtbot.mouseClick(status, Qt.MouseButton.LeftButton)
    dialog = window.findChild(SipSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.server_edit.setText("127.0.0.1:5060")
    dialog.register_box.setChecked(False)
    dialog.input_combo.setCurrentText("ausine")  # no sound card here
    dialog.output_combo.setCurrentText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.wait_until(lambda: sip_line(window).ready, timeout=WAIT_MS)
    qtbot.wait_until(lambda: status.text() == "Line ready", timeout=WAIT_MS)
    assert window.messages.text.text() == "The phone line is back."
    assert (tmp_path / "config" / "sip.json").is_file()


def test_dial_connect_hang_up_and_wrap_up_with_the_real_times(
    qtbot: QtBot, world: tuple[Team, str], sipp: Sipp, tmp_path: Path
) -> None:
    team, url = world
    far = sipp.customer("answer_wait_bye.xml", ring_ms=300)
    window = open_sip_window(qtbot, url, tmp_path, far.port)
    status = child(window, QAbstractButton, "line_status")
    assert status.text() == "Line ready"
    selected = window.session.queue.selected
    assert selected is not None

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Dial
    wait_state(qtbot, window, AgentState.ON_CALL)
    answered = time.monotonic()
    # The customer talks a little over a second: what the scenario needs, no more.
    qtbot.wait_until(lambda: time.monotonic() - answered >= 1.2, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_F6)  # Hang up
    wait_state(qtbot, window, AgentState.WRAPUP)
    far.assert_completed()  # the customer got the INVITE, then our BYE

    owed = window.session.attempt.owed
    assert owed is not None and owed.answered_at is not None
    assert owed.end_reason == "agent_hangup" and owed.direction == "out"
    talk = owed.talk_seconds
    assert talk == int((owed.ended_at - owed.answered_at).total_seconds()) >= 1
    assert (owed.answered_at - owed.started_at).total_seconds() >= 0.25  # it rang 300 ms
    facts = child(window, QLabel, "wrapup_call_facts")
    assert facts.isVisible()
    assert facts.text() == f"Talk time {texts.duration(talk)} · You hung up"

    save_contact_wrapup(qtbot, window)
    [call] = desk_calls(window)
    assert (call.answered_at, call.ended_at) == (owed.answered_at, owed.ended_at)
    assert (call.end_reason, call.direction, call.talk_seconds) == ("agent_hangup", "out", talk)
    assert call.lead_id == selected.lead.id
    assert window.session.sync is not None
    window.session.sync.run_once()
    with team.engine.connect() as conn:
        shared = conn.execute(select(schema.table(schema.CallRecord))).one()
    assert (shared.line_backend, shared.end_reason, shared.talk_seconds) == (
        "sip",
        "agent_hangup",
        talk,
    )


def test_an_inbound_call_pops_the_callers_card_and_is_wrapped_up(
    qtbot: QtBot, world: tuple[Team, str], sipp: Sipp, tmp_path: Path
) -> None:
    team, url = world
    window = open_sip_window(qtbot, url, tmp_path, 5060)  # no outbound call in this test
    selected = window.session.queue.selected
    assert selected is not None
    index = next(i for i, lead in enumerate(team.lead_ids) if lead != selected.lead.id)
    caller = team.phones[index]

    far = sipp.caller(
        "inbound_call.xml",
        sip_line(window).engine.sip_port,
        user=DIRECT_USER,
        caller=caller,
        talk_ms=1100,
    )
    banner = child(window, QWidget, "inbound_call")
    qtbot.wait_until(banner.isVisible, timeout=WAIT_MS)
    text = child(window, QLabel, "inbound_caller").text()
    assert f"客户{index}" in text and caller not in text  # the name; the number masked

    click(qtbot, window, "inbound_answer")
    wait_state(qtbot, window, AgentState.ON_CALL)
    assert not banner.isVisible()
    card = window.session.queue.selected
    assert card is not None and card.lead.id == team.lead_ids[index]  # the caller's card
    wait_state(qtbot, window, AgentState.WRAPUP)  # the customer hangs up
    far.assert_completed()

    owed = window.session.attempt.owed
    assert owed is not None and owed.direction == "in"
    assert owed.end_reason == "customer_hangup" and owed.talk_seconds >= 1
    facts = child(window, QLabel, "wrapup_call_facts").text()
    assert facts.startswith("Incoming call · Talk time ")
    save_contact_wrapup(qtbot, window)
    [call] = desk_calls(window)
    assert (call.direction, call.lead_id, call.phone_e164) == ("in", team.lead_ids[index], caller)
    assert call.answered_at is not None and call.ended_at > call.answered_at


def test_the_engine_dies_mid_call_the_rep_is_told_and_the_line_comes_back(
    qtbot: QtBot, world: tuple[Team, str], sipp: Sipp, tmp_path: Path
) -> None:
    _, url = world
    far = sipp.customer("answer_wait_bye.xml", ring_ms=0)
    window = open_sip_window(qtbot, url, tmp_path, far.port)
    line = sip_line(window)
    first = line.engine.pid
    assert first is not None
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.ON_CALL)

    os.kill(first, signal.SIGKILL)

    wait_state(qtbot, window, AgentState.WRAPUP)
    owed = window.session.attempt.owed
    assert owed is not None and owed.end_reason == "failed"
    assert "The phone line is down" in window.messages.text.text()
    status = child(window, QAbstractButton, "line_status")
    assert status.text() in ("Line down", "Line ready")  # a restart may already be done
    qtbot.wait_until(lambda: line.ready and line.engine.pid != first, timeout=WAIT_MS)
    qtbot.wait_until(lambda: status.text() == "Line ready", timeout=WAIT_MS)
    assert window.messages.text.text() == "The phone line is back."

    second = line.engine.pid
    assert second is not None
    window.close()  # the desk closes: its engine goes with it (stopped and reaped)
    assert not Path(f"/proc/{second}").exists()
