"""Dialogs that behave: safe default buttons, whole placeholders, honest counts, Import where it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit, QMessageBox

from tests.conftest import SAMPLES
from tests.gui.conftest import wait_idle
from ui import dialogs


def test_questions_default_to_the_safe_button(qtbot: Any) -> None:
    box, (delete,) = dialogs.question_box(None, "Empty Trash", "Delete 3 articles for good?", ["Delete for Good"])
    qtbot.addWidget(box)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel) and delete.text() == "Delete for Good"
    box, (open_it, keep) = dialogs.choice_box(None, "Already in the archive", "…", ["Open the Existing One", "Keep Both"])
    qtbot.addWidget(box)
    assert box.defaultButton() is open_it and keep.text() == "Keep Both" and not keep.isDefault()


def test_duplicate_prompt_offers_the_existing_one_first(qtbot: Any, open_window: Any, sample_archive: Path,
                                                        monkeypatch: Any) -> None:
    window = open_window(sample_archive)
    asked: list[list[str]] = []

    def cancel(_parent: Any, _title: str, _text: str, choices: list[str]) -> str:
        asked.append(choices)
        return ""

    monkeypatch.setattr("ui.dialogs.choose", cancel)
    dialog = window.ops.clip()
    dialog.start_file(SAMPLES / "korea-herald-2020-07-02.txt")
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    dialog.save()
    qtbot.waitUntil(lambda: bool(asked) and not dialog.busy, timeout=10_000)
    assert asked == [["Open the Existing One", "Keep Both"]]
    assert dialog.isVisible() and dialog.save_button.isEnabled()  # Cancel: back to the preview, nothing saved
    wait_idle(qtbot, window)
    assert len(window.archive.ids()) == 3
    dialog.reject()


def _cut_off(widget: Any) -> list[str]:
    return [f"{e.objectName() or e.placeholderText()}: {e.width()} px" for e in widget.findChildren(QLineEdit)
            if e.isVisible() and e.placeholderText()
            and e.fontMetrics().horizontalAdvance(e.placeholderText()) + 12 > e.width()]


def test_placeholders_are_not_cut_off(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    clip = window.ops.clip()
    clip.start_text("Harbour news\n\nPORT ELLIS, March 3 -- The archive opened its morgue.", "")
    qtbot.waitUntil(clip.has_preview, timeout=15_000)
    assert _cut_off(clip) == []
    clip.reject()
    edit = window.ops.edit()
    qtbot.waitExposed(edit)
    assert _cut_off(edit) == []
    edit.reject()


def test_a_query_error_clears_the_count(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    window.search_bar.set_text("harbour")
    wait_idle(qtbot, window)
    assert "match" in window.status.counts.text()
    window.search_bar.set_text('title:"unclosed')
    wait_idle(qtbot, window)
    assert window.search_bar.error.isVisible()
    assert window.status.counts.text() == "The search was not run: correct the query"


def test_import_folder_opens_at_home_then_where_the_last_import_was(qtbot: Any, open_window: Any,
                                                                   empty_archive: Path, tmp_path: Path) -> None:
    window = open_window(empty_archive)
    dialog = window.ops.choose_import()
    assert Path(dialog.directory().absolutePath()) == Path.home()
    folder = tmp_path / "cuttings in"
    folder.mkdir()
    (folder / "one.txt").write_text("Harbour news\n\nPORT ELLIS, March 3 -- The archive opened its morgue.\n")
    dialog.fileSelected.emit(str(folder))  # what choosing the folder and pressing Choose does
    dialog.reject()
    wait_idle(qtbot, window)
    assert len(window.archive.ids()) == 1
    again = window.ops.choose_import()
    assert Path(again.directory().absolutePath()) == folder
    again.reject()
