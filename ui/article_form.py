"""The metadata fields of an article, shared by the Clip preview and the Edit dialog."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.dates import normalise_partial_date
from app.model import Article
from ui.body_editor import BodyEditor
from ui.photo_editor import PhotoEditor

LINE_FIELDS = ("title", "subtitle", "authors", "source", "place", "published", "url", "canonical_url", "language")
LABELS = {"title": "Title", "subtitle": "Subtitle", "authors": "Authors", "source": "Source", "place": "Place",
          "published": "Date", "url": "URL", "canonical_url": "Canonical URL", "language": "Language"}  # fmt: skip
HINTS = {"authors": "Names, separated by commas", "published": "2020-07-02 or 2020-07",
         "source": "Publication or agency", "place": "Dateline, e.g. Seoul", "language": "e.g. en, ko",
         "url": "https://…", "canonical_url": "https://…"}  # fmt: skip
TIPS = {"published": "The date of publication: a day (2020-07-02), a month (2020-07) or a year (2020)",
        "place": "The place of the dateline, as written (SEOUL is shown as Seoul)"}  # fmt: skip


def fit_placeholder(edit: QLineEdit) -> None:
    """Never cut a placeholder off: the field is at least as wide as its hint."""
    text = edit.placeholderText()
    if text:
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(text) + 20)


class ArticleForm(QWidget):
    """Line fields in a form, the body (Markdown) and optionally the notes below."""

    def __init__(self, parent: QWidget | None = None, *, advanced: bool = True, notes: bool = True,
                 embed_body: bool = True) -> None:
        super().__init__(parent)
        self.fields: dict[str, QLineEdit] = {}
        for name in LINE_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{name}")
            edit.setPlaceholderText(HINTS.get(name, ""))
            edit.setToolTip(TIPS.get(name, HINTS.get(name, "")))
            fit_placeholder(edit)
            self.fields[name] = edit
        self.body = BodyEditor(self)
        self.body.setObjectName("field_body")
        self.body.document().setDocumentMargin(8)
        self.body.setPlaceholderText(
            "The article text (Markdown: blank lines between paragraphs, > for quotes; a line [Photo 2] "
            "puts photo 2 there)")
        self.body.setToolTip(
            "A line [Photo N: …] is where photo N stands: cut and paste it, or Alt+Up / Alt+Down, to move the "
            "photo; delete it and the photo goes back to its usual place (photo 1 above the text, others after)")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("field_notes")
        self.notes.setPlaceholderText("Your notes (not part of the article)")
        self.notes.setFixedHeight(72)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(6)
        form.addRow(LABELS["title"], self.fields["title"])
        form.addRow(LABELS["subtitle"], self.fields["subtitle"])
        form.addRow(LABELS["authors"], self.fields["authors"])
        form.addRow(LABELS["source"], self.fields["source"])
        pair = QHBoxLayout()
        pair.addWidget(self.fields["place"], 1)
        pair.addWidget(self.fields["published"], 1)
        form.addRow("Place · date", pair)
        form.addRow(LABELS["url"], self.fields["url"])
        if advanced:
            form.addRow(LABELS["canonical_url"], self.fields["canonical_url"])
            form.addRow(LABELS["language"], self.fields["language"])
        else:
            self.fields["canonical_url"].hide()
            self.fields["language"].hide()
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        if embed_body:
            layout.addWidget(self.body, 1)
        if notes:
            layout.addWidget(self.notes)
        else:
            self.notes.hide()

    def set_article(self, article: Article) -> None:
        for name, edit in self.fields.items():
            value = getattr(article, name)
            edit.setText(", ".join(value) if name == "authors" else str(value or ""))
            edit.setCursorPosition(0)
        self.body.set_markdown(article.body, [p.caption for p in article.photos])
        self.notes.setPlainText(article.notes)

    def values(self) -> dict[str, Any]:
        """The edited fields; raises ``CuttingsError`` for a date that is not one."""
        out: dict[str, Any] = {name: edit.text().strip() for name, edit in self.fields.items()}
        out["authors"] = [a.strip() for a in out["authors"].split(",") if a.strip()]
        out["published"] = normalise_partial_date(out["published"])
        out["body"] = self.body.markdown()
        out["notes"] = self.notes.toPlainText().strip()
        return out

    def link_photos(self, editor: PhotoEditor) -> None:
        """Keep the body's photo lines in step with ``editor`` (reordered, removed, added, recaptioned)."""
        editor.changed.connect(lambda: self.body.follow_photos(editor.keys(), editor.captions()))

    def apply_to(self, article: Article) -> Article:
        return replace(article, **self.values())
