"""The Export dialog with pytest-qt: a real export in the worker thread, errors shown as sentences, cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from app.archive import Archive
from app.samples import add_samples
from ui.export_dialog import ExportDialog


def test_exports_csv_and_pdf(qtbot, archive: Archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = add_samples(archive)
    dialog = ExportDialog(archive, ids)
    qtbot.addWidget(dialog)
    dialog.set_format("csv")
    assert not dialog.page_size.isEnabled() and not dialog.single_file.isEnabled()
    dialog.destination.setText(str(tmp_path / "meta.csv"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].files == [tmp_path / "meta.csv"] and (tmp_path / "meta.csv").is_file()
    assert "Exported 3 articles" in dialog.status.text()
    dialog.set_format("pdf")
    assert dialog.page_size.isEnabled() and dialog.single_file.isChecked()
    dialog.page_size.setCurrentText("Letter")
    dialog.destination.setText(str(tmp_path / "all.pdf"))
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    assert (tmp_path / "all.pdf").read_bytes().startswith(b"%PDF")
    assert any(e["kind"] == "exported" for e in archive.events(ids[0]))


def test_error_is_a_sentence_and_cancel_writes_nothing(qtbot, archive: Archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = add_samples(archive)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    dialog = ExportDialog(archive, ids)
    qtbot.addWidget(dialog)
    dialog.set_format("markdown")
    dialog.destination.setText(str(busy))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert "already has files in it" in dialog.status.text() and "Traceback" not in dialog.status.text()
    assert dialog.export_button.isEnabled()
    dialog.set_format("html")
    dialog.single_file.setChecked(False)
    dialog.destination.setText(str(tmp_path / "pages"))
    dialog.export_button.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()  # cancel at once
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    if "cancelled" in dialog.status.text():
        assert not (tmp_path / "pages").exists()
    else:  # the export was quicker than the click
        assert (tmp_path / "pages").is_dir()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []
