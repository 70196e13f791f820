"""Charts of the team's day and period (QtCharts): calls per hour, outcomes, target progress.

Calls per hour always shows today; the outcome mix and the progress to target follow the
period switch above them. Progress shows each figure's share of its target next to the
share that should be reached by now, so "behind" needs no arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from agent_desk.store.team_queries import HourCount, OutcomeMix, TeamFigures
from agent_desk.team.pace import PeriodKind
from agent_desk.ui import team_palette
from agent_desk.ui.style import accessible, set_role, ui_language
from agent_desk.ui.team_figures import GOALS, PeriodSwitch

# Hours always on the axis (the office's day); others appear when they have calls.
FIRST_HOUR, LAST_HOUR = 8, 20


def hours_shown(hours: Sequence[HourCount]) -> list[HourCount]:
    """The office hours, widened to any hour with a call."""
    busy = [h.hour for h in hours if h.dials]
    first = min([FIRST_HOUR, *busy])
    last = max([LAST_HOUR, *busy])
    return [h for h in hours if first <= h.hour <= last]


def percent_scale(highest: float) -> tuple[int, int]:
    """An axis end in round steps a little past `highest` (room for the bar labels), and
    its tick count: 100 → 125 in steps of 25; 510 → 600 in steps of 100."""
    step = 25 if highest <= 150 else 50 if highest <= 300 else 100
    top = math.ceil(highest * 1.12 / step) * step
    return top, top // step + 1


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setTitleBrush(QColor(team_palette.CHART_TEXT))
    chart.setBackgroundRoundness(8)
    chart.setMargins(QMargins(6, 4, 6, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(QColor(team_palette.CHART_TEXT))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _axis_style(axis: QBarCategoryAxis | QValueAxis) -> None:
    axis.setLabelsColor(QColor(team_palette.CHART_TEXT))
    axis.setGridLineColor(QColor(team_palette.CHART_GRID))
    axis.setLinePen(QPen(QColor(team_palette.CHART_GRID)))


def _bar_set(name: str, colour: str, values: Sequence[float]) -> QBarSet:
    made = QBarSet(name)
    made.setColor(team_palette.colour(colour))
    made.setBorderColor(team_palette.colour(colour))
    made.append([float(v) for v in values])
    return made


def _replace(chart: QChart) -> None:
    """Take a chart's series and axes away before new ones go in."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _view(chart: QChart, name: str) -> QChartView:
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(200)
    return view


class ChartsPanel(QWidget):
    """Three charts under a period switch.

    Signals:
        period_changed(PeriodKind)
    """

    period_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "team_charts", self.tr("Charts of the team's calls and progress"))
        self.switch = PeriodSwitch(
            "team_charts_period", self.tr("Which period the outcome and progress charts cover")
        )
        self.switch.period_changed.connect(self.period_changed)
        self.hourly_chart = _chart(self.tr("Calls per hour today"))
        self.mix_chart = _chart(self.tr("Outcomes"))
        self.mix_chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        legend_font = QFont(self.mix_chart.legend().font())
        legend_font.setPointSizeF(9)
        self.mix_chart.legend().setFont(legend_font)
        self.progress_chart = _chart(self.tr("Progress to target"))
        self.hourly_view = _view(self.hourly_chart, "team_chart_hourly")
        self.mix_view = _view(self.mix_chart, "team_chart_outcomes")
        self.progress_view = _view(self.progress_chart, "team_chart_progress")
        self.note = QLabel()
        set_role(self.note, "hint")
        self.hourly: dict[str, list[float]] = {}
        self.hour_labels: list[str] = []
        self.mix: dict[str, int] = {}
        self.progress: dict[str, tuple[float, float]] = {}
        top = QHBoxLayout()
        top.addWidget(self.switch)
        top.addSpacing(16)
        top.addWidget(self.note, 1)
        grid = QGridLayout()
        grid.setSpacing(8)
        grid.addWidget(self.hourly_view, 0, 0)
        grid.addWidget(self.mix_view, 0, 1)
        grid.addWidget(self.progress_view, 1, 0, 1, 2)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 9)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    # -- calls per hour -----------------------------------------------------------------------

    def show_hourly(self, hours: Sequence[HourCount]) -> None:
        shown = hours_shown(hours)
        self.hour_labels = [f"{h.hour:02d}" for h in shown]
        self.hourly = {
            "dials": [float(h.dials) for h in shown],
            "contacts": [float(h.contacts) for h in shown],
            "sales": [float(h.sales) for h in shown],
        }
        chart = self.hourly_chart
        _replace(chart)
        series = QBarSeries()
        series.setBarWidth(0.8)
        names = {
            "dials": self.tr("Dials"),
            "contacts": self.tr("Contacts"),
            "sales": self.tr("Sales"),
        }
        for key, values in self.hourly.items():
            series.append(_bar_set(names[key], key, values))
        chart.addSeries(series)
        hours_axis = QBarCategoryAxis()
        hours_axis.append(self.hour_labels)
        hours_axis.setGridLineVisible(False)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        top = max([*self.hourly["dials"], 4.0]) * 1.1  # room above the tallest bar
        counts.setRange(0, top)
        counts.applyNiceNumbers()
        for axis, side in (
            (hours_axis, Qt.AlignmentFlag.AlignBottom),
            (counts, Qt.AlignmentFlag.AlignLeft),
        ):
            _axis_style(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)

    # -- outcome mix --------------------------------------------------------------------------

    def show_outcomes(self, mix: OutcomeMix, title: str) -> None:
        chart = self.mix_chart
        _replace(chart)
        chart.setTitle(self.tr("Outcomes · {period}").format(period=title))
        zh = ui_language() == "zh"
        shares = [
            (s.label_zh if zh and s.label_zh else s.label_en or s.code, s.calls) for s in mix.shares
        ]
        if mix.unwrapped:
            shares.append((self.tr("No wrap-up yet"), mix.unwrapped))
        self.mix = dict(shares)
        total = sum(n for _, n in shares)
        series = QPieSeries()
        series.setHoleSize(0.45)
        series.setPieSize(0.85)
        for index, (label, calls) in enumerate(shares):
            text = self.tr("{outcome}  {calls} ({share:.0%})").format(
                outcome=label, calls=calls, share=calls / total if total else 0
            )
            piece = series.append(text, calls)
            colour = team_palette.OUTCOME_COLOURS[index % len(team_palette.OUTCOME_COLOURS)]
            piece.setColor(QColor(colour))
            piece.setBorderColor(QColor("white"))
        chart.addSeries(series)
        chart.legend().setVisible(bool(shares))
        if not shares:
            chart.setTitle(self.tr("Outcomes · {period}: no calls yet").format(period=title))

    # -- progress to target -------------------------------------------------------------------

    def show_progress(self, figures: TeamFigures, title: str, elapsed: float) -> None:
        chart = self.progress_chart
        _replace(chart)
        chart.setTitle(self.tr("Progress to target · {period}").format(period=title))
        names = {
            "calls": self.tr("Dials"),
            "contacts": self.tr("Contacts"),
            "interested": self.tr("Interested"),
            "sales_amount": self.tr("Sales amount"),
        }
        goals = [g for g in GOALS if (p := figures.progress.get(g)) is not None and p.target]
        self.progress = {
            g: (round(figures.progress[g].ratio or 0.0, 4) * 100, round(elapsed * 100, 1))
            for g in goals
        }
        if not goals:
            chart.setTitle(
                self.tr("Progress to target · {period}: no targets set").format(period=title)
            )
            self.note.setText("")
            return
        # Horizontal bars draw the first category at the bottom: reversed, Dials is on top.
        ordered = list(reversed(goals))
        achieved = _bar_set(self.tr("Reached"), "achieved", [self.progress[g][0] for g in ordered])
        expected = _bar_set(
            self.tr("Expected by now"), "expected", [self.progress[g][1] for g in ordered]
        )
        for bar_set in (achieved, expected):
            bar_set.setLabelColor(QColor(team_palette.CHART_TEXT))
        series = QHorizontalBarSeries()
        series.append(expected)
        series.append(achieved)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(3)
        chart.addSeries(series)
        figure_axis = QBarCategoryAxis()
        figure_axis.append([names[g] for g in ordered])
        figure_axis.setGridLineVisible(False)
        share_axis = QValueAxis()
        share_axis.setLabelFormat("%d%%")
        highest = max([100.0, *(v for pair in self.progress.values() for v in pair)])
        top, ticks = percent_scale(highest)
        share_axis.setRange(0, top)
        share_axis.setTickCount(ticks)
        for axis, side in (
            (figure_axis, Qt.AlignmentFlag.AlignLeft),
            (share_axis, Qt.AlignmentFlag.AlignBottom),
        ):
            _axis_style(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        self.note.setText(self.tr("{passed:.0%} of the period has passed.").format(passed=elapsed))

    def set_period(self, kind: PeriodKind) -> None:
        self.switch.set_period(kind)
