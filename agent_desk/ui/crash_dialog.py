"""The dialog after an unexpected error: what happened, where, what was saved, the log."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from agent_desk.crash import CrashReport
from agent_desk.ui import texts
from agent_desk.ui.style import accessible, icon, picture, set_level, set_role


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CrashDialog(QDialog):
    """Shows a :class:`CrashReport`; Accepted means "keep working", Rejected "quit"."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        accessible(self, "crash_dialog", self.tr("Agent Desk ran into a problem"))
        self.setWindowTitle(self.tr("Agent Desk — Something went wrong"))
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        head = QHBoxLayout()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        head.addWidget(picture(warning.pixmap(40, 40)))
        title = QLabel(self.tr("Agent Desk ran into a problem it did not expect."))
        set_role(title, "title")
        title.setWordWrap(True)
        head.addWidget(title, 1)
        layout.addLayout(head)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.what = _selectable(report.summary)
        accessible(self.what, "crash_what", self.tr("What went wrong"))
        form.addRow(self.tr("What happened:"), self.what)
        self.where = _selectable(report.where or self.tr("unknown"))
        accessible(self.where, "crash_where", self.tr("Where in the program"))
        form.addRow(self.tr("Where:"), self.where)
        log_row = QHBoxLayout()
        if report.log_file is not None:
            log_text = str(report.log_file)
        else:
            log_text = self.tr("could not be written; the details are below")
        # A read-only field: a long path scrolls instead of breaking at its hyphens.
        self.log_label = QLineEdit(log_text)
        self.log_label.setReadOnly(True)
        self.log_label.setCursorPosition(0)
        accessible(self.log_label, "crash_log", self.tr("Where the log is"))
        log_row.addWidget(self.log_label, 1)
        self.open_log = QPushButton(self.tr("Open the log folder"))
        accessible(self.open_log, "crash_open_log", self.tr("Open the folder of the log file"))
        self.open_log.setAutoDefault(False)
        self.open_log.setEnabled(report.log_file is not None)
        self.open_log.clicked.connect(self._open_log_folder)
        log_row.addWidget(self.open_log, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Log:"), log_row)
        layout.addLayout(form)

        self.saved = _selectable(self._saved_text())
        accessible(self.saved, "crash_saved", self.tr("What was saved"))
        set_level(self.saved, "alert" if report.save_failed else "ok")
        layout.addWidget(self.saved)

        self.details = QPlainTextEdit(report.details)
        accessible(self.details, "crash_details", self.tr("The technical details"))
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(160)
        self.details.hide()
        layout.addWidget(self.details, 1)

        buttons = QHBoxLayout()
        self.details_button = QPushButton(self.tr("Show details"))
        accessible(self.details_button, "crash_show_details", self.tr("Show the traceback"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton(self.tr("Copy details"))
        accessible(self.copy_button, "crash_copy", self.tr("Copy the details for a bug report"))
        self.copy_button.clicked.connect(self.copy_details)
        self.quit_button = QPushButton(self.tr("Quit"))
        accessible(self.quit_button, "crash_quit", self.tr("Close Agent Desk"))
        self.quit_button.clicked.connect(self.reject)
        self.keep_button = QPushButton(self.tr("Keep working"))
        accessible(self.keep_button, "crash_keep", self.tr("Close this message and go on"))
        set_role(self.keep_button, "primary")
        self.keep_button.clicked.connect(self.accept)
        for button in (self.details_button, self.copy_button, self.quit_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.insertStretch(2, 1)
        buttons.addWidget(self.keep_button)
        self.keep_button.setDefault(True)
        layout.addLayout(buttons)

    def _saved_text(self) -> str:
        report = self.report
        if report.save_failed:
            return self.tr(
                "Your open work could not all be saved; see the log. Wrap-ups you saved "
                "before are safe in the desk database."
            )
        if report.saved:
            return self.tr(
                "Your work is safe: {what} was saved. Wrap-ups you saved before are kept "
                "in the desk database."
            ).format(what=texts.joined(list(report.saved)))
        return self.tr("Nothing was lost: wrap-ups you saved are kept in the desk database.")

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()

    def copy_details(self) -> str:
        report = self.report
        text = "\n".join(
            (
                report.summary,
                f"at {report.where}",
                f"thread {report.thread}",
                f"log {report.log_file}",
                "",
                report.details,
            )
        )
        QGuiApplication.clipboard().setText(text)
        return text

    def _open_log_folder(self) -> None:
        if self.report.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.log_file.parent)))


def ask_after_crash(report: CrashReport) -> bool:
    """The crash handler's presenter: True when the person keeps working."""
    # A top-level dialog: the window that broke may be the one in trouble.
    dialog = CrashDialog(report)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    return dialog.exec() == QDialog.DialogCode.Accepted
