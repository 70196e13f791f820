"""End of shift: the rep checks the day's figures, adds a note, confirms, may export CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.desk.views import ShiftSummaryView
from agent_desk.domain.kpi import format_satisfaction
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, set_role


def write_summary_csv(summary: ShiftSummaryView, path: Path, username: str) -> None:
    """The summary as key,value rows (UTF-8 with BOM so Excel reads Chinese names)."""
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(["field", "value"])
        writer.writerow(["rep", username])
        writer.writerows(summary.as_rows())


class EndShiftDialog(QDialog):
    def __init__(
        self, summary: ShiftSummaryView, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        accessible(self, "end_shift_dialog", self.tr("End of shift summary"))
        self.setWindowTitle(self.tr("End of shift"))
        self.summary = summary
        self.username = username
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Check today's figures before you confirm. They are saved for your supervisor.")
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        f = summary.figures
        rows = [
            (
                self.tr("Shift"),
                self.tr("{start} – {end}").format(
                    start=texts.date_time(summary.started_at),
                    end=texts.local_time(summary.ended_at, with_day=False),
                ),
            ),
            (self.tr("Dials"), str(f.dials)),
            # Calls customers made to the desk: not dials; shown only when there were some.
            *([(self.tr("Inbound calls"), str(f.inbound))] if f.inbound else []),
            (
                self.tr("Contacts"),
                self.tr("{n} ({rate:.0%} of dials)").format(n=f.contacts, rate=f.contact_rate),
            ),
            (self.tr("Talk time"), texts.duration(f.talk_seconds)),
            (
                self.tr("Intents"),
                # "A 3 · B 5 · C 2 · D 7": the letters read the same in every language.
                " · ".join(f"{level} {count}" for level, count in summary.intents.items()),
            ),
            (self.tr("Callbacks set"), str(f.callbacks_set)),
            (
                self.tr("Sales"),
                self.tr("{count} · amount {amount:,.2f}").format(
                    count=f.sales_count, amount=f.sales_amount
                ),
            ),
            (
                self.tr("Customer satisfaction"),
                # "—" when nobody rated a call: an unrated shift is not a 0.
                self.tr("{average} of 5 · {rated} rated").format(
                    average=format_satisfaction(f), rated=f.rated
                )
                if f.rated
                else format_satisfaction(f),
            ),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setObjectName(f"summary_{len(form.children())}")
            form.addRow(label, shown)
        layout.addLayout(form)
        self.note = QPlainTextEdit()
        accessible(self.note, "shift_note", self.tr("Note for your supervisor"))
        self.note.setPlaceholderText(self.tr("Note for your supervisor (optional)"))
        self.note.setMaximumHeight(80)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("export_shift_csv")
        self.export_button.clicked.connect(self._export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        confirm = buttons.addButton(
            self.tr("Confirm and end shift"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        confirm.setObjectName("confirm_shift")
        set_role(confirm, "primary")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def _export(self) -> None:
        default = f"shift-{self.username}-{self.summary.ended_at.astimezone():%Y%m%d}.csv"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export shift summary"), default, self.tr("CSV files (*.csv)")
        )
        if name:
            write_summary_csv(self.summary, Path(name), self.username)
