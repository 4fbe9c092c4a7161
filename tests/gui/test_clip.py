"""Clipping through the dialog: a text file, pasted Korean text, a saved web page; Ctrl+V; drag and drop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLES, write_cutting
from tests.gui.conftest import wait_idle
from ui.clip_dialog import ClipDialog


def _clip_dialogs(window: Any) -> list[ClipDialog]:
    return [d for d in window.findChildren(ClipDialog) if d.isVisible()]


def _save(qtbot: Any, window: Any, dialog: ClipDialog) -> int:
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_id is not None, timeout=15_000)
    wait_idle(qtbot, window)
    assert dialog.saved_id is not None
    return dialog.saved_id


def test_clip_the_samples_through_the_dialog(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    window = open_window(empty_archive)
    assert window.model.rowCount() == 0

    dialog = window.ops.clip()
    assert dialog.objectName() == "clipDialog"
    dialog.start_file(SAMPLES / "korea-herald-2020-07-02.txt")
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    form = dialog.form.fields
    assert "Korean FM" in form["title"].text()
    assert form["place"].text() == "SEOUL"
    assert form["published"].text() == "2020-07-02"
    assert len(dialog.photos.photos()) == 1
    assert "Ahn Young-joon" in dialog.photos.photos()[0].credit
    form["title"].setText("S. Korean FM vows efforts to resume dialogue")
    dialog.tags.setText("politics/korea, wire")
    first = _save(qtbot, window, dialog)
    assert window.model.rowCount() == 1
    assert window.table.selected_ids() == [first]
    assert window.archive.get(first).title == "S. Korean FM vows efforts to resume dialogue"
    assert window.archive.get(first).tags == ["politics/korea", "wire"]

    dialog = window.ops.clip()
    dialog.start_text((SAMPLES / "seoul-library-ko.txt").read_text("utf-8"))
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    assert "서울도서관" in dialog.form.fields["title"].text()
    dialog.tags.setText("wire")
    second = _save(qtbot, window, dialog)

    dialog = window.ops.clip()
    dialog.start_file(SAMPLES / "web" / "harbour-archive.html")
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    assert dialog.form.fields["source"].text() == "The Coastal Ledger"
    assert dialog.photos.photos()[0].credit.startswith("Ledger Photo")
    assert "[Photo 2: The morgue's oldest cabinet dates from 1931.]" in dialog.form.body.toPlainText().split("\n")
    assert "<!--" not in dialog.form.body.toPlainText()
    third = _save(qtbot, window, dialog)
    assert "<!-- photo 2 -->" in window.archive.get(third).body  # stored as a marker, shown as a photo line

    assert window.model.rowCount() == 3
    assert {first, second, third} == set(window.archive.ids())
    assert window.reader.article is not None and window.reader.article.id == third
    assert window.archive.get(third).photos[0].sha256


def test_tags_autocomplete_in_the_clip_dialog(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    dialog = window.ops.clip()
    completer = dialog.tags.completer()
    dialog.tags.setText("politics, sam")
    completer.setCompletionPrefix(completer.splitPath(dialog.tags.text())[0])
    assert completer.currentCompletion() == "politics, samples"
    dialog.reject()


def test_duplicate_is_refused_and_shown(qtbot: Any, open_window: Any, sample_archive: Path, monkeypatch: Any) -> None:
    window = open_window(sample_archive)
    monkeypatch.setattr("ui.dialogs.choose", lambda *a, **k: "Open the Existing One")
    dialog = window.ops.clip()
    dialog.start_file(SAMPLES / "korea-herald-2020-07-02.txt")
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.save()
    wait_idle(qtbot, window)
    assert len(window.archive.ids()) == 3
    assert window.reader.article is not None and "Korean FM" in window.reader.article.title


def test_extraction_error_is_a_readable_line(qtbot: Any, open_window: Any, empty_archive: Path, tmp_path: Path) -> None:
    window = open_window(empty_archive)
    dialog = window.ops.clip()
    dialog.start_file(tmp_path / "missing.txt")
    qtbot.waitUntil(lambda: dialog.warnings.isVisible(), timeout=10_000)
    assert "no such file" in dialog.warnings.text()
    assert "Traceback" not in dialog.warnings.text()
    assert not dialog.save_button.isEnabled()
    dialog.reject()


def test_ctrl_v_clips_the_clipboard(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    window = open_window(empty_archive)
    QGuiApplication.clipboard().setText((SAMPLES / "korea-herald-2020-07-02.txt").read_text("utf-8"))
    window.table.setFocus()
    window.acts["paste_clip"].trigger()
    qtbot.waitUntil(lambda: bool(_clip_dialogs(window)), timeout=5_000)
    dialog = _clip_dialogs(window)[0]
    _save(qtbot, window, dialog)
    assert window.model.rowCount() == 1


def _drag_enter(pos: QPoint, mime: QMimeData) -> QDragEnterEvent:
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:  # Qt 6.12 takes a QPointF (and deprecates QPoint); earlier 6.x only a QPoint
        return QDragEnterEvent(QPointF(pos), *args)
    except TypeError:
        return QDragEnterEvent(pos, *args)


def _drop(window: Any, mime: QMimeData) -> None:
    pos = QPoint(600, 400)
    enter = _drag_enter(pos, mime)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def test_drop_a_file_onto_the_window(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    window = open_window(empty_archive)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES / "web" / "harbour-archive.html"))])
    _drop(window, mime)
    qtbot.waitUntil(lambda: bool(_clip_dialogs(window)), timeout=5_000)
    dialog = _clip_dialogs(window)[0]
    article_id = _save(qtbot, window, dialog)
    assert window.archive.get(article_id).source == "The Coastal Ledger"


def test_drop_an_image_onto_the_window(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    from PySide6.QtGui import QImage

    window = open_window(empty_archive)
    mime = QMimeData()
    mime.setImageData(QImage(str(SAMPLES / "korea-herald-2020-07-02.jpg")))
    _drop(window, mime)
    qtbot.waitUntil(lambda: bool(_clip_dialogs(window)), timeout=5_000)
    dialog = _clip_dialogs(window)[0]
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    assert len(dialog.photos.photos()) == 1
    dialog.form.fields["title"].setText("A photo from the clipboard")
    article_id = _save(qtbot, window, dialog)
    assert window.archive.get(article_id).photos[0].mime == "image/png"


def test_drop_a_folder_imports_in_the_background_and_cancels(qtbot: Any, open_window: Any, empty_archive: Path,
                                                             tmp_path: Path) -> None:
    window = open_window(empty_archive)
    folder = tmp_path / "inbox"
    for n in range(120):
        write_cutting(folder, f"c{n:03}.txt", f"Harbour story number {n}", f"Body of story {n} about the port. " * 20,
                      dateline=f"PORT ELLIS, Jan {n % 28 + 1}, 2021 --")
    tasks: list[Any] = []
    window.writer.taskStarted.connect(tasks.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    _drop(window, mime)
    qtbot.waitUntil(lambda: bool(tasks), timeout=5_000)
    task = tasks[0]
    assert task.cancellable and task.label.startswith("Importing")
    seen: list[int] = []
    task.progressed.connect(lambda done, total, _m: (seen.append(done), done >= 10 and task.cancel()))
    wait_idle(qtbot, window, timeout=60_000)
    report = window.ops.last_import
    assert report is not None and report.cancelled
    assert 10 <= len(report.added) < 120
    assert window.model.rowCount() == len(report.added)
    assert "cancelled" in window.status.currentMessage()
