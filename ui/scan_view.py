"""A scan on screen with boxes over it: the regions OCR found (which the user can move and resize) or the
words a search hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

if TYPE_CHECKING:  # a scan's image comes from Pillow, imported by whoever opens the scan
    from PIL import Image

Box = tuple[int, int, int, int]
COLOURS = {"headline": "#d9480f", "photo": "#2f9e44", "caption": "#7048e8", "column": "#1c7ed6", "hit": "#fab005"}
_HANDLE = 28.0  # scene pixels of the corner that resizes


def pixmap_of(image: Image.Image) -> QPixmap:
    """A QPixmap of a Pillow image (greyscale or colour)."""
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimage.copy())


class RegionItem(QGraphicsRectItem):
    """One region: drag it to move it, drag its lower right corner to resize it."""

    def __init__(self, kind: str, box: Box) -> None:
        super().__init__(QRectF(0, 0, box[2] - box[0], box[3] - box[1]))
        self.kind = kind
        self.setPos(box[0], box[1])
        colour = QColor(COLOURS.get(kind, "#868e96"))
        pen = QPen(colour, 6)
        pen.setCosmetic(False)
        self.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(28)
        self.setBrush(QBrush(fill))
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        label = QGraphicsSimpleTextItem(kind, self)
        label.setBrush(QBrush(colour))
        font = label.font()
        font.setPixelSize(44)
        font.setBold(True)
        label.setFont(font)
        label.setPos(8, 4)
        self._resizing = False

    def box(self) -> Box:
        r = self.rect().translated(self.pos())
        return round(r.left()), round(r.top()), round(r.right()), round(r.bottom())

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        corner = self.rect().bottomRight()
        self._resizing = (event.pos() - corner).manhattanLength() < 2 * _HANDLE
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resizing:
            p = event.pos()
            self.setRect(QRectF(QPointF(0, 0), QPointF(max(40.0, p.x()), max(40.0, p.y()))))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._resizing = False
        super().mouseReleaseEvent(event)


class ScanView(QGraphicsView):
    """The scan, fitted to the view, with region or highlight boxes drawn over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._pixmap: QGraphicsPixmapItem | None = None
        self._boxes: list[QGraphicsRectItem] = []

    def set_image(self, image: Image.Image | QPixmap) -> None:
        self.scene().clear()
        self._boxes = []
        pixmap = image if isinstance(image, QPixmap) else pixmap_of(image)
        self._pixmap = self.scene().addPixmap(pixmap)
        self.scene().setSceneRect(QRectF(pixmap.rect()))
        self.fit()

    def has_image(self) -> bool:
        return self._pixmap is not None

    def set_regions(self, regions: list[tuple[str, Box]]) -> None:
        """Editable regions (headline, photo, caption, column) in the image's pixels."""
        self._clear_boxes()
        for kind, box in regions:
            item = RegionItem(kind, box)
            self.scene().addItem(item)
            self._boxes.append(item)

    def regions(self) -> list[tuple[str, Box]]:
        return [(item.kind, item.box()) for item in self._boxes if isinstance(item, RegionItem)]

    def highlight(self, boxes: list[Box]) -> None:
        """Mark words (a search's hits) with translucent yellow boxes."""
        self._clear_boxes()
        colour = QColor(COLOURS["hit"])
        fill = QColor(colour)
        fill.setAlpha(110)
        for x0, y0, x1, y1 in boxes:
            item = self.scene().addRect(QRectF(x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8), QPen(colour, 3), QBrush(fill))
            self._boxes.append(item)

    def _clear_boxes(self) -> None:
        for item in self._boxes:
            self.scene().removeItem(item)
        self._boxes = []

    def fit(self) -> None:
        if self._pixmap is not None:
            self.fitInView(self._pixmap, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
