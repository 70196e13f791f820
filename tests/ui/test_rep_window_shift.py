"""A shift driven on the real rep window, through its widgets and shortcuts.

Everything below the window is real: the shared and desk SQLite databases, the sync
worker (driven cycle by cycle), the simulated line with planned customers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from agent_desk.app import DeskConfig, build_rep_window
from agent_desk.clock import ManualClock
from agent_desk.desk.views import AgentState
from agent_desk.store import schema
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.telephony.simulated import Behaviour, Persona, SimulatedLine
from agent_desk.ui.rep_window import RepWindow
from tests.desk.conftest import SHANGHAI_MORNING, Team, seed_team

ANSWERS = Persona("answers", Behaviour.ANSWER, rings=2)
BUSY = Persona("busy", Behaviour.BUSY, rings=0)
NO_ANSWER = Persona("no-answer", Behaviour.NO_ANSWER, rings=3)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Team, str]]:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    yield seed_team(engine), url
    engine.dispose()


def open_window(qtbot: QtBot, url: str, folder: Path, clock: ManualClock) -> RepWindow:
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        clock=clock,
        data_dir=folder,
        ring_interval_s=0.005,
        inline_operations=True,
        sync_thread=False,
    )
    window = build_rep_window(config)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):  # shortcuts reach the active window only
        window.show()
        window.activateWindow()
    assert window.session.sync is not None
    window.session.sync.run_once()
    qtbot.wait_until(lambda: window.session.queue.selected is not None)
    return window


def child(window: QWidget, kind: type, name: str) -> QWidget:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def click(qtbot: QtBot, window: QWidget, name: str) -> None:
    button = child(window, QAbstractButton, name)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def plan(window: RepWindow, persona: Persona) -> str:
    selected = window.session.queue.selected
    assert selected is not None
    line = window.session.line
    assert isinstance(line, SimulatedLine)
    line.plan[selected.lead.phone_e164] = persona
    return selected.lead.name


def wait_state(qtbot: QtBot, window: RepWindow, state: AgentState) -> None:
    qtbot.wait_until(lambda: window.session.status.state is state, timeout=3000)


def message(window: RepWindow) -> str:
    return window.messages.text.text() if window.messages.isVisible() else ""


def test_answered_call_wrapup_refused_until_valid_then_next_lead(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    team, url = world
    clock = ManualClock(SHANGHAI_MORNING)
    window = open_window(qtbot, url, tmp_path, clock)
    first = plan(window, ANSWERS)

    qtbot.keyClick(window, Qt.Key.Key_F5)  # Dial
    wait_state(qtbot, window, AgentState.ON_CALL)
    assert child(window, QLabel, "ring_count").text()  # it rang before the answer
    clock.advance(75)
    window._tick()
    assert child(window, QLabel, "call_timer").text() == "01:15"
    assert not child(window, QAbstractButton, "wrapup_save").isEnabled()  # call still live

    qtbot.keyClick(window, Qt.Key.Key_F6)  # Hang up
    wait_state(qtbot, window, AgentState.WRAPUP)
    assert not child(window, QAbstractButton, "dial_button").isEnabled()

    click(qtbot, window, "wrapup_save")  # nothing chosen yet: refused, reasons shown
    assert window.session.status.state is AgentState.WRAPUP
    assert child(window, QLabel, "wrapup_outcome_error").isVisible()

    child(window, QLineEdit, "wrapup_person").setText("本人")
    click(qtbot, window, "wrapup_outcome_interested")
    click(qtbot, window, "wrapup_intent_A")
    click(qtbot, window, "wrapup_followup_tomorrow")
    child(window, QAbstractButton, "wrapup_opening").setChecked(True)
    qtbot.keyClick(
        child(window, QWidget, "wrapup_note"),
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier,
    )
    wait_state(qtbot, window, AgentState.READY)
    qtbot.wait_until(
        lambda: (
            window.session.queue.selected is not None
            and window.session.queue.selected.lead.name != first
        )
    )
    assert child(window, QAbstractButton, "dial_button").isEnabled()

    window.session.sync.run_once()  # type: ignore[union-attr]
    with team.engine.connect() as conn:
        wrap = conn.execute(select(schema.table(schema.Wrapup))).one()
        call = conn.execute(select(schema.table(schema.CallRecord))).one()
    assert (wrap.outcome_code, wrap.intent, wrap.opening_done) == ("interested", "A", True)
    assert call.talk_seconds == 75 and call.ring_count == 2


@pytest.mark.parametrize(("persona", "outcome"), [(BUSY, "busy"), (NO_ANSWER, "no_answer")])
def test_unanswered_attempts_are_wrapped_up_in_two_keys(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path, persona: Persona, outcome: str
) -> None:
    _, url = world
    window = open_window(qtbot, url, tmp_path, ManualClock(SHANGHAI_MORNING))
    plan(window, persona)
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.WRAPUP)
    # Prefilled from the line: nobody answered, the outcome follows the end reason.
    assert child(window, QLineEdit, "wrapup_person").text()
    assert child(window, QAbstractButton, f"wrapup_outcome_{outcome}").isChecked()
    click(qtbot, window, "wrapup_save")
    wait_state(qtbot, window, AgentState.READY)


def test_callback_set_then_due_rises_to_the_top(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    _team, url = world
    clock = ManualClock(SHANGHAI_MORNING)
    window = open_window(qtbot, url, tmp_path, clock)
    name = plan(window, ANSWERS)
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.ON_CALL)
    click(qtbot, window, "hangup_button")
    wait_state(qtbot, window, AgentState.WRAPUP)
    child(window, QLineEdit, "wrapup_person").setText("本人")
    click(qtbot, window, "wrapup_outcome_callback")
    click(qtbot, window, "wrapup_intent_B")
    click(qtbot, window, "wrapup_followup_tomorrow")
    click(qtbot, window, "wrapup_save")
    wait_state(qtbot, window, AgentState.READY)
    sync = window.session.sync
    assert sync is not None
    sync.run_once()

    clock.advance(timedelta(days=1, hours=1))  # tomorrow, after the callback time
    sync.run_once()
    window.session.shift.check_callbacks()
    assert name in message(window)
    view = child(window, QTableView, "queue_view")
    qtbot.wait_until(
        lambda: view.model().rowCount() > 0 and view.model().index(0, 1).data() == name
    )


def test_do_not_call_number_is_refused_at_the_dial_pad(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    team, url = world
    with team.engine.begin() as conn:
        conn.execute(
            schema.table(schema.DncNumber)
            .insert()
            .values(
                phone_e164="+8613912345678",
                reason="客户要求",
                source="admin",
                added_at=SHANGHAI_MORNING,
            )
        )
    window = open_window(qtbot, url, tmp_path, ManualClock(SHANGHAI_MORNING))
    pad_number = child(window, QLineEdit, "dialpad_number")
    pad_number.setText("139-1234-5678")
    click(qtbot, window, "dialpad_call")
    assert window.session.status.state is AgentState.READY
    assert not window.session.line.live
    assert "do-not-call" in message(window)


def test_lead_outside_its_window_is_refused_with_the_reason(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    _, url = world
    clock = ManualClock(SHANGHAI_MORNING)
    window = open_window(qtbot, url, tmp_path, clock)
    clock.advance(timedelta(hours=3))  # 13:00 in Shanghai: lunch break
    click(qtbot, window, "dial_button")
    assert not window.session.line.live
    text = message(window)
    assert "Not now" in text and "14:00" in text


def test_killed_with_a_wrapup_pending_it_is_back_on_restart(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    _, url = world
    clock = ManualClock(SHANGHAI_MORNING)
    window = open_window(qtbot, url, tmp_path, clock)
    plan(window, ANSWERS)
    click(qtbot, window, "dial_button")
    wait_state(qtbot, window, AgentState.ON_CALL)
    click(qtbot, window, "hangup_button")
    wait_state(qtbot, window, AgentState.WRAPUP)
    note = child(window, QPlainTextEdit, "wrapup_note")
    note.setFocus()
    note.insertPlainText("客户说下周再联系")  # typed (QTest cannot type Chinese keys)
    qtbot.wait(600)  # the form saves drafts 400 ms after the last edit
    # Killed: no close event, nothing but what is already on disk survives.
    window.session.repo.close()
    window._timer.stop()
    window.hide()
    # The dead process asks nothing: the test's teardown close must not pop the
    # "a call is live" question either.
    window._leaving = True

    again = open_window_pending(qtbot, url, tmp_path, clock)
    assert again.session.status.state is AgentState.WRAPUP
    assert child(again, QPlainTextEdit, "wrapup_note").toPlainText() == "客户说下周再联系"
    assert "wrap-up" in message(again)
    assert not child(again, QAbstractButton, "dial_button").isEnabled()


def test_killed_during_an_incoming_call_it_is_back_as_incoming(
    qtbot: QtBot, world: tuple[Team, str], tmp_path: Path
) -> None:
    team, url = world
    clock = ManualClock(SHANGHAI_MORNING)
    window = open_window(qtbot, url, tmp_path, clock)
    line = window.session.line
    assert isinstance(line, SimulatedLine)
    line.ring_in(team.phones[3], ANSWERS)
    qtbot.wait_until(lambda: child(window, QWidget, "inbound_call").isVisible())
    click(qtbot, window, "inbound_answer")
    wait_state(qtbot, window, AgentState.ON_CALL)
    # Killed mid-call: no close event.
    window.session.repo.close()
    window._timer.stop()
    window.hide()
    # The dead process asks nothing: the test's teardown close must not pop the
    # "a call is live" question either.
    window._leaving = True

    again = open_window_pending(qtbot, url, tmp_path, clock)
    owed = again.session.attempt.owed
    assert owed is not None and owed.direction == "in" and owed.restored
    assert child(again, QLabel, "wrapup_call_facts").text().startswith("Incoming call")
    assert not child(again, QAbstractButton, "dial_button").isEnabled()


def open_window_pending(qtbot: QtBot, url: str, folder: Path, clock: ManualClock) -> RepWindow:
    config = DeskConfig(
        shared_url=url,
        username="rep1",
        clock=clock,
        data_dir=folder,
        ring_interval_s=0.005,
        inline_operations=True,
        sync_thread=False,
    )
    window = build_rep_window(config)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait_until(lambda: window.session.attempt.owed is not None)
    return window
