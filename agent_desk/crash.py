"""What happens when our code raises and nothing catches it.

Installed as ``sys.excepthook`` (which PySide6 also calls for an exception escaping a
slot or a virtual such as ``paintEvent``) and ``threading.excepthook``. In this order:

1. the exception is logged with its traceback (phone numbers and passwords masked);
2. every registered *saver* runs — the rep window's saver writes the wrap-up being typed
   as the draft, so it comes back at the next start. A saved wrap-up needs no saving: it
   was committed to the desk database, with its outbox row, before the desk said "saved";
3. the person is told what happened, where, and where the log is (the dialog is given
   by the app, so this module needs no widgets), and chooses to keep working or quit.

A second exception while the first is being reported is only logged: a broken paint
event must not stack dialogs. Exceptions from other threads are handed to the UI thread
through a queued signal before anything is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot

from agent_desk.logs import scrub

log = logging.getLogger(__name__)

# What the process exits with after a crash the person chose not to continue from.
CRASH_EXIT_CODE = 70  # EX_SOFTWARE
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CrashReport:
    """What the crash dialog shows; every text already scrubbed of numbers and passwords.

    Attributes:
        summary: The exception's type and message, e.g. ``ValueError: bad outcome``.
        where: The innermost frame of our own code: ``ui/lead_card.py:120 in show_card``.
        details: The whole traceback, for the log and the "details" box.
        log_file: Where the log is (None when logging to a file failed).
        saved: What the savers kept ("the wrap-up draft"); empty when there was nothing.
        save_failed: Savers that raised (their errors are in the log).
        thread: The thread the exception came from.
    """

    summary: str
    where: str
    details: str
    log_file: Path | None
    saved: tuple[str, ...] = ()
    save_failed: tuple[str, ...] = ()
    thread: str = "MainThread"


Saver = Callable[[], str | None]
"""Saves pending work; returns what it saved (for the dialog) or None when nothing was."""

Presenter = Callable[[CrashReport], bool]
"""Shows a report; returns True to keep working, False to quit."""


def _where(tb: TracebackType | None) -> str:
    """The innermost frame in the app's own code (else the innermost frame at all)."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(_PACKAGE_DIR)]
    frame = (ours or frames)[-1]
    path = Path(frame.filename)
    try:
        shown = path.resolve().relative_to(_PACKAGE_DIR).as_posix()
    except ValueError:
        shown = path.name
    return f"{shown}:{frame.lineno} in {frame.name}"


def make_report(
    exc: BaseException,
    log_file: Path | None,
    saved: tuple[str, ...] = (),
    save_failed: tuple[str, ...] = (),
    thread: str = "MainThread",
) -> CrashReport:
    message = str(exc).strip()
    summary = type(exc).__name__ + (f": {message}" if message else "")
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return CrashReport(
        summary=scrub(summary),
        where=_where(exc.__traceback__),
        details=scrub(details),
        log_file=log_file,
        saved=saved,
        save_failed=save_failed,
        thread=thread,
    )


class CrashHandler(QObject):
    """Logs, saves pending work and asks the person, for every uncaught exception.

    Signals:
        crashed(CrashReport): after the report was shown (or, with no presenter, made).
    """

    crashed = Signal(object)
    _from_thread = Signal(object, str)

    def __init__(
        self,
        log_file: Path | None,
        presenter: Presenter | None = None,
        on_quit: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.presenter = presenter
        self.on_quit = on_quit
        self._savers: list[tuple[str, Saver]] = []
        self._handling = False
        self._previous: tuple[object, object] | None = None
        self._from_thread.connect(self._report_from_thread, Qt.ConnectionType.QueuedConnection)

    # -- savers --------------------------------------------------------------------------------

    def add_saver(self, name: str, saver: Saver) -> None:
        """Run ``saver`` before a crash is reported (``name`` appears in the log)."""
        self._savers.append((name, saver))

    def remove_saver(self, name: str) -> None:
        self._savers = [(n, s) for n, s in self._savers if n != name]

    def save_pending(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Run every saver; a failing one does not stop the others. (saved, failed)."""
        saved, failed = [], []
        for name, saver in list(self._savers):
            try:
                what = saver()
            except Exception:
                log.exception("could not save pending work (%s) after a crash", name)
                failed.append(name)
                continue
            if what:
                log.info("saved after the crash: %s", what)
                saved.append(what)
        return tuple(saved), tuple(failed)

    # -- installing ---------------------------------------------------------------------------

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    # -- handling -----------------------------------------------------------------------------

    def handle(
        self,
        kind: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """``sys.excepthook``: runs on the thread that raised (the UI thread for slots)."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self.report(exc)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical("uncaught exception in thread %s", name, exc_info=args.exc_value)
        self._from_thread.emit(args.exc_value, name)

    @Slot(object, str)
    def _report_from_thread(self, exc: BaseException, thread: str) -> None:
        self.report(exc, thread=thread, logged=True)

    def report(self, exc: BaseException, *, thread: str = "", logged: bool = False) -> bool:
        """Log, save, show. Returns True when the person keeps working."""
        thread = thread or threading.current_thread().name
        if not logged:
            log.critical("uncaught exception in %s", thread, exc_info=exc)
        if self._handling:
            log.error("another exception while reporting one; not shown")
            return True
        self._handling = True
        try:
            saved, failed = self.save_pending()
            report = make_report(exc, self.log_file, saved, failed, thread)
            keep = True
            if self.presenter is not None:
                try:
                    keep = self.presenter(report)
                except Exception:
                    log.exception("the crash dialog itself failed")
                    keep = False
            self.crashed.emit(report)
            if not keep:
                log.info("quitting after the crash, as the person chose")
                if self.on_quit is not None:
                    self.on_quit()
            return keep
        finally:
            self._handling = False
