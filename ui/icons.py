"""SVG icons from ``resources/icons``, tinted to the palette and rendered sharp at every device pixel ratio."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 20, 24, 32, 48, 64)
_cache: dict[tuple[str, str], QIcon] = {}


@cache
def svg_text(name: str) -> str:
    """The SVG source of icon ``name`` (without ``.svg``)."""
    return (resources.files("resources") / "icons" / f"{name}.svg").read_text("utf-8")


def _render(svg: bytes, size: int, ratio: float, opacity: float = 1.0) -> QPixmap:
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setOpacity(opacity)
    QSvgRenderer(QByteArray(svg)).render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """Icon ``name`` drawn in ``color`` (default: the palette's text colour), with 1x and 2x pixmaps."""
    if color is None:
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    hex_color = QColor(color).name()
    key = (name, hex_color)
    if key not in _cache:
        svg = svg_text(name).replace("currentColor", hex_color).encode()
        result = QIcon()
        for size in SIZES:
            for ratio in (1.0, 2.0):
                result.addPixmap(_render(svg, size, ratio))
        for size in SIZES:
            result.addPixmap(_render(svg, size, 2.0, opacity=0.35), QIcon.Mode.Disabled)
        _cache[key] = result
    return _cache[key]


def pixmap(name: str, size: int, ratio: float = 2.0, color: QColor | str | None = None) -> QPixmap:
    """One pixmap of icon ``name`` (for labels and painted items)."""
    return icon(name, color).pixmap(QSize(size, size), ratio)


def clear_cache() -> None:
    """Forget tinted icons (the palette changed)."""
    _cache.clear()
