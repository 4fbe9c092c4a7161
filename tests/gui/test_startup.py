"""What the first window costs: it imports only what it shows, and its icons are drawn when asked for."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from app.archive import Archive
from ui import icons

ROOT = Path(__file__).resolve().parents[2]

# Imported when first used (a clip, an import, a scan, the connector's endpoint, the search index), never for
# the first window.
NOT_AT_START = ("trafilatura", "lxml", "PIL", "http.server", "app.clip.web", "app.clip.html", "app.clip.ocr",
                "app.imports.exports", "app.imports.folder", "ui.clip_dialog", "ui.edit_dialog", "ui.tag_manager",
                "numpy", "whoosh", "app.search.index", "app.search.engine")


def test_the_first_window_shows_the_list_and_an_article_without_importing_the_rest(
        sample_archive: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ui.main import create_main_window
        window = create_main_window({str(sample_archive)!r})
        window.show()
        app.processEvents()
        assert window.model.rowCount() == 3 and window.reader.article is not None, "list or article missing"
        late = [m for m in {NOT_AT_START!r} if m in sys.modules]
        assert not late, f"imported for the first window: {{late}}"
        window.search_bar.set_text("Kang")  # the index opens on first use
        app.processEvents()
        assert window.model.rowCount() == 1 and "numpy" in sys.modules, "the first search found nothing"
        window.close()
        print("ok")
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUTTINGS_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def _alpha_and_red(pixmap: QPixmap) -> tuple[int, bool]:
    image = pixmap.toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    return max(c.alpha() for c in colours), any(c.red() > 200 and c.green() < 60 and c.alpha() > 60 for c in colours)


def test_an_icon_is_drawn_sharp_at_the_size_and_ratio_asked_for(qapp: Any) -> None:
    icon = icons.icon("star", "#ff0000")
    assert icon is icons.icon("star", "#ff0000")  # one icon per name and colour
    assert [s.width() for s in icon.availableSizes()] == list(icons.SIZES)
    for size, ratio in ((16, 1.0), (20, 2.0), (33, 1.5)):
        pixmap = icon.pixmap(QSize(size, size), ratio)
        assert pixmap.devicePixelRatio() == ratio
        assert (pixmap.width(), pixmap.height()) == (round(size * ratio), round(size * ratio))  # drawn, not scaled
        alpha, red = _alpha_and_red(pixmap)
        assert alpha > 200 and red
    disabled = icon.pixmap(QSize(20, 20), QIcon.Mode.Disabled)
    alpha, _ = _alpha_and_red(disabled)
    assert 0 < alpha <= round(255 * icons.DISABLED_OPACITY) + 1


def test_a_changed_copy_of_an_icon_keeps_both_working(qapp: Any) -> None:
    """Changing a copy makes Qt clone the engine (our Python one): the copy and the original both still draw."""
    original = icons.icon("check", "#ff0000")
    copy = QIcon(original)
    copy.addPixmap(QPixmap(8, 8))
    del copy
    again = QIcon(original)
    again.addPixmap(QPixmap(8, 8))
    assert not again.pixmap(QSize(16, 16)).isNull()
    alpha, red = _alpha_and_red(original.pixmap(QSize(16, 16)))
    assert alpha > 200 and red


def test_the_sidebar_is_counted_in_the_lookups_thread_just_after_the_list(qtbot: Any, sample_archive: Path) -> None:
    from app.changes import OpChanges
    from tests.gui.conftest import wait_idle
    from ui.main import create_main_window
    from ui.sidebar import CountRole

    with Archive.open(sample_archive) as archive:
        archive.set_tag_color(archive.tags()[0].name, "#aa3300")
        colored = archive.tags()[0].name.lower()
    window = create_main_window(sample_archive)
    try:
        # built, before any event: the list and its first article are there, with the tags' colours
        assert window.model.rowCount() == 3 and window.reader.article is not None
        assert window.table.tags_delegate.colors == {colored: "#aa3300"} == window.reader.tag_colors
        assert window.sidebar.item_for_view("library").data(0, CountRole) is None  # being counted
        assert window.sidebar.find_item("tag", colored) is None and window.sidebar.item_for_view("links").isHidden()
        window.show()
        wait_idle(qtbot, window)
        assert window.sidebar.item_for_view("library").data(0, CountRole) == 3
        assert window.sidebar.find_item("tag", colored) is not None
        # a count read before a write, arriving after the write showed its own: not shown, counted again
        task = window._count_sidebar()
        while not task.done:  # read in the lookups thread; not delivered, as no event is processed here
            time.sleep(0.01)
        before = window.archive.reads.counts()["starred"]
        unstarred = [i for i in window.archive.ids() if not window.archive.get(i).starred][:1]
        window.archive.set_flags(unstarred, starred=True)
        window.apply_changes(OpChanges.flagged(unstarred))
        assert window.sidebar.item_for_view("starred").data(0, CountRole) == before + 1
        wait_idle(qtbot, window)
        assert window.sidebar.item_for_view("starred").data(0, CountRole) == before + 1
    finally:
        window.close()
