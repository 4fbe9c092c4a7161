"""A line edit for comma-separated tags that completes each one from the archive's tags."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class TagCompleter(QCompleter):
    """Completes the tag after the last comma, keeping the ones before it."""

    def __init__(self, names: Sequence[str], edit: QLineEdit) -> None:
        super().__init__(edit)
        self.names = QStringListModel(list(names), self)  # owned by the completer, not by Python
        self.setModel(self.names)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: object) -> str:
        chosen = super().pathFromIndex(index)  # type: ignore[arg-type]
        head = self._edit.text().rsplit(",", 1)
        prefix = head[0] + ", " if len(head) > 1 else ""
        return prefix + chosen


class TagInput(QLineEdit):
    """``tags()`` gives the names typed, trimmed and without repeats."""

    def __init__(self, names: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Tags, e.g. korea, places/Seoul")
        self.setToolTip("Tags, separated by commas; / makes levels (places/Korea/Seoul)")
        self.completer_ = TagCompleter(names, self)
        self.setCompleter(self.completer_)

    def set_names(self, names: Sequence[str]) -> None:
        self.completer_.names.setStringList(list(names))

    def tags(self) -> list[str]:
        seen: dict[str, str] = {}
        for part in self.text().split(","):
            name = part.strip()
            if name and name.lower() not in seen:
                seen[name.lower()] = name
        return list(seen.values())

    def set_tags(self, names: Sequence[str]) -> None:
        self.setText(", ".join(names))
