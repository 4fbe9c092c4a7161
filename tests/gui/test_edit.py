"""Editing: fields and photo captions, tags on several articles, the tag manager, delete and undo, trash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import make_jpeg
from tests.gui.conftest import wait_idle


def _harbour(window: Any) -> int:
    return next(i for i in window.archive.ids() if window.archive.get(i).source == "The Coastal Ledger")


def test_edit_fields_and_a_caption(qtbot: Any, open_window: Any, sample_archive: Path, tmp_path: Path) -> None:
    window = open_window(sample_archive)
    article_id = _harbour(window)
    window.table.select_ids([article_id])
    window.acts["edit"].trigger()
    dialog = window.findChild(type(window.ops.edit()), "editDialog")
    assert dialog is not None
    dialog.form.fields["place"].setText("Port Ellis")
    dialog.form.notes.setPlainText("Ask the library for the 1964 flood envelopes.")
    dialog.photos.select(1)
    dialog.photos.caption.setPlainText("The oldest cabinet, 1931.")
    dialog.photos.credit.setText("Port Ellis Public Library")
    dialog.photos.credit.textEdited.emit("Port Ellis Public Library")
    dialog.photos.move_current(-1)  # the cabinet first
    image = tmp_path / "new.jpg"
    image.write_bytes(make_jpeg(80, 60, Artist="Jo Photographer"))
    dialog.photos.add_files([image])
    dialog.save()
    wait_idle(qtbot, window)
    article = window.archive.get(article_id)
    assert article.place == "Port Ellis"
    assert article.notes.startswith("Ask the library")
    assert article.photos[0].caption == "The oldest cabinet, 1931."
    assert article.photos[0].credit == "Port Ellis Public Library"
    assert len(article.photos) == 3 and article.photos[2].credit == "Jo Photographer"
    assert window.reader.article is not None and window.reader.article.notes
    assert "The oldest cabinet, 1931." in window.reader.toPlainText()


def test_bad_date_is_refused_in_the_edit_dialog(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.table.select_row(0)
    dialog = window.ops.edit()
    dialog.form.fields["published"].setText("July 2nd")
    dialog.save()
    assert dialog.error.isVisible() and "2020-07" in dialog.error.text()
    dialog.reject()


def test_tag_several_articles_at_once(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.table.selectAll()
    ids = window.table.selected_ids()
    assert len(ids) == 3
    dialog = window.ops.edit_tags()
    assert dialog.list.count() == 1  # "samples", on all three
    dialog.input.setText("press/archives, to read")
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # take "samples" off
    dialog.accept()
    wait_idle(qtbot, window)
    for i in ids:
        assert window.archive.get(i).tags == ["press/archives", "to read"]
    assert window.sidebar.find_item("tag", "press") is not None
    assert window.sidebar.find_item("tag", "press/archives") is not None
    from ui.sidebar import CountRole

    assert window.sidebar.find_item("tag", "samples").data(0, CountRole) == 0
    window.sidebar.setCurrentItem(window.sidebar.find_item("tag", "press"))
    assert window.view == "tag" and window.model.rowCount() == 3


def test_rename_merge_colour_delete_in_the_tag_manager(qtbot: Any, open_window: Any, sample_archive: Path,
                                                      monkeypatch: Any) -> None:
    window = open_window(sample_archive)
    manager = window.ops.manage_tags()
    assert manager.objectName() == "tagManager"
    item = manager.table.item(0, 0)
    assert item.text() == "samples"
    item.setText("collections/samples")  # what editing the cell in place does
    wait_idle(qtbot, window)
    assert [t.name for t in window.archive.tags()] == ["collections/samples"]
    assert window.sidebar.find_item("tag", "collections/samples") is not None
    manager.set_color(["collections/samples"], "#d9534f")
    wait_idle(qtbot, window)
    assert window.archive.tags()[0].color == "#d9534f"
    assert window.table.tags_delegate.colors == {"collections/samples": "#d9534f"}
    window.ops.apply_tags(window.archive.ids()[:1], ["extra"], [])
    wait_idle(qtbot, window)
    manager.reload()
    manager.merge(["extra"], "collections/samples")
    wait_idle(qtbot, window)
    assert [t.name for t in window.archive.tags()] == ["collections/samples"]
    monkeypatch.setattr("ui.dialogs.ask", lambda *a, **k: True)
    manager.select("collections/samples")
    manager.buttons["delete"].click()
    wait_idle(qtbot, window)
    assert window.archive.tags() == []
    manager.reject()


def test_delete_undo_and_restore_from_trash(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    target = window.archive.ids()[0]
    window.table.select_ids([target])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3_000)
    window.table.setFocus()
    assert window.acts["delete"].shortcut().toString() == "Del"
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 2
    assert window.archive.ids(trashed=True) == [target]
    window.acts["undo"].trigger()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 3
    assert window.archive.ids(trashed=True) == []
    window.acts["redo"].trigger()
    wait_idle(qtbot, window)
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("trash"))
    assert window.model.rowCount() == 1
    window.table.select_row(0)
    assert window.acts["restore"].isEnabled() and not window.acts["delete"].isEnabled()
    window.acts["restore"].trigger()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 0
    assert len(window.archive.ids()) == 3
