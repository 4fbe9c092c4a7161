"""The status bar: counts on the left, background work on the right (shown only if it lasts ~0.5 s)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from ui.tasks import Task

SHOW_AFTER_MS = 500


class StatusBar(QStatusBar):
    """Shows the list's counts, and the running task's label, progress bar and Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.counts = QLabel(self)
        self.counts.setObjectName("countsLabel")
        self.addWidget(self.counts, 1)
        self.index_note = QLabel(self)
        self.index_note.setObjectName("indexNote")
        self.addPermanentWidget(self.index_note)
        self.index_note.hide()
        self.job_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setFixedWidth(160)
        self.progress.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAutoRaise(True)
        for w in (self.job_label, self.progress, self.cancel_button):
            self.addPermanentWidget(w)
            w.hide()
        self._task: Task | None = None
        self._clock = QElapsedTimer()
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.timeout.connect(self._show_job)
        self.cancel_button.clicked.connect(self._cancel)

    def set_counts(self, text: str) -> None:
        self.counts.setText(text)

    def set_index_note(self, text: str) -> None:
        """A note about the search index (being rebuilt: results are partial); "" hides it."""
        self.index_note.setText(text)
        self.index_note.setVisible(bool(text))

    @property
    def job_visible(self) -> bool:
        return self.progress.isVisible()

    def task_started(self, task: Task) -> None:
        self._task = task
        self.job_label.setText(task.label)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(task.cancellable)
        task.progressed.connect(self._progressed)
        self._reveal.start(SHOW_AFTER_MS)

    def task_finished(self, task: Task) -> None:
        if task is not self._task:
            return
        self._task = None
        self._reveal.stop()
        for w in (self.job_label, self.progress, self.cancel_button):
            w.hide()

    def _show_job(self) -> None:
        if self._task is None:
            return
        self.job_label.show()
        self.progress.show()
        self.cancel_button.setVisible(self._task.cancellable)

    def _progressed(self, done: int, total: int, message: str) -> None:
        if self._task is None:
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.job_label.setText(f"{self._task.label} {done:,} of {total:,}")
        if message:
            self.progress.setToolTip(message)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.job_label.setText(f"{self._task.label}: cancelling…")
            self.cancel_button.setEnabled(False)
