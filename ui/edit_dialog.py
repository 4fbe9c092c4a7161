"""The Edit dialog (F2): every metadata field, the notes, the photos, star and read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.changes import OpChanges
from app.errors import CuttingsError
from app.model import Article, Photo
from ui import dialogs
from ui.article_form import ArticleForm
from ui.photo_editor import PhotoEditor
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.archive import Archive


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class EditDialog(QDialog):
    """Saves only what changed: fields with ``Archive.update``, photos with ``Archive.set_photos``."""

    articleSaved = Signal(int, object)  # the article's id, and the OpChanges the archive gave back

    def __init__(self, archive: Archive, writer: TaskRunner, article: Article, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editDialog")
        self.setWindowTitle(f"Edit — {article.title[:60]}")
        self.resize(1040, 720)
        self._archive = archive
        self._writer = writer
        self.article = article
        self.busy = False
        self.form = ArticleForm(self, advanced=True, notes=True, embed_body=False)
        self.form.set_article(article)
        self.photos = PhotoEditor(archive.blob, self)
        self.photos.set_photos(article.photos)
        self.form.link_photos(self.photos)
        self.starred = QCheckBox("Starred", self)
        self.starred.setChecked(article.starred)
        self.read = QCheckBox("Read", self)
        self.read.setChecked(article.read)
        self.error = QLabel(self)
        self.error.setObjectName("warning")
        self.error.setWordWrap(True)
        self.error.hide()
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 8, 0)
        ll.addWidget(_section("Article"))
        ll.addWidget(self.form)
        ll.addWidget(_section("Photos"))
        ll.addWidget(self.photos)
        flags = QHBoxLayout()
        flags.addWidget(self.starred)
        flags.addWidget(self.read)
        flags.addStretch(1)
        ll.addLayout(flags)
        ll.addStretch(1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        rl.addWidget(_section("Text"))
        rl.addWidget(self.form.body, 1)
        rl.addWidget(_section("Notes"))
        rl.addWidget(self.form.notes)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([480, 540])
        split.setChildrenCollapsible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def changes(self) -> tuple[dict[str, Any], list[Photo] | None]:
        """The changed fields, and the new photo list if the photos changed (else None)."""
        values = self.form.values()
        values["starred"] = self.starred.isChecked()
        values["read"] = self.read.isChecked()
        changed = {k: v for k, v in values.items() if getattr(self.article, k) != v}
        if "body" in changed and changed["body"].strip() == self.article.body.strip():
            del changed["body"]
        photos = self.photos.photos()
        same = [(p.id, p.sha256, p.caption, p.credit) for p in photos] == [
            (p.id, p.sha256, p.caption, p.credit) for p in self.article.photos
        ]
        return changed, None if same else photos

    def save(self) -> None:
        if self.busy:
            return
        try:
            fields, photos = self.changes()
        except CuttingsError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        if not fields and photos is None:
            self.accept()
            return
        archive, article_id = self._archive, self.article.id
        assert article_id is not None

        def work() -> OpChanges:
            changes = OpChanges()
            if fields:
                changes |= archive.update(article_id, **fields).changes
            if photos is not None:
                changes |= archive.set_photos(article_id, photos).changes
            return changes

        self.busy = True
        self.buttons.setEnabled(False)
        self._writer.call("Saving changes", work, on_done=self._saved, on_error=self._failed)

    def _saved(self, changes: OpChanges) -> None:
        self.busy = False
        self.articleSaved.emit(self.article.id, changes)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.error.setText(dialogs.error_message(exc))
        self.error.show()
