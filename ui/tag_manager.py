"""The tag manager: rename (edit the name in place), merge, delete and colour tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import OpChanges
from app.model import Tag
from ui import dialogs, icons, theme
from ui.sidebar import dot_icon
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.archive import Archive

NameRole = Qt.ItemDataRole.UserRole + 1


class TagManager(QDialog):
    """Every change goes through the writer; ``tagsChanged`` fires after each one."""

    tagsChanged = Signal(object)  # the OpChanges the archive gave back

    def __init__(self, archive: Archive, writer: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagManager")
        self.setWindowTitle("Manage Tags")
        self.resize(520, 520)
        self._archive = archive
        self._writer = writer
        self._filling = False
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("tagTable")
        self.table.setHorizontalHeaderLabels(["Tag", "Articles"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, slot in (("rename", "Rename", self._start_rename), ("merge", "Merge Into…", self._choose_merge),
                                 ("color", "Colour…", self._choose_color), ("delete", "Delete", self._confirm_delete)):
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        hint = QLabel("Double-click a name to rename it. Use '/' for levels: places/Korea/Seoul. "
                      "Renaming a tag to an existing name merges the two.", self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(close)
        self.reload()

    # ----- contents ---------------------------------------------------------------------------

    def reload(self) -> None:
        self._filling = True
        selected = self.selected_names()
        self.table.setRowCount(0)
        for tag in self._archive.tags():
            self._add_row(tag)
        for r in range(self.table.rowCount()):
            if self._name(r) in selected:
                self.table.selectRow(r)
        self._filling = False
        self._update_buttons()

    def _add_row(self, tag: Tag) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        name = QTableWidgetItem(tag.name)
        name.setData(NameRole, tag.name)
        name.setIcon(dot_icon(tag.color) if tag.color else icons.icon("tag", theme.current().muted))
        count = QTableWidgetItem(f"{tag.count:,}")
        count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(r, 0, name)
        self.table.setItem(r, 1, count)

    def selected_names(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self._name(r) for r in rows]

    def _name(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(NameRole)) if item is not None else ""

    def select(self, name: str) -> None:
        for r in range(self.table.rowCount()):
            if self._name(r).lower() == name.lower():
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        n = len(self.selected_names())
        self.buttons["rename"].setEnabled(n == 1)
        self.buttons["merge"].setEnabled(n >= 1)
        self.buttons["color"].setEnabled(n >= 1)
        self.buttons["delete"].setEnabled(n >= 1)

    # ----- operations -------------------------------------------------------------------------

    def _run(self, label: str, fn: Callable[[], OpChanges]) -> None:
        self._writer.call(label, fn, on_done=self._done, on_error=self._failed)

    def _done(self, changes: OpChanges) -> None:
        self.reload()
        self.tagsChanged.emit(changes)

    def _failed(self, exc: BaseException) -> None:
        self.reload()
        dialogs.show_error(self, exc)

    def rename(self, old: str, new: str) -> None:
        archive = self._archive
        self._run("Renaming tag", lambda: archive.rename_tag(old, new))

    def merge(self, sources: list[str], into: str) -> None:
        archive = self._archive

        def work() -> OpChanges:
            changes = OpChanges()
            for source in sources:
                if source.lower() != into.lower():
                    changes |= archive.merge_tags(source, into)
            return changes

        self._run("Merging tags", work)

    def delete(self, names: list[str]) -> None:
        archive = self._archive

        def work() -> OpChanges:
            changes = OpChanges()
            for name in names:
                changes |= archive.delete_tag(name)
            return changes

        self._run("Deleting tags", work)

    def set_color(self, names: list[str], color: str) -> None:
        archive = self._archive

        def work() -> OpChanges:
            changes = OpChanges()
            for name in names:
                changes |= archive.set_tag_color(name, color)
            return changes

        self._run("Colouring tags", work)

    # ----- user interface ---------------------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        old, new = str(item.data(NameRole)), item.text().strip()
        if new and new != old:
            self.rename(old, new)

    def _start_rename(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        item = self.table.item(rows[0], 0) if rows else None
        if item is not None:
            self.table.editItem(item)

    def _choose_merge(self) -> None:
        names = self.selected_names()
        others = [t.name for t in self._archive.tags() if t.name not in names] or names
        into, ok = QInputDialog.getItem(self, "Merge tags", f"Merge {', '.join(names)} into:", others, 0, True)
        if ok and into.strip():
            self.merge(names, into.strip())

    def _choose_color(self) -> None:
        names = self.selected_names()
        current = next((t.color for t in self._archive.tags() if t.name in names and t.color), "#3a7bd5")
        color = QColorDialog.getColor(QColor(current), self, "Tag colour")
        if color.isValid():
            self.set_color(names, color.name())

    def _confirm_delete(self) -> None:
        names = self.selected_names()
        text = (f"Delete the tag{'s' if len(names) > 1 else ''} {', '.join(names)} (and the tags below) from every "
                "article? The articles stay.")
        if dialogs.ask(self, "Delete tags", text, "Delete"):
            self.delete(names)
