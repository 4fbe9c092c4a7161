"""The search field: debounced as the user types, with an error line under it for malformed queries."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from ui import icons

DEBOUNCE_MS = 250


class SearchField(QLineEdit):
    """Escape clears the field."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class SearchBar(QWidget):
    """Emits ``queryChanged`` 250 ms after the last keystroke (at once on Enter or when set in code)."""

    queryChanged = Signal(str)
    saveRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = SearchField(self)
        self.field.setObjectName("searchField")
        self.field.setAccessibleName("Search")
        self.field.setPlaceholderText("Search cuttings   (e.g. harbour archive, tag:places/Korea, published:2020)")
        self.field.setClearButtonEnabled(True)
        self._search_action = self.field.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.save_button = QToolButton(self)
        self.save_button.setIcon(icons.icon("saved"))
        self.save_button.setToolTip("Save this search")
        self.save_button.setAutoRaise(True)
        self.save_button.setEnabled(False)
        self.error = QLabel(self)
        self.error.setObjectName("searchError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._last: str | None = None
        self.field.textEdited.connect(lambda _t: self._timer.start())
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self._emit)
        self.save_button.clicked.connect(lambda: self.saveRequested.emit(self.text()))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.field, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def text(self) -> str:
        return self.field.text().strip()

    def set_text(self, text: str) -> None:
        """Put ``text`` in the field and search for it now."""
        self.field.setText(text)
        self._emit()

    def _text_changed(self, text: str) -> None:
        self.save_button.setEnabled(bool(text.strip()))
        if not text:  # the clear button or Escape: no need to wait
            self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        query = self.text()
        if query != self._last:
            self._last = query
            self.queryChanged.emit(query)

    def refresh(self) -> None:
        """Search again for the same text (the archive changed)."""
        self._last = None
        self._emit()

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the field (and mark the field), or clear it."""
        self.field.setProperty("invalid", bool(message))
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def refresh_icons(self) -> None:
        self._search_action.setIcon(icons.icon("search"))
        self.save_button.setIcon(icons.icon("saved"))
