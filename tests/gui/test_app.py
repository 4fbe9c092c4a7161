"""The application around the window: background tasks, settings, crash log, first start, entry points."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.archive import Archive
from tests.gui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]


def test_progress_shows_only_after_half_a_second_and_cancels(qtbot: Any, open_window: Any,
                                                             sample_archive: Path) -> None:
    window = open_window(sample_archive)

    def slow(progress: Any, cancelled: Any) -> str:
        for n in range(100):
            if cancelled():
                return "cancelled"
            progress(n, 100, "working")
            time.sleep(0.02)
        return "finished"

    results: list[str] = []
    window.writer.submit("Slow work", slow, cancellable=True, on_done=results.append)
    qtbot.wait(200)
    assert not window.status.job_visible  # quick work never flashes a bar
    qtbot.waitUntil(lambda: window.status.job_visible, timeout=2_000)
    assert window.status.cancel_button.isVisible()
    window.status.cancel_button.click()
    wait_idle(qtbot, window)
    assert results == ["cancelled"]
    assert not window.status.job_visible


def test_quick_writes_never_show_a_bar(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.table.selectAll()
    window.acts["read"].trigger()
    wait_idle(qtbot, window)
    assert not window.status.job_visible
    assert all(window.archive.get(i).read for i in window.archive.ids())


def test_error_in_a_task_is_a_readable_dialog(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = open_window(sample_archive)
    window.write("Renaming", lambda: window.archive.rename_tag("no-such-tag", "x"))
    wait_idle(qtbot, window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "no-such-tag" in boxes[-1].text()
    assert "Traceback" not in boxes[-1].text()
    boxes[-1].close()


def test_layout_is_remembered(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.splitter.setSizes([300, 500, 480])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window(sample_archive)
    assert again.splitter.sizes() == sizes


def test_saved_search_in_the_sidebar(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.ops.save_search_as("Korea", "korea")
    wait_idle(qtbot, window)
    item = window.sidebar.find_item("saved", "korea")
    assert item is not None and item.text(0) == "Korea"
    window.sidebar.itemClicked.emit(item, 0)
    assert window.search_bar.text() == "korea"
    assert window.model.rowCount() == 1


def test_crash_handler_logs_and_offers_the_log(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui import crash

    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    log = crash.crash_log_path()
    assert "ZeroDivisionError: boom" in log.read_text("utf-8")
    assert crash.unseen_crash_log() == log
    crash.mark_seen(log)
    assert crash.unseen_crash_log() is None
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            assert "Traceback" not in box.text()
            box.close()


def test_first_start_creates_the_default_archive_with_samples(qtbot: Any, tmp_path: Path) -> None:
    from ui.main import choose_archive, create_main_window, create_with_samples

    path, first = choose_archive(None)
    assert first and not path.exists()
    create_with_samples(path)
    window = create_main_window(path)
    try:
        assert window.model.rowCount() == 3
    finally:
        window.close()
    assert choose_archive(None) == (path, False)
    assert choose_archive(tmp_path / "other.cuttings") == (tmp_path / "other.cuttings", False)


def test_switch_to_a_new_archive(qtbot: Any, open_window: Any, sample_archive: Path, tmp_path: Path) -> None:
    window = open_window(sample_archive)
    assert window.switch_archive(tmp_path / "fresh.cuttings", create=True)
    assert window.model.rowCount() == 0
    assert "fresh" in window.windowTitle()
    assert window.switch_archive(sample_archive)
    assert window.model.rowCount() == 3
    qtbot.waitUntil(lambda: window.archive._index is not None, timeout=5_000)  # opened soon, in a thread
    assert window.archive.search("Korea").total > 0
    Archive.open(tmp_path / "fresh.cuttings").close()


def test_entry_points_print_the_version() -> None:
    for args in (["-m", "ui", "--version"],):
        out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("Cuttings ")


def test_search_syntax_help(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    from PySide6.QtWidgets import QTextBrowser

    window = open_window(sample_archive)
    dialog = window.ops.search_help()
    assert "published:2020" in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()


def test_ctrl_e_opens_the_export_dialog_for_the_selection(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.table.select_row(0)
    assert window.acts["export"].shortcut().toString() == "Ctrl+E"
    dialog = window.ops.export()
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_a_lost_index_is_rebuilt_in_the_background(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    import shutil

    shutil.rmtree(sample_archive / "index")
    window = open_window(sample_archive)
    qtbot.waitUntil(lambda: window.archive.index_rebuild_progress is None and not window.archive.index.needs_rebuild,
                    timeout=30_000)
    qtbot.waitUntil(lambda: not window.status.index_note.isVisible(), timeout=5000)
    window.search_bar.set_text("morgue")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)


def test_the_index_is_opened_in_the_background_before_the_first_search(qtbot: Any, open_window: Any,
                                                                        sample_archive: Path) -> None:
    window = open_window(sample_archive)
    assert window.archive._index is None  # the window is built without it
    window.show()  # once drawn, a thread opens it and reads its segments and facet columns

    def prepared() -> bool:
        index = window.archive._index
        return index is not None and index._searcher is not None and index._table is not None

    qtbot.waitUntil(prepared, timeout=5_000)
    window.search_bar.set_text("Korea")
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=5_000)
