"""The reader's "Original" view: the scan an article was read from, with the search's hits marked on it from
the OCR word boxes. A pane with two buttons (Text, Original) over the reader and the scan."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.model import Article, Capture
from ui.reader_view import ReaderView
from ui.scan_view import ScanView

if TYPE_CHECKING:  # the OCR boxes and Pillow are imported when a scan is first shown, not with the window
    from app.clip.ocr.hocr import WordBox

_WORD = re.compile(r"\w+")


def matching_boxes(words: Sequence[WordBox], terms: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The boxes of the words a search's terms hit: a word starting with a term (stems), or holding it (CJK
    bigrams)."""
    wanted = [t.casefold() for t in terms if t.strip()]
    if not wanted:
        return []
    out = []
    for word in words:
        tokens = [t.casefold() for t in _WORD.findall(word.text)]
        if any(tok.startswith(term) or (len(term) >= 2 and term in tok) for tok in tokens for term in wanted):
            out.append(word.box)
    return out


class ReadingPane(QWidget):
    """The reader, and for a scanned article a switch to its original scan."""

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.reader = reader
        self.captures: Callable[[int], list[Capture]] | None = None
        self.blob: Callable[[str], bytes] | None = None
        self.scan = ScanView(self)
        self.scan.setObjectName("originalView")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(reader)
        self.stack.addWidget(self.scan)
        self.text_button = QPushButton("Text", self)
        self.original_button = QPushButton("Original", self)
        self.original_button.setObjectName("originalButton")
        self.original_button.setToolTip("The scan this article was read from, with the search's hits marked")
        group = QButtonGroup(self)
        for n, button in enumerate((self.text_button, self.original_button)):
            button.setCheckable(True)
            group.addButton(button, n)
        self.text_button.setChecked(True)
        group.idClicked.connect(self._switch)
        self.hits = QLabel(self)
        self.hits.setObjectName("hint")
        self.bar = QWidget(self)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text_button)
        row.addWidget(self.original_button)
        row.addStretch(1)
        row.addWidget(self.hits)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)
        self._article: Article | None = None
        self._terms: list[str] = []
        self._capture: Capture | None = None
        self._loaded: tuple[int | None, tuple[str, ...]] | None = None
        self.bar.hide()

    def article_shown(self, article: Article | None, terms: Sequence[str]) -> None:
        """Called whenever the reader shows an article (or nothing): offer its scan if it has one."""
        self._article, self._terms = article, list(terms)
        self._capture = self._scan_capture(article)
        self.bar.setVisible(self._capture is not None)
        if self._capture is None:
            self._switch(0)
            self.text_button.setChecked(True)
        elif self.stack.currentIndex() == 1:
            self._show_scan()

    def show_original(self) -> None:
        self.original_button.setChecked(True)
        self._switch(1)

    def _scan_capture(self, article: Article | None) -> Capture | None:
        if article is None or article.id is None or self.captures is None:
            return None
        return next((c for c in self.captures(article.id) if c.method in {"scan", "pdf"} and c.raw_sha256
                     and c.ocr_sha256), None)

    def _switch(self, index: int) -> None:
        if index == 1 and self._capture is not None:
            self._show_scan()
        self.stack.setCurrentIndex(index if self._capture is not None else 0)

    def _show_scan(self) -> None:
        capture, article = self._capture, self._article
        if capture is None or article is None or self.blob is None or capture.mime == "application/pdf":
            return
        from PIL import Image, ImageOps

        from app.clip.ocr.hocr import page_size, word_boxes

        key = (article.id, tuple(self._terms))
        assert capture.raw_sha256 is not None and capture.ocr_sha256 is not None
        hocr = self.blob(capture.ocr_sha256)
        if self._loaded is None or self._loaded[0] != article.id:
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(self.blob(capture.raw_sha256))))
            size = page_size(hocr)
            if size and size != image.size:  # a huge scan was read reduced: boxes are in the scan's pixels
                image = image.resize(size)
            self.scan.set_image(image)
        boxes = matching_boxes(word_boxes(hocr), self._terms)
        self.scan.highlight(boxes)
        self.hits.setText(f"{len(boxes)} hit(s) on the scan" if self._terms else "")
        self._loaded = key
