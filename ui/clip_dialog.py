"""The Clip dialog: paste text or HTML, give a web address, or pick a file; check the extracted article, save it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import OpChangesWith
from app.clip.dispatch import SCAN_SUFFIXES, clip_bytes, clip_source, is_url
from app.errors import CuttingsError, DuplicateArticle
from app.model import Article, ClipResult
from app.photo_layout import word_count
from ui import dialogs, icons
from ui.article_form import ArticleForm
from ui.photo_editor import PhotoEditor
from ui.scan_tab import ScanTab
from ui.tag_input import TagInput
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.archive import Archive

PASTE, URL, FILE, SCAN = 0, 1, 2, 3
OPEN_EXISTING, KEEP_BOTH = "Open the Existing One", "Keep Both"  # the duplicate prompt; the first is the default
CLIP_FILTER = ("Cuttings (*.txt *.md *.markdown *.html *.htm *.jpg *.jpeg *.png *.gif *.webp *.tif *.tiff *.pdf);;"
               "All files (*)")


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class ClipDialog(QDialog):
    """Extraction runs on ``extractor`` (no archive writes); saving runs on ``writer``."""

    articleSaved = Signal(int, object)  # the new article's id, and the OpChanges the archive gave back
    existingRequested = Signal(int)

    def __init__(self, archive: Archive, writer: TaskRunner, extractor: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipDialog")
        self.setWindowTitle("Clip a Cutting")
        self.resize(1060, 740)
        self._archive = archive
        self._writer = writer
        self._extractor = extractor
        self._html: str | None = None
        self.clip_result: ClipResult | None = None
        self.saved_id: int | None = None
        self.busy = False
        self._build()

    # ----- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.paste_edit = QPlainTextEdit(self)
        self.paste_edit.setObjectName("pasteEdit")
        self.paste_edit.setPlaceholderText("Paste the text of a cutting here: headline first, then the story.")
        self.paste_edit.textChanged.connect(self._paste_edited)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("https://www.example.com/news/2020/07/02/story.html")
        self.url_edit.returnPressed.connect(self.extract)
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("fileEdit")
        self.file_edit.setPlaceholderText("A text, Markdown, HTML or image file")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        url_page, file_page = QWidget(self), QWidget(self)
        url_row = QVBoxLayout(url_page)
        url_row.addWidget(self.url_edit)
        url_row.addWidget(self._hint("The page is fetched once, its article extracted; ads, menus and comments are left out."))
        url_row.addStretch(1)
        file_col = QVBoxLayout(file_page)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        file_col.addLayout(file_row)
        file_col.addWidget(self._hint("Tip: drop files or folders onto the main window; folders are imported in bulk."))
        file_col.addStretch(1)
        self.tabs.addTab(self.paste_edit, icons.icon("paste"), "Paste text")
        self.tabs.addTab(url_page, icons.icon("link"), "Web address")
        self.tabs.addTab(file_page, icons.icon("file"), "File")
        self.scan_tab = ScanTab(self._extractor, self)
        self.scan_tab.resultReady.connect(self._extracted)
        self.scan_tab.failed.connect(self._fail)
        self.tabs.addTab(self.scan_tab, icons.icon("photo"), "Scan")
        self.tabs.currentChanged.connect(lambda i: self.tabs.setFixedHeight(430 if i == SCAN else 116))
        self.tabs.setFixedHeight(116)
        self.extract_button = QPushButton(icons.icon("clip"), "Extract", self)
        self.extract_button.setObjectName("extractButton")
        self.extract_button.setToolTip("Extract the article from what you gave (Ctrl+Return)")
        self.extract_button.setShortcut("Ctrl+Return")
        self.extract_button.clicked.connect(self.extract)
        self.tabs.setCornerWidget(self.extract_button, Qt.Corner.TopRightCorner)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.tabs, 1)

        self.form = ArticleForm(self, advanced=False, notes=False, embed_body=False)
        self.photos = PhotoEditor(None, self)
        self.form.link_photos(self.photos)
        self.tags = TagInput([t.name for t in self._archive.tags()], self)
        self.tags.setObjectName("tagInput")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(_section("Article"))
        left_layout.addWidget(self.form)
        left_layout.addWidget(_section("Photos"))
        left_layout.addWidget(self.photos)
        self.form.form.addRow("Tags", self.tags)
        left_layout.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(_section("Text"))
        right_layout.addWidget(self.form.body, 1)
        self.preview = QSplitter(Qt.Orientation.Horizontal, self)
        self.preview.addWidget(left)
        self.preview.addWidget(right)
        self.preview.setSizes([460, 560])
        self.preview.setChildrenCollapsible(False)

        self.warnings = QLabel(self)
        self.warnings.setObjectName("warning")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.save_button = QPushButton("Save to Archive", self)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(cancel)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.warnings)
        layout.addLayout(bottom)
        self._set_preview_enabled(False)

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("hint")
        label.setWordWrap(True)
        return label

    def _set_preview_enabled(self, on: bool) -> None:
        self.preview.setEnabled(on)
        self.save_button.setEnabled(on and not self.busy)

    # ----- ways in ----------------------------------------------------------------------------

    def start_text(self, text: str, html: str | None = None) -> None:
        """Clip pasted text (or the HTML that came with it) and extract at once."""
        self.tabs.setCurrentIndex(PASTE)
        self.paste_edit.setPlainText(text)
        self._html = html
        self.extract()

    def start_url(self, url: str) -> None:
        self.tabs.setCurrentIndex(URL)
        self.url_edit.setText(url)
        self.extract()

    def start_file(self, path: Path) -> None:
        """Clip a file; a PDF or a TIFF goes to the Scan tab, which reads it page by page with progress and
        cancel (a 200-page PDF takes minutes)."""
        if path.suffix.lower() in SCAN_SUFFIXES:
            self.tabs.setCurrentIndex(SCAN)
            self.scan_tab.start(path)
            return
        self.tabs.setCurrentIndex(FILE)
        self.file_edit.setText(str(path))
        self.extract()

    def _paste_edited(self) -> None:
        if self.paste_edit.hasFocus():
            self._html = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Clip a file", "", CLIP_FILTER)
        if path:
            self.start_file(Path(path))

    # ----- extraction -------------------------------------------------------------------------

    def extract(self) -> None:
        """Run the extractor for the current tab in the background."""
        tab = self.tabs.currentIndex()
        if tab == SCAN:
            return self.scan_tab.read()
        if tab == PASTE:
            text, html = self.paste_edit.toPlainText(), self._html
            if not text.strip() and not html:
                return self._fail("Paste the text of a cutting first.")
            work = (lambda: clip_bytes(html.encode("utf-8"), kind="html")) if html else (
                lambda: clip_bytes(text.encode("utf-8"), kind="auto"))
        elif tab == URL:
            url = self.url_edit.text().strip()
            if not is_url(url):
                return self._fail("Give a web address starting with http:// or https://.")
            work = lambda: clip_source(url)  # noqa: E731
        else:
            path = Path(self.file_edit.text().strip())
            if not self.file_edit.text().strip():
                return self._fail("Choose a file to clip.")
            if path.suffix.lower() in SCAN_SUFFIXES:
                return self.start_file(path)
            work = lambda: clip_source(path, allow_network=False)  # noqa: E731
        self.busy = True
        self.extract_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText("Extracting…")
        self.warnings.hide()
        self._extractor.call("Extracting", work, on_done=self._extracted, on_error=self._extract_failed)

    def _extracted(self, result: ClipResult) -> None:
        self.busy = False
        self.extract_button.setEnabled(True)
        self.clip_result = result
        self.form.set_article(result.article)
        self.photos.set_photos(result.article.photos)
        if result.article.tags and not self.tags.text():
            self.tags.set_tags(result.article.tags)
        words = word_count(result.article.body)
        self.status.setText(f"Extracted {words:,} words and {len(result.article.photos)} photo(s). Check, then save.")
        if result.warnings:
            self.warnings.setText("\n".join(result.warnings))
            self.warnings.show()
        self._set_preview_enabled(True)
        self.form.fields["title"].setFocus()

    def _extract_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.extract_button.setEnabled(True)
        self._fail(dialogs.error_message(exc))

    def _fail(self, message: str) -> None:
        self.status.setText("")
        self.warnings.setText(message)
        self.warnings.show()
        self.save_button.setEnabled(self.clip_result is not None)

    def has_preview(self) -> bool:
        return self.clip_result is not None and not self.busy

    # ----- saving -----------------------------------------------------------------------------

    def edited_result(self) -> ClipResult:
        """The extracted result with the user's edits (raises CuttingsError for a bad date)."""
        assert self.clip_result is not None
        article = self.form.apply_to(self.clip_result.article)
        article.photos = self.photos.photos()
        article.tags = []
        return replace(self.clip_result, article=article)

    def save(self, allow_duplicate: bool = False) -> None:
        if self.clip_result is None or self.busy:
            return
        try:
            result = self.edited_result()
        except CuttingsError as exc:
            self._fail(str(exc))
            return
        if not result.article.title.strip():
            self._fail("Give the article a title.")
            self.form.fields["title"].setFocus()
            return
        tags = self.tags.tags()
        self.busy = True
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        archive = self._archive
        self._writer.call(
            "Saving the cutting",
            lambda: archive.add(result, tags_=tags, allow_duplicate=allow_duplicate),
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, saved: OpChangesWith[Article]) -> None:
        self.busy = False
        article_id = saved.value.id
        assert article_id is not None
        self.saved_id = article_id
        self.articleSaved.emit(article_id, saved.changes)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, DuplicateArticle):
            message = str(exc).split(" Use --allow-duplicate")[0]
            answer = dialogs.choose(self, "Already in the archive", f"{message}\n\nOpen the one already there, "
                                    "or keep a second copy?", [OPEN_EXISTING, KEEP_BOTH])
            if answer == KEEP_BOTH:
                self.save(allow_duplicate=True)
            elif answer == OPEN_EXISTING:
                self.existingRequested.emit(exc.existing_id)
                self.reject()
            return  # Cancel: back to the preview, nothing saved
        self._fail(dialogs.error_message(exc))
