"""Add and remove tags on several articles at once: a tick per tag (partly ticked when only some have it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.formatting import plural
from ui.tag_input import TagInput


class TagDialog(QDialog):
    """``changes()`` gives ``(add, remove)`` for the selection."""

    def __init__(self, selection_tags: Sequence[Sequence[str]], all_names: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle("Tags")
        self.resize(420, 440)
        n = len(selection_tags)
        counts: dict[str, int] = {}
        spelled: dict[str, str] = {}
        for names in selection_tags:
            for name in names:
                counts[name.lower()] = counts.get(name.lower(), 0) + 1
                spelled.setdefault(name.lower(), name)
        self._initial: dict[str, Qt.CheckState] = {}
        self.list = QListWidget(self)
        self.list.setObjectName("tagChecks")
        self.list.setSpacing(3)
        for key in sorted(spelled):
            state = Qt.CheckState.Checked if counts[key] == n else Qt.CheckState.PartiallyChecked
            item = QListWidgetItem(spelled[key])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(state)
            if state == Qt.CheckState.PartiallyChecked:
                item.setToolTip(f"On {counts[key]} of {n}")
            self.list.addItem(item)
            self._initial[spelled[key]] = state
        self.input = TagInput(all_names, self)
        self.input.setObjectName("tagInput")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        title = QLabel(f"Tags of {plural(n, 'article')}. Untick to remove; type to add.", self)
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("Add tags", self))
        layout.addWidget(self.input)
        layout.addWidget(buttons)
        self.input.setFocus()

    def changes(self) -> tuple[list[str], list[str]]:
        add = list(self.input.tags())
        remove: list[str] = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            before, now = self._initial[item.text()], item.checkState()
            if now == before:
                continue
            if now == Qt.CheckState.Checked:
                add.append(item.text())
            elif now == Qt.CheckState.Unchecked:
                remove.append(item.text())
        return add, remove
