"""Painting the article list: the title cell (unread dot, star, search snippet) and tags as chips."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.reads import ArticleRow
from ui import icons, theme
from ui.article_model import ArticleModel, RowRole, SnippetRole

GUTTER = 20
# Enum members looked up once: each lookup and combination runs Python code, dozens of times a cell
_SELECTED = QStyle.StateFlag.State_Selected
_VCENTER = Qt.AlignmentFlag.AlignVCenter
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_DEMIBOLD = QFont.Weight.DemiBold
_BOLD_WEIGHT = QFont.Weight.Bold
_BOLD = re.compile(r"(<b>.*?</b>)", re.S)
_TAG = re.compile(r"<[^>]+>")

Index = QModelIndex | QPersistentModelIndex


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """``a <b>b</b> c`` -> ``[("a ", False), ("b", True), (" c", False)]`` (entities decoded, other tags dropped)."""
    out = []
    for part in _BOLD.split(snippet):
        if not part:
            continue
        bold = part.startswith("<b>") and part.endswith("</b>")
        text = html.unescape(_TAG.sub("", part)).replace("\n", " ")
        if text:
            out.append((text, bold))
    return out


def _text_color(option: QStyleOptionViewItem, muted: bool = False) -> QColor:
    if option.state & _SELECTED:
        color = option.palette.color(_HIGHLIGHTED_TEXT)
        if muted:
            color.setAlphaF(0.82)
        return color
    return QColor(theme.current().muted) if muted else option.palette.color(_TEXT)


def _row(index: Index) -> ArticleRow | None:
    """The row a cell shows, straight from our model (``index.data(RowRole)`` wraps it for Qt and back)."""
    model = index.model()
    return model.row_data(index.row()) if isinstance(model, ArticleModel) else index.data(RowRole)


def _snippet(index: Index, row: ArticleRow) -> str:
    """The search snippet of a cell's row, straight from our model as ``_row``."""
    model = index.model()
    return (model.source.snippet(row.id) if isinstance(model, ArticleModel) else index.data(SnippetRole)) or ""


class _CellFonts:
    """The fonts and metrics of the list's cells, made once per view font: a ``QFont`` or ``QFontMetrics``
    costs microseconds, a tag's width more (its text is shaped), and a frame paints some fifty cells."""

    def __init__(self, base: QFont) -> None:
        self.base = QFont(base)
        self.base_metrics = QFontMetrics(base)
        self.line_height = self.base_metrics.height()
        self.unread = QFont(base)
        self.unread.setWeight(_DEMIBOLD)
        self.unread_metrics = QFontMetrics(self.unread)
        self.snippet = QFont(base)
        self.snippet.setPointSizeF(base.pointSizeF() * 0.92)
        self.snippet_metrics = QFontMetrics(self.snippet)
        self.snippet_bold = QFont(self.snippet)
        self.snippet_bold.setWeight(_BOLD_WEIGHT)
        self.snippet_bold_metrics = QFontMetrics(self.snippet_bold)
        self.tag = QFont(base)
        self.tag.setPointSizeF(base.pointSizeF() * 0.86)
        self.tag_metrics = QFontMetrics(self.tag)
        self._tag_widths: dict[str, int] = {}

    def tag_width(self, text: str) -> int:
        """``horizontalAdvance`` of ``text`` in the tag font, remembered (tag names recur on every screen)."""
        width = self._tag_widths.get(text)
        if width is None:
            if len(self._tag_widths) > 10_000:
                self._tag_widths.clear()
            width = self._tag_widths[text] = self.tag_metrics.horizontalAdvance(text)
        return width


class _FontsOnce:
    """A delegate's ``_CellFonts``, made anew when the view's font changes."""

    _fonts: _CellFonts | None = None

    def fonts(self, font: QFont) -> _CellFonts:
        fonts = self._fonts
        if fonts is None or fonts.base != font:
            fonts = self._fonts = _CellFonts(font)
        return fonts


class TitleDelegate(_FontsOnce, QStyledItemDelegate):
    """Title with an unread dot or a star in a gutter; the search snippet on a second line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # No initStyleOption: it asks the model for seven roles, of which this cell uses none (the model
        # leaves fonts, colours and alignment to the style); the view's option has state, palette and font.
        opt = option
        widget = opt.widget
        style = widget.style() if widget else None
        painter.save()
        if style:
            style.drawPrimitive(_PANEL, opt, painter, widget)
        row = _row(index)
        if row is None:
            painter.restore()
            return
        fonts = self.fonts(opt.font)
        rect = opt.rect.adjusted(0, 0, -6, 0)
        gutter = QRect(rect.left(), rect.top(), GUTTER, rect.height())
        snippet = _snippet(index, row)
        line_h = fonts.line_height
        top = rect.top() + (rect.height() - (line_h * 2 + 3 if snippet else line_h)) // 2
        if row.starred:
            pm = icons.pixmap("star-filled", 12)
            painter.drawPixmap(gutter.left() + 5, top + (line_h - 12) // 2, 12, 12, pm)
        elif not row.read:
            painter.setRenderHint(_ANTIALIASING)
            painter.setPen(_NO_PEN)
            dot = QColor(theme.current().accent)
            if opt.state & _SELECTED:
                dot = opt.palette.color(_HIGHLIGHTED_TEXT)
            painter.setBrush(dot)
            painter.drawEllipse(QRectF(gutter.left() + 7.5, top + (line_h - 7) / 2, 7, 7))
        text_rect = QRect(gutter.right() + 1, top, rect.width() - GUTTER, line_h)
        font, metrics = (fonts.base, fonts.base_metrics) if row.read else (fonts.unread, fonts.unread_metrics)
        painter.setFont(font)
        painter.setPen(_text_color(opt))
        title = row.title or "(untitled)"
        painter.drawText(text_rect, _VCENTER, metrics.elidedText(title, _ELIDE_RIGHT, text_rect.width()))
        if snippet:
            self._paint_snippet(painter, opt, fonts, snippet,
                                QRect(text_rect.left(), top + line_h + 3, text_rect.width(), line_h))
        painter.restore()

    @staticmethod
    def _paint_snippet(painter: QPainter, opt: QStyleOptionViewItem, fonts: _CellFonts, snippet: str,
                       rect: QRect) -> None:
        x, right = rect.left(), rect.right()
        for text, is_bold in snippet_segments(snippet):
            font, fm = (fonts.snippet_bold, fonts.snippet_bold_metrics) if is_bold else (fonts.snippet, fonts.snippet_metrics)
            painter.setFont(font)
            painter.setPen(_text_color(opt, muted=not is_bold))
            width = fm.horizontalAdvance(text)
            if x + width > right:
                painter.drawText(QRect(x, rect.top(), right - x, rect.height()), _VCENTER,
                                 fm.elidedText(text, _ELIDE_RIGHT, right - x))
                return
            painter.drawText(QRect(x, rect.top(), width + 1, rect.height()), _VCENTER, text)
            x += width

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(240, QFontMetrics(option.font).height() * 2 + 12)


class TagsDelegate(_FontsOnce, QStyledItemDelegate):
    """Tags as small rounded chips, a colour dot for tags that have a colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: dict[str, str] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = option  # no initStyleOption: its text and roles are not shown here (see TitleDelegate.paint)
        widget = opt.widget
        if widget:
            widget.style().drawControl(_ITEM, opt, painter, widget)
        row = _row(index)
        if row is None or not row.tags:
            return
        painter.save()
        painter.setRenderHint(_ANTIALIASING)
        fonts = self.fonts(opt.font)
        fm = fonts.tag_metrics
        painter.setFont(fonts.tag)
        t = theme.current()
        selected = bool(opt.state & _SELECTED)
        h = fm.height() + 4
        y = opt.rect.top() + (opt.rect.height() - h) // 2
        x, right = opt.rect.left() + 4, opt.rect.right() - 4
        for n, name in enumerate(row.tags):
            label = name.rsplit("/", 1)[-1]
            color = self.colors.get(name.lower(), "")
            dot = 11 if color else 0
            w = fonts.tag_width(label) + 12 + dot
            room = right - (0 if n == len(row.tags) - 1 else fonts.tag_width(f"+{len(row.tags)}") + 6)
            if x + w > room:
                more = f"+{len(row.tags) - n}"
                painter.setPen(_text_color(opt, muted=True))
                painter.drawText(QRect(x, y, right - x, h), _VCENTER, more)
                break
            bg = QColor(255, 255, 255, 60) if selected else QColor(t.chip_bg)
            painter.setPen(_NO_PEN)
            painter.setBrush(bg)
            painter.drawRoundedRect(QRectF(x, y, w, h), h / 2, h / 2)
            if color:
                painter.setBrush(QColor(color))
                painter.drawEllipse(QRectF(x + 6, y + (h - 7) / 2, 7, 7))
            painter.setPen(opt.palette.color(_HIGHLIGHTED_TEXT) if selected else QColor(t.chip_text))
            painter.drawText(QRect(x + 6 + dot, y, w - 12 - dot + 1, h), _VCENTER, label)
            x += w + 4
        painter.restore()
