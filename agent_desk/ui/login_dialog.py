"""Log in to the team's database: server, user, password, and why it did not work.

The check runs on a background thread (it waits on the network, up to the connect
timeout); the dialog polls for the answer, so no Qt object is ever touched from that
thread and a cancelled or closed dialog simply drops a late answer. The keyring is used
on the same thread after a successful login: a Secret Service can be slow too.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from agent_desk.connection import (
    ConnectionCheck,
    ConnectionProblem,
    ServerSettings,
    check_connection,
    forget_password,
    keyring_available,
    parse_server,
    recall_password,
    remember_password,
)
from agent_desk.store.identity import Identity
from agent_desk.ui.login_ssl import SslSection
from agent_desk.ui.style import accessible, set_level, set_role

_POLL_MS = 50


def _log_in(
    settings: ServerSettings, password: str, remember: bool
) -> tuple[ConnectionCheck, bool | None]:
    """The background half: check, then keep or drop the password. Runs off the UI thread.

    Returns the check and whether the password was remembered (None when not asked to).
    """
    result = check_connection(settings, password)
    if not result.ok:
        return result, None
    if remember and password:
        return result, remember_password(settings, password)
    forget_password(settings)
    return result, None


class LoginDialog(QDialog):
    """Server, database, user and password; Connect checks them without freezing the desk.

    After ``exec()`` returns Accepted, :meth:`settings`, :meth:`password` and
    :meth:`identity` say who logged in where; :meth:`notice` has anything the person
    should still be told (the password could not be remembered).
    """

    def __init__(
        self,
        settings: ServerSettings | None = None,
        *,
        password: str | None = None,
        auto_connect: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        accessible(self, "login_dialog", self.tr("Log in to Agent Desk"))
        self.setWindowTitle(self.tr("Agent Desk — Log in"))
        self._base = settings or ServerSettings(host="")
        self._identity: Identity | None = None
        self._notice = ""
        self._future: Future[tuple[ConnectionCheck, bool | None]] | None = None
        self._pending: ServerSettings | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._check_answer)
        self._build()
        self._prefill(self._base, password)
        if auto_connect and self.password_edit.text():
            QTimer.singleShot(0, self.try_connect)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        # The dialog fits its contents, also when Advanced opens and closes.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        title = QLabel(self.tr("Log in to your team's database"))
        set_role(title, "title")
        layout.addWidget(title)
        hint = QLabel(self.tr("Use the user name and password your admin gave you."))
        set_role(hint, "hint")
        layout.addWidget(hint)

        self.inputs = QWidget()
        inputs = QVBoxLayout(self.inputs)
        inputs.setContentsMargins(0, 6, 0, 0)
        form = QFormLayout()
        self.server_edit = self._line("login_server", self.tr("Server address"))
        self.server_edit.setPlaceholderText(self.tr("host name, or host:port"))
        self.database_edit = self._line("login_database", self.tr("Database name"))
        self.user_edit = self._line("login_user", self.tr("Your user name"))
        self.password_edit = self._line("login_password", self.tr("Your password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("Remember password"))
        accessible(
            self.remember_box,
            "login_remember",
            self.tr("Keep the password in this computer's keyring"),
        )
        if not keyring_available():
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(
                self.tr("This computer has no keyring to keep passwords in.")
            )
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow(self.tr("Database"), self.database_edit)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.remember_box)
        inputs.addLayout(form)
        self.ssl = SslSection()
        inputs.addWidget(self.ssl)
        layout.addWidget(self.inputs)

        self.busy = QProgressBar()
        accessible(self.busy, "login_busy", self.tr("Connecting"))
        self.busy.setRange(0, 0)  # a busy indicator, not a percentage
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.status = QLabel()
        accessible(self.status, "login_status", self.tr("Login status"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton(
            self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        accessible(self.connect_button, "login_connect", self.tr("Log in"))
        set_role(self.connect_button, "primary")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.try_connect)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        accessible(self.cancel_button, "login_cancel", self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _line(self, name: str, description: str) -> QLineEdit:
        edit = QLineEdit()
        accessible(edit, name, description)
        edit.setMinimumWidth(260)
        edit.textEdited.connect(lambda _text, e=edit: set_level(e, ""))
        return edit

    def _prefill(self, settings: ServerSettings, password: str | None) -> None:
        self.server_edit.setText(settings.server if settings.host else "")
        self.database_edit.setText(settings.database)
        self.user_edit.setText(settings.username)
        self.ssl.set_values(settings)
        remembered = None
        if password is None and settings.host and settings.username:
            remembered = recall_password(settings)
        self.password_edit.setText(password if password is not None else remembered or "")
        self.remember_box.setChecked(bool(remembered))
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.password_edit.setFocus()

    # -- results -------------------------------------------------------------------------------

    def settings(self) -> ServerSettings | None:
        """What the fields say (after a login: where it logged in); None when unusable."""
        try:
            host, port = parse_server(self.server_edit.text())
            typed = replace(
                self._base,
                host=host,
                port=port,
                database=self.database_edit.text().strip(),
                username=self.user_edit.text().strip(),
            )
            return self.ssl.applied_to(typed)
        except ValueError:
            return None

    def password(self) -> str:
        return self.password_edit.text()

    def identity(self) -> Identity | None:
        """The person who logged in (their role routes them), None before a login."""
        return self._identity

    def notice(self) -> str:
        """Something to tell the person after logging in, or ""."""
        return self._notice

    def is_busy(self) -> bool:
        return self._future is not None

    # -- connecting ----------------------------------------------------------------------------

    def try_connect(self) -> None:
        """Check the fields, then log in on a background thread."""
        if self.is_busy():
            return
        settings = self._validated()
        if settings is None:
            return
        self._pending = settings
        remember = self.remember_box.isChecked() and self.remember_box.isEnabled()
        future: Future[tuple[ConnectionCheck, bool | None]] = Future()
        password = self.password_edit.text()

        def run() -> None:
            try:
                future.set_result(_log_in(settings, password, remember))
            except BaseException as exc:  # handed to the UI thread, shown as OTHER
                future.set_exception(exc)

        self._future = future
        self._set_busy(True)
        self._show(self.tr("Connecting to {server}…").format(server=settings.server), "hint")
        # A daemon thread: a server that never answers must not keep the app from quitting.
        threading.Thread(target=run, name="agent-desk-login", daemon=True).start()
        self._poll.start()

    def _validated(self) -> ServerSettings | None:
        """The settings to try, or None after pointing at the field to fix."""
        server = self.server_edit.text().strip()
        refusal = None
        if not server:
            refusal = (self.server_edit, self.tr("Enter the server address."))
        elif self.settings() is None:
            refusal = (
                self.server_edit,
                self.tr("The port after the colon must be a number from 1 to 65535."),
            )
        elif not self.database_edit.text().strip():
            refusal = (self.database_edit, self.tr("Enter the database name."))
        elif not self.user_edit.text().strip():
            refusal = (self.user_edit, self.tr("Enter your user name."))
        if refusal is None:
            return self.settings()
        edit, message = refusal
        set_level(edit, "alert")
        edit.setFocus()
        self._show(message, "error")
        return None

    def _check_answer(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._poll.stop()
        self._future = None
        self._set_busy(False)
        settings = self._pending
        assert settings is not None
        exc = future.exception()
        if exc is not None:
            result = ConnectionCheck(ConnectionProblem.OTHER, f"{type(exc).__name__}: {exc}")
            remembered = None
        else:
            result, remembered = future.result()
        if result.ok:
            self._identity = result.identity
            if remembered is False:
                self._notice = self.tr(
                    "Logged in, but this computer's keyring could not keep your password: "
                    "you will be asked for it next time."
                )
                self._show(self._notice, "warn")
            self.accept()
            return
        assert result.problem is not None
        self._show(self._problem_text(result, settings), "error")
        self._focus_for(result.problem)

    def _set_busy(self, busy: bool) -> None:
        self.inputs.setEnabled(not busy)
        self.connect_button.setEnabled(not busy)
        self.busy.setVisible(busy)

    def _show(self, message: str, kind: str) -> None:
        set_role(self.status, "error" if kind == "error" else "hint")
        set_level(self.status, {"error": "alert", "warn": "warn"}.get(kind, "info"))
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def reject(self) -> None:
        """Cancel and Escape stop a login in progress first; when idle they close."""
        if self.is_busy():
            self._future = None  # a late answer is dropped: the thread ends on its own
            self._poll.stop()
            self._set_busy(False)
            self._show(self.tr("Cancelled. Nothing was changed."), "hint")
            self.connect_button.setFocus()
            return
        super().reject()

    def _focus_for(self, problem: ConnectionProblem) -> None:
        edit = {
            ConnectionProblem.WRONG_PASSWORD: self.password_edit,
            ConnectionProblem.UNKNOWN_USER: self.user_edit,
            ConnectionProblem.UNREACHABLE: self.server_edit,
            ConnectionProblem.NO_DATABASE: self.database_edit,
        }.get(problem)
        if edit is not None:
            set_level(edit, "alert")
            edit.setFocus()
            edit.selectAll()

    def _problem_text(self, result: ConnectionCheck, settings: ServerSettings) -> str:
        p = ConnectionProblem
        texts = {
            p.WRONG_PASSWORD: self.tr("The password is not right for {user}.")
            if self.password_edit.text()
            else self.tr("Enter the password for {user}."),
            p.UNKNOWN_USER: self.tr(
                "{user} is not an Agent Desk user on this server. Check the user name, "
                "or ask your admin."
            ),
            p.UNREACHABLE: self.tr("Cannot reach {server}. Check the address and your network."),
            p.SSL_PROBLEM: self.tr(
                "The secure connection to {server} failed. Check the SSL settings under "
                "Advanced, or ask your admin."
            ),
            p.NO_DATABASE: self.tr("{server} has no database named {database}. Check the name."),
            p.SCHEMA_EMPTY: self.tr(
                "The team database is not set up yet: ask your admin to run agent-desk-admin init."
            ),
            p.SCHEMA_OLDER: self.tr(
                "The team database needs an upgrade: ask your admin to run agent-desk-admin init."
            ),
            p.SCHEMA_NEWER: self.tr(
                "This Agent Desk is older than the team database: please update it."
            ),
            p.NOT_PERMITTED: self.tr(
                "{user} may not use this database. Ask your admin to give you access."
            ),
        }
        other = self.tr("Could not log in to {server}. The server said: {detail}")
        return texts.get(result.problem or p.OTHER, other).format(
            server=settings.server,
            user=settings.username,
            database=settings.database,
            detail=result.detail,
        )
