"""The Edit dialog shows photo markers as photo lines that move, renumber and vanish with their photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.export.csv_export import export_csv
from app.photo_layout import layout, word_count
from app.search.plaintext import markdown_to_text
from tests.conftest import make_jpeg
from tests.gui.conftest import wait_idle
from ui.body_editor import BodyEditor, photo_line

BODY = "First paragraph here.\n\n<!-- photo 2 -->\n\nSecond paragraph.\n\nThird paragraph.\n"
CAPTIONS = ["A lead photo of the harbour at dawn", "The oldest cabinet, 1931."]


def _harbour(window: Any) -> int:
    return next(i for i in window.archive.ids() if window.archive.get(i).source == "The Coastal Ledger")


def _open_edit(window: Any, article_id: int) -> Any:
    """The Edit dialog the Edit action opens (an earlier one, saved and closed, may await its deletion)."""
    from ui.edit_dialog import EditDialog

    window.table.select_ids([article_id])
    before = set(window.findChildren(EditDialog))
    window.acts["edit"].trigger()
    opened = [d for d in window.findChildren(EditDialog, "editDialog") if d not in before]
    assert len(opened) == 1
    return opened[0]


def _cursor_on(editor: BodyEditor, text: str, *, at_end: bool = False) -> None:
    block = editor.document().begin()
    while block.isValid() and block.text() != text:
        block = block.next()
    assert block.isValid(), f"no line {text!r} in {editor.toPlainText()!r}"
    cursor = QTextCursor(block)
    if at_end:
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)


def test_the_edit_dialog_shows_a_photo_line_not_a_marker(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    article_id = _harbour(window)
    stored = window.archive.get(article_id).body
    dialog = _open_edit(window, article_id)
    text = dialog.form.body.toPlainText()
    assert "<!--" not in text
    assert "[Photo 2: The morgue's oldest cabinet dates from 1931.]" in text.split("\n")
    dialog.resize(1100, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    _cursor_on(dialog.form.body, "[Photo 2: The morgue's oldest cabinet dates from 1931.]")
    dialog.form.body.centerCursor()
    dialog.grab().save("/tmp/h18-edit.png")
    # nothing edited: the body round-trips exactly, so Save changes nothing
    assert dialog.form.body.markdown().strip() == stored.strip()
    assert dialog.changes() == ({}, None)
    dialog.reject()


def test_moving_the_photo_line_moves_the_photo(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    article_id = _harbour(window)
    dialog = _open_edit(window, article_id)
    editor = dialog.form.body
    line = "[Photo 2: The morgue's oldest cabinet dates from 1931.]"
    _cursor_on(editor, line)
    for _ in range(2):  # up past two paragraphs (and a heading), by keyboard
        qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    dialog.save()
    wait_idle(qtbot, window)
    article = window.archive.get(article_id)
    parts = layout(article.body, len(article.photos)).parts
    text_before = " ".join(p for p in parts[: parts.index(1)] if isinstance(p, str))
    assert "“Every one of these envelopes" in text_before and "## A decade" not in text_before
    assert "[Photo" not in article.body and "<!-- photo 2 -->" in article.body


def test_typing_on_a_photo_line_makes_a_new_line_and_delete_removes_it(qtbot: Any) -> None:
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.set_markdown(BODY, CAPTIONS)
    line = photo_line(2, CAPTIONS[1])
    _cursor_on(editor, line, at_end=True)
    qtbot.keyClicks(editor, "New words")
    assert editor.toPlainText().split("\n")[2:4] == [line, "New words"]
    assert "<!-- photo 2 -->\n\nNew words" in editor.markdown()
    _cursor_on(editor, line)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert "[Photo" not in editor.toPlainText()
    assert "photo" not in editor.markdown()  # no marker: photo 2 goes back to its usual place, after the text
    assert layout(editor.markdown(), 2).more == [1]


def test_a_photo_line_is_never_cut_in_half(qtbot: Any) -> None:
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.set_markdown(BODY, CAPTIONS)
    text = editor.toPlainText()
    line = photo_line(2, CAPTIONS[1])
    cursor = editor.textCursor()  # from inside "First paragraph" to the middle of the photo line
    cursor.setPosition(text.index("paragraph here"))
    cursor.setPosition(text.index(line) + 10, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert editor.textCursor().selectedText().endswith(line)  # the selection took the whole line
    qtbot.keyClicks(editor, "text")
    assert editor.markdown() == "First text\n\nSecond paragraph.\n\nThird paragraph.\n"
    editor.set_markdown(BODY, CAPTIONS)
    _cursor_on(editor, line)
    QApplication.clipboard().setText("Pasted words")
    editor.paste()  # pasted onto the photo line: on a line of its own after it
    assert "<!-- photo 2 -->\n\nPasted words" in editor.markdown()
    QApplication.clipboard().clear()


def test_a_hand_typed_photo_line_places_the_photo(qtbot: Any) -> None:
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.set_markdown("One.\n\nTwo.\n", CAPTIONS)
    editor.setPlainText("One.\n[Photo 1]\nTwo.")
    assert editor.markdown() == "One.\n\n<!-- photo 1 -->\n\nTwo."


def test_photo_lines_follow_the_photo_list(qtbot: Any, open_window: Any, sample_archive: Path,
                                           tmp_path: Path) -> None:
    window = open_window(sample_archive)
    article_id = _harbour(window)
    dialog = _open_edit(window, article_id)
    dialog.photos.select(1)
    dialog.photos.move_current(-1)  # the cabinet becomes photo 1: its line says so
    assert "[Photo 1: The morgue's oldest cabinet dates from 1931.]" in dialog.form.body.toPlainText()
    dialog.photos.caption.setPlainText("The oldest cabinet.")
    assert "[Photo 1: The oldest cabinet.]" in dialog.form.body.toPlainText()
    image = tmp_path / "new.jpg"
    image.write_bytes(make_jpeg(80, 60))
    dialog.photos.add_files([image])
    dialog.save()
    wait_idle(qtbot, window)
    article = window.archive.get(article_id)
    assert article.photos[0].caption == "The oldest cabinet."
    assert "<!-- photo 1 -->" in article.body and "<!-- photo 2 -->" not in article.body
    assert layout(article.body, 3).more == [1, 2]  # the lead photo (now 2) and the new one go after the text
    dialog = _open_edit(window, article_id)
    dialog.photos.select(0)
    dialog.photos.remove_current()  # the cabinet goes, and its line with it
    assert "[Photo" not in dialog.form.body.toPlainText()
    dialog.save()
    wait_idle(qtbot, window)
    article = window.archive.get(article_id)
    assert len(article.photos) == 2 and "<!--" not in article.body


def test_markers_never_reach_search_text_exports_or_the_word_count(sample_archive: Path, tmp_path: Path) -> None:
    from app.archive import Archive

    with Archive.open(sample_archive) as archive:
        article_id = next(i for i in archive.ids() if archive.get(i).source == "The Coastal Ledger")
        article = archive.get(article_id)
        assert "<!-- photo 2 -->" in article.body
        text = markdown_to_text(article.body)  # what the index is given
        assert "<!--" not in text and "photo 2" not in text
        assert word_count(article.body) == len(article.body.split()) - 4  # "<!-- photo 2 -->" is 4 tokens
        out = tmp_path / "out.csv"
        export_csv(archive, [article_id], out)
        assert "<!--" not in out.read_text(encoding="utf-8")
        assert archive.search('"photo 2"').total == 0
