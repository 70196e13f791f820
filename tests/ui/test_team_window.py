"""The supervisor's team view on a morning real rep desks made (tests/team/conftest.py).

The window runs its queries inline and refreshes when told; everything below it is real:
the shared SQLite file the desks pushed to, the team queries, the exports.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url as normalize_url

from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QPieSeries
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QWidget

from agent_desk.app import (
    DeskConfig,
    TeamConfig,
    WrongRoleError,
    build_rep_window,
    build_team_window,
    parse_args,
)
from agent_desk.clock import ManualClock
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.domain.wrapup import WrapupDraft
from agent_desk.store.export import defuse
from agent_desk.team.pace import PeriodKind
from agent_desk.ui.team_common import CELL_LEVEL_ROLE, LEVEL_ROLE
from agent_desk.ui.team_records_model import CUSTOMER, MARKS, OUTCOME
from agent_desk.ui.team_window import (
    ASSESSMENT,
    BOARD,
    CHARTS,
    FIGURES,
    LISTS,
    RECORDS,
    TeamWindow,
)
from tests.desk.conftest import open_desk
from tests.security.conftest import (
    NOW,
    PASSWORD,
    People,
    people,
    secured,
)
from tests.security.refusals import refused
from tests.team.conftest import Morning, call, morning, save

QM = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "agent_desk_zh_CN.qm"
# Fixtures of tests/team and tests/security, used here too.
FIXTURES = (morning, people, secured)

CONTRACT = (
    "team_window", "team_board", "team_figures", "team_period", "team_assessment",
    "team_charts", "team_records", "team_records_filter", "team_complaints", "team_overdue",
    "team_flagged", "team_export", "team_status",
)  # fmt: skip
WRITE_WORDS = re.compile(
    r"\b(add|new|edit|delete|remove|save|amend|assign|change|update|close|resolve|set)\b",
    re.IGNORECASE,
)


def open_team(qtbot: QtBot, morning: Morning, username: str = "lead1") -> TeamWindow:
    window = build_team_window(
        TeamConfig(
            shared_url=morning.url,
            username=username,
            clock=morning.clock,
            inline_operations=True,
            timers=False,
        )
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, morning: Morning) -> Iterator[TeamWindow]:
    yield open_team(qtbot, morning)


def texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[list[str]]:
    parent = parent or QModelIndex()
    return [
        [str(model.index(r, c, parent).data() or "") for c in range(model.columnCount(parent))]
        for r in range(model.rowCount(parent))
    ]


def column(model: QAbstractItemModel, title: str) -> int:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def row_named(model: QAbstractItemModel, name: str) -> int:
    return [model.index(r, 0).data() for r in range(model.rowCount())].index(name)


def cell(model: QAbstractItemModel, name: str, title: str, role: int = 0) -> Any:
    return model.index(row_named(model, name), column(model, title)).data(role)


# -- the board -------------------------------------------------------------------------------


def test_the_board_shows_states_figures_and_marks_what_needs_attention(
    window: TeamWindow, morning: Morning
) -> None:
    model = window.board.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "REP1", "REP2", "REP3", "REP4", "REP5",
    ]  # fmt: skip
    assert cell(model, "REP1", "State") == "Wrap-up · 03:30"
    assert cell(model, "REP2", "State") == "On call · 06:00"
    assert cell(model, "REP3", "State") == "Paused: Break · 22:40"
    assert cell(model, "REP4", "State").startswith("Offline")
    assert cell(model, "REP1", "Dials") == "7 / 20"
    assert cell(model, "REP1", "Contacts") == "5 / 4"
    assert [cell(model, "REP1", level) for level in "ABCD"] == ["2", "2", "0", "1"]
    assert cell(model, "REP1", "Sales") == "1,300 / 2,000"
    assert cell(model, "REP5", "Dials") == "1"  # no target: just the count
    assert cell(model, "REP3", "Dials") == "0"  # the training call is not counted
    assert "****" in cell(model, "REP2", "Current call")
    assert morning.live_phone not in cell(model, "REP2", "Current call")
    marks = {name: cell(model, name, "Needs attention") for name in ("REP1", "REP2", "REP3")}
    assert marks == {"REP1": "Long wrap-up", "REP2": "Call over the limit", "REP3": "Long pause"}
    assert cell(model, "REP4", "Needs attention") == "Offline with records waiting"
    levels = [model.index(r, 0).data(LEVEL_ROLE) for r in range(5)]
    assert levels == ["warn", "warn", "warn", "alert", ""]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, "REP1", "Contacts", CELL_LEVEL_ROLE) == "ok"  # met
    assert window.board.tiles["attention"].value.text() == "4"
    assert window.board.tiles["dials"].value.text() == "9 / 40"
    assert window.tabs.tabText(BOARD) == "Live board (4 need attention)"

    morning.clock.advance(5)  # the clocks tick between refreshes
    window._tick()
    assert cell(model, "REP1", "State") == "Wrap-up · 03:35"
    assert window.refresh_label.text() == "Updated 10:40:00"
    assert window.connection_label.text() == "Connected"


def test_a_double_click_on_a_rep_opens_their_records(window: TeamWindow, qtbot: QtBot) -> None:
    view = window.board.view
    index = window.board.model.index(4, 0)  # REP5
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.tabs.currentIndex() == RECORDS
    assert window.records.filter.rep.currentText() == "REP5"
    assert [r.rep_name for r in window.records.model.records()] == ["REP5"]


# -- figures and assessment ----------------------------------------------------------------------


def test_figures_against_targets_for_today_and_the_month(window: TeamWindow, qtbot: QtBot) -> None:
    window.go(FIGURES)
    model = window.figures.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())][-1] == "Team total"
    assert cell(model, "REP1", "Dials") == "7 / 20 · 35%"
    assert cell(model, "REP1", "Contacts", CELL_LEVEL_ROLE) == "ok"  # 5 of 4: met
    assert cell(model, "REP2", "Dials", CELL_LEVEL_ROLE) == "warn"  # 5% with 18% of the day gone
    assert cell(model, "REP1", "Sales amount") == "1,300 / 2,000 · 64%"
    assert cell(model, "Team total", "Dials") == "9 / 40 · 22%"
    assert cell(model, "Team total", "Interested") == "4 / 4 · 100%"
    assert cell(model, "REP5", "Contact rate") == "100%"
    assert cell(model, "Team total", "Rep", LEVEL_ROLE) == "total"
    assert "19% of the working day" in window.figures.hint.text()  # 10:40 in 9:00-18:00

    qtbot.mouseClick(window.figures.switch.buttons[PeriodKind.MONTH], Qt.MouseButton.LeftButton)
    assert window.figures.kind is PeriodKind.MONTH
    assert cell(model, "REP1", "Dials") == "7 / 420 · 1%"
    assert cell(model, "Team total", "Sales amount") == "1,300 / 84,000 · 1%"
    assert window.figures.title.text() == "November 2026"


def test_figures_show_customer_satisfaction_where_recorded(
    window: TeamWindow, qtbot: QtBot
) -> None:
    # The desks' customers rated REP1's calls 5, 3 (amended from 2), 4 and 2, REP5's 5.
    window.go(FIGURES)
    model = window.figures.model
    for kind in (PeriodKind.TODAY, PeriodKind.MONTH, PeriodKind.YEAR):
        qtbot.mouseClick(window.figures.switch.buttons[kind], Qt.MouseButton.LeftButton)
        assert cell(model, "REP1", "Satisfaction") == "3.5 (4)"
        assert cell(model, "REP5", "Satisfaction") == "5.0 (1)"
        assert cell(model, "REP2", "Satisfaction") == "—"  # nothing rated: never a 0
        assert cell(model, "Team total", "Satisfaction") == "3.8 (5)"
    tip = cell(model, "REP1", "Satisfaction", Qt.ItemDataRole.ToolTipRole)
    assert tip == "Average 3.5 of 5 from 4 rated contacts"
    header, rows = model.export_table()
    average, rated = header.index("Satisfaction (average)"), header.index("Rated contacts")
    by_name = {row[0]: row for row in rows}
    assert (by_name["REP1"][average], by_name["REP1"][rated]) == (Decimal("3.5"), 4)
    assert (by_name["REP2"][average], by_name["REP2"][rated]) == (None, 0)
    assert (by_name["Team total"][average], by_name["Team total"][rated]) == (Decimal("3.8"), 5)


def test_the_assessment_shows_customer_satisfaction_by_month(
    window: TeamWindow, tmp_path: Path
) -> None:
    window.go(ASSESSMENT)
    chooser = window.assessment.figure
    chooser.setCurrentIndex(chooser.findData("satisfaction"))
    model = window.assessment.model
    assert cell(model, "REP1", "Nov") == "3.5\n4 rated"
    assert cell(model, "REP1", "Oct") == "—"
    assert cell(model, "REP1", "Dec", CELL_LEVEL_ROLE) == "muted"
    assert cell(model, "Team total", "Year") == "3.8\n5 rated"
    assert cell(model, "REP2", "Year") == "—"
    assert window.export_to(tmp_path / "assessment.xlsx") == model.rowCount()
    sheet = read_xlsx(tmp_path / "assessment.xlsx")
    nov = [str(h) for h in sheet[0]].index("2026-11")
    rep1 = next(row for row in sheet if row[0] == "REP1")
    assert (rep1[nov], rep1[nov + 1]) == (3.5, 4)
    assert sheet[0][nov + 1] == "2026-11 rated"


def test_the_assessment_shows_each_month_against_target(window: TeamWindow) -> None:
    window.go(ASSESSMENT)
    model = window.assessment.model
    assert cell(model, "REP1", "Nov") == "7\n1%"
    assert cell(model, "REP1", "Oct") == "0"  # no target that month
    assert cell(model, "REP1", "Dec", CELL_LEVEL_ROLE) == "muted"  # to come
    assert cell(model, "Team total", "Year") == "9\n1%"
    window.assessment.figure.setCurrentIndex(window.assessment.figure.findData("sales_amount"))
    assert cell(model, "REP1", "Nov") == "1,300\n3%"


# -- charts ---------------------------------------------------------------------------------------


def test_charts_are_drawn_from_the_days_calls(window: TeamWindow) -> None:
    window.go(CHARTS)
    charts = window.charts
    hours = charts.hour_labels
    assert hours[0] == "08" and hours[-1] == "20"
    ten = hours.index("10")
    bars = charts.hourly_chart.series()[0]
    assert isinstance(bars, QBarSeries)
    values = {s.label(): [s.at(i) for i in range(s.count())] for s in bars.barSets()}
    assert values["Dials"][ten] == 9 and values["Contacts"][ten] == 7 and values["Sales"][ten] == 1
    assert sum(values["Dials"]) == 9
    pie = charts.mix_chart.series()[0]
    assert isinstance(pie, QPieSeries)
    slices = {s.label().split("  ")[0]: s.value() for s in pie.slices()}
    assert slices == {
        "Interested": 2, "Not interested": 2, "Busy": 1, "Call back later": 1, "Complaint": 1,
        "Sale": 1, "No wrap-up yet": 1,
    }  # fmt: skip
    progress = charts.progress_chart.series()[0]
    assert isinstance(progress, QHorizontalBarSeries)
    reached = {s.label(): [s.at(i) for i in range(s.count())] for s in progress.barSets()}
    # Bottom to top: sales amount, interested, contacts, dials.
    assert reached["Reached"] == pytest.approx([1299.5 / 40, 100.0, 87.5, 22.5], abs=0.01)
    assert reached["Expected by now"] == pytest.approx([18.5] * 4, abs=0.1)
    assert not window.export_button.isEnabled()  # no table on this page


# -- lists and records ----------------------------------------------------------------------------


def test_lists_of_what_needs_action(window: TeamWindow, morning: Morning) -> None:
    lists = window.lists
    assert texts(lists.complaints) == [
        ["2026-11-25 10:06", "33 min", "REP1", texts(lists.complaints)[0][3],
         morning.complaint_summary, "Not put through"],
    ]  # fmt: skip
    overdue = texts(lists.overdue)
    assert len(overdue) == 1 and overdue[0][:3] == ["2026-11-25 10:12", "28 min", "REP1"]
    flagged = texts(lists.flagged)
    assert len(flagged) == 1
    assert flagged[0][2:] == [
        "REP2", flagged[0][3], "Not interested", "Arrived after its lease was lost",
    ]  # fmt: skip
    assert lists.tabs.tabText(1) == "Overdue callbacks (1)"
    assert window.tabs.tabText(LISTS) == "Needs action (3)"


def test_records_show_each_amendment_under_its_original(
    window: TeamWindow, morning: Morning
) -> None:
    window.go(RECORDS)
    model = window.records.model
    calls = model.records()
    assert len(calls) == 10
    row = next(i for i, r in enumerate(calls) if r.call_id == morning.amended_call)
    top = model.index(row, 0)
    assert model.index(row, OUTCOME).data() == "Interested"  # the wrap-up that counts
    assert model.index(row, MARKS).data() == "Amended"
    children = texts(model, top)
    assert [(c[CUSTOMER], c[OUTCOME], c[MARKS]) for c in children] == [
        ("Original wrap-up", "Not interested", ""),
        ("Amendment: 客户改主意了", "Interested", "Counts"),
    ]
    assert window.records.view.isExpanded(top)
    # Each wrap-up's tooltip says what the customer rated it: 2, then 3 after the amendment.
    tips = [str(model.index(i, 0, top).data(Qt.ItemDataRole.ToolTipRole)) for i in range(2)]
    assert "Customer satisfaction: 2 of 5" in tips[0]
    assert "Customer satisfaction: 3 of 5" in tips[1]
    others = [i for i in range(len(calls)) if i != row]
    assert all(model.rowCount(model.index(i, 0)) == 0 for i in others)
    training = next(i for i, r in enumerate(calls) if r.training)
    assert model.index(training, MARKS).data() == "Training"
    assert window.tabs.tabText(RECORDS) == "Records"
    assert window.records.tabs.tabText(0) == "Calls (10)"
    summaries = texts(window.records.summaries)
    assert len(summaries) == 1 and summaries[0][0] == "REP5" and summaries[0][-1] == "今天客户少"
    # REP5's confirmed shift carries its one rating, 5.
    assert cell(window.records.summaries, "REP5", "Satisfaction") == "5.0 (1)"

    window.records.filter.flagged.setChecked(True)
    window.records.filter.apply()
    assert [r.call_id for r in model.records()] == [morning.flagged_call]
    assert model.index(0, 0).data(LEVEL_ROLE) == "warn"


# -- exports --------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_xlsx(path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("tab", [BOARD, FIGURES, RECORDS, LISTS])
def test_exports_write_the_rows_on_screen(window: TeamWindow, tmp_path: Path, tab: int) -> None:
    window.go(tab)
    if tab == LISTS:
        window.lists.tabs.setCurrentIndex(1)  # overdue callbacks
    found = window.current_table()
    assert found is not None
    model, name = found
    header, rows = model.export_table()
    assert name.startswith("team-") and rows
    assert window.export_to(tmp_path / "out.csv") == len(rows)
    written = read_csv(tmp_path / "out.csv")
    assert written[0] == header
    assert len(written) == len(rows) + 1
    for line, row in zip(written[1:], rows, strict=True):
        assert line == [defuse(str(v)) if isinstance(v, str) else _csv(v) for v in row]
    assert window.export_to(tmp_path / "out.xlsx") == len(rows)
    sheet = read_xlsx(tmp_path / "out.xlsx")
    assert [str(h) for h in sheet[0]] == header
    assert [[_xlsx(v) for v in row] for row in rows] == [list(r) for r in sheet[1:]]
    assert "Exported" in window.messages.text.text()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return str(value.isoformat(sep=" ", timespec="seconds"))
    return str(value)


def _xlsx(value: Any) -> Any:
    if value == "":
        return None  # an empty text cell reads back as no value
    return float(value) if value.__class__.__name__ == "Decimal" else value


def test_the_export_follows_the_filter_and_the_period(window: TeamWindow, tmp_path: Path) -> None:
    window.go(RECORDS)
    window.records.filter.choose_rep(window.records.filter.rep.itemData(5))  # REP5
    window.records.filter.apply()
    window.export_to(tmp_path / "rep5.csv")
    lines = read_csv(tmp_path / "rep5.csv")[1:]
    assert [line[1] for line in lines] == ["REP5"]
    window.go(FIGURES)
    window.session.refresh_figures(PeriodKind.MONTH)
    window.export_to(tmp_path / "month.xlsx")
    sheet = read_xlsx(tmp_path / "month.xlsx")
    assert sheet[0][:4] == ["Rep", "Dials", "Dials target", "Dials %"]
    rep1 = next(r for r in sheet if r[0] == "REP1")
    assert rep1[1:4] == [7, 420, 1]
    found = window.current_table()
    assert found is not None and found[1] == "team-figures-month-2026-11-25"


def test_a_failed_export_says_why_and_writes_nothing(window: TeamWindow, tmp_path: Path) -> None:
    assert window.export_to(tmp_path / "no" / "such" / "dir" / "board.csv") is None
    assert "Could not export" in window.messages.text.text()
    assert window.export_to(tmp_path / "board.txt") is not None  # any name: CSV


# -- read-only and the automation contract --------------------------------------------------------


def _indexes(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    for r in range(model.rowCount(parent)):
        for c in range(model.columnCount(parent)):
            index = model.index(r, c, parent)
            yield index
            if c == 0:
                yield from _indexes(model, index)


def test_the_team_view_offers_no_way_to_write(window: TeamWindow) -> None:
    for tab in range(window.tabs.count()):
        window.go(tab)
    views = window.findChildren(QAbstractItemView)
    tables = [v for v in views if v.objectName().startswith("team_")]
    assert len(tables) >= 8
    for view in tables:
        assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers, view
        model = view.model()
        indexes = list(_indexes(model, QModelIndex()))
        assert indexes or view.objectName() in ("team_summaries",), view.objectName()
        for index in indexes:
            assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable, view.objectName()
    names = [a.text() for a in window.findChildren(QAction)] + [
        b.text() for b in window.findChildren(QAbstractButton)
    ]
    names += [w.objectName() for w in window.findChildren(QWidget)]
    offending = [n for n in names if WRITE_WORDS.search(n.replace("_", " "))]
    assert offending == []


@pytest.mark.parametrize("name", CONTRACT)
def test_every_contract_widget_is_there_once(window: TeamWindow, name: str) -> None:
    found = [w for w in [window, *window.findChildren(QWidget)] if w.objectName() == name]
    assert len(found) == 1, f"{name}: {len(found)} widgets"
    assert found[0].accessibleName() == name
    assert found[0].accessibleDescription()


# -- who gets the team view ------------------------------------------------------------------------


def test_a_supervisor_gets_the_team_view_and_a_rep_the_desk(
    morning: Morning, qtbot: QtBot, tmp_path: Path
) -> None:
    with pytest.raises(WrongRoleError) as rep:
        build_team_window(TeamConfig(shared_url=morning.url, username="rep1"))
    assert rep.value.role == "rep" and "only supervisors" in str(rep.value)
    with pytest.raises(WrongRoleError) as supervisor:
        build_rep_window(DeskConfig(shared_url=morning.url, username="lead1", data_dir=tmp_path))
    assert supervisor.value.role == "supervisor"
    assert parse_args(["--team", "--demo"]).team and not parse_args(["--demo"]).team


# -- a supervisor's own login on PostgreSQL ----------------------------------------------------


@pytest.mark.postgres
def test_a_supervisor_login_sees_their_team_only_and_can_write_nothing(
    people: People, tmp_path: Path, qtbot: QtBot, qapp: object
) -> None:
    clock = ManualClock(NOW)
    desk = open_desk(people.login("a"), tmp_path, clock, username=people.names["a"])
    try:
        desk.sync_now()
        desk.session.start(sync_thread=False)
        ctx = call(desk, qtbot, talk_s=40)
        save(desk, qtbot, ctx, WrapupDraft(person="本人", outcome_code="interested",
                                           intent=IntentLevel.A,
                                           followup_at=NOW + timedelta(days=1)))  # fmt: skip
        ctx = call(desk, qtbot, talk_s=30)
        complaint = WrapupDraft(
            person="本人", outcome_code="complaint", intent=IntentLevel.D,
            complaint_summary="客户说来电太吵了",
        )  # fmt: skip
        save(desk, qtbot, ctx, complaint)
        desk.sync_now()
    finally:
        desk.session.shutdown()
        desk.repo.close()
    login = normalize_url(people.secured.url).set(username=people.names["sup"], password=PASSWORD)
    window = build_team_window(
        TeamConfig(
            shared_url=people.secured.url,
            username=people.names["sup"],
            clock=clock,
            inline_operations=True,
            timers=False,
            connect_url=login,
        )
    )
    qtbot.addWidget(window)
    assert window.session.team_id == people.team_ids["1"]
    board = {r.rep.user_id: r for r in window.board.model.rows()}
    assert set(board) == {people.ids["a"], people.ids["b"]}  # not team 2's rep
    assert board[people.ids["a"]].today.dials == 2 and board[people.ids["a"]].state == "ready"
    assert board[people.ids["b"]].today.dials == 1  # the record the owner wrote for b
    complaints = window.lists.complaints.rows()
    assert sorted(c.user_id for c in complaints) == sorted([people.ids["a"], people.ids["b"]])
    window.go(RECORDS)
    assert {r.user_id for r in window.records.model.records()} == {
        people.ids["a"], people.ids["b"],
    }  # fmt: skip
    window.go(FIGURES)
    assert cell(window.figures.model, "Team total", "Dials").startswith("3")
    # Its login cannot write either: the database refuses.
    engine = window.session.engine
    refused(engine, "INSERT INTO teams (name, created_at) VALUES ('x', now())")
    refused(engine, "UPDATE wrapups SET note = 'changed'")
    refused(engine, "DELETE FROM complaints")


def test_the_team_view_speaks_chinese(morning: Morning, qtbot: QtBot, tmp_path: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        window = open_team(qtbot, morning)
        assert window.tabs.tabText(BOARD) == "实时看板 (4 人需关注)"
        assert window.tabs.tabText(LISTS) == "待处理 (3)"
        model = window.board.model
        assert cell(model, "REP1", "状态") == "通话小结 · 03:30"
        assert cell(model, "REP3", "状态") == "已暂停：小休 · 22:40"
        assert cell(model, "REP4", "需关注") == "离线且有记录待上传"
        assert window.lists.overdue.index(0, 1).data() == "28 分钟"
        window.go(FIGURES)
        assert window.export_to(tmp_path / "figures.csv") == 6
        assert read_csv(tmp_path / "figures.csv")[0][:3] == ["电销人员", "拨打", "拨打目标"]
    finally:
        QCoreApplication.removeTranslator(translator)
