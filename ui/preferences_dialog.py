"""Preferences (Edit ▸ Preferences…, Ctrl+,): the archive to open, appearance, reading, safety copies, export,
the languages scans are read in.

Pages are built from :data:`PAGES`; a feature that brings settings of its own adds a page there. The browser
connector's panel (token, status, install) is a page when the window has a connector.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.export.runner import PAGE_SIZES
from ui.connector_bridge import ConnectorBridge
from ui.connector_panel import ConnectorPanel
from ui.export_dialog import FORMAT_LABELS
from ui.preferences import Preferences


class PreferencesPage(QWidget):
    """One tab: shows some preferences and writes them back."""

    title = ""

    def show_prefs(self, prefs: Preferences) -> None:
        raise NotImplementedError

    def store(self, prefs: Preferences) -> None:
        raise NotImplementedError


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("prefsNote")
    return label


def _folder_row(edit: QLineEdit, title: str, parent: QWidget) -> QHBoxLayout:
    """A path field with a Choose… button that opens a folder dialog at what the field says."""
    button = QPushButton("Choose…", parent)

    def choose() -> None:
        dialog = QFileDialog(parent, title, edit.text() or str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.fileSelected.connect(edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    button.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class GeneralPage(PreferencesPage):
    title = "General"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_used = QRadioButton("The archive used last")
        self.fixed = QRadioButton("Always this archive:")
        self.archive_path = QLineEdit()
        self.archive_path.setPlaceholderText("A .cuttings folder")
        self.start_group = QButtonGroup(self)
        for b in (self.last_used, self.fixed):
            self.start_group.addButton(b)
        self.fixed.toggled.connect(self.archive_path.setEnabled)
        self.themes = {key: QRadioButton(label) for key, label in
                       (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))}
        self.theme_group = QButtonGroup(self)
        for b in self.themes.values():
            self.theme_group.addButton(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>When Cuttings starts, open</b>"))
        layout.addWidget(self.last_used)
        layout.addWidget(self.fixed)
        layout.addLayout(_folder_row(self.archive_path, "The archive to open at start", self))
        layout.addWidget(_note("cuttings-gui --archive PATH opens another archive once; it then counts as the "
                               "archive used last."))
        layout.addSpacing(12)
        layout.addWidget(QLabel("<b>Appearance</b>"))
        for b in self.themes.values():
            layout.addWidget(b)
        layout.addStretch(1)

    def show_prefs(self, prefs: Preferences) -> None:
        (self.fixed if prefs.startup_archive else self.last_used).setChecked(True)
        self.archive_path.setText(prefs.startup_archive)
        self.archive_path.setEnabled(bool(prefs.startup_archive))
        self.themes[prefs.theme].setChecked(True)

    def store(self, prefs: Preferences) -> None:
        prefs.startup_archive = self.archive_path.text().strip() if self.fixed.isChecked() else ""
        prefs.theme = next(k for k, b in self.themes.items() if b.isChecked())


class SwitchWithAmountPage(PreferencesPage):
    """A page of one switch and the amount it goes with (enabled while the switch is on), and a note.

    Subclasses name the two :class:`Preferences` fields and say how the controls read."""

    switch_field = ""
    amount_field = ""

    def __init__(self, switch: str, label: str, suffix: str, maximum: float, note: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.switch = QCheckBox(switch)
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0.0, maximum)
        self.amount.setSingleStep(0.5)
        self.amount.setDecimals(1)
        self.amount.setSuffix(suffix)
        self.switch.toggled.connect(self.amount.setEnabled)
        form = QFormLayout()
        form.addRow(label, self.amount)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switch)
        layout.addLayout(form)
        layout.addWidget(_note(note))
        layout.addStretch(1)

    def show_prefs(self, prefs: Preferences) -> None:
        on = bool(getattr(prefs, self.switch_field))
        self.switch.setChecked(on)
        self.amount.setValue(float(getattr(prefs, self.amount_field)))
        self.amount.setEnabled(on)

    def store(self, prefs: Preferences) -> None:
        setattr(prefs, self.switch_field, self.switch.isChecked())
        setattr(prefs, self.amount_field, self.amount.value())


class ReadingPage(SwitchWithAmountPage):
    title = "Reading"
    switch_field, amount_field = "mark_read", "mark_read_delay"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mark an article read when it is opened", "After it was shown for", " seconds", 60.0,
                         "Skimming past an article leaves it unread. Article ▸ Mark as Unread undoes it.", parent)


class SafetyPage(SwitchWithAmountPage):
    title = "Safety copies"
    switch_field, amount_field = "snapshots", "snapshot_hours"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Copy the database when Cuttings closes (if it changed)", "At most once every", " hours",
                         720.0, "The copies are kept in the archive's snapshots folder: one for each of the last "
                         "7 days, 4 weeks and 12 months. Photos and captures never change, so the database is "
                         "all that needs copying.", parent)


class ExportPage(PreferencesPage):
    title = "Export"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.format = QComboBox()
        for key, label in FORMAT_LABELS.items():
            self.format.addItem(label, key)
        self.page_size = QComboBox()
        self.page_size.addItems(list(PAGE_SIZES))
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("Documents (created if missing)")
        form = QFormLayout(self)
        form.addRow("Format:", self.format)
        form.addRow("PDF page size:", self.page_size)
        form.addRow("Save exports in:", _folder_row(self.folder, "Where exports go", self))

    def show_prefs(self, prefs: Preferences) -> None:
        self.format.setCurrentIndex(max(0, self.format.findData(prefs.export_format)))
        self.page_size.setCurrentText(prefs.export_page_size)
        self.folder.setText(prefs.export_folder)

    def store(self, prefs: Preferences) -> None:
        prefs.export_format = str(self.format.currentData())
        prefs.export_page_size = self.page_size.currentText()
        prefs.export_folder = self.folder.text().strip()


class ConnectorPage(PreferencesPage):
    """The browser connector's own panel: its settings (the token) take effect at once, not on OK."""

    title = "Browser connector"

    def __init__(self, bridge: ConnectorBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = ConnectorPanel(bridge, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addStretch(1)

    def show_prefs(self, prefs: Preferences) -> None:
        self.panel.refresh()

    def store(self, prefs: Preferences) -> None:
        pass  # nothing kept in Preferences: the token lives with the connector


class OcrPage(PreferencesPage):
    """The languages scans and image-only PDFs are read in (the Scan tab starts with them)."""

    title = "Scans"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.clip.ocr.engine import available_languages

        installed = available_languages()
        self.languages = QComboBox()
        self.languages.setEditable(True)
        self.languages.addItems(list(dict.fromkeys(["auto", *installed, "eng+kor"])))
        form = QFormLayout(self)
        form.addRow("Read scans in:", self.languages)
        form.addRow(_note(
            "auto picks the language from the script Tesseract sees; several languages join with + (eng+kor). "
            f"Installed here: {', '.join(installed) or 'none'}. More languages: install Tesseract's data for them "
            "(on Debian and Ubuntu, apt install tesseract-ocr-LANG, e.g. tesseract-ocr-jpn)."))

    def show_prefs(self, prefs: Preferences) -> None:
        self.languages.setCurrentText(prefs.ocr_languages)

    def store(self, prefs: Preferences) -> None:
        prefs.ocr_languages = self.languages.currentText().strip() or "auto"


#: The pages, in order. Extension point: a feature with settings of its own appends its PreferencesPage
#: subclass here and a field to ui.preferences.Preferences.
PAGES: list[Callable[[], PreferencesPage]] = [GeneralPage, ReadingPage, SafetyPage, ExportPage, OcrPage]


class PreferencesDialog(QDialog):
    """Edits a copy of ``prefs``; OK emits ``changed(Preferences)`` with the new ones (the caller saves
    and applies them)."""

    changed = Signal(object)

    def __init__(self, prefs: Preferences, parent: QWidget | None = None, *,
                 connector: ConnectorBridge | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")
        self.setMinimumSize(600, 380)  # the connector's panel needs the width for its token and its help
        self.prefs = prefs
        self.tabs = QTabWidget(self)
        self.pages = [factory() for factory in PAGES]
        if connector is not None:
            self.pages.append(ConnectorPage(connector))
        for page in self.pages:
            page.show_prefs(prefs)
            self.tabs.addTab(page, page.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def page(self, kind: type[PreferencesPage]) -> PreferencesPage:
        return next(p for p in self.pages if isinstance(p, kind))

    def edited(self) -> Preferences:
        """The preferences as the pages show them now."""
        prefs = Preferences(**vars(self.prefs))
        for page in self.pages:
            page.store(prefs)
        return prefs.validated()

    def accept(self) -> None:
        self.changed.emit(self.edited())
        super().accept()
