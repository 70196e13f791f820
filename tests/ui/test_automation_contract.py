"""The automation contract: stable ids for tests and screen readers, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QWidget

from agent_desk.app import DeskConfig, build_rep_window
from agent_desk.clock import ManualClock
from agent_desk.store.engine import make_engine
from agent_desk.store.migrate import upgrade_to_head
from tests.desk.conftest import SHANGHAI_MORNING, seed_team

CONTRACT = (
    "queue_view", "lead_card", "dial_button", "hangup_button", "hold_button", "mute_button",
    "transfer_button", "dialpad", "call_timer", "script_view", "wrapup_form", "wrapup_time",
    "wrapup_person", "wrapup_outcome", "wrapup_intent", "wrapup_tags", "wrapup_note",
    "wrapup_followup", "wrapup_amount", "wrapup_save", "pause_button", "end_shift_button",
    "sync_status", "agent_state",
)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> QWidget:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    seed_team(engine)
    engine.dispose()
    built = build_rep_window(DeskConfig(
        shared_url=url, username="rep1", clock=ManualClock(SHANGHAI_MORNING),
        data_dir=tmp_path, inline_operations=True, sync_thread=False))
    qtbot.addWidget(built)
    return built


@pytest.mark.parametrize("name", CONTRACT)
def test_every_contract_widget_is_there_once_with_its_names(window: QWidget, name: str) -> None:
    found = [w for w in window.findChildren(QWidget) if w.objectName() == name]
    assert len(found) == 1, f"{name}: {len(found)} widgets"
    widget = found[0]
    assert widget.accessibleName() == name
    assert widget.accessibleDescription(), f"{name} has no description for screen readers"
