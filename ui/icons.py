"""SVG icons from ``resources/icons``, tinted to the palette and rendered sharp at every device pixel ratio.

An icon is drawn when Qt first asks for it at a size (a toolbar button at 20 px, a menu at 16 px), not at
every size up front: the window's ~50 icons at 6 sizes, 2 ratios and a disabled look were ~900 SVG renders
before the first paint, of which a few dozen are ever shown.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import shiboken6
from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 20, 24, 32, 48, 64)  # the sizes an icon says it has (``QIcon.availableSizes``)
DISABLED_OPACITY = 0.35
_cache: dict[tuple[str, str], QIcon] = {}
_clones: list[QIconEngine] = []


@cache
def svg_text(name: str) -> str:
    """The SVG source of icon ``name`` (without ``.svg``)."""
    return (resources.files("resources") / "icons" / f"{name}.svg").read_text("utf-8")


class TintedSvgEngine(QIconEngine):
    """Draws one tinted SVG at exactly the device pixels asked for, once per size and look (normal or
    disabled), and keeps what it drew."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._renderer: QSvgRenderer | None = None
        self._drawn: dict[tuple[int, int, bool], QPixmap] = {}

    def _render(self, width: int, height: int, disabled: bool) -> QPixmap:
        key = (width, height, disabled)
        drawn = self._drawn.get(key)
        if drawn is None:
            if self._renderer is None:
                self._renderer = QSvgRenderer(QByteArray(self._svg))
            drawn = QPixmap(QSize(max(width, 1), max(height, 1)))
            drawn.fill(Qt.GlobalColor.transparent)
            painter = QPainter(drawn)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setOpacity(DISABLED_OPACITY if disabled else 1.0)
            self._renderer.render(painter, QRectF(0, 0, drawn.width(), drawn.height()))
            painter.end()
            self._drawn[key] = drawn
        return drawn

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        pixmap = QPixmap(self._render(round(size.width() * scale), round(size.height() * scale),
                                      mode == QIcon.Mode.Disabled))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pixmap = self.scaledPixmap(rect.size(), mode, state, ratio)
        painter.drawPixmap(QPoint(rect.x(), rect.y()), pixmap)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())  # square icons: fit, never stretched
        return QSize(side, side)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(s, s) for s in SIZES]

    def isNull(self) -> bool:
        return not self._svg

    def key(self) -> str:
        return "cuttings-tinted-svg"

    def clone(self) -> QIconEngine:
        """Qt's copy of the engine, made when a shared icon is changed (``addPixmap``). Qt deletes it with that
        icon, but an object returned from Python stays Python's: it is kept here until Qt has deleted it."""
        copy = TintedSvgEngine(self._svg)
        _clones[:] = [c for c in _clones if shiboken6.isValid(c)]
        _clones.append(copy)
        return copy


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """Icon ``name`` drawn in ``color`` (default: the palette's text colour), sharp at any size and ratio."""
    if color is None:
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    hex_color = QColor(color).name()
    key = (name, hex_color)
    if key not in _cache:
        _cache[key] = QIcon(TintedSvgEngine(svg_text(name).replace("currentColor", hex_color).encode()))
    return _cache[key]


def pixmap(name: str, size: int, ratio: float = 2.0, color: QColor | str | None = None) -> QPixmap:
    """One pixmap of icon ``name`` (for labels and painted items)."""
    return icon(name, color).pixmap(QSize(size, size), ratio)


def clear_cache() -> None:
    """Forget tinted icons (the palette changed)."""
    _cache.clear()
