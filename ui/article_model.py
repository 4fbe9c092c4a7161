"""The article list's model: ids from a :mod:`ui.result_source`, rows fetched from SQL a page at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.places import display_place
from app.reads import ArticleRow
from ui import formatting
from ui.result_source import IdListSource, ResultSource

COLUMNS = ("title", "source", "place", "published", "tags", "clipped")
HEADERS = {"title": "Title", "source": "Source", "place": "Place", "published": "Published", "tags": "Tags",
           "clipped": "Clipped"}  # fmt: skip
ROW_PAGE = 100
CACHE_ROWS = 4000

IdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex

# Plain ints, computed once: enum members are looked up and combined in Python on every call otherwise.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, int(Qt.ItemDataRole.AccessibleTextRole), IdRole, RowRole, SnippetRole})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled


class ArticleModel(QAbstractTableModel):
    """A lazy table: ``rowCount`` is known at once, each row's data is read from SQL when first drawn."""

    sortRequested = Signal(str, bool)

    def __init__(self, rows: Callable[[Sequence[int]], list[ArticleRow]], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = rows  # the archive's ReadModel.rows, looked up anew (the window may switch archives)
        self.source: ResultSource = IdListSource([])
        self._cache: OrderedDict[int, ArticleRow] = OrderedDict()
        self.fetches = 0  # how many SQL page loads (for tests and benchmarks)

    # ----- contents ---------------------------------------------------------------------------

    def set_source(self, source: ResultSource) -> None:
        self.beginResetModel()
        self.source = source
        self._cache.clear()
        self.endResetModel()

    def invalidate(self, ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or these ids) and redraw."""
        if ids is None:
            self._cache.clear()
        else:
            for i in ids:
                self._cache.pop(i, None)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def article_id(self, row: int) -> int:
        return self.source.id_at(row)

    def row_of(self, article_id: int) -> int | None:
        return self.source.row_of(article_id)

    def row_data(self, row: int) -> ArticleRow | None:
        aid = self.source.id_at(row)
        if aid < 0:
            return None
        cached = self._cache.get(aid)
        if cached is not None:
            self._cache.move_to_end(aid)
            return cached
        self._load_page(row)
        return self._cache.get(aid)

    def _load_page(self, row: int) -> None:
        start, end = self.source.row_window(row, ROW_PAGE)
        ids = [i for i in (self.source.id_at(r) for r in range(start, end)) if i >= 0 and i not in self._cache]
        self.fetches += 1
        for r in self._rows(ids):
            self._cache[r.id] = r
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    # ----- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.source.count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Painting a cell asks for seven roles, six of which we leave to the style (font, colours,
        # alignment...): those return at once, without looking the row up (a third of a scroll frame).
        if role not in _ROLES or not index.isValid():
            return None
        if role == IdRole:
            return self.source.id_at(index.row())
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == RowRole:
            return row
        if role == SnippetRole:
            return self.source.snippet(row.id)
        column = COLUMNS[index.column()]
        if role == _TOOLTIP and column == "title":
            return row.title
        return display(row, column)  # display, tool tip, accessible text

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sortRequested.emit(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)


def display(row: ArticleRow, column: str) -> str:
    """The text of ``column`` for ``row``."""
    if column == "title":
        return row.title or "(untitled)"
    if column == "published":
        return formatting.published(row.published)
    if column == "clipped":
        return formatting.clipped(row.clipped_at)
    if column == "tags":
        return ", ".join(row.tags)
    if column == "place":
        return display_place(row.place)
    return str(getattr(row, column))
