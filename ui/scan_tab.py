"""The Clip dialog's Scan tab: drop or choose a scan (or a PDF), read it in the background with progress and
cancel, see the regions found over the scan (move or resize them, read again) and the recognised text (edit it,
use it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.jobs import CancelCheck, Progress
from app.model import ClipResult
from ui import dialogs, preferences
from ui.scan_view import ScanView
from ui.tasks import Task, TaskRunner

SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".pdf"}
SCAN_FILTER = "Scans (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp *.pdf);;All files (*)"
LANGUAGES = ["auto", "eng", "kor", "eng+kor"]


@dataclass
class _Scan:
    """A scan being worked on: its bytes, the decoded image and what OCR read (None for a PDF)."""

    path: Path
    data: bytes
    image: Image.Image | None = None
    reading: Any = None


class ScanTab(QWidget):
    """Emits ``resultReady`` with the clip of the scan whenever it is read or its text is used."""

    resultReady = Signal(object)
    failed = Signal(str)

    def __init__(self, extractor: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanTab")
        self.setAcceptDrops(True)
        self._extractor = extractor
        self._scan: _Scan | None = None
        self.task: Task | None = None
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("scanFileEdit")
        self.file_edit.setPlaceholderText("Drop a scan or a PDF here, or choose one")
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._browse)
        self.lang = QComboBox(self)
        self.lang.setEditable(True)
        self.lang.addItems(self._languages())
        self.lang.setCurrentText(preferences.load().ocr_languages)  # Preferences ▸ Scans
        self.lang.setToolTip("OCR languages: auto picks by the script; e.g. eng+kor for both")
        self.read_button = QPushButton("Read", self)
        self.read_button.setObjectName("readScanButton")
        self.read_button.clicked.connect(self.read)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.progress.setMaximumWidth(260)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(choose)
        row.addWidget(QLabel("Language", self))
        row.addWidget(self.lang)
        row.addWidget(self.read_button)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self.view = ScanView(self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("scanText")
        self.text.setPlaceholderText("The recognised text appears here: correct it, then Use Text.")
        self.again_button = QPushButton("Read Regions Again", self)
        self.again_button.setToolTip("Read the scan again with the regions as you moved or resized them")
        self.again_button.clicked.connect(self.read_regions)
        self.use_button = QPushButton("Use Text", self)
        self.use_button.setToolTip("Make the article from the text as you corrected it")
        self.use_button.clicked.connect(self.use_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        text_side = QWidget(self)
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.text, 1)
        text_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(text_side)
        split.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self._set_busy(False)

    @staticmethod
    def _languages() -> list[str]:
        from app.clip.ocr.engine import available_languages

        return list(dict.fromkeys([*LANGUAGES, *available_languages()]))

    # ----- ways in ----------------------------------------------------------------------------

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Clip a scan", "", SCAN_FILTER)
        if path:
            self.start(Path(path))

    def start(self, path: Path) -> None:
        self.file_edit.setText(str(path))
        self.read()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and Path(urls[0].toLocalFile()).suffix.lower() in SCAN_SUFFIXES:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            event.acceptProposedAction()
            self.start(Path(urls[0].toLocalFile()))

    # ----- reading ----------------------------------------------------------------------------

    def read(self) -> None:
        """Read the chosen file in the background (progress and cancel on this tab)."""
        raw = self.file_edit.text().strip()
        if not raw:
            self.failed.emit("Choose or drop a scan first.")
            return
        path = Path(raw)
        lang = self.lang.currentText().strip() or "auto"

        def work(progress: Progress, cancelled: CancelCheck) -> tuple[_Scan, ClipResult]:
            from app.errors import NoTextFound, UnsupportedInput

            try:
                data = path.read_bytes()
            except OSError as exc:
                raise UnsupportedInput(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
            if path.suffix.lower() == ".pdf":
                from app.clip.pdf import clip_pdf

                return _Scan(path, data), clip_pdf(data, filename=path.name, lang=lang, progress=progress,
                                                    cancelled=cancelled)
            from app.clip.ocr.pipeline import read_page
            from app.clip.scan import open_scan, scan_result

            image = open_scan(data, path.name)
            reading = read_page(image, lang, progress=progress, cancelled=cancelled)
            if not reading.paragraphs:
                raise NoTextFound(f"{path.name}: no text found in the image. Clip it as a photo instead.")
            return _Scan(path, data, image, reading), scan_result(data, path.name, image, reading)

        self._run("Reading the scan", work)

    def read_regions(self) -> None:
        """Read again with the regions as drawn now."""
        scan = self._scan
        if scan is None or scan.reading is None:
            return
        regions = self.view.regions()

        def work(_progress: Progress, cancelled: CancelCheck) -> tuple[_Scan, ClipResult]:
            from app.clip.ocr.pipeline import read_regions
            from app.clip.scan import scan_result

            assert scan.image is not None
            reading = read_regions(scan.reading, regions, cancelled=cancelled)
            return _Scan(scan.path, scan.data, scan.image, reading), scan_result(scan.data, scan.path.name, scan.image,
                                                                                 reading)

        self._run("Reading the regions again", work)

    def use_text(self) -> None:
        """The article from the corrected text (the scan and its word boxes stay the capture)."""
        scan = self._scan
        if scan is None or scan.reading is None or scan.image is None:
            return
        from app.clip.scan import scan_result

        edited = self.text.toPlainText()
        reading = scan.reading
        caption = reading.caption
        if caption and caption in edited:  # the caption is shown after the headline: it is the photo's, not body
            edited = edited.replace(caption, "", 1)
        self.resultReady.emit(scan_result(scan.data, scan.path.name, scan.image, reading, text=edited))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress.setFormat("Cancelling…")

    def _run(self, label: str, work: Any) -> None:
        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.progress.setFormat(label)
        self.task = self._extractor.submit(label, work, on_done=self._done, on_error=self._failed, cancellable=True)
        self.task.progressed.connect(self._progressed)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(message)

    def _done(self, outcome: tuple[_Scan, ClipResult]) -> None:
        scan, result = outcome
        self._scan = scan
        self._set_busy(False)
        self.progress.setFormat("Read")
        if scan.reading is not None:
            self.view.set_image(scan.reading.image)
            self.view.set_regions(scan.reading.layout.regions())
            self.text.setPlainText(scan.reading.text)
        else:
            self.text.setPlainText(f"{result.article.title}\n\n{result.article.body}")
        self.resultReady.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.progress.setRange(0, 1)
        self.progress.setFormat("")
        self.failed.emit(dialogs.error_message(exc))

    def _set_busy(self, busy: bool) -> None:
        self.read_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        ready = not busy and self._scan is not None and self._scan.reading is not None
        self.again_button.setEnabled(ready)
        self.use_button.setEnabled(ready)
        if not busy:
            self.task = None
