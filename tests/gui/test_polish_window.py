"""The main window's newer parts with pytest-qt: preferences, mark-read on open, the Read toggle, the
original capture, the archive folder, citations, Delete for Good, Restore in the Trash, empty views."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QStyle

from app.archive import Archive
from app.citation import cite
from app.errors import ArticleNotFound
from tests.gui.conftest import wait_idle
from ui import icons, preferences


class Opened(QObject):
    """Receives the file URLs the app hands to the desktop (Qt's own hook for QDesktopServices)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    catcher = Opened()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def _prefs(**changes: Any) -> None:
    prefs = preferences.load()
    for key, value in changes.items():
        setattr(prefs, key, value)
    preferences.save(prefs)


def _select(window: Any, article_id: int) -> None:
    window.table.select_ids([article_id])


def test_preferences_dialog_saves_and_applies(qtbot: Any, open_window: Any, sample_archive: Path,
                                              tmp_path: Path) -> None:
    from ui.preferences_dialog import ExportPage, GeneralPage, ReadingPage, SafetyPage

    window = open_window(sample_archive)
    dialog = window.extras.open_preferences()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["General", "Reading", "Safety copies",
                                                                           "Export", "Scans", "Browser connector"]
    from ui.connector_panel import ConnectorPanel

    assert dialog.findChild(ConnectorPanel).token.text()  # the connector's own panel, live
    general, reading = dialog.page(GeneralPage), dialog.page(ReadingPage)
    assert general.last_used.isChecked() and general.themes["system"].isChecked()
    general.fixed.setChecked(True)
    general.archive_path.setText(str(sample_archive))
    general.themes["dark"].setChecked(True)
    reading.amount.setValue(4.0)
    dialog.page(SafetyPage).switch.setChecked(False)
    export = dialog.page(ExportPage)
    export.format.setCurrentIndex(export.format.findData("markdown"))
    export.folder.setText(str(tmp_path / "exports"))
    from ui.preferences_dialog import OcrPage

    ocr = dialog.page(OcrPage)
    assert ocr.languages.currentText() == "auto" and ocr.languages.findText("kor") >= 0  # installed data listed
    ocr.languages.setCurrentText("kor+eng")
    dialog.accept()
    prefs = preferences.load()
    assert (prefs.startup_archive, prefs.theme, prefs.mark_read_delay, prefs.snapshots, prefs.ocr_languages) == (
        str(sample_archive), "dark", 4.0, False, "kor+eng")
    from ui.scan_tab import ScanTab

    tab = ScanTab(window.extractor)
    qtbot.addWidget(tab)  # closed and deleted with the test, before the application
    assert tab.lang.currentText() == "kor+eng"  # the Scan tab starts with them
    from ui import theme

    assert theme.current().dark and window.acts["theme_dark"].isChecked()
    from ui.main import choose_archive

    assert choose_archive(None) == (sample_archive, False)
    export_dialog = window.ops.export()
    assert export_dialog.fmt() == "markdown"
    assert Path(export_dialog.destination.text()).parent == tmp_path / "exports"
    export_dialog.reject()
    window.ops.set_theme(None)


def test_opening_an_article_marks_it_read_after_the_delay(qtbot: Any, open_window: Any,
                                                          sample_archive: Path) -> None:
    _prefs(mark_read=True, mark_read_delay=0.3)
    window = open_window(sample_archive)
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("unread"))
    wait_idle(qtbot, window)
    first, second = window.model.article_id(0), window.model.article_id(1)
    _select(window, first)
    qtbot.waitUntil(lambda: window.archive.get(first).read, timeout=5_000)
    wait_idle(qtbot, window)
    assert window.acts["read"].isChecked()
    assert window.model.row_of(first) is not None  # stays in the Unread view until the user moves on
    assert window.sidebar.item_for_view("unread").data(0, 0x0100 + 3) == 2
    _select(window, second)
    _select(window, first)  # moved on before the delay: the second stays unread
    qtbot.wait(600)
    assert not window.archive.get(second).read


def test_marking_unread_by_hand_is_not_undone_by_the_timer(qtbot: Any, open_window: Any,
                                                            sample_archive: Path) -> None:
    _prefs(mark_read=True, mark_read_delay=0.4)
    window = open_window(sample_archive)
    article_id = window.model.article_id(1)
    with Archive.open(sample_archive) as archive:
        assert not archive.get(article_id).read
    _select(window, article_id)
    window.acts["read"].trigger()  # read by hand at once
    wait_idle(qtbot, window)
    window.acts["read"].trigger()  # and back to unread, within the delay
    wait_idle(qtbot, window)
    qtbot.wait(700)
    wait_idle(qtbot, window)
    assert not window.archive.get(article_id).read


def test_mark_read_can_be_turned_off(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    _prefs(mark_read=False, mark_read_delay=0.1)
    window = open_window(sample_archive)
    article_id = window.table.current_id()
    qtbot.wait(500)
    wait_idle(qtbot, window)
    assert not window.archive.get(article_id).read


def test_read_is_one_toggle_of_one_width(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    _prefs(mark_read=False)
    window = open_window(sample_archive)
    button = window.toolbar.widgetForAction(window.acts["read"])
    star = window.toolbar.widgetForAction(window.acts["star"])
    widths = (button.width(), star.width())
    assert window.acts["read"].isCheckable() and not window.acts["read"].isChecked()
    window.acts["read"].trigger()
    wait_idle(qtbot, window)
    window.acts["star"].trigger()
    wait_idle(qtbot, window)
    assert window.acts["read"].isChecked() and window.acts["read"].iconText() == "Read"
    assert window.acts["star"].iconText() == "Unstar"
    assert (button.width(), star.width()) == widths


def test_view_original_capture_and_archive_folder(qtbot: Any, open_window: Any, sample_archive: Path,
                                                  opened: Opened) -> None:
    window = open_window(sample_archive)
    article_id = window.table.current_id()
    capture = next(c for c in window.archive.captures(article_id) if c.raw_sha256)
    copy = window.extras.view_original()
    assert copy is not None and opened.urls == [QUrl.fromLocalFile(str(copy))]
    assert copy.read_bytes() == window.archive.blob(capture.raw_sha256)
    assert not stat.S_IMODE(copy.stat().st_mode) & 0o222  # a copy, read-only: the archive's file is never handed out
    assert window.archive.path not in copy.parents
    window.acts["show_folder"].trigger()
    assert opened.urls[-1] == QUrl.fromLocalFile(str(window.archive.path))


def test_copy_citation(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    ids = [window.model.article_id(0), window.model.article_id(1)]
    window.table.select_ids(ids)
    window.acts["copy_citation"].trigger()
    clipboard = QApplication.clipboard()
    text, html = clipboard.mimeData().text(), clipboard.mimeData().html()
    clipboard.clear()  # the clipboard's data must not outlive the application (a crash at exit otherwise)
    assert text == "\n\n".join(cite(window.archive, i).text for i in ids)
    assert "<i>" in html


def test_trash_view_restore_button_purge_and_empty_message(qtbot: Any, open_window: Any, sample_archive: Path,
                                                           monkeypatch: Any) -> None:
    window = open_window(sample_archive)
    restore = window.toolbar.widgetForAction(window.acts["restore"])
    assert not restore.isVisible()
    ids = [window.model.article_id(0), window.model.article_id(1)]
    window.table.select_ids(ids)
    window.ops.delete()
    wait_idle(qtbot, window)
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("trash"))
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: restore.isVisible() and window.toolbar.widgetForAction(window.acts["purge"]).isVisible(),
                    timeout=2_000)
    window.table.select_ids([ids[0]])
    monkeypatch.setattr("ui.dialogs.ask", lambda *a, **k: True)
    window.acts["purge"].trigger()
    wait_idle(qtbot, window)
    assert sorted(window.archive.ids(trashed=True)) == [ids[1]]
    with pytest.raises(ArticleNotFound):
        window.archive.get(ids[0])
    window.table.select_ids([ids[1]])
    window.toolbar.widgetForAction(window.acts["restore"]).click()
    wait_idle(qtbot, window)
    assert window.archive.ids(trashed=True) == []
    assert window.extras.empty.label.isVisible() and window.extras.empty.text.startswith("The trash is empty.")
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("starred"))
    wait_idle(qtbot, window)
    assert window.extras.empty.text.startswith("Nothing starred yet.")
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("library"))
    wait_idle(qtbot, window)
    assert not window.extras.empty.label.isVisible()
    qtbot.waitUntil(lambda: not restore.isVisible(), timeout=2_000)


def test_dialog_buttons_use_the_line_icons(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    open_window(sample_archive)  # the app's style is set up with its first window
    style = QApplication.style()
    sp = QStyle.StandardPixmap
    for pixmap, name in ((sp.SP_DialogOkButton, "check"), (sp.SP_DialogCancelButton, "close"),
                         (sp.SP_DialogSaveButton, "check"), (sp.SP_DialogDiscardButton, "trash")):
        assert style.standardIcon(pixmap).cacheKey() == icons.icon(name).cacheKey()


def test_appearance_choices_are_radio_buttons(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    group = window.acts.theme_group
    assert group.isExclusive() and len(group.actions()) == 3
    window.acts["theme_light"].trigger()
    assert [a.isChecked() for a in group.actions()] == [False, True, False]
    window.acts["theme_system"].trigger()


def test_search_syntax_is_a_formatted_page(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    from ui.help_page import syntax_rows

    window = open_window(sample_archive)
    page = window.ops.search_help()
    rows, notes = syntax_rows()
    assert len(rows) >= 10 and ("harbour OR port", "either word") in rows and notes
    html = page.browser.toHtml()
    assert "<table" in html and "monospace" in html
    assert "published:[2020-07-01 to 2020-07-31]" in page.browser.toPlainText()
    page.close()


def test_open_folder_after_an_export_to_a_missing_folder(qtbot: Any, open_window: Any, sample_archive: Path,
                                                         tmp_path: Path, opened: Opened) -> None:
    window = open_window(sample_archive)
    dialog = window.ops.export()
    dialog.set_format("csv")
    target = tmp_path / "fresh home" / "Documents" / "meta.csv"
    dialog.destination.setText(str(target))
    assert not dialog.open_folder_button.isVisible()
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    assert target.is_file() and dialog.open_folder_button.isVisible()
    dialog.open_folder_button.click()
    assert opened.urls == [QUrl.fromLocalFile(str(target.parent))]
    dialog.reject()


def test_reader_photo_never_needs_a_horizontal_scroll_bar(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    window = open_window(sample_archive)
    with_photo = next(window.model.article_id(r) for r in range(window.model.rowCount())
                      if window.archive.get(window.model.article_id(r)).photos)
    for width in (1280, 1100, 1500, 1013, 1290):
        window.resize(width, 800)
        window.table.select_ids([with_photo])
        window.reader.show_placeholder("…")  # the bar hidden, as before a first article
        window.show_article(with_photo)
        qtbot.wait(50)
        assert window.reader.verticalScrollBar().isVisible()
        assert window.reader.horizontalScrollBar().maximum() == 0, width


def test_ocr_languages_are_validated() -> None:
    from ui.preferences import Preferences

    assert Preferences(ocr_languages=" ENG + kor ").validated().ocr_languages == "eng+kor"
    assert Preferences(ocr_languages="auto").validated().ocr_languages == "auto"
    assert Preferences(ocr_languages="../../etc; rm").validated().ocr_languages == "auto"
