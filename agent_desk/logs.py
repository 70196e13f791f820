"""Logging for the desktop app: rotating files in the user log folder, nothing private.

Every handler gets :class:`PrivacyFilter`: phone numbers (E.164 such as ``+8613800138000``
or ``+86 138 0013 8000``, and Chinese mobile numbers such as ``13800138000``) are
masked, and passwords in URLs (``postgresql://rep1:secret@db``) or ``password=…`` pairs
are replaced by ``***`` — in the message, its arguments and any traceback. Qt's own
messages (warnings from widgets, plugins) go to the ``qt`` logger, so they land in the same
file.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

LOG_FILE = "agent-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MASK = "***"

# Digits that stand alone: not part of a longer number, a word or a hex id.
_EDGE_BEFORE = r"(?<![0-9A-Za-z_+])"
_EDGE_AFTER = r"(?![0-9A-Za-z_])"
# E.164: "+", a country code, 7-15 digits in all, maybe grouped by spaces or dashes.
_E164 = re.compile(_EDGE_BEFORE.replace("+", "") + r"\+[1-9](?:[ \-]?\d){6,14}" + _EDGE_AFTER)
# A mainland China mobile: 11 digits from 13… to 19…, maybe after 86 / 0086, maybe grouped.
_CN_MOBILE = re.compile(
    _EDGE_BEFORE + r"(?:(?:00)?86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}" + _EDGE_AFTER
)
# scheme://user:password@host — keep the user, hide the password.
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+(?=@)")
# password=…, passwd: …, pwd=… in query strings, key=value lists and JSON.
_KEY_PASSWORD = re.compile(
    r"(?P<head>\b(?:[a-z_]*password|passwd|pwd|secret)[\"']?\s*[=:]\s*[\"']?)[^\s&;,\"'}]+",
    re.IGNORECASE,
)


def _mask_number(match: re.Match[str]) -> str:
    """Keep the shape a reader needs (country code, last two digits), hide the rest."""
    text = match.group(0)
    digits = "".join(c for c in text if c.isdigit())
    # "+" and about the country code; or the carrier prefix of a mobile number.
    head = "+" + digits[: 2 if len(digits) > 11 else 1] if text.startswith("+") else digits[:3]
    hidden = len(digits) - (len(head) - head.count("+")) - 2
    return f"{head}{'*' * hidden}{digits[-2:]}"


def scrub(text: str) -> str:
    """The text without phone numbers or passwords."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    text = _KEY_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    text = _E164.sub(_mask_number, text)
    return _CN_MOBILE.sub(_mask_number, text)


class PrivacyFilter(logging.Filter):
    """Masks phone numbers and passwords in a record before any handler writes it.

    Put it on handlers, not loggers: a logger's filters do not see records that
    propagate up from child loggers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, still scrubbed
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def log_file(folder: Path) -> Path:
    return folder / LOG_FILE


def setup_logging(
    folder: Path | None, *, level: int = logging.INFO, console: bool = True
) -> Path | None:
    """Send the app's logs to a rotating file in ``folder`` (and stderr); return the file.

    Replaces handlers a previous call installed. A folder that cannot be written keeps
    logging on stderr only (and says so there): the desk must start anyway.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agent_desk", False):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = []
    path = None
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = log_file(folder)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
                )
            )
        except OSError as exc:
            print(f"agent-desk: cannot write logs to {folder}: {exc}", file=sys.stderr)
            path = None
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(PrivacyFilter())
        handler._agent_desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")
# Qt's offscreen platform (tests, the smoke run) says so for every window; not a problem.
_QT_NOISE = ("This plugin does not support",)


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's message handler: each message as a record of the ``qt`` logger."""
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    level = _QT_LEVELS.get(kind, logging.WARNING)
    if message.startswith(_QT_NOISE):
        level = logging.DEBUG
    _qt_log.log(level, "%s%s", message, where)


def route_qt_messages() -> None:
    """From now on Qt's messages go to logging instead of stderr."""
    qInstallMessageHandler(qt_message)
