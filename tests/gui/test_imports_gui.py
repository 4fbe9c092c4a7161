"""Other tools' exports imported in the window: every format lands in the list; link-only articles have a view
of their own until Tools ▸ Fetch Link-Only Articles fills them in."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QUrl

from tests.gui.conftest import wait_idle
from tests.loopback import serve
from tests.unit import export_files as ef
from ui.drop import classify
from ui.sidebar import CountRole


@pytest.mark.parametrize(("make", "count"), [
    (ef.pocket_csv, 3), (ef.readwise_csv, 2), (ef.bookmarks_html, 3), (ef.wallabag_json, 2), (ef.karakeep_json, 2),
    (ef.enex, 2), (ef.joplin_jex, 2), (ef.joplin_raw, 2),
])
def test_each_export_imports_into_the_list(qtbot: Any, open_window: Any, empty_archive: Path, tmp_path: Path,
                                           make: Any, count: int) -> None:
    window = open_window(empty_archive)
    window.ops.import_paths([make(tmp_path)])
    wait_idle(qtbot, window, 60_000)
    assert window.model.rowCount() == count
    assert window.ops.last_import is not None and len(window.ops.last_import.added) == count


def test_link_only_articles_have_a_view_and_are_fetched_from_the_window(qtbot: Any, open_window: Any,
                                                                        empty_archive: Path, tmp_path: Path,
                                                                        site: int) -> None:
    window = open_window(empty_archive)
    links = window.sidebar.item_for_view("links")
    assert links.isHidden()  # nothing imported: no such row
    path = tmp_path / "pocket.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "url", "time_added", "tags", "status"])
        w.writerow(["Saved story", f"http://127.0.0.1:{site}/story", "1700000000", "ferries", "unread"])
        w.writerow(["Saved elsewhere", f"http://localhost:{site}/story2", "1700000100", "", "unread"])
    window.ops.import_paths([path])
    wait_idle(qtbot, window, 60_000)
    assert not links.isHidden() and links.data(0, CountRole) == 2
    window.set_view("links")
    assert window.model.rowCount() == 2
    window.acts["fetch_pending"].trigger()
    wait_idle(qtbot, window, 60_000)
    assert "Fetched 2 pages" in window.status.currentMessage()
    assert window.model.rowCount() == 0  # the view empties as they are fetched
    window.set_view("library")
    bodies = [window.archive.get(i).body for i in window.archive.ids()]
    assert all("eighty years of service" in b for b in bodies)


def test_a_dropped_export_is_imported_not_previewed(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ef.enex(tmp_path)))])
    assert classify(mime).kind == "bulk"  # type: ignore[union-attr]
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><p>A page</p>")
    mime.setUrls([QUrl.fromLocalFile(str(page))])
    assert classify(mime).kind == "file"  # type: ignore[union-attr]


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (f"<!doctype html><html><head><title>Story</title></head><body><article><h1>Story {self.path}</h1>"
                f"<p>{ef.LONG_EN}</p><p>{ef.LONG_EN}</p></article></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[int]:
    with serve(_Site) as base:
        yield int(base.rsplit(":", 1)[1])
