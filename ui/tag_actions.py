"""The sidebar's menu on one tag: Rename, Merge Into, Colour and Delete, acting on that tag."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog

from ui import dialogs

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class TagActions:
    """Each method opens its (window-modal, non-blocking) dialog and returns it; the change goes through
    the window's writer, which refreshes the sidebar and the list when it is done."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def run(self, action: str, tag: str) -> object:
        return {"rename": self.rename, "merge": self.merge, "colour": self.colour, "delete": self.delete}[action](tag)

    def _ask(self, title: str, label: str, on_value: Callable[[str], None], *, text: str = "",
             choices: list[str] | None = None) -> QInputDialog:
        """A window-modal text question (with choices to pick from, or free text), opened, not run."""
        dialog = QInputDialog(self.w)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        if choices is not None:
            dialog.setComboBoxItems(choices)
            dialog.setComboBoxEditable(True)
        else:
            dialog.setTextValue(text)
        dialog.textValueSelected.connect(lambda value: on_value(value.strip()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def rename(self, tag: str) -> QInputDialog:
        return self._ask("Rename Tag", f"New name for “{tag}” (the tags below it move along; / makes levels):",
                         lambda new: self._rename(tag, new), text=tag)

    def _rename(self, tag: str, new: str) -> None:
        if new and new != tag:
            archive = self.w.archive
            self.w.write("Renaming the tag", lambda: archive.rename_tag(tag, new))

    def merge(self, tag: str) -> QInputDialog:
        others = [t.name for t in self.w.archive.tags() if t.name.lower() != tag.lower()]
        return self._ask("Merge Tag", f"Give the articles tagged “{tag}” this tag instead (“{tag}” is then removed):",
                         lambda into: self._merge(tag, into), choices=others)

    def _merge(self, tag: str, into: str) -> None:
        if into and into.lower() != tag.lower():
            archive = self.w.archive
            self.w.write("Merging the tags", lambda: archive.merge_tags(tag, into))

    def colour(self, tag: str) -> QColorDialog:
        current = next((t.color for t in self.w.archive.tags() if t.name.lower() == tag.lower()), "")
        dialog = QColorDialog(QColor(current or "#3a7bd5"), self.w)
        dialog.setWindowTitle(f"Colour of “{tag}”")
        dialog.colorSelected.connect(lambda color: self._colour(tag, color.name()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _colour(self, tag: str, color: str) -> None:
        archive = self.w.archive
        self.w.write("Colouring the tag", lambda: archive.set_tag_color(tag, color))

    def delete(self, tag: str) -> bool:
        text = f"Remove the tag “{tag}”, and the tags below it, from every article? The articles stay."
        if not dialogs.ask(self.w, "Delete Tag", text, "Delete Tag"):
            return False
        archive = self.w.archive
        self.w.write("Deleting the tag", lambda: archive.delete_tag(tag))
        return True
