"""Run database work off the UI thread and hand the result back on it.

Like Anki's ``CollectionOp``: one worker thread for the desk database (so writes stay
in the order the rep made them), results and errors delivered on the UI thread through
a queued signal. Tests can swap in :class:`InlineExecutor` to run operations at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each submitted call immediately, in the caller's thread."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the error callback, like a thread would
            future.set_exception(exc)
        return future


class Operations(QObject):
    """Serial background operations with results on the UI thread.

    Signals:
        failed(BaseException): an operation raised and had no error callback.
    """

    failed = Signal(object)
    _finished = Signal(object)

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="agent-desk-op")
        self._inline = isinstance(self._executor, InlineExecutor)
        self._closed = False
        self._finished.connect(self._deliver)

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work`` in the background; call ``on_done(result)`` on the UI thread."""
        if self._closed:
            log.warning("operation after shutdown ignored: %r", work)
            return
        future = self._executor.submit(work)
        if self._inline:
            self._deliver((future, on_done, on_error))
        else:
            future.add_done_callback(lambda f: self._finished.emit((f, on_done, on_error)))

    @Slot(object)
    def _deliver(self, packed: tuple[Future[Any], Any, Any]) -> None:
        future, on_done, on_error = packed
        exc = future.exception()
        if exc is not None:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("operation failed", exc_info=exc)
                self.failed.emit(exc)
            return
        if on_done is not None:
            on_done(future.result())

    def shutdown(self, wait: bool = True) -> None:
        """Finish queued work (so nothing the rep saved is lost), then stop."""
        self._closed = True
        self._executor.shutdown(wait=wait)
