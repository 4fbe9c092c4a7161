"""Tag chips drawn as images (Qt rich text has no rounded borders), sharp at 2x."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from ui.theme import Theme

RATIO = 2.0


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(7.5, base.pointSizeF() * 0.85))
    font.setWeight(QFont.Weight.Medium)
    return font


def chip_size(name: str, font: QFont, color: str = "") -> tuple[int, int]:
    """The logical size of the chip for tag ``name``."""
    fm = QFontMetricsF(chip_font(font))
    dot = 11 if color else 0
    return int(fm.horizontalAdvance(name) + 20 + dot + 0.999), int(fm.height() + 8)


def chip_image(name: str, font: QFont, t: Theme, color: str = "") -> QImage:
    """A rounded chip with the tag's name (and its colour as a dot)."""
    w, h = chip_size(name, font, color)
    image = QImage(int(w * RATIO), int(h * RATIO), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    image.setDevicePixelRatio(RATIO)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(t.chip_bg))
    p.drawRoundedRect(QRectF(0.5, 0.5, w - 1, h - 1), (h - 1) / 2, (h - 1) / 2)
    x = 10.0
    if color:
        p.setBrush(QColor(color))
        p.drawEllipse(QRectF(x, (h - 7) / 2, 7, 7))
        x += 11
    p.setPen(QColor(t.chip_text))
    p.setFont(chip_font(font))
    p.drawText(QRectF(x, 0, w - x, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
    p.end()
    return image
