"""PDF export with Qt (``QTextDocument`` laid out on a ``QPdfWriter``), headless.

Each article is one ``QTextDocument`` paginated to the printable area; every page gets a running header
(source · date) and a footer (article id, page n of m). Many articles in one file start with a contents
page; the outline (bookmarks), the contents links and the Subject/Keywords metadata are added after Qt
has written the file (QPdfWriter in Qt 6.12 has no API for them), by :mod:`app.export.pdf_outline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from app import __version__
from app.errors import CuttingsError
from app.export.atomic import atomic_file, atomic_folder
from app.export.dates import human_date
from app.export.labels import join_names, running_header
from app.export.names import UniqueNames, article_stem
from app.export.pdf_html import Box, article_rich_text, stylesheet
from app.export.pdf_outline import Link, OutlineEntry, add_navigation
from app.export.pdf_pages import keep_together
from app.export.pdf_xmp import xmp_packet
from app.export.qt import SANS, ensure_app, families_for, load_fonts
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import Article

if TYPE_CHECKING:
    from app.archive import Archive

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "LETTER": QPageSize.PageSizeId.Letter}
MARGIN_MM = {"top": 24.0, "bottom": 24.0, "left": 27.0, "right": 27.0}
PRINT_DPI = 300  # photos are embedded at up to this resolution at their printed size
BODY_PT = 10.5


@dataclass
class Page:
    """Geometry of one page in device units and points."""

    dpi: int
    width: float
    height: float

    def mm(self, value: float) -> float:
        return value / 25.4 * self.dpi

    @property
    def box(self) -> Box:
        return Box(self.width - self.mm(MARGIN_MM["left"] + MARGIN_MM["right"]),
                   self.height - self.mm(MARGIN_MM["top"] + MARGIN_MM["bottom"]), self.dpi)

    @property
    def origin(self) -> QPointF:
        return QPointF(self.mm(MARGIN_MM["left"]), self.mm(MARGIN_MM["top"]))

    @staticmethod
    def css(mm: float) -> float:
        """Millimetres as CSS pixels, the unit of Qt's text formats (scaled to the device by Qt)."""
        return mm / 25.4 * 96

    def to_points(self, value: float) -> float:
        return value * 72 / self.dpi


class ArticleDocument(QTextDocument):
    """An article's text; photos are read from the archive only when a page showing them is painted."""

    def __init__(self, archive: Archive, article: Article, target_width: float, dpi: int) -> None:
        super().__init__()
        self._archive = archive
        self._article = article
        self._max_px = max(1, int(target_width / dpi * PRINT_DPI))

    def loadResource(self, type: int, name: QUrl | str, /) -> Any:
        """Qt asks for ``photo:N`` when it paints photo N."""
        url = QUrl(name)
        if url.scheme() == "photo":
            photo = self._article.photos[int(url.path())]
            image = QImage.fromData(self._archive.blob(photo.sha256 or ""))
            if image.width() > self._max_px:
                image = image.scaledToWidth(self._max_px, Qt.TransformationMode.SmoothTransformation)
            return image
        return super().loadResource(type, name)


@dataclass
class PdfJob:
    """What one PDF file holds and how it is set."""

    articles: list[Article]
    page_size: str = "A4"
    title: str = ""
    counts: list[int] = field(default_factory=list)
    original_scans: bool = False  # each scanned article's scan after it, with an invisible text layer


def body_font(language: str, size: float = BODY_PT) -> QFont:
    font = QFont()
    font.setFamilies(families_for(language))
    font.setPointSizeF(size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setFeature(QFont.Tag.fromString("liga"), 0)  # "ff" stays two letters when text is copied or extracted
    return font


def article_document(archive: Archive, article: Article, writer: QPdfWriter, page: Page) -> QTextDocument:
    doc = ArticleDocument(archive, article, page.box.width, page.dpi)
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(body_font(article.language))
    doc.setDefaultStyleSheet(stylesheet(page.box))
    doc.setDocumentMargin(0)
    doc.setHtml(article_rich_text(article, page.box))
    doc.setPageSize(QSizeF(page.box.width, page.box.height))
    keep_together(doc, page.box.height)  # no widows, orphans or stranded headings
    return doc


def _writer(path: Path, job: PdfJob) -> tuple[QPdfWriter, Page]:
    size = PAGE_SIZES.get(job.page_size.upper())
    if size is None:
        raise CuttingsError(f"{job.page_size!r} is not a page size; use A4 or Letter.")
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(size))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(job.title)
    writer.setCreator(f"Cuttings {__version__}")
    authors = join_names(list(dict.fromkeys(a for art in job.articles for a in art.authors)))
    writer.setAuthor(authors)
    writer.setDocumentXmpMetadata(xmp_packet(title=job.title, authors=authors, subject=_subject(job.articles),
                                             keywords=_keywords(job.articles), language=_language(job.articles),
                                             tool=f"Cuttings {__version__}"))
    dpi = writer.resolution()
    rect = writer.pageLayout().fullRectPixels(dpi)
    return writer, Page(dpi, rect.width(), rect.height())


def _subject(articles: Sequence[Article]) -> str:
    if len(articles) == 1:
        a = articles[0]
        where = ", ".join(x for x in (a.source, human_date(a.published)) if x)
        return f"Press cutting{' from ' + where if where else ''}" + (f": {a.subtitle}" if a.subtitle else "")
    dates = sorted(a.published for a in articles if a.published)
    span = f", {human_date(dates[0])} – {human_date(dates[-1])}" if dates else ""
    return f"{len(articles)} press cuttings{span}"


def _keywords(articles: Sequence[Article]) -> list[str]:
    return list(dict.fromkeys(t for a in articles for t in a.tags))


def _language(articles: Sequence[Article]) -> str:
    langs = {a.language for a in articles if a.language}
    return langs.pop() if len(langs) == 1 else ""


def _small_font(size: float = 7.5, *, families: list[str] | None = None) -> QFont:
    font = QFont()
    font.setFamilies(families or families_for("", SANS))
    font.setPointSizeF(size)
    return font


def paint_page_frame(painter: QPainter, page: Page, header: str, footer_left: str, footer_right: str) -> None:
    """Running header with a rule under it, footer with a rule over it."""
    painter.save()
    grey = QColor("#555555")
    painter.setPen(QPen(QColor("#9a9a9a"), page.mm(0.2)))
    left, right = page.mm(MARGIN_MM["left"]), page.width - page.mm(MARGIN_MM["right"])
    head_y, foot_y = page.mm(MARGIN_MM["top"] - 7), page.height - page.mm(MARGIN_MM["bottom"] - 9)
    painter.drawLine(QPointF(left, head_y + page.mm(1.8)), QPointF(right, head_y + page.mm(1.8)))
    painter.drawLine(QPointF(left, foot_y - page.mm(4.2)), QPointF(right, foot_y - page.mm(4.2)))
    painter.setPen(grey)
    font = _small_font(7.5, families=families_for("ko", ["Noto Serif", *SANS]))
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    text = metrics.elidedText(header.upper(), Qt.TextElideMode.ElideRight, right - left)
    painter.drawText(QPointF(left, head_y), text)
    painter.setFont(_small_font(7.5, families=families_for("ko", ["Noto Serif", *SANS])))
    painter.drawText(QPointF(left, foot_y), footer_left)
    metrics = QFontMetricsF(painter.font(), painter.device())
    painter.drawText(QPointF(right - metrics.horizontalAdvance(footer_right), foot_y), footer_right)
    painter.restore()


def paint_document_page(painter: QPainter, doc: QTextDocument, page: Page, index: int) -> None:
    """Paint page ``index`` of a paginated document into the printable area."""
    box = page.box
    painter.save()
    painter.translate(page.origin.x(), page.origin.y() - index * box.height)
    doc.drawContents(painter, QRectF(0, index * box.height, box.width, box.height - 1))  # -1: not the next page's edge
    painter.restore()


def contents_document(job: PdfJob, writer: QPdfWriter, page: Page, first_pages: list[int]) -> tuple[QTextDocument, list[Any]]:
    """The contents: one entry per article with its first page; returns the document and the entries' blocks."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(body_font(""))
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(page.box.width, page.box.height))
    cursor = QTextCursor(doc)
    heading = QTextCharFormat()
    heading.setFont(body_font("", 20))
    heading.setFontWeight(QFont.Weight.Bold)
    block = QTextBlockFormat()
    block.setBottomMargin(page.css(6))
    cursor.setBlockFormat(block)
    cursor.insertText("Contents", heading)
    blocks = []
    for article, first in zip(job.articles, first_pages, strict=True):
        entry = QTextBlockFormat()
        entry.setTopMargin(page.css(3))
        entry.setTabPositions([QTextOption.Tab(page.box.width * 96 / page.dpi, QTextOption.TabType.RightTab)])
        entry.setRightMargin(0)
        title = QTextCharFormat()
        title.setFont(body_font(article.language, 10.5))
        cursor.insertBlock(entry, title)
        cursor.insertText(f"{article.title or 'Untitled'}\t{first}", title)
        start = cursor.block()
        meta = " · ".join(x for x in (article.source, article.place, human_date(article.published, article.language)) if x)
        if meta:
            small = QTextCharFormat()
            small.setFont(body_font(article.language, 8))
            small.setForeground(QColor("#5f5f5f"))
            cursor.insertBlock(QTextBlockFormat(), small)
            cursor.insertText(meta, small)
        blocks.append((start, cursor.block()))
    return doc, blocks


def _link_rects(doc: QTextDocument, blocks: list[Any], page: Page, first_pages: list[int]) -> list[Link]:
    """Clickable areas of the contents entries, in PDF points (origin bottom left)."""
    layout = doc.documentLayout()
    links = []
    box = page.box
    for (start, end), target in zip(blocks, first_pages, strict=True):
        rect = layout.blockBoundingRect(start).united(layout.blockBoundingRect(end))
        index = int(rect.top() // box.height)
        top = page.origin.y() + rect.top() - index * box.height
        x0, x1 = page.origin.x() + rect.left(), page.origin.x() + rect.right()
        height_pt = page.to_points(page.height)
        links.append(Link(page=index, target=target - 1, rect=(
            page.to_points(x0), height_pt - page.to_points(top + rect.height()),
            page.to_points(x1), height_pt - page.to_points(top))))
    return links


def write_pdf(archive: Archive, job: PdfJob, path: Path, *, progress: Progress = no_progress,
              cancelled: CancelCheck = never_cancelled, done_before: int = 0, total: int = 0) -> None:
    """Write ``job`` to ``path`` (the caller makes it atomic)."""
    ensure_app()
    load_fonts()
    total = total or len(job.articles)
    outline, links, info = _paint(archive, job, path, progress, cancelled, done_before, total)
    add_navigation(path, outline=outline, links=links, info=info, language=_language(job.articles))


def _paint(archive: Archive, job: PdfJob, path: Path, progress: Progress, cancelled: CancelCheck,
           done_before: int, total: int) -> tuple[list[OutlineEntry], list[Link], dict[str, str]]:
    writer, page = _writer(path, job)
    many = len(job.articles) > 1
    counts = []
    if many:  # first pass: page counts for "page n of m" and the contents (layout only, no photo is read)
        for article in job.articles:
            check_cancel(cancelled)
            counts.append(article_document(archive, article, writer, page).pageCount())
    contents_pages, first_pages = 0, [1]
    contents: QTextDocument | None = None
    blocks: list[Any] = []
    if many:
        for _ in range(3):  # the contents' length depends on the page numbers it prints, and back
            firsts = [contents_pages + 1 + sum(counts[:i]) for i in range(len(counts))]
            contents, blocks = contents_document(job, writer, page, firsts)
            if contents.pageCount() == contents_pages:
                break
            contents_pages = contents.pageCount()
        first_pages = firsts
    total_pages = contents_pages + sum(counts)
    painter = QPainter()
    if not painter.begin(writer):
        raise CuttingsError(f"Could not write the PDF {path}: is the folder writable?")
    outline: list[OutlineEntry] = []
    try:
        number = 0
        if contents is not None:
            outline.append(OutlineEntry("Contents", 0))
            for i in range(contents_pages):
                if number:
                    writer.newPage()
                paint_document_page(painter, contents, page, i)
                number += 1
                paint_page_frame(painter, page, "Cuttings", f"Cuttings · {len(job.articles)} articles",
                                 f"Page {number} of {total_pages}")
        for n, article in enumerate(job.articles):
            check_cancel(cancelled)
            doc = article_document(archive, article, writer, page)
            pages = doc.pageCount()
            total_pages = total_pages or pages
            outline.append(OutlineEntry(article.title or "Untitled", number))
            for i in range(pages):
                if number:
                    writer.newPage()
                paint_document_page(painter, doc, page, i)
                number += 1
                paint_page_frame(painter, page, running_header(article) or "Press cutting",
                                 f"Cuttings · article {article.id}", f"Page {number} of {total_pages}")
            doc.deleteLater()
            if job.original_scans:
                from app.export.pdf_scans import paint_scan, scans_of

                number += sum(paint_scan(painter, writer, page, *scan) for scan in scans_of(archive, article))
            progress(done_before + n + 1, total, article.title)
    finally:
        painter.end()
    links = _link_rects(contents, blocks, page, first_pages) if contents is not None else []
    subject = _subject(job.articles)
    info = {"Subject": subject, "Keywords": ", ".join(_keywords(job.articles))}
    return outline if many else [], links, info


def export_pdf(archive: Archive, ids: Sequence[int], out: Path, *, single_file: bool = False, page_size: str = "A4",
               progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled,
               original_scans: bool = False) -> list[Path]:
    """``single_file``: all articles in the file ``out`` (contents page, bookmarks); else one PDF per article
    in the new folder ``out``. Nothing appears under ``out`` unless the export completes. ``original_scans``:
    a scanned article's scan follows it, searchable (an invisible text layer of its OCR words)."""
    if page_size.upper() not in PAGE_SIZES:
        raise CuttingsError(f"{page_size!r} is not a page size; use A4 or Letter.")
    if single_file:
        articles = [archive.get(i) for i in ids]
        title = articles[0].title if len(articles) == 1 else f"Cuttings: {len(articles)} articles"
        with atomic_file(out) as tmp:
            write_pdf(archive, PdfJob(articles, page_size, title, original_scans=original_scans), tmp,
                      progress=progress, cancelled=cancelled)
        return [out]
    names = UniqueNames()
    written = []
    with atomic_folder(out) as folder:
        for n, article_id in enumerate(ids):
            check_cancel(cancelled)
            article = archive.get(article_id)
            name = names.take(article_stem(article), ".pdf")
            write_pdf(archive, PdfJob([article], page_size, article.title, original_scans=original_scans),
                      folder / name, progress=progress,
                      cancelled=cancelled, done_before=n, total=len(ids))
            written.append(out / name)
    return written


