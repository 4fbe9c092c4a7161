"""Edit an article's photos: add, replace, reorder and remove them, and edit captions and credits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.clip.photos import attach_image, inspect_image
from app.errors import UnsafeBlobName
from app.model import Photo
from ui import dialogs, icons

THUMB = 72
IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.gif *.webp)"


class PhotoEditor(QWidget):
    """``photos()`` returns the edited list, in order; new images carry their bytes in ``Photo.data``."""

    changed = Signal()

    def __init__(self, blob_loader: Callable[[str], bytes] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoEditor")
        self._blob_loader = blob_loader
        self._photos: list[Photo] = []
        self._keys: list[int] = []  # a photo's key stays with it through moves (the body's photo lines follow it)
        self._next_key = 1
        self._thumbs: dict[str, QIcon] = {}
        self.list = QListWidget(self)
        self.list.setObjectName("photoList")
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(THUMB + 16)
        self.list.setMaximumHeight(THUMB * 2 + 24)
        self.list.setSpacing(2)
        self.caption = QPlainTextEdit(self)
        self.caption.setObjectName("photoCaption")
        self.caption.setPlaceholderText("Caption")
        self.caption.setFixedHeight(58)
        self.credit = QLineEdit(self)
        self.credit.setObjectName("photoCredit")
        self.credit.setPlaceholderText("Photographer or agency")
        self.buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(2)
        for key, icon_name, tip, slot in (
            ("add", "plus", "Add photos…", self._choose_add),
            ("replace", "photo", "Replace the image of this photo…", self._choose_replace),
            ("remove", "minus", "Remove this photo", self.remove_current),
            ("up", "up", "Move up", lambda: self.move_current(-1)),
            ("down", "down", "Move down", lambda: self.move_current(1)),
        ):
            button = QToolButton(self)
            button.setIcon(icons.icon(icon_name))
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Caption", self.caption)
        form.addRow("Credit", self.credit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(bar)
        layout.addLayout(form)
        self.list.currentRowChanged.connect(self._show_current)
        self.caption.textChanged.connect(self._caption_edited)
        self.credit.textEdited.connect(self._credit_edited)
        self._show_current(-1)

    # ----- contents ---------------------------------------------------------------------------

    def set_photos(self, photos: Sequence[Photo]) -> None:
        self._photos = [replace(p) for p in photos]
        self._keys = list(range(1, len(self._photos) + 1))
        self._next_key = len(self._photos) + 1
        self._rebuild(0 if self._photos else -1)

    def photos(self) -> list[Photo]:
        return [replace(p) for p in self._photos]

    def keys(self) -> list[int]:
        """Each photo's key, in order: photo N of ``set_photos`` has key N, an added photo a new one."""
        return list(self._keys)

    def captions(self) -> list[str]:
        return [p.caption for p in self._photos]

    def _rebuild(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for photo in self._photos:
            self.list.addItem(self._item(photo))
        self.list.blockSignals(False)
        self.list.setCurrentRow(current)
        self._show_current(current)

    def _item(self, photo: Photo) -> QListWidgetItem:
        text = photo.caption or "(no caption)"
        item = QListWidgetItem(self._thumb(photo), text if len(text) < 90 else text[:88] + "…")
        item.setToolTip(photo.caption + (f"\n{photo.credit}" if photo.credit else ""))
        return item

    def _thumb(self, photo: Photo) -> QIcon:
        key = photo.sha256 or ""
        if key and key in self._thumbs:
            return self._thumbs[key]
        data = photo.data
        if data is None and photo.sha256 and self._blob_loader is not None:
            try:
                data = self._blob_loader(photo.sha256)
            except (OSError, UnsafeBlobName):
                data = None
        if not data:
            return icons.icon("photo", "#9a9a9a")
        image = QImage.fromData(data)
        if image.isNull():
            return icons.icon("photo", "#9a9a9a")
        scaled = image.scaled(THUMB * 2, THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        pm = QPixmap.fromImage(scaled)
        pm.setDevicePixelRatio(2.0)
        result = QIcon(pm)
        if key:
            self._thumbs[key] = result
        return result

    # ----- editing ----------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.list.currentRow()

    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    def _show_current(self, row: int) -> None:
        has = 0 <= row < len(self._photos)
        self.caption.blockSignals(True)
        self.caption.setPlainText(self._photos[row].caption if has else "")
        self.caption.blockSignals(False)
        self.credit.setText(self._photos[row].credit if has else "")
        for w in (self.caption, self.credit, self.buttons["replace"], self.buttons["remove"]):
            w.setEnabled(has)
        self.buttons["up"].setEnabled(has and row > 0)
        self.buttons["down"].setEnabled(has and row < len(self._photos) - 1)

    def _caption_edited(self) -> None:
        row = self.current_row()
        if 0 <= row < len(self._photos):
            self._photos[row].caption = self.caption.toPlainText().strip()
            item = self.list.item(row)
            text = self._photos[row].caption or "(no caption)"
            item.setText(text if len(text) < 90 else text[:88] + "…")
            self.changed.emit()

    def _credit_edited(self, text: str) -> None:
        row = self.current_row()
        if 0 <= row < len(self._photos):
            self._photos[row].credit = text.strip()
            self.changed.emit()

    def add_files(self, paths: Sequence[Path]) -> None:
        """Add the images at ``paths`` (unreadable ones are reported, the rest are added)."""
        for path in paths:
            try:
                photo = inspect_image(Path(path).read_bytes(), Path(path).name)
            except Exception as exc:  # BadImage, ImageTooLarge, OSError: tell, keep going
                dialogs.show_error(self, exc)
                continue
            self._photos.append(photo)
            self._keys.append(self._next_key)
            self._next_key += 1
        self._rebuild(len(self._photos) - 1)
        self.changed.emit()

    def replace_current(self, path: Path) -> None:
        """Give the current photo the image at ``path``; its caption and credit stay."""
        row = self.current_row()
        if not 0 <= row < len(self._photos):
            return
        try:
            image = inspect_image(Path(path).read_bytes(), Path(path).name)
        except Exception as exc:
            dialogs.show_error(self, exc)
            return
        attach_image(self._photos[row], image)
        self._rebuild(row)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.current_row()
        if 0 <= row < len(self._photos):
            del self._photos[row]
            del self._keys[row]
            self._rebuild(min(row, len(self._photos) - 1))
            self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if 0 <= row < len(self._photos) and 0 <= target < len(self._photos):
            self._photos[row], self._photos[target] = self._photos[target], self._photos[row]
            self._keys[row], self._keys[target] = self._keys[target], self._keys[row]
            self._rebuild(target)
            self.changed.emit()

    def _choose_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add photos", "", IMAGE_FILTER)
        if paths:
            self.add_files([Path(p) for p in paths])

    def _choose_replace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Replace photo", "", IMAGE_FILTER)
        if path:
            self.replace_current(Path(path))
