"""The queue panel and its model, on real widgets with hand-built queue entries."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from agent_desk.desk.views import QueueEntry
from agent_desk.domain import phones
from agent_desk.domain.calling_windows import CallingPolicy, check
from agent_desk.domain.campaign import CampaignConfig
from agent_desk.domain.outcomes import STANDARD_OUTCOMES
from agent_desk.store.desk_views import LeadView
from agent_desk.ui import texts
from agent_desk.ui.queue_model import (
    ATTEMPTS,
    MARK,
    NAME,
    PHONE,
    ROW_COLOURS,
    TIME,
    WHY,
    QueueModel,
)
from agent_desk.ui.queue_panel import QueuePanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# Wednesday 2026-11-25 10:05 in Shanghai: inside the 09:00-12:00 window.
NOW = datetime(2026, 11, 25, 2, 5, tzinfo=UTC)
POLICY = CallingPolicy.from_config(
    {"windows": {"weekdays": ["09:00-12:00", "14:00-20:30"]}, "holidays": []}
)
CAMPAIGN = CampaignConfig(
    1, "bb", "Broadband", "zh", "星河电信", "宽带升级", "CN", "Asia/Shanghai",
    POLICY, STANDARD_OUTCOMES, 300, 6, 60, None,
)  # fmt: skip


def lead(
    name: str,
    tz: str = "Asia/Shanghai",
    *,
    phone: str = "+8613812345678",
    attempts: int = 0,
    status: str = "new",
    due: datetime | None = None,
) -> LeadView:
    return LeadView(
        uuid.uuid4(), 1, phone, name, f"{name} Ltd", {}, tz, 100, status, attempts,
        None, None, True, None, due,
    )  # fmt: skip


def entry(view: LeadView, now: datetime = NOW) -> QueueEntry:
    due = view.callback_due_at is not None and view.callback_due_at <= now
    return QueueEntry(view, CAMPAIGN, check(POLICY, now, view.timezone), due)


@pytest.fixture
def leads() -> dict[str, LeadView]:
    return {
        "callable": lead("王芳", attempts=2),
        "closed": lead("Smith", "America/New_York", phone="+12125550147"),  # 21:05 Tue there
        "due": lead("李雷", due=NOW - timedelta(minutes=5), status="callback"),
        "callable2": lead("陈明", phone="+8613900001111"),
    }


def names(model: QueueModel) -> list[str]:
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def test_model_puts_due_callbacks_first_then_callable_then_closed(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    model = QueueModel()
    order = ["closed", "callable", "due", "callable2"]
    model.set_entries([entry(leads[k]) for k in order], NOW)

    assert names(model) == ["李雷", "王芳", "陈明", "Smith"]


def test_due_callbacks_are_highlighted_and_bold(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    model = QueueModel()
    model.set_entries([entry(leads["callable"]), entry(leads["due"])], NOW)
    due, plain = model.index(0, NAME), model.index(1, NAME)

    assert due.data(Qt.ItemDataRole.BackgroundRole).color().name() == ROW_COLOURS["due"][0]
    font = due.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert plain.data(Qt.ItemDataRole.BackgroundRole) is None
    assert plain.data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, MARK).data(Qt.ItemDataRole.AccessibleTextRole) == "Callback due"
    assert "Callback due since" in due.data(Qt.ItemDataRole.ToolTipRole)


def test_closed_rows_are_grey_with_the_window_state_as_tooltip(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    model = QueueModel()
    closed = entry(leads["closed"])
    model.set_entries([entry(leads["callable"]), closed], NOW)
    row = model.index(1, NAME)

    assert row.data(Qt.ItemDataRole.ForegroundRole).color().name() == ROW_COLOURS["closed"][1]
    assert closed.decision is not None
    assert texts.window_state(closed.decision) in row.data(Qt.ItemDataRole.ToolTipRole)
    assert "Too late for the customer" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, WHY).data() == "Opens Wed 09:00"
    # A callable row has no reason and keeps the view's colours.
    assert model.index(0, WHY).data() == ""
    assert model.index(0, NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "Callable now" in model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_dnc_rows_are_struck_through(qtbot: QtBot) -> None:
    model = QueueModel()
    model.set_entries([entry(lead("赵磊", status="dnc"))], NOW)
    font = model.index(0, NAME).data(Qt.ItemDataRole.FontRole)

    assert font.strikeOut()
    assert model.index(0, WHY).data() == "Do not call"
    assert "do-not-call" in model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole)


def test_phone_is_masked_and_time_is_the_customers(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    model = QueueModel()
    model.set_entries([entry(leads["callable"]), entry(leads["closed"])], NOW)

    assert model.index(0, PHONE).data() == phones.mask("+8613812345678") == "+86 138****5678"
    assert "12345678" not in " ".join(
        str(model.index(0, c).data(Qt.ItemDataRole.ToolTipRole)) for c in range(7)
    )
    assert model.index(0, TIME).data() == texts.local_time(NOW, "Asia/Shanghai") == "Wed 10:05"
    assert model.index(1, TIME).data() == "Tue 21:05"
    assert model.index(0, ATTEMPTS).data() == "2/6"


def test_tick_moves_the_clock_and_rechecks_the_window(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    model = QueueModel()
    model.set_entries([entry(leads["callable"])], NOW)
    with qtbot.wait_signal(model.dataChanged):
        model.tick(NOW + timedelta(hours=2))  # 12:05: lunch break in Shanghai

    assert model.index(0, TIME).data() == "Wed 12:05"
    assert model.index(0, WHY).data() == "Opens 14:00"
    assert "meal or rest" in model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, NAME).data(Qt.ItemDataRole.ForegroundRole) is not None


def panel_with(qtbot: QtBot, entries: list[QueueEntry], width: int = 360) -> QueuePanel:
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.resize(width, 500)
    panel.show()
    panel.set_entries(entries, NOW)
    return panel


def row_of(panel: QueuePanel, lead_id: uuid.UUID) -> int:
    row = panel.model.row_of(lead_id)
    assert row is not None
    return row


def test_view_setup_and_title(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    view = panel.view

    assert panel.findChild(type(view), "queue_view") is view
    assert view.accessibleName() == "queue_view"
    assert panel.search.objectName() == "queue_search"
    assert panel.search.placeholderText() == "Search my leads (Ctrl+F)"
    assert view.selectionBehavior() == view.SelectionBehavior.SelectRows
    assert view.selectionMode() == view.SelectionMode.SingleSelection
    assert not view.showGrid()
    assert view.alternatingRowColors()
    assert view.verticalHeader().isHidden()
    assert panel.title.text() == "My queue (4)"


def test_columns_fit_the_panel_without_sideways_scrolling(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    narrow = panel_with(qtbot, [entry(v) for v in leads.values()], width=360)
    shown = [c for c in range(7) if not narrow.view.isColumnHidden(c)]
    widths = sum(narrow.view.columnWidth(c) for c in shown)

    assert {MARK, NAME, TIME, WHY} <= set(shown)  # the reason outranks the company
    assert widths <= narrow.view.viewport().width()

    wide = panel_with(qtbot, [entry(v) for v in leads.values()], width=900)
    assert not any(wide.view.isColumnHidden(c) for c in range(7))


def test_row_change_emits_lead_selected(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    target = leads["callable2"]
    with qtbot.wait_signal(panel.lead_selected) as blocker:
        panel.view.setCurrentIndex(panel.model.index(row_of(panel, target.id), NAME))

    assert blocker.args == [target.id]


def test_selection_stays_on_the_same_lead_across_refreshes(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    panel = panel_with(qtbot, [entry(leads["callable"]), entry(leads["callable2"])])
    target = leads["callable2"]
    panel.view.setCurrentIndex(panel.model.index(row_of(panel, target.id), NAME))
    assert panel.view.currentIndex().row() == 1

    # A due callback arrives on top: the selected lead moves down a row.
    with qtbot.assert_not_emitted(panel.lead_selected):
        panel.set_entries([entry(v) for v in leads.values()], NOW)

    current = panel.view.currentIndex()
    assert current.row() == row_of(panel, target.id) == 2
    assert panel.view.selectionModel().isRowSelected(2)


def test_enter_and_double_click_ask_to_dial(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [entry(leads["callable"]), entry(leads["callable2"])])
    target = leads["callable2"]
    index = panel.model.index(row_of(panel, target.id), NAME)
    panel.view.setCurrentIndex(index)
    panel.view.setFocus()

    with qtbot.wait_signal(panel.dial_requested) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [target.id]

    first = leads["callable"]
    rect = panel.view.visualRect(panel.model.index(row_of(panel, first.id), NAME))
    # A real double-click: press, release, then the double-click event.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.wait_signal(panel.dial_requested) as blocker:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first.id]


def test_typing_searches_once_after_a_pause(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    asked: list[str] = []
    panel.search_requested.connect(asked.append)

    qtbot.keyClicks(panel.search, "138")
    assert asked == []  # debounced: nothing while typing
    qtbot.wait_until(lambda: asked == ["138"], timeout=2000)
    qtbot.wait(300)
    assert asked == ["138"]


def test_search_results_and_escape_back_to_the_queue(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    other = lead("王五", phone="+8613700002222")
    panel.search.setText("王")
    panel.show_search_results([leads["callable"], other], {1: CAMPAIGN}, NOW)

    assert panel.searching
    assert names(panel.model) == ["王芳", "王五"]
    assert panel.results_header.isVisible()
    assert panel.results_header.text() == "Search results (2) — Esc to return to the queue"
    assert panel.model.index(1, PHONE).data() == "+86 137****2222"
    assert panel.title.text() == "My queue (4)"

    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Escape)

    assert not panel.searching
    assert panel.search.text() == ""
    assert not panel.results_header.isVisible()
    assert panel.model.rowCount() == 4


def test_escape_in_the_search_box_and_clearing_it_return_too(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    panel.search.setText("Smith")
    panel.show_search_results([leads["closed"]], {1: CAMPAIGN}, NOW)
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert not panel.searching and panel.model.rowCount() == 4

    panel.search.setText("Smith")
    panel.show_search_results([leads["closed"]], {1: CAMPAIGN}, NOW)
    panel.search.clear()
    assert not panel.searching and panel.model.rowCount() == 4


def test_results_arriving_after_the_box_was_cleared_are_dropped(
    qtbot: QtBot, leads: dict[str, LeadView]
) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    panel.show_search_results([leads["closed"]], {1: CAMPAIGN}, NOW)

    assert not panel.searching and panel.model.rowCount() == 4


def test_empty_states(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [])
    assert panel.empty.isVisible() and not panel.view.isVisible()
    assert panel.empty.text() == (
        "No callable leads right now. New leads arrive as the team's lists and calling hours allow."
    )
    assert panel.title.text() == "My queue (0)"

    panel.set_entries([entry(leads["callable"])], NOW)
    assert panel.view.isVisible() and not panel.empty.isVisible()

    panel.search.setText("nobody")
    panel.show_search_results([], {1: CAMPAIGN}, NOW)
    assert panel.empty.isVisible() and panel.empty.text() == "No lead matches"
    assert panel.results_header.text() == "Search results (0) — Esc to return to the queue"


def test_selection_comes_back_after_a_search(qtbot: QtBot, leads: dict[str, LeadView]) -> None:
    panel = panel_with(qtbot, [entry(v) for v in leads.values()])
    target = leads["callable2"]
    assert panel.select_lead(target.id)
    panel.search.setText("Smith")
    panel.show_search_results([leads["closed"]], {1: CAMPAIGN}, NOW)
    assert not panel.view.currentIndex().isValid()

    panel.leave_search()
    assert panel.view.currentIndex().row() == row_of(panel, target.id)


def test_search_results_get_their_own_calling_state(qtbot: QtBot) -> None:
    panel = panel_with(qtbot, [])
    due_later = lead("回电", due=NOW + timedelta(hours=1))
    due_now = replace(due_later, id=uuid.uuid4(), callback_due_at=NOW - timedelta(minutes=1))
    panel.search.setText("回电")
    panel.show_search_results([due_later, due_now], {1: CAMPAIGN}, NOW)

    first = panel.model.entry(0)
    assert first is not None and first.lead.id == due_now.id and first.due_callback
    assert panel.model.entry(1) is not None and panel.model.entry(1).callable  # type: ignore[union-attr]
