"""A friendly sentence over an empty article list: what the view is for, and how to fill it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

MESSAGES = {
    "library": "No cuttings yet.\nClip one with Ctrl+N, paste with Ctrl+V, or drop a file or a web address here.",
    "starred": "Nothing starred yet.\nStar an article (Ctrl+D) to keep it at hand here.",
    "unread": "All read.\nArticles you have not opened yet are listed here.",
    "recent": "Nothing clipped in the last 30 days.",
    "trash": "The trash is empty.\nDeleted articles wait here until you empty the trash, and can be restored.",
    "tag": "No articles carry this tag any more.",
}
NO_MATCH = "Nothing matches “{query}”.\nTry fewer words, a prefix (digit*) or a fuzzy word (archive~)."


def message_for(view: str, query: str) -> str:
    """The sentence for an empty list in ``view`` (searched for ``query``, if any)."""
    if query:
        return NO_MATCH.format(query=query)
    return MESSAGES.get(view, "")


class EmptyState(QObject):
    """Shows :func:`message_for` centred over ``view``'s viewport while its model has no rows."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyState")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.hide()
        view.viewport().installEventFilter(self)
        self.text = ""

    def show_for(self, view: str, query: str) -> None:
        model = self.view.model()
        empty = model is None or model.rowCount() == 0
        self.text = message_for(view, query) if empty else ""
        self.label.setText(self.text)
        self.label.setVisible(bool(self.text))
        self._place()

    def _place(self) -> None:
        rect = self.view.viewport().rect().adjusted(24, 24, -24, -24)
        self.label.setGeometry(rect.x(), rect.y(), rect.width(), min(rect.height(), 160))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
