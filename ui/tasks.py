"""Background work: one serial worker thread owns every archive write; progress and results come back as signals.

Core functions take ``progress(done, total, message)`` and ``cancelled()``; a :class:`Task` turns the first
into a Qt signal and answers the second from a flag the Cancel button sets.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.jobs import CancelCheck, Progress

log = logging.getLogger(__name__)

Work = Callable[[Progress, CancelCheck], Any]


class Task(QObject):
    """One piece of work: label, progress, cancel flag, and its outcome."""

    started = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, label: str, work: Work, *, cancellable: bool = False) -> None:
        super().__init__()
        self.label = label
        self.cancellable = cancellable
        self._work = work
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        """Ask the work to stop at its next cancel check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        """Run in the worker thread; every signal is delivered to the GUI thread."""
        self.started.emit()
        try:
            self.result = self._work(self.progressed.emit, self._cancel.is_set)
        except BaseException as exc:
            self.error = exc
            self.done = True
            self.failed.emit(exc)
        else:
            self.done = True
            self.succeeded.emit(self.result)
        self.finished.emit()


class _Worker(QThread):
    def __init__(self, jobs: queue.Queue[Task | None], name: str) -> None:
        super().__init__()
        self._jobs = jobs
        self.setObjectName(name)

    def run(self) -> None:
        while True:
            task = self._jobs.get()
            if task is None:
                return
            task.run()


class TaskRunner(QObject):
    """A serial queue of tasks on one thread (use one runner for archive writes, another for extraction)."""

    taskStarted = Signal(object)
    taskFinished = Signal(object)

    def __init__(self, parent: QObject | None = None, name: str = "cuttings-writer") -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[Task | None] = queue.Queue()
        self._pending: list[Task] = []
        self._thread = _Worker(self._jobs, name)
        self._thread.start()
        self._stopped = False
        #: Called with (task, exception) when a task fails and no on_error was given.
        self.error_handler: Callable[[Task, BaseException], object] | None = None

    def submit(self, label: str, work: Work, *, on_done: Callable[[Any], object] | None = None,
               on_error: Callable[[BaseException], object] | None = None, cancellable: bool = False) -> Task:
        """Queue ``work(progress, cancelled)``; ``on_done``/``on_error`` run in the GUI thread."""
        if self._stopped:
            raise RuntimeError("the task runner has been shut down")
        task = Task(label, work, cancellable=cancellable)
        task.setParent(self)
        if on_done is not None:
            task.succeeded.connect(on_done)
        task.failed.connect(lambda exc: self._failed(task, exc, on_error))
        task.started.connect(lambda: self.taskStarted.emit(task))
        task.finished.connect(lambda: self._finished(task))
        self._pending.append(task)
        self._jobs.put(task)
        return task

    def call(self, label: str, fn: Callable[[], Any], **kwargs: Any) -> Task:
        """Queue a function that takes no progress or cancel arguments."""
        return self.submit(label, lambda _p, _c: fn(), **kwargs)

    def _failed(self, task: Task, exc: BaseException, on_error: Callable[[BaseException], object] | None) -> None:
        if on_error is not None:
            on_error(exc)
        elif self.error_handler is not None:
            self.error_handler(task, exc)
        else:
            log.error("task %s failed", task.label, exc_info=exc)

    def _finished(self, task: Task) -> None:
        if task in self._pending:
            self._pending.remove(task)
        self.taskFinished.emit(task)
        task.deleteLater()

    def is_idle(self) -> bool:
        """True when no task is queued or running (and every result has been delivered)."""
        return not self._pending

    def cancel_all(self) -> None:
        for task in list(self._pending):
            task.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel what is running, finish the queue and stop the thread."""
        if self._stopped:
            return
        self._stopped = True
        self.cancel_all()
        self._jobs.put(None)
        self._thread.wait(timeout_ms)
