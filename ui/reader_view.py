"""The reader: one article as a page, photos only from the archive, search words highlighted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.errors import UnsafeBlobName
from app.model import Article
from ui import chips, reader_html, theme

log = logging.getLogger(__name__)

MAX_TEXT_WIDTH = 700
MIN_MARGIN = 28


class ReaderView(QTextBrowser):
    """Shows an :class:`Article`; ``blob_loader(sha256) -> bytes`` reads photos from the archive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setAccessibleName("Reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.blob_loader: Callable[[str], bytes] | None = None
        self.tag_colors: dict[str, str] = {}
        self.article: Article | None = None
        self.terms: list[str] = []
        self.highlights = 0
        self._generation = 0
        self._chips: list[tuple[str, str]] = []
        self._last_width = 0
        self.show_dropped = False  # the lines left out as boilerplate, revealed by a link under the body
        self.document().setDocumentMargin(0)
        self.show_placeholder("Select an article to read it.")

    # ----- content ----------------------------------------------------------------------------

    def show_article(self, article: Article | None, terms: Sequence[str] = ()) -> None:
        """Render ``article`` and highlight ``terms`` (analysed search terms); the same article again (it
        was starred, tagged, marked read) keeps its place on the page."""
        same = article is not None and self.article is not None and article.id == self.article.id
        if not same:
            self.show_dropped = False
        self.article = article
        self.terms = list(terms)
        self._render(keep_scroll=same)
        if not same:
            self.verticalScrollBar().setValue(0)

    def set_terms(self, terms: Sequence[str]) -> None:
        if list(terms) != self.terms:
            self.terms = list(terms)
            self._render(keep_scroll=True)

    def show_placeholder(self, text: str) -> None:
        self.article = None
        self.document().setDefaultStyleSheet(reader_html.stylesheet(theme.current()))
        self.setHtml(reader_html.placeholder_html(text))
        self._apply_margins()

    def refresh_theme(self) -> None:
        self._render(keep_scroll=True)

    def _render(self, *, keep_scroll: bool = False) -> None:
        if self.article is None:
            self.show_placeholder("Select an article to read it.")
            return
        scroll = self.verticalScrollBar().value()
        self._generation += 1
        t = theme.current()
        self._chips = [(name, self.tag_colors.get(name.lower(), "")) for name in self.article.tags]
        sizes = [chips.chip_size(name, self.font(), color) for name, color in self._chips]
        self.document().setDefaultStyleSheet(reader_html.stylesheet(t))
        self._last_width = self._photo_width()
        self.setHtml(reader_html.article_html(self.article, t, photo_width=self._last_width, chip_sizes=sizes,
                                              chip_prefix=f"g{self._generation}-", show_dropped=self.show_dropped))
        self._apply_margins()
        self.highlights = self._highlight(self.terms)
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)

    def _page_width(self) -> int:
        """The viewport's width once the vertical scroll bar is shown (a long article shows it after the page
        is laid out: a photo sized without it stuck out by the bar's width, under a horizontal scroll bar)."""
        bar = self.verticalScrollBar()
        return self.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())

    def _side_margin(self) -> int:
        return max(MIN_MARGIN, (self._page_width() - MAX_TEXT_WIDTH) // 2)

    def _photo_width(self) -> int:
        return max(160, min(MAX_TEXT_WIDTH, self._page_width() - 2 * self._side_margin() - 4))

    def _apply_margins(self) -> None:
        """Centre a comfortable text column inside the full-width page (keeps one background colour)."""
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        side = self._side_margin()
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(24)
        fmt.setBottomMargin(28)
        root.setFrameFormat(fmt)

    def _highlight(self, terms: Sequence[str]) -> int:
        """Mark every match of ``terms`` in the page; returns how many were marked."""
        if not terms:
            return 0
        from app.search.highlight import match_spans  # terms come from a search: the index is loaded by now

        doc = self.document()
        text = doc.toRawText()
        spans = match_spans(text, terms)
        if not spans:
            return 0
        offsets = _utf16_offsets(text)
        t = theme.current()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(t.mark_bg))
        fmt.setForeground(QColor(t.mark_text))
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for start, end in spans:
            cursor.setPosition(offsets(start))
            cursor.setPosition(offsets(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        return len(spans)

    # ----- resources: archive photos and chips only ----------------------------------------------

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        url = QUrl(name)
        scheme = url.scheme()
        if kind == QTextDocument.ResourceType.ImageResource.value or kind == QTextDocument.ResourceType.ImageResource:
            if scheme == reader_html.PHOTO_SCHEME:
                return self._photo(url.path())
            if scheme == reader_html.CHIP_SCHEME:
                return self._chip(url.path())
        return None  # never the network, never the file system

    def _photo(self, sha256: str) -> QImage | None:
        if self.blob_loader is None or not sha256.isalnum():
            return None
        try:
            image = QImage.fromData(self.blob_loader(sha256))
        except (OSError, UnsafeBlobName) as exc:
            log.warning("photo %s missing or unsafe: %s", sha256, exc)
            return None
        return None if image.isNull() else image

    def _chip(self, key: str) -> QImage | None:
        try:
            n = int(key.rsplit("-", 1)[-1])
            name, color = self._chips[n]
        except (ValueError, IndexError):
            return None
        return chips.chip_image(name, self.font(), theme.current(), color)

    # ----- layout and links -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_margins()
        width = self._photo_width()
        if self.article is not None and (width < self._last_width or width - self._last_width > 24):
            self._render(keep_scroll=True)  # narrower: at once (never wider than the column); wider: in steps

    def _open_link(self, url: QUrl) -> None:
        if url.toString() == reader_html.DROPPED_LINK:
            self.show_dropped = not self.show_dropped
            self._render(keep_scroll=True)
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Python string index -> Qt (UTF-16) position; identity unless the text has astral characters."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    table = [0]
    for c in text:
        table.append(table[-1] + (2 if ord(c) >= 0x10000 else 1))
    return lambda i: table[i]
