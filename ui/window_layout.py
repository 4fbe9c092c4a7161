"""The main window's size, toolbars, splitter and list columns, kept in the settings from one run to the next."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from ui.article_model import COLUMNS
from ui.settings import settings

DEFAULT_SIZE = (1280, 800)
DEFAULT_SPLIT = [210, 590, 480]


def restore(window: QMainWindow, splitter: QSplitter, columns: QHeaderView) -> tuple[str, bool] | None:
    """Put the window as it was left; returns the list's sort (column, descending) its columns were left with,
    or None when none was saved."""
    s = settings()
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    state = s.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    split = s.value("window/splitter")
    if not (isinstance(split, QByteArray) and splitter.restoreState(split)):
        splitter.setSizes(DEFAULT_SPLIT)
    header = s.value("window/columns")
    if not isinstance(header, QByteArray):
        return None
    columns.blockSignals(True)  # no re-sort now: the window loads the list once
    columns.restoreState(header)
    columns.blockSignals(False)
    column = columns.sortIndicatorSection()
    if 0 <= column < len(COLUMNS):
        return COLUMNS[column], columns.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    return None


def save(window: QMainWindow, splitter: QSplitter, columns: QHeaderView) -> None:
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("window/splitter", splitter.saveState())
    s.setValue("window/columns", columns.saveState())
    s.sync()
