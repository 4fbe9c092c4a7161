"""The window's side of its search index: opened in a thread once the window is drawn, and a rebuild in the
background shown in the status bar until it is done."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.changes import OpChanges

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)
CHECK_MS = 1000  # how often a rebuild's progress is read
PREPARE_AFTER_MS = 300  # after the window is drawn, before the index opens


class IndexWatch(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._was_rebuilding = False
        self._prepared = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_MS)
        self.check()

    def window_shown(self) -> None:
        """Open the search index soon (see ``app.archive_index``: ~0.35 s at 100,000 articles, NumPy and Whoosh
        loaded) in a plain thread: nothing to show or cancel, and a search simply waits for it. Once."""
        if not self._prepared:
            self._prepared = True
            QTimer.singleShot(PREPARE_AFTER_MS, self._start_preparing)

    def archive_changed(self) -> None:
        """The window shows another archive: its index is opened the same way."""
        self._was_rebuilding = False
        QTimer.singleShot(PREPARE_AFTER_MS, self._start_preparing)

    def stop(self) -> None:
        """The window closes: no more checks, and the index is not opened for it."""
        self._timer.stop()
        self._stopped = True

    def _start_preparing(self) -> None:
        if not self._stopped:
            threading.Thread(target=self._prepare, name="cuttings-search-prepare", daemon=True).start()

    def _prepare(self) -> None:
        try:
            self._window.archive.prepare_search()
        except Exception as exc:  # the first search then opens the index itself, and reports what is wrong
            log.warning("preparing search failed: %s", exc)

    def check(self) -> None:
        """Say so while the index is rebuilt in the background; show the full results when it is done."""
        progress = self._window.archive.index_rebuild_progress
        if progress is not None:
            done, total, _step = progress
            self._window.status.set_index_note(
                f"Building the search index: {done:,} of {total:,} (results are partial)")
            self._was_rebuilding = True
        elif self._was_rebuilding:
            self._was_rebuilding = False
            self._window.status.set_index_note("")
            self._window.apply_changes(OpChanges.reindexed())
