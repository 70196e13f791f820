"""The monthly and yearly assessment (月度考核及年度考核): reps × months, and the year.

Each cell is one figure of a rep's month against that month's target: green when met,
red when a past month missed it, amber when the current month is behind pace, grey for
months to come. The figure and the year are chosen above the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agent_desk.domain.kpi import format_satisfaction
from agent_desk.store.export import Cell
from agent_desk.store.team_queries import Assessment, MonthResult
from agent_desk.team.pace import PeriodKind, elapsed_share
from agent_desk.ui.style import set_role
from agent_desk.ui.team_common import (
    Column,
    ColumnFitter,
    RowsModel,
    count,
    progress_level,
    satisfaction_average,
    table_view,
)
from agent_desk.ui.team_figures import GOALS, actual, shown

CENTRE = Qt.AlignmentFlag.AlignCenter
YEARS_BACK = 4
SATISFACTION = "satisfaction"  # the figure chooser's entry without a target


@dataclass(frozen=True)
class AssessmentLine:
    name: str
    months: tuple[MonthResult, ...]
    year: MonthResult
    total: bool = False


def lines_of(assessment: Assessment, team_name: str) -> list[AssessmentLine]:
    lines = [AssessmentLine(r.rep.display_name, r.months, r.year) for r in assessment.reps]
    lines.append(AssessmentLine(team_name, assessment.team_months, assessment.team_year, True))
    return lines


def month_level(result: MonthResult, goal: str, month: int, year: int, today: date) -> str:
    """How a month's cell reads: met, missed (past), behind (now), to come, or no target."""
    if (year, month) > (today.year, today.month):
        return "muted"
    progress = result.progress.get(goal)
    if (year, month) < (today.year, today.month):
        if progress is None or not progress.target:
            return ""
        return "ok" if progress.met else "alert"
    # The current month: judged by the share of it passed at the end of today.
    return progress_level(progress, elapsed_share(PeriodKind.MONTH, _end_of(today), today))


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59))


class AssessmentModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], row_level=lambda line: "total" if line.total else "", parent=parent)
        self.goal = "calls"
        self.year = date.today().year
        self.today = date.today()
        self.columns = self._columns()

    def configure(self, goal: str, year: int, today: date) -> None:
        self.beginResetModel()
        self.goal, self.year, self.today = goal, year, today
        self.columns = self._columns()
        self.endResetModel()

    def _columns(self) -> list[Column]:
        locale = QLocale()
        months = [self._month_column(locale, m) for m in range(1, 13)]
        return [
            Column(self.tr("Rep"), lambda line: line.name),
            *months,
            Column(
                self.tr("Year"),
                lambda line: self._cell(line.year),
                align=CENTRE,
                level=self._year_level,
                tooltip=lambda line: self._tip(line.year),
                tint=True,
            ),
        ]

    def _month_column(self, locale: QLocale, month: int) -> Column:
        i = month - 1

        def cell(line: AssessmentLine) -> str:
            return self._cell(line.months[i])

        def level(line: AssessmentLine) -> str:
            return month_level(line.months[i], self.goal, month, self.year, self.today)

        def tip(line: AssessmentLine) -> str:
            return self._tip(line.months[i])

        return Column(
            locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat),
            cell,
            align=CENTRE,
            level=level,
            tooltip=tip,
            header_tip=locale.standaloneMonthName(month),
            tint=True,
        )

    def _year_level(self, line: AssessmentLine) -> str:
        if self.year > self.today.year:
            return "muted"
        moment = _end_of(self.today if self.year == self.today.year else date(self.year, 12, 31))
        share = elapsed_share(PeriodKind.YEAR, moment, date(self.year, 12, 31))
        return progress_level(line.year.progress.get(self.goal), share)

    def _cell(self, result: MonthResult) -> str:
        if self.goal == SATISFACTION:
            f = result.figures
            if not f.rated:
                return format_satisfaction(f)
            return self.tr("{average}\n{rated} rated").format(
                average=format_satisfaction(f), rated=count(f.rated)
            )
        value = shown(actual(result.figures, self.goal), self.goal)
        progress = result.progress.get(self.goal)
        if progress is None or not progress.target:
            return value
        return self.tr("{actual}\n{percent}%").format(actual=value, percent=progress.percent)

    def _tip(self, result: MonthResult) -> str:
        if self.goal == SATISFACTION:
            f = result.figures
            if not f.rated:
                return self.tr("{period}: no customer rated a call").format(period=result.label)
            return self.tr("{period}: average {average} of 5 from {rated} rated contacts").format(
                period=result.label, average=format_satisfaction(f), rated=count(f.rated)
            )
        value = shown(actual(result.figures, self.goal), self.goal)
        progress = result.progress.get(self.goal)
        if progress is None or not progress.target:
            return self.tr("{period}: {actual}, no target").format(
                period=result.label, actual=value
            )
        return self.tr("{period}: {actual} of {target} ({percent}%)").format(
            period=result.label,
            actual=value,
            target=shown(progress.target, self.goal),
            percent=progress.percent,
        )

    def export_table(self) -> tuple[list[str], list[list[Cell]]]:
        """Rep, then each month's and the year's actual and target, numbers as numbers.

        For satisfaction, which has no target: the average and the number rated.
        """
        lines = self.rows()
        labels = [m.label for m in lines[0].months] if lines else []
        header = [self.tr("Rep")]
        rated = self.goal == SATISFACTION
        for label in [*labels, str(self.year)]:
            second = self.tr("{period} rated") if rated else self.tr("{period} target")
            header += [label, second.format(period=label)]
        rows: list[list[Cell]] = []
        for line in lines:
            row: list[Cell] = [line.name]
            for result in (*line.months, line.year):
                if rated:  # the average (empty when none) and how many were rated
                    row += [satisfaction_average(result.figures), result.figures.rated]
                    continue
                progress = result.progress.get(self.goal)
                row.append(_plain(actual(result.figures, self.goal)))
                row.append(_plain(progress.target) if progress and progress.target else None)
            rows.append(row)
        return header, rows


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


class AssessmentPanel(QWidget):
    """Figure and year choosers above the grid.

    Signals:
        year_changed(int)
    """

    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AssessmentModel(self)
        self.view = table_view(
            "team_assessment", self.tr("Each rep's months and year against target"), self.model
        )
        self.view.verticalHeader().setDefaultSectionSize(46)
        self._fitter = ColumnFitter(
            self.view,
            priority=tuple(range(14)),
            limits={0: (110, 200), 13: (90, 120), **{m: (64, 96) for m in range(1, 13)}},
            stretch=(0,),
        )
        self.figure = QComboBox()
        self.figure.setObjectName("team_assessment_figure")
        names = {
            "calls": self.tr("Dials"),
            "contacts": self.tr("Contacts"),
            "interested": self.tr("Interested"),
            "sales_amount": self.tr("Sales amount"),
        }
        for goal in GOALS:
            self.figure.addItem(names[goal], goal)
        # 客户满意度, assessed with sales (no target: the average and how many rated).
        self.figure.addItem(self.tr("Customer satisfaction"), SATISFACTION)
        self.figure.currentIndexChanged.connect(lambda _: self._reconfigure())
        self.year = QComboBox()
        self.year.setObjectName("team_assessment_year")
        self.year.currentIndexChanged.connect(self._year_picked)
        self._assessment: Assessment | None = None
        self._today = date.today()
        self._team_name = ""
        title = QLabel(self.tr("Monthly and yearly assessment"))
        set_role(title, "title")
        legend = QLabel(
            self.tr(
                "Green: target met · red: a past month that missed it · amber: this month, "
                "behind pace · grey: to come"
            )
        )
        set_role(legend, "hint")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Figure")))
        top.addWidget(self.figure)
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.view, 1)

    def set_today(self, today: date) -> None:
        """The years to choose from end with this one."""
        self._today = today
        years = [today.year - back for back in range(YEARS_BACK + 1)]
        if [self.year.itemData(i) for i in range(self.year.count())] == years:
            return
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            self.year.addItem(str(year), year)
        self.year.blockSignals(False)

    def show_assessment(self, assessment: Assessment, team_name: str) -> None:
        self._assessment, self._team_name = assessment, team_name
        index = self.year.findData(assessment.year)
        if index >= 0 and index != self.year.currentIndex():
            self.year.blockSignals(True)
            self.year.setCurrentIndex(index)
            self.year.blockSignals(False)
        self._reconfigure()

    def _reconfigure(self) -> None:
        if self._assessment is None:
            return
        self.model.configure(self.figure.currentData(), self._assessment.year, self._today)
        self.model.set_rows(lines_of(self._assessment, self._team_name))

    def _year_picked(self, _: int) -> None:
        year = self.year.currentData()
        if isinstance(year, int):
            self.year_changed.emit(year)
