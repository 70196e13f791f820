"""Figures against target for today, this month or this year: each rep and the team.

A figure that met its target reads green; one behind the share of the period already
passed (`domain.kpi.on_pace`) reads amber. The hint under the switch says which targets
apply and how much of the period has passed, so the colours can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.domain.kpi import Figures, Progress, Target, format_satisfaction
from agent_desk.domain.outcomes import IntentLevel
from agent_desk.store.export import Cell
from agent_desk.store.team_queries import Period, TeamFigures
from agent_desk.team.pace import PeriodKind
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_role
from agent_desk.ui.team_common import (
    RIGHT,
    Column,
    ColumnFitter,
    ProgressDelegate,
    RowsModel,
    count,
    money,
    percent,
    progress_level,
    satisfaction_average,
    satisfaction_cell,
    table_view,
)

# The figures that have targets: progress key, what the figure is called in the export.
GOALS = ("calls", "contacts", "interested", "sales_amount")


@dataclass(frozen=True)
class FigureLine:
    """A row of the figures table: a rep, or the team's total (``total``)."""

    name: str
    figures: Figures
    target: Target | None
    progress: dict[str, Progress] = field(hash=False)
    total: bool = False


def lines_of(team: TeamFigures, total_name: str) -> list[FigureLine]:
    lines = [
        FigureLine(r.rep.display_name, r.figures, r.target, dict(r.progress)) for r in team.reps
    ]
    lines.append(FigureLine(total_name, team.total, team.target, dict(team.progress), True))
    return lines


def actual(figures: Figures, goal: str) -> int | float:
    if goal == "calls":
        return figures.dials
    if goal == "contacts":
        return figures.contacts
    if goal == "interested":
        return figures.interested
    return float(figures.sales_amount)


def shown(value: float, goal: str) -> str:
    return money(value) if goal == "sales_amount" else count(int(value))


class FiguresModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], row_level=lambda line: "total" if line.total else "", parent=parent)
        self.elapsed = 0.0
        self.titles = {
            "calls": self.tr("Dials"),
            "contacts": self.tr("Contacts"),
            "interested": self.tr("Interested"),
            "sales_amount": self.tr("Sales amount"),
        }
        self.columns = self._columns()

    def _goal(self, goal: str) -> Column:
        return Column(
            self.titles[goal],
            lambda line: self._against(line, goal),
            align=RIGHT,
            level=lambda line: progress_level(line.progress.get(goal), self.elapsed),
            tooltip=lambda line: self._tip(line, goal),
            progress=lambda line: _ratio(line.progress.get(goal)),
            header_tip=self.tr("Actual / target; the bar shows how far to target"),
        )

    def _columns(self) -> list[Column]:
        return [
            Column(self.tr("Rep"), lambda line: line.name),
            self._goal("calls"),
            self._goal("contacts"),
            Column(
                self.tr("Contact rate"),
                lambda line: f"{line.figures.contact_rate:.0%}",
                align=RIGHT,
            ),
            Column(
                self.tr("Talk time"),
                lambda line: texts.duration(line.figures.talk_seconds),
                align=RIGHT,
            ),
            self._goal("interested"),
            *[_intent_column(level) for level in IntentLevel],
            Column(self.tr("Sales"), lambda line: count(line.figures.sales_count), align=RIGHT),
            self._goal("sales_amount"),
            Column(
                self.tr("Callbacks set"),
                lambda line: count(line.figures.callbacks_set),
                align=RIGHT,
            ),
            Column(
                self.tr("Satisfaction"),
                lambda line: satisfaction_cell(line.figures),
                align=RIGHT,
                tooltip=self._satisfaction_tip,
                header_tip=self.tr(
                    "Customer satisfaction: the average of the customers' ratings (1 to 5) "
                    "and, in brackets, how many contacts were rated"
                ),
            ),
        ]

    def _satisfaction_tip(self, line: FigureLine) -> str:
        f = line.figures
        if not f.rated:
            return self.tr("No customer rated a call in this period")
        return self.tr("Average {average} of 5 from {rated} rated contacts").format(
            average=format_satisfaction(f), rated=count(f.rated)
        )

    def _against(self, line: FigureLine, goal: str) -> str:
        value = shown(actual(line.figures, goal), goal)
        progress = line.progress.get(goal)
        if progress is None or not progress.target:
            return value
        return self.tr("{actual} / {target} · {percent}").format(
            actual=value, target=shown(progress.target, goal), percent=percent(progress)
        )

    def _tip(self, line: FigureLine, goal: str) -> str:
        progress = line.progress.get(goal)
        if progress is None or not progress.target:
            return self.tr("No target set")
        if progress.met:
            return self.tr("Target met")
        return self.tr("{remaining} to go").format(remaining=shown(progress.remaining, goal))

    def export_table(self) -> tuple[list[str], list[list[Cell]]]:
        """Numbers as numbers: each target figure as actual, target and percent columns."""
        header: list[str] = [self.tr("Rep")]
        for goal in GOALS:
            name = self.titles[goal]
            header += [
                name,
                self.tr("{figure} target").format(figure=name),
                self.tr("{figure} %").format(figure=name),
            ]
        header += [
            self.tr("Contact rate"),
            self.tr("Talk time"),
            *[level.value for level in IntentLevel],
            self.tr("Sales"),
            self.tr("Callbacks set"),
            self.tr("Satisfaction (average)"),
            self.tr("Rated contacts"),
        ]
        rows: list[list[Cell]] = []
        for line in self.rows():
            f = line.figures
            row: list[Cell] = [line.name]
            for goal in GOALS:
                progress = line.progress.get(goal)
                has = progress is not None and bool(progress.target)
                row += [
                    _number(actual(f, goal)),
                    _number(progress.target) if has and progress else None,
                    progress.percent if has and progress else None,
                ]
            row += [
                round(f.contact_rate, 4),
                texts.duration(f.talk_seconds),
                *[f.intents[level] for level in IntentLevel],
                f.sales_count,
                f.callbacks_set,
                satisfaction_average(f),
                f.rated,
            ]
            rows.append(row)
        return header, rows


def _intent_column(level: IntentLevel) -> Column:
    def counted(line: FigureLine) -> str:
        return count(line.figures.intents[level])

    return Column(level.value, counted, align=RIGHT, header_tip=texts.intent(level.value))


def _number(value: float) -> int | Decimal:
    return int(value) if float(value).is_integer() else Decimal(str(round(value, 2)))


def _ratio(progress: Progress | None) -> float | None:
    return progress.ratio if progress is not None else None


class PeriodSwitch(QWidget):
    """Today / This month / This year, as a row of toggle buttons.

    Signals:
        period_changed(PeriodKind)
    """

    period_changed = Signal(object)

    def __init__(self, name: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, name, description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.group = QButtonGroup(self)
        self.buttons: dict[PeriodKind, QToolButton] = {}
        for kind, text in (
            (PeriodKind.TODAY, self.tr("Today")),
            (PeriodKind.MONTH, self.tr("This month")),
            (PeriodKind.YEAR, self.tr("This year")),
        ):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setObjectName(f"{name}_{kind.value}")
            button.setProperty("segment", True)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[kind] = button
            button.clicked.connect(lambda _=False, k=kind: self.period_changed.emit(k))
        self.buttons[PeriodKind.TODAY].setChecked(True)

    def set_period(self, kind: PeriodKind) -> None:
        self.buttons[kind].setChecked(True)

    def period(self) -> PeriodKind:
        return next(k for k, b in self.buttons.items() if b.isChecked())


def period_title(kind: PeriodKind, period: Period) -> str:
    """``Wed 25 Nov 2026``, ``November 2026`` or ``2026`` in the UI language."""
    locale = QLocale()
    start = QDate(period.start.year, period.start.month, period.start.day)
    if kind is PeriodKind.TODAY:
        return locale.toString(start, QLocale.FormatType.LongFormat)
    if kind is PeriodKind.MONTH:
        return locale.toString(start, "MMMM yyyy")
    return str(period.start.year)


class FiguresPanel(QWidget):
    """The period switch, what the targets mean, and the figures table.

    Signals:
        period_changed(PeriodKind)
    """

    period_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FiguresModel(self)
        self.switch = PeriodSwitch("team_period", self.tr("Which period the figures cover"))
        self.switch.period_changed.connect(self.period_changed)
        self.title = QLabel()
        set_role(self.title, "title")
        self.hint = QLabel()
        set_role(self.hint, "hint")
        self.hint.setWordWrap(True)
        self.view = table_view(
            "team_figures", self.tr("Each rep's figures against target"), self.model
        )
        delegate = ProgressDelegate(self.view)
        for column in (1, 2, 5, 11):
            self.view.setItemDelegateForColumn(column, delegate)
        self.view.verticalHeader().setDefaultSectionSize(36)
        self._fitter = ColumnFitter(
            self.view,
            # At 1366 px in English one column does not fit: the contact rate goes first
            # (dials and contacts beside it give it), then callbacks set.
            priority=(0, 1, 2, 11, 5, 13, 10, 4, 6, 7, 8, 9, 12, 3),
            limits={0: (110, 200), 1: (120, 170), 2: (120, 170), 5: (110, 160), 11: (150, 210)},
            stretch=(0,),
        )
        top = QHBoxLayout()
        top.addWidget(self.switch)
        top.addSpacing(16)
        top.addWidget(self.title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.kind = PeriodKind.TODAY

    def show_figures(self, figures: TeamFigures, kind: PeriodKind, elapsed: float) -> None:
        self.kind = kind
        self.switch.set_period(kind)
        self.model.elapsed = elapsed
        self.model.set_rows(lines_of(figures, self.tr("Team total")))
        self.title.setText(period_title(kind, figures.period))
        self.hint.setText(self._hint(kind, elapsed, figures.target is not None))

    def _hint(self, kind: PeriodKind, elapsed: float, has_target: bool) -> str:
        if not has_target:
            return self.tr("No targets are set for this period.")
        passed = f"{elapsed:.0%}"
        if kind is PeriodKind.TODAY:
            return self.tr(
                "Today's target is each rep's monthly target shared over the month's working "
                "days. {passed} of the working day has passed: green is met, amber is behind."
            ).format(passed=passed)
        if kind is PeriodKind.MONTH:
            return self.tr(
                "Monthly targets. {passed} of the month has passed: green is met, amber is behind."
            ).format(passed=passed)
        return self.tr(
            "The year's monthly targets added up. {passed} of the year has passed: "
            "green is met, amber is behind."
        ).format(passed=passed)
