"""The main window's newer commands, wired in one place: Preferences, View Original Capture, Show Archive
Folder, Copy Citation, Delete for Good (one article from the trash), a tag's own menu, mark-read on open
and the empty-list messages."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from app.citation import cite
from ui import dialogs, preferences
from ui.empty_state import EmptyState
from ui.formatting import plural
from ui.mark_read import MarkReadOnOpen
from ui.preferences_dialog import PreferencesDialog
from ui.tag_actions import TagActions

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowExtras:
    """Owns the helpers; its methods are the slots of the new actions."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.mark_read = MarkReadOnOpen(window)
        self.tag_actions = TagActions(window)
        self.empty = EmptyState(window.table)
        self._originals = tempfile.TemporaryDirectory(prefix="cuttings-original-")
        a = window.acts
        for name, slot in (("preferences", self.open_preferences), ("view_original", self.view_original),
                           ("show_folder", self.show_folder), ("copy_citation", self.copy_citation),
                           ("purge", self.purge)):
            a[name].triggered.connect(slot)
        for name in ("view_original", "copy_citation", "purge"):
            window.table.addAction(a[name])
        window.sidebar.tagActionRequested.connect(self.tag_actions.run)
        window.table.selectionIdsChanged.connect(lambda _ids: self.update())
        window.sidebar.viewRequested.connect(lambda _v, _t: self.update())
        window.model.modelReset.connect(self.update)
        self.update()

    def update(self) -> None:
        """Enable what applies to the selection and the view; say why an empty list is empty."""
        w, a = self.w, self.w.acts
        ids, trash = w.table.selected_ids(), w.view == "trash"
        a["purge"].setVisible(trash)
        a["purge"].setEnabled(trash and bool(ids))
        a["view_original"].setEnabled(len(ids) == 1)
        a["copy_citation"].setEnabled(bool(ids))
        self.empty.show_for(w.view, w.query)

    # ----- the actions ---------------------------------------------------------------------------

    def open_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(preferences.load(), self.w, connector=self.w.connector)
        dialog.changed.connect(self.apply_preferences)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_preferences(self, prefs: preferences.Preferences) -> None:
        theme_before = preferences.load().theme
        preferences.save(prefs)
        if prefs.theme != theme_before:
            self.w.ops.set_theme(None if prefs.theme == "system" else prefs.theme)
        self.w.status.showMessage("Preferences saved.", 3000)

    def view_original(self) -> Path | None:
        """Open a read-only copy of what was clipped (the saved page, the file, the scan) with the system's
        viewer for it; the archive's own copy is never handed out."""
        ids = self.w.table.selected_ids()
        if len(ids) != 1:
            return None
        archive = self.w.archive
        capture = next((c for c in archive.captures(ids[0]) if c.raw_sha256), None)
        if capture is None or capture.raw_sha256 is None:
            dialogs.show_message(self.w, "View Original Capture", "This article has no original capture: it was "
                                 "typed or edited in Cuttings, and its text is the original.")
            return None
        source = archive.blob_path(capture.raw_sha256)
        if not source.is_file():
            dialogs.show_message(self.w, "View Original Capture", f"The original capture is missing from the "
                                 f"archive ({source.name}). Tools ▸ Verify Archive tells more.")
            return None
        name = Path(capture.filename).name if capture.filename else f"original{source.suffix}"
        if not Path(name).suffix:
            name += source.suffix
        folder = Path(self._originals.name) / str(ids[0])
        folder.mkdir(exist_ok=True)
        copy = folder / name
        if copy.exists():
            os.chmod(copy, 0o600)
        shutil.copyfile(source, copy)
        os.chmod(copy, 0o444)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.w.archive.path)))

    def copy_citation(self) -> str:
        """Chicago-style citations of the selected articles on the clipboard, as rich and as plain text."""
        ids = self.w.table.selected_ids()
        if not ids:
            return ""
        citations = [cite(self.w.archive, i) for i in ids]
        data = QMimeData()
        data.setText("\n\n".join(c.text for c in citations))
        data.setHtml("".join(f"<p>{c.html}</p>" for c in citations))
        QApplication.clipboard().setMimeData(data)
        self.w.status.showMessage(f"Copied {plural(len(ids), 'citation')}.", 4000)
        return data.text()

    def purge(self) -> bool:
        """Delete the selected articles in the trash for good (after asking)."""
        w = self.w
        ids = w.table.selected_ids()
        if w.view != "trash" or not ids:
            return False
        if not dialogs.ask(w, "Delete for Good", f"Delete {plural(len(ids), 'article')} for good, with their "
                           "photos and captures? This cannot be undone.", "Delete for Good"):
            return False
        w.undo_stack.clear()  # an undo of their trashing could not bring them back
        archive = w.archive
        w.write("Deleting for good", lambda: archive.purge(ids))
        return True


def install(window: MainWindow) -> WindowExtras:
    return WindowExtras(window)
