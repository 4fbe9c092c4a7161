"""Opening an article marks it read once it has been on screen for a moment (a preference)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.changes import OpChanges
from ui import preferences

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class MarkReadOnOpen(QObject):
    """Watches the list's current article; after the delay, if it is still the one shown, marks it read.

    The list is not reloaded afterwards, only redrawn: in the Unread view the article stays until the
    user moves on, as in a mail reader, instead of vanishing under the cursor.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._id = -1
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._mark)
        window.table.currentArticleChanged.connect(self.article_opened)
        window.acts["read"].triggered.connect(self._decided_by_hand)
        self._by_hand = -1  # the article the user marked read or unread by hand: left alone while it is open

    def _decided_by_hand(self) -> None:
        self.timer.stop()
        self._by_hand = self.w.table.current_id()

    def article_opened(self, article_id: int) -> None:
        """The list's current article changed (or was shown again after a refresh): start the delay."""
        self.timer.stop()
        if article_id != self._by_hand:
            self._by_hand = -1
        prefs = preferences.load()
        if article_id < 0 or article_id == self._by_hand or not prefs.mark_read or self.w.view == "trash":
            return
        self._id = article_id
        self.timer.start(round(prefs.mark_read_delay * 1000))

    def _mark(self) -> None:
        w, article_id = self.w, self._id
        if w._closed:
            return
        article = w.reader.article
        if w.table.selected_ids() != [article_id] or article is None or article.id != article_id:
            return  # moved on, or several selected
        if article.read or article.deleted_at:
            return
        archive = w.archive

        def done(changes: OpChanges) -> None:
            if archive is not w.archive:
                return
            # The row and the counts, not the list's ids: the article stays in the Unread view while it is read
            w.apply_changes(OpChanges(articles=changes.articles, counts=changes.counts))

        def work() -> OpChanges:
            changes = archive.set_flags([article_id], read=True)
            archive.flush_index()
            return changes

        w.writer.call("Marking read", work, on_done=done, on_error=lambda exc: log_failure(w, exc))


def log_failure(window: MainWindow, exc: BaseException) -> None:
    """Marking read is not worth a dialog; the status bar says it did not happen."""
    window.status.showMessage(f"Could not mark the article read: {exc}", 6000)
