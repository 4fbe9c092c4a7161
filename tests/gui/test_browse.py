"""Browsing: search narrows the list and highlights the reader, malformed queries, sidebar views and facets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import wait_idle
from ui.article_model import SnippetRole


def test_widgets_have_automation_names(open_window: Any, sample_archive: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = open_window(sample_archive)
    for name in ("searchField", "articleList", "readerView", "sidebar", "statusBar"):
        assert window.findChild(QWidget, name) is not None, name


def test_search_narrows_the_list_and_highlights_the_reader(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    assert window.model.rowCount() == 3
    window.acts["find"].trigger()
    field = window.search_bar.field
    qtbot.keyClicks(field, "morgue")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3_000)  # after the debounce
    assert window.reader.article is not None and "morgue" in window.reader.article.title
    assert window.reader.highlights >= 2  # title and body
    snippet = window.model.index(0, 0).data(SnippetRole)
    assert "<b>" in snippet.lower()
    assert "matches" in window.status.counts.text()
    field.clear()  # the clear button: at once
    assert window.model.rowCount() == 3
    assert window.reader.highlights == 0


def test_korean_search(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.search_bar.set_text("도서관")
    assert window.model.rowCount() == 1
    assert window.reader.article is not None and window.reader.article.source == "연합뉴스"
    assert window.reader.highlights >= 1


def test_malformed_query_shows_an_error_line(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.search_bar.set_text("title:(harbour")
    error = window.search_bar.error
    assert error.isVisible()
    assert "parenthes" in error.text().lower()
    assert window.model.rowCount() == 3  # the list keeps what it showed
    window.search_bar.set_text("harbour")
    assert not error.isVisible()
    assert window.model.rowCount() == 1


def test_facet_click_narrows_the_search(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.search_bar.set_text("archive OR korea OR 도서관")
    item = window.sidebar.find_item("facet", "year\t2020")
    assert item is not None
    window.sidebar.itemClicked.emit(item, 0)
    assert "published:2020" in window.search_bar.text()
    assert window.model.rowCount() == 1


def test_view_facets_are_counted_in_the_background(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    from ui.sidebar import CountRole

    window = open_window(sample_archive)
    qtbot.waitUntil(lambda: window.sidebar.find_item("facet", "year\t2020") is not None, timeout=5_000)
    expected = window.archive.reader.conn.execute(
        "SELECT COUNT(*) FROM articles WHERE deleted_at IS NULL AND published LIKE '2020%'"
    ).fetchone()[0]
    assert window.sidebar.find_item("facet", "year\t2020").data(0, CountRole) == expected >= 1
    # A change drops what was counted; a lookup begun before it may not refill the cache, a new one does.
    window.archive_changed()
    assert window._facet_cache == {}
    qtbot.waitUntil(lambda: ("library", "") in window._facet_cache, timeout=5_000)
    assert window.sidebar.find_item("facet", "year\t2020").data(0, CountRole) == expected


def test_sidebar_views_starred_and_sorting(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.table.select_ids(window.archive.ids()[:1])
    window.acts["star"].trigger()
    wait_idle(qtbot, window)
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("starred"))
    assert window.view == "starred"
    assert window.model.rowCount() == 1
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("library"))
    header = window.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by title
    titles = [window.model.index(r, 0).data() for r in range(window.model.rowCount())]
    assert titles == sorted(titles, key=str.lower)


def test_lazy_model_loads_rows_in_pages(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(empty_archive / "archive.sqlite3")
    conn.executemany(
        "INSERT INTO articles(uid, title, source, published, clipped_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(f"u{i}", f"Synthetic story {i}", "Wire", "2020-01-01", f"2021-01-01T00:00:{i % 60:02}Z", "2021")
         for i in range(3000)],
    )
    conn.commit()
    conn.close()
    window = open_window(empty_archive)
    assert window.model.rowCount() == 3000
    assert window.model.fetches <= 3  # only what the view has drawn
    window.table.scrollToBottom()
    qtbot.wait(50)
    assert window.model.index(2999, 0).data()
    assert window.model.fetches <= 6


def test_list_cells_make_their_fonts_once_per_font(open_window: Any, sample_archive: Path) -> None:
    from PySide6.QtGui import QFont

    window = open_window(sample_archive)
    table = window.table
    table.grab()  # paints every visible cell
    title, tags = table.title_delegate, table.tags_delegate
    painted = title._fonts  # made by painting the cells
    assert painted is not None and title.fonts(QFont(painted.base)) is painted  # once per font, not once a cell
    bigger = QFont(painted.base)
    bigger.setPointSizeF(painted.base.pointSizeF() + 6)
    large = title.fonts(bigger)  # another font (a settings change): made anew
    assert large is not painted and large.base == bigger and large.line_height > painted.line_height
    assert large.unread.weight() == QFont.Weight.DemiBold and large.unread.pointSizeF() == bigger.pointSizeF()
    assert tags.fonts(bigger).tag_width("economy") > tags.fonts(painted.base).tag_width("economy") > 0
