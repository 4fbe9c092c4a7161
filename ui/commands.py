"""Undoable commands: moving to the trash and restoring (run on the writer, undone by the opposite)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from app.changes import OpChanges
from ui.formatting import plural

Write = Callable[[str, Callable[[], OpChanges]], Any]


class TrashCommand(QUndoCommand):
    """Delete ``ids`` to the trash (or, with ``restore=True``, take them out of it)."""

    def __init__(self, write: Write, delete: Callable[[list[int]], OpChanges],
                 restore: Callable[[list[int]], OpChanges],
                 ids: Sequence[int], *, restoring: bool = False) -> None:
        verb = "Restore" if restoring else "Delete"
        super().__init__(f"{verb} {plural(len(ids), 'article')}")
        self._write = write
        self._ids = list(ids)
        self._forward, self._back = (restore, delete) if restoring else (delete, restore)

    def redo(self) -> None:
        ids, forward = self._ids, self._forward
        self._write(self.text(), lambda: forward(ids))

    def undo(self) -> None:
        ids, back = self._ids, self._back
        self._write(f"Undo {self.text().lower()}", lambda: back(ids))
