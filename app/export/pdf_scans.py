""""Original scans" in a PDF export: each scanned article's scan on a page of its own, with its OCR words as an
invisible text layer over it, so the PDF can be searched and its text copied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPdfWriter, QPen

from app.clip.ocr.hocr import page_size, word_boxes
from app.model import Article

if TYPE_CHECKING:
    from app.archive import Archive
    from app.export.pdf import Page


def scans_of(archive: Archive, article: Article) -> list[tuple[bytes, bytes]]:
    """(image bytes, hOCR bytes) of each scan the article was read from (PDF captures are not images)."""
    if article.id is None:
        return []
    out = []
    for capture in archive.captures(article.id):
        if capture.method == "scan" and capture.raw_sha256 and capture.ocr_sha256:
            out.append((archive.blob(capture.raw_sha256), archive.blob(capture.ocr_sha256)))
    return out


def paint_scan(painter: QPainter, writer: QPdfWriter, page: Page, image_data: bytes, hocr: bytes) -> bool:
    """Paint one scan fitted into the page's text box on a new page, then its words, invisible, over it."""
    image = QImage.fromData(image_data)
    if image.isNull():
        return False
    area = QRectF(page.origin.x(), page.origin.y(), page.box.width, page.box.height)
    size = page_size(hocr) or (image.width(), image.height())
    scale = min(area.width() / size[0], area.height() / size[1])
    target = QRectF(area.left(), area.top(), size[0] * scale, size[1] * scale)
    writer.newPage()
    painter.drawImage(target, image)
    painter.save()
    painter.setPen(QPen(QColor(0, 0, 0, 0)))
    font = QFont("Noto Serif")
    for word in word_boxes(hocr):
        x0, y0, x1, y1 = word.box
        height = max(1.0, (y1 - y0) * scale)
        font.setPixelSize(max(1, round(height * 0.8)))
        painter.setFont(font)
        width = QFontMetricsF(font).horizontalAdvance(word.text) or 1.0
        painter.save()
        painter.translate(target.left() + x0 * scale, target.top() + y0 * scale + height * 0.8)
        painter.scale(max(0.05, (x1 - x0) * scale / width), 1.0)
        painter.drawText(0, 0, word.text)
        painter.restore()
    painter.restore()
    return True
