"""The first start on a desk: try the demo, or connect to the team's server.

Shown when nothing is configured yet (no server logged in to, no ``--demo``, ``--db`` or
``--user``). The choice only routes: the app then opens the demo, or the login dialog,
which checks the connection and the schema version before any desk opens.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from agent_desk.ui.style import accessible, icon, picture, set_role

DEMO, SERVER = "demo", "server"


class FirstRunDialog(QDialog):
    """Two choices; after ``exec()`` returns Accepted, :meth:`choice` says which."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        accessible(self, "first_run_dialog", self.tr("Welcome to Agent Desk"))
        self.setWindowTitle(self.tr("Welcome to Agent Desk"))
        self.setWindowIcon(icon("app"))
        self._choice: str | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.setContentsMargins(18, 18, 18, 12)

        head = QHBoxLayout()
        head.addWidget(picture(icon("app").pixmap(48, 48)))
        words = QVBoxLayout()
        title = QLabel(self.tr("Welcome to Agent Desk"))
        set_role(title, "title")
        words.addWidget(title)
        intro = QLabel(self.tr("How do you want to start?"))
        intro.setWordWrap(True)
        words.addWidget(intro)
        head.addLayout(words, 1)
        layout.addLayout(head)

        self.demo_button = QCommandLinkButton(
            self.tr("Try the demo"),
            self.tr(
                "A practice team on this computer: demo leads, scripts and a simulated "
                "line. Customers are played by personas; nothing is dialed for real."
            ),
        )
        accessible(self.demo_button, "first_run_demo", self.tr("Open the demo desk"))
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        layout.addWidget(self.demo_button)

        self.server_button = QCommandLinkButton(
            self.tr("Connect to my team's server"),
            self.tr(
                "Log in to your team's database with the server, user name and password "
                "your admin gave you. The password can be kept in this computer's keyring."
            ),
        )
        accessible(self.server_button, "first_run_server", self.tr("Log in to the team's server"))
        self.server_button.clicked.connect(lambda: self._choose(SERVER))
        layout.addWidget(self.server_button)

        hint = QLabel(
            self.tr(
                "You can change this later under Settings, and choose the language, "
                "colours and phone line there."
            )
        )
        hint.setWordWrap(True)
        set_role(hint, "hint")
        layout.addWidget(hint)

        buttons = QDialogButtonBox()
        self.quit_button = buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        accessible(self.quit_button, "first_run_quit", self.tr("Close Agent Desk"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.demo_button.setFocus()

    def choice(self) -> str | None:
        """``"demo"``, ``"server"``, or None when the person quit."""
        return self._choice

    def _choose(self, choice: str) -> None:
        self._choice = choice
        self.accept()
