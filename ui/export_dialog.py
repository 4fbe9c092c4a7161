"""The Export dialog (Ctrl+E): format, one file or one per article, page size, destination; the export
runs in a worker thread with a progress bar and Cancel, and errors are shown as sentences."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import Cancelled, CuttingsError
from app.export.runner import PAGE_SIZES, SUFFIXES, ExportResult, is_single_file, run_export

if TYPE_CHECKING:
    from app.archive import Archive

FORMAT_LABELS = {"pdf": "PDF (print)", "markdown": "Markdown folder", "html": "HTML (self-contained)",
                 "csv": "CSV (metadata only)", "bagit": "BagIt bag (preservation)"}


class ExportWorker(QObject):
    """Runs one export off the GUI thread; Cancel sets a flag the export checks between articles."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, archive: Archive, ids: list[int], fmt: str, out: Path, single_file: bool, page_size: str,
                 original_scans: bool = False) -> None:
        super().__init__()
        self._args = (archive, ids, fmt, out, single_file, page_size)
        self._original_scans = original_scans
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    @Slot()
    def run(self) -> None:
        archive, ids, fmt, out, single_file, page_size = self._args
        try:
            result = run_export(archive, ids, fmt, out, single_file=single_file, page_size=page_size,
                                progress=self._progress, cancelled=self._cancel.is_set,
                                original_scans=self._original_scans)
        except Cancelled:
            self.failed.emit("Export cancelled; nothing was written.")
        except CuttingsError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"Could not write {exc.filename or out}: {exc.strerror or exc}.")
        except Exception as exc:  # a dialog, never a traceback
            self.failed.emit(f"The export failed: {exc}")
        else:
            self.succeeded.emit(result)


class ExportDialog(QDialog):
    """Export ``article_ids`` of ``archive``; emits ``exported(ExportResult)`` when done."""

    exported = Signal(object)

    def __init__(self, archive: Archive, article_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.article_ids = list(article_ids)
        self.last_result: ExportResult | None = None
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self._default_folder: Path | None = None
        self.setWindowTitle("Export")
        self.setMinimumWidth(480)
        self._build()
        self._apply_defaults()
        self._format_changed()

    # ----- widgets -----------------------------------------------------------------------------

    def _build(self) -> None:
        n = len(self.article_ids)
        self.summary = QLabel(f"{n} article{'s' if n != 1 else ''} selected.")
        self.format_box = QComboBox()
        for key, label in FORMAT_LABELS.items():
            self.format_box.addItem(label, key)
        self.single_file = QCheckBox("All articles in one file")
        self.single_file.setChecked(n > 1)
        self.page_size = QComboBox()
        self.page_size.addItems(list(PAGE_SIZES))
        self.destination = QLineEdit()
        self.destination.setPlaceholderText("Where to save the export")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(choose)
        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        form.addRow("", self.single_file)
        form.addRow("Page size:", self.page_size)
        self.original_scans = QCheckBox("Original scans (searchable, after each scanned article)")
        self.original_scans.setObjectName("originalScans")
        form.addRow("", self.original_scans)
        form.addRow("Save to:", row)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.open_folder_button = self.buttons.addButton("Open Folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        for w in (self.summary,):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.single_file.toggled.connect(self._format_changed)

    def _apply_defaults(self) -> None:
        """Format, page size and folder from Preferences ▸ Export."""
        from ui import preferences

        prefs = preferences.load()
        self._default_folder = Path(prefs.export_folder).expanduser() if prefs.export_folder else None
        self.set_format(prefs.export_format)
        self.page_size.setCurrentText(prefs.export_page_size)

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    def _writes_file(self) -> bool:
        fmt = self.fmt()
        return fmt == "csv" or (fmt in ("pdf", "html") and self.single_file.isChecked())

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.single_file.setEnabled(fmt in ("pdf", "html"))
        self.page_size.setEnabled(fmt == "pdf")
        self.original_scans.setEnabled(fmt == "pdf")
        self.destination.setText(str(self._default_destination(self.destination.text())))

    def _default_destination(self, current: str) -> Path:
        base = Path(current).parent if current else self._default_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        stem = Path(current).stem if current else f"Cuttings export {date.today().isoformat()}"
        return base / (stem + (SUFFIXES.get(self.fmt(), "") if self._writes_file() else ""))

    def _choose(self) -> None:
        if self._writes_file():
            suffix = SUFFIXES[self.fmt()]
            path, _ = QFileDialog.getSaveFileName(self, "Export to file", self.destination.text(), f"*{suffix}")
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Name of the new folder for the export",
                                                  self.destination.text(), "", "",
                                                  QFileDialog.Option.ShowDirsOnly)
        if path:
            self.destination.setText(path)

    # ----- running -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the export in a worker thread (the dialog stays responsive; Cancel stops it)."""
        if self._thread is not None:
            return
        text = self.destination.text().strip()
        if not text:
            self._show_error("Choose where to save the export.")
            return
        out = Path(text).expanduser()
        single = is_single_file(self.fmt(), out, self._writes_file())
        self._set_running(True)
        self._thread = QThread(self)
        self._worker = ExportWorker(self.archive, self.article_ids, self.fmt(), out, single,
                                    self.page_size.currentText(), self.original_scans.isChecked())
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_success)
        self._worker.failed.connect(self._on_failure)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread is not None

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running or self.progress.isVisible())
        self.progress.setRange(0, 0 if running else 1)
        self.export_button.setEnabled(not running)
        for w in (self.format_box, self.single_file, self.page_size, self.original_scans, self.destination):
            w.setEnabled(not running)
        if not running:
            self._format_changed_enabled_only()
        self.status.setStyleSheet("")
        self.status.setText("Exporting…" if running else self.status.text())

    def _format_changed_enabled_only(self) -> None:
        self.single_file.setEnabled(self.fmt() in ("pdf", "html"))
        self.page_size.setEnabled(self.fmt() == "pdf")
        self.original_scans.setEnabled(self.fmt() == "pdf")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{done} of {total}: {message}" if message else f"{done} of {total}")

    @Slot(object)
    def _on_success(self, result: ExportResult) -> None:
        self._finish_thread()
        self.last_result = result
        self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(result.summary())
        self.open_folder_button.setVisible(True)
        self.exported.emit(result)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def open_folder(self) -> None:
        """Show the finished export in the file manager (the folder, or the folder holding the file)."""
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.folder())))

    @Slot(str)
    def _on_failure(self, message: str) -> None:
        self._finish_thread()
        self._set_running(False)
        self.progress.setVisible(False)
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)

    def _finish_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    def _cancel_or_close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()

    def done(self, code: int) -> None:
        """Closing the window while an export runs cancels it and waits for it to stop."""
        if self._worker is not None:
            self._worker.cancel()
            self._finish_thread()
        super().done(code)
