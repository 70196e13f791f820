"""The supervisor's team view: live board, figures, assessment, charts, records, lists.

Read-only by construction: its database login may only read, no view has an editable
item, and no action writes. It only wires: the `TeamSession` reads (off the UI thread)
and the panels show what it hands them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStatusBar,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.store.export import ExportError
from agent_desk.store.team_queries import TeamFigures
from agent_desk.team.pace import PeriodKind, elapsed_share
from agent_desk.team.team_session import TeamProblem, TeamSession, kind_of
from agent_desk.ui import texts
from agent_desk.ui.call_controls import with_shortcut
from agent_desk.ui.help_overlay import HelpOverlay
from agent_desk.ui.message_bar import MessageBar
from agent_desk.ui.style import accessible, icon, set_level, set_role
from agent_desk.ui.team_assessment import AssessmentPanel
from agent_desk.ui.team_board import BoardPanel
from agent_desk.ui.team_charts import ChartsPanel
from agent_desk.ui.team_export import (
    Exportable,
    ExportButton,
    ExportDialog,
    safe_name,
    write_table,
)
from agent_desk.ui.team_figures import FiguresPanel, period_title
from agent_desk.ui.team_lists import ListsPanel
from agent_desk.ui.team_records import RecordsPanel

TICK_MS = 1000
BOARD, FIGURES, ASSESSMENT, CHARTS, RECORDS, LISTS = range(6)


class TeamWindow(QMainWindow):
    def __init__(self, session: TeamSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        accessible(self, "team_window", self.tr("The team view (read-only)"))
        self.setWindowTitle(
            self.tr("Agent Desk — Team view: {team}").format(team=session.team_name)
        )
        self.setWindowIcon(icon("app"))
        self.board = BoardPanel()
        self.figures = FiguresPanel()
        self.assessment = AssessmentPanel()
        self.charts = ChartsPanel()
        self.records = RecordsPanel()
        self.lists = ListsPanel()
        self.messages = MessageBar()
        self.exporter = ExportDialog()
        self._build_status()
        self._build_layout()
        self._build_actions()
        self.help = HelpOverlay(self)
        self.help.set_actions(self._shortcut_table())
        self._connect()
        today = session.today()
        self.records.filter.set_days(today, today)
        self.assessment.set_today(today)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)

    # -- layout ------------------------------------------------------------------------------

    def _build_status(self) -> None:
        self.status = QStatusBar()
        accessible(self.status, "team_status", self.tr("Team, last refresh and connection"))
        self.status.setSizeGripEnabled(False)
        self.team_label = QLabel(self.tr("Team: {team}").format(team=self.session.team_name))
        self.refresh_label = QLabel(self.tr("Not refreshed yet"))
        self.refresh_label.setObjectName("team_status_refresh")
        self.connection_label = QLabel(self.tr("Connecting…"))
        self.connection_label.setObjectName("team_status_connection")
        self.read_only_label = QLabel(self.tr("Read-only"))
        self.read_only_label.setToolTip(
            self.tr("The team view shows records; it cannot change any of them.")
        )
        set_level(self.read_only_label, "muted")
        set_level(self.team_label, "info")
        self.status.addWidget(self.team_label)
        self.status.addWidget(self.refresh_label)
        self.status.addPermanentWidget(self.read_only_label)
        self.status.addPermanentWidget(self.connection_label)
        self.setStatusBar(self.status)

    def _build_layout(self) -> None:
        toolbar = QToolBar(self.tr("Team view"))
        toolbar.setObjectName("team_toolbar")
        toolbar.setMovable(False)
        title = QLabel(self.tr("Team view · {team}").format(team=self.session.team_name))
        title.setObjectName("team_title")
        set_role(title, "title")
        toolbar.addWidget(title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.export_button = ExportButton()
        self.export_button.export_requested.connect(self.export)
        self.refresh_button = QToolButton()
        accessible(self.refresh_button, "team_refresh", self.tr("Refresh every view now"))
        self.help_button = QToolButton()
        accessible(self.help_button, "team_help", self.tr("Keyboard shortcuts"))
        for button in (self.refresh_button, self.export_button, self.help_button):
            toolbar.addWidget(button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("team_tabs")
        self.tabs.setDocumentMode(True)
        for panel, text in (
            (self.board, self.tr("Live board")),
            (self.figures, self.tr("Figures")),
            (self.assessment, self.tr("Assessment")),
            (self.charts, self.tr("Charts")),
            (self.records, self.tr("Records")),
            (self.lists, self.tr("Needs action")),
        ):
            self.tabs.addTab(panel, text)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.messages)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _action(self, text: str, keys: str, slot: object) -> QAction:
        made = QAction(text, self)
        made.setShortcut(QKeySequence(keys))
        made.setToolTip(with_shortcut(text, keys))
        made.triggered.connect(slot)
        self.addAction(made)
        return made

    def _build_actions(self) -> None:
        self.refresh_action = self._action(self.tr("Refresh"), "F5", self.refresh_now)
        self.export_action = self._action(self.tr("Export…"), "Ctrl+E", lambda: self.export(""))
        self.help_action = self._action(self.tr("Keyboard shortcuts"), "F1", self.help_toggle)
        self.refresh_button.setDefaultAction(self.refresh_action)
        self.help_button.setDefaultAction(self.help_action)
        self.export_button.setToolTip(self.export_action.toolTip())
        self.go_actions = [
            self._action(self.tabs.tabText(i), f"Ctrl+{i + 1}", lambda _=False, i=i: self.go(i))
            for i in range(self.tabs.count())
        ]

    def _shortcut_table(self) -> list[tuple[str, QAction | str]]:
        return [
            (self.tr("Refresh every view"), self.refresh_action),
            (self.tr("Export the table on screen"), self.export_action),
            (self.tr("Go to a view"), "Ctrl+1 … Ctrl+6"),
            (self.tr("A rep's records (on the board)"), self.tr("Double-click")),
            (self.tr("This help"), self.help_action),
        ]

    def help_toggle(self) -> None:
        self.help.toggle()

    # -- wiring ------------------------------------------------------------------------------

    def _connect(self) -> None:
        s = self.session
        s.board_changed.connect(self._on_board)
        s.figures_changed.connect(self._on_figures)
        s.assessment_changed.connect(
            lambda a: self.assessment.show_assessment(a, self.tr("Team total"))
        )
        s.hourly_changed.connect(self.charts.show_hourly)
        s.outcome_mix_changed.connect(
            lambda mix: self.charts.show_outcomes(
                mix, period_title(kind_of(mix.period), mix.period)
            )
        )
        s.progress_changed.connect(self._on_progress)
        s.records_changed.connect(
            lambda rows: self.records.show_records(rows, s.zone, s.record_query.limit)
        )
        s.summaries_changed.connect(lambda rows: self.records.show_summaries(rows, s.zone))
        s.complaints_changed.connect(
            lambda rows: self.lists.show_complaints(rows, s.zone, s.clock.now())
        )
        s.overdue_changed.connect(lambda rows: self.lists.show_overdue(rows, s.zone, s.clock.now()))
        s.flagged_changed.connect(lambda rows: self.lists.show_flagged(rows, s.zone, s.clock.now()))
        s.outcomes_changed.connect(self._on_outcomes)
        s.refreshed.connect(self._on_refreshed)
        s.connection_changed.connect(self._on_connection)
        s.failed.connect(self._on_failed)
        self.figures.period_changed.connect(s.refresh_figures)
        self.charts.period_changed.connect(s.refresh_charts)
        self.assessment.year_changed.connect(s.refresh_assessment)
        self.records.filter.query_changed.connect(s.refresh_records)
        self.lists.counts_changed.connect(self._on_list_counts)
        self.tabs.currentChanged.connect(self._on_tab)
        self.board.view.doubleClicked.connect(self._open_rep_records)

    @Slot(object)
    def _on_board(self, rows: list[object]) -> None:
        now_local = self.session.now_local()
        elapsed = elapsed_share(PeriodKind.TODAY, now_local, now_local.date())
        fetched = self.session.last_refresh or self.session.clock.now()
        self.board.show_board(rows, fetched, elapsed)  # type: ignore[arg-type]
        self.records.filter.set_reps([r.rep for r in rows])  # type: ignore[attr-defined]
        needing = self.board.attention_count()
        self.tabs.setTabText(
            BOARD,
            self.tr("Live board ({n} need attention)").format(n=needing)
            if needing
            else self.tr("Live board"),
        )

    @Slot(object)
    def _on_figures(self, figures: TeamFigures) -> None:
        kind = kind_of(figures.period)
        elapsed = elapsed_share(kind, self.session.now_local(), figures.period.end)
        self.figures.show_figures(figures, kind, elapsed)

    @Slot(object)
    def _on_progress(self, figures: TeamFigures) -> None:
        kind = kind_of(figures.period)
        elapsed = elapsed_share(kind, self.session.now_local(), figures.period.end)
        self.charts.set_period(kind)
        self.charts.show_progress(figures, period_title(kind, figures.period), elapsed)

    @Slot(object)
    def _on_outcomes(self, outcomes: dict[str, object]) -> None:
        self.records.model.set_outcomes(outcomes)  # type: ignore[arg-type]
        self.records.filter.set_outcomes(outcomes)  # type: ignore[arg-type]
        self.lists.set_outcomes(outcomes)  # type: ignore[arg-type]

    @Slot(object)
    def _on_refreshed(self, moment: datetime) -> None:
        self.refresh_label.setText(
            self.tr("Updated {time}").format(
                time=moment.astimezone(self.session.zone).strftime("%H:%M:%S")
            )
        )
        set_level(self.refresh_label, "")

    @Slot(bool)
    def _on_connection(self, online: bool) -> None:
        if online:
            self.connection_label.setText(self.tr("Connected"))
            set_level(self.connection_label, "ok")
        else:
            self.connection_label.setText(self.tr("Not connected"))
            set_level(self.connection_label, "alert")
            set_level(self.refresh_label, "warn")

    @Slot(object)
    def _on_failed(self, problem: TeamProblem) -> None:
        self.messages.show_message(texts.team_problem(problem.kind), "alert", 15)
        self.messages.setToolTip(problem.detail)

    def _on_list_counts(self, total: int) -> None:
        self.tabs.setTabText(
            LISTS,
            self.tr("Needs action ({n})").format(n=total) if total else self.tr("Needs action"),
        )

    def _on_tab(self, index: int) -> None:
        """Views that are not kept live refresh when shown."""
        if index == ASSESSMENT:
            self.session.refresh_assessment()
        elif index == RECORDS:
            self.session.refresh_records()
        elif index == FIGURES:
            self.session.refresh_figures()
        elif index == CHARTS:
            self.session.refresh_charts()
        self.export_button.setEnabled(index != CHARTS)
        self.export_action.setEnabled(index != CHARTS)

    def _open_rep_records(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.board.model.row_at(index.row())
        self.records.filter.choose_rep(row.rep.user_id)
        self.records.filter.apply()
        self.go(RECORDS)

    def go(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def refresh_now(self) -> None:
        self.session.refresh_all()

    # -- export ------------------------------------------------------------------------------

    def current_table(self) -> tuple[Exportable, str] | None:
        """The model on screen and a file name for it; None on the charts."""
        index = self.tabs.currentIndex()
        s = self.session
        stamp = s.now_local().strftime("%Y-%m-%d")
        if index == BOARD:
            return self.board.model, f"team-board-{s.now_local():%Y-%m-%d-%H%M}"
        if index == FIGURES:
            return self.figures.model, f"team-figures-{self.figures.kind.value}-{stamp}"
        if index == ASSESSMENT:
            goal = self.assessment.model.goal
            return self.assessment.model, f"team-assessment-{self.assessment.model.year}-{goal}"
        if index == RECORDS:
            q = s.record_query
            rep = self.records.filter.rep.currentText() if q.rep is not None else "all"
            days = f"{q.start or stamp}_{q.end or stamp}"
            if self.records.tabs.currentIndex() == 0:
                return self.records.model, f"team-records-{rep}-{days}"
            return self.records.summaries, f"team-shift-summaries-{rep}-{days}"
        if index == LISTS:
            names = ("team-open-complaints", "team-overdue-callbacks", "team-flagged-records")
            return self.lists.current_model(), f"{names[self.lists.tabs.currentIndex()]}-{stamp}"
        return None

    def export(self, kind: str) -> None:
        """Ask where, then write the table on screen (`kind`: "csv", "xlsx" or "" to ask)."""
        found = self.current_table()
        if found is None:
            self.messages.show_message(self.tr("There is no table to export here."), "info", 5)
            return
        path = self.exporter.ask(self, safe_name(found[1]), kind)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> int | None:
        """Write the table on screen to `path` (.csv or .xlsx); None when nothing was written."""
        found = self.current_table()
        if found is None:
            return None
        model, name = found
        try:
            written = write_table(model, path, sheet=name.removeprefix("team-")[:31])
        except (OSError, ExportError) as exc:
            self.messages.show_message(
                self.tr("Could not export: {problem}").format(problem=str(exc)), "alert", 15
            )
            return None
        self.messages.show_message(
            self.tr("Exported {n} rows to {file}").format(n=written, file=path.name), "ok", 8
        )
        return written

    # -- clocks and closing ------------------------------------------------------------------

    def _tick(self) -> None:
        self.board.tick(self.session.clock.now())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.session.shutdown()
        event.accept()
