"""The Clip dialog's Scan tab: a dropped scan is read in the background, its regions drawn over it, the text
editable; saving keeps the scan as the capture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.gui.conftest import wait_idle
from ui.clip_dialog import SCAN

ROOT = Path(__file__).resolve().parents[2]
SEED_SCAN = ROOT / "resources" / "samples" / "scans" / "korea-herald-2020-07-02-scan.jpg"
SHOT = Path("/tmp") / "cuttings-scan-tab.png"


def _drop(widget: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(drop)


def test_a_dropped_scan_is_read_with_its_regions_and_saved(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    window = open_window(empty_archive)
    dialog = window.ops.clip()
    dialog.resize(1200, 900)
    dialog.tabs.setCurrentIndex(SCAN)
    tab = dialog.scan_tab
    _drop(tab, SEED_SCAN)
    assert tab.cancel_button.isEnabled()  # reading runs in the background, the dialog answers
    qtbot.waitUntil(dialog.has_preview, timeout=120_000)
    assert dialog.form.fields["title"].text() == "S. Korean FM vows all-out efforts to resume dialogue with N. Korea"
    assert dialog.form.fields["place"].text() == "SEOUL"
    credits = [p.credit for p in dialog.photos.photos()]
    assert len(credits) == 1 and "AP Photo/Ahn Young-joon" in credits[0]
    kinds = [kind for kind, _ in tab.view.regions()]
    assert {"headline", "photo", "caption"} <= set(kinds) and kinds.count("column") == 2
    assert "Stephen Biegun" in tab.text.toPlainText()
    dialog.grab().save(str(SHOT))

    tab.text.setPlainText(tab.text.toPlainText().replace("S. Korean FM vows", "South Korean FM vows"))
    tab.use_text()
    assert dialog.form.fields["title"].text().startswith("South Korean FM vows")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_id is not None, timeout=15_000)
    wait_idle(qtbot, window)
    capture = window.archive.captures(dialog.saved_id)[0]
    assert capture.method == "scan" and window.archive.blob(capture.raw_sha256) == SEED_SCAN.read_bytes()


def test_reading_can_be_cancelled(qtbot: Any, open_window: Any, empty_archive: Path) -> None:
    window = open_window(empty_archive)
    dialog = window.ops.clip()
    dialog.tabs.setCurrentIndex(SCAN)
    tab = dialog.scan_tab
    tab.start(SEED_SCAN)
    tab.cancel()
    qtbot.waitUntil(lambda: tab.read_button.isEnabled(), timeout=120_000)
    assert not dialog.has_preview()
    assert "Cancelled" in dialog.warnings.text()


def test_the_reader_shows_the_original_scan_with_the_hits_on_it(qtbot: Any, open_window: Any,
                                                                 empty_archive: Path) -> None:
    from app.archive import Archive
    from app.clip.scan import clip_scan

    with Archive.open(empty_archive) as archive:
        scanned = archive.add(clip_scan(SEED_SCAN.read_bytes(), filename=SEED_SCAN.name)).value
    window = open_window(empty_archive)
    window.search_bar.set_text("Biegun")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=15_000)
    window.table.select_ids([scanned.id])
    qtbot.waitUntil(lambda: window.reader.article is not None and window.reader.article.id == scanned.id,
                    timeout=15_000)
    pane = window.reading
    assert pane.bar.isVisible()
    pane.original_button.click()
    assert pane.stack.currentWidget() is pane.scan and pane.scan.has_image()
    assert pane.hits.text().startswith("2 hit")  # "Stephen Biegun," and "counterpart Biegun."
    window.resize(1500, 950)
    window.grab().save("/tmp/cuttings-original-view.png")
    pane.text_button.click()
    assert pane.stack.currentWidget() is window.reader
