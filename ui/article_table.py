"""The article list: a table view over :class:`ArticleModel`, multi-select, sortable by clicking a header."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ui.article_model import COLUMNS, HEADERS, ArticleModel, IdRole
from ui.list_delegates import TagsDelegate, TitleDelegate

DEFAULT_WIDTHS = {"source": 128, "place": 90, "published": 88, "tags": 116, "clipped": 70}
HIDDEN_BY_DEFAULT = ("place", "clipped")


class ArticleTable(QTableView):
    """Emits the current article (for the reader) and the selection (for actions)."""

    currentArticleChanged = Signal(int)
    selectionIdsChanged = Signal(list)
    articleActivated = Signal(int)

    def __init__(self, model: ArticleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setAccessibleName("Articles")
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setTabKeyNavigation(False)
        self.title_delegate = TitleDelegate(self)
        self.tags_delegate = TagsDelegate(self)
        self.setItemDelegateForColumn(COLUMNS.index("title"), self.title_delegate)
        self.setItemDelegateForColumn(COLUMNS.index("tags"), self.tags_delegate)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(48)
        for name, width in DEFAULT_WIDTHS.items():
            header.resizeSection(COLUMNS.index(name), width)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        for name in HIDDEN_BY_DEFAULT:
            header.hideSection(COLUMNS.index(name))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSortIndicator(COLUMNS.index("clipped"), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(lambda section, order: model.sort(section, order))
        self.set_search_mode(False)
        self.activated.connect(self._activated)
        model.modelReset.connect(self._after_reset)
        self._connect_selection()

    def _connect_selection(self) -> None:
        sel = self.selectionModel()
        sel.currentRowChanged.connect(self._current_changed)
        sel.selectionChanged.connect(self._selection_changed)

    def _header_menu(self, pos: QPoint) -> None:
        """Show or hide columns (the title always stays)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for n, name in enumerate(COLUMNS):
            if name == "title":
                continue
            action = menu.addAction(HEADERS[name])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(n))
            action.toggled.connect(lambda on, n=n: header.setSectionHidden(n, not on))
        menu.exec(header.viewport().mapToGlobal(pos))

    def set_search_mode(self, searching: bool) -> None:
        """Two lines per row (title and snippet) while a search is active, one otherwise."""
        line = QFontMetrics(self.font()).height()
        self.verticalHeader().setDefaultSectionSize(line * 2 + 18 if searching else line + 14)

    def show_sort(self, column: str | None, descending: bool) -> None:
        """Show the sort indicator without asking for a re-sort (``None``: relevance, no indicator)."""
        header = self.horizontalHeader()
        header.blockSignals(True)
        if column is None:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        else:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(COLUMNS.index(column), order)
        header.blockSignals(False)
        header.viewport().update()

    # ----- selection -------------------------------------------------------------------------

    def current_id(self) -> int:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return -1
        return int(index.data(IdRole))

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [i for i in (self._model.article_id(r) for r in rows) if i >= 0]

    def select_ids(self, ids: list[int], *, scroll: bool = True) -> None:
        """Select the rows of ``ids`` that are in the list; the first becomes current."""
        rows = (self._model.row_of(aid) for aid in ids)
        self._select_rows([row for row in rows if row is not None], scroll=scroll)

    def _select_rows(self, rows: list[int], *, scroll: bool = True) -> None:
        sel = self.selectionModel()
        selection = QItemSelection()
        first: QModelIndex | None = None
        for row in rows:
            left, right = self._model.index(row, 0), self._model.index(row, len(COLUMNS) - 1)
            selection.select(left, right)
            first = first or left
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if first is None:
            sel.clearSelection()
            sel.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.currentArticleChanged.emit(-1)
            return
        sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.select(selection, flags)
        self.currentArticleChanged.emit(self.current_id())
        if scroll:
            self.scrollTo(first)

    def select_row(self, row: int) -> None:
        """Select one row (by its number: the list's row of every id is made only when an id is looked up)."""
        if 0 <= row < self._model.rowCount():
            self._select_rows([row])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentArticleChanged.emit(int(current.data(IdRole)) if current.isValid() else -1)

    def _selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        self.selectionIdsChanged.emit(ids)
        if len(ids) == 1 and self.current_id() != ids[0]:
            self.currentArticleChanged.emit(ids[0])

    def _activated(self, index: QModelIndex) -> None:
        self.articleActivated.emit(int(index.data(IdRole)))

    def _after_reset(self) -> None:
        self.selectionIdsChanged.emit([])
