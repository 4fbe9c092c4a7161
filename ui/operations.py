"""What the main window's commands do: clip, edit, star, tag, trash, import, export, verify and the rest."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from app import __version__, listing
from app.imports.folder import ImportReport, import_paths
from app.jobs import CancelCheck, Progress
from app.paths import ARCHIVE_SUFFIX
from app.verify import VerifyReport, verify
from ui import crash, dialogs, theme
from ui.clip_dialog import ClipDialog
from ui.commands import TrashCommand
from ui.drop import Incoming, classify
from ui.edit_dialog import EditDialog
from ui.formatting import plural
from ui.settings import last_import_folder, recent_archives, remember_import_folder, settings
from ui.tag_dialog import TagDialog
from ui.tag_manager import TagManager

if TYPE_CHECKING:
    from app.archive import Archive
    from ui.main_window import MainWindow


class Operations:
    """The handlers behind the actions; they read through the window and write through its writer."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._tmp = tempfile.TemporaryDirectory(prefix="cuttings-drop-")
        self.last_import: ImportReport | None = None

    @property
    def archive(self) -> Archive:
        return self.w.archive

    # ----- clipping ---------------------------------------------------------------------------

    def clip_dialog(self) -> ClipDialog:
        dialog = ClipDialog(self.archive, self.w.writer, self.w.extractor, self.w)
        dialog.articleSaved.connect(self._clipped)
        dialog.existingRequested.connect(self._show_existing)
        dialog.finished.connect(dialog.deleteLater)
        return dialog

    def clip(self) -> ClipDialog:
        dialog = self.clip_dialog()
        dialog.open()
        return dialog

    def paste(self) -> ClipDialog | None:
        """Ctrl+V on the main window: clip what is on the clipboard."""
        incoming = classify(QApplication.clipboard().mimeData())
        if incoming is None:
            self.w.status.showMessage("The clipboard holds nothing Cuttings can clip.", 4000)
            return None
        return self.receive(incoming)

    def receive(self, incoming: Incoming) -> ClipDialog | None:
        """Open the Clip flow for a drop or paste; folders and several files go to a bulk import."""
        if incoming.kind == "bulk":
            self.import_paths(incoming.paths)
            return None
        dialog = self.clip_dialog()
        dialog.open()
        if incoming.kind == "file":
            dialog.start_file(incoming.paths[0])
        elif incoming.kind == "url":
            dialog.start_url(incoming.url)
        elif incoming.kind == "image":
            path = Path(self._tmp.name) / "Pasted image.png"
            path.write_bytes(incoming.image)
            dialog.start_file(path)
        else:
            dialog.start_text(incoming.text, incoming.html)
        return dialog

    def _clipped(self, article_id: int) -> None:
        self.archive.flush_index()
        self.w.archive_changed(select=[article_id])
        self.w.status.showMessage("Clipped.", 3000)

    def _show_existing(self, article_id: int) -> None:
        if self.w.view == "trash" or self.w.query:
            self.w.search_bar.set_text("")
            self.w.sidebar.select_view("library")
            self.w.set_view("library")
        self.w.table.select_ids([article_id])

    # ----- editing ----------------------------------------------------------------------------

    def edit(self) -> EditDialog | None:
        ids = self.w.table.selected_ids()
        if len(ids) != 1 or self.w.view == "trash":
            return None
        dialog = EditDialog(self.archive, self.w.writer, self.archive.get(ids[0]), self.w)
        dialog.articleSaved.connect(lambda aid: self._after_edit(aid))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _after_edit(self, article_id: int) -> None:
        self.archive.flush_index()
        self.w.archive_changed(select=[article_id])

    def toggle_star(self) -> None:
        ids = self.w.table.selected_ids()
        if ids:
            value = not listing.all_flagged(self.archive.reader, ids, "starred")
            self.w.write("Starring" if value else "Unstarring", lambda: self.archive.set_flags(ids, starred=value),
                         select=ids)

    def toggle_read(self) -> None:
        ids = self.w.table.selected_ids()
        if ids:
            value = not listing.all_flagged(self.archive.reader, ids, "read")
            self.w.write("Marking", lambda: self.archive.set_flags(ids, read=value), select=ids)

    def edit_tags(self) -> TagDialog | None:
        ids = self.w.table.selected_ids()
        if not ids:
            return None
        from app.store.tags import tags_of_many

        current = tags_of_many(self.archive.reader, ids)
        dialog = TagDialog([current[i] for i in ids], [t.name for t in self.archive.tags()], self.w)
        dialog.accepted.connect(lambda: self.apply_tags(ids, *dialog.changes()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_tags(self, ids: list[int], add: list[str], remove: list[str]) -> None:
        if ids and (add or remove):
            self.w.write("Tagging", lambda: self.archive.tag(ids, add=add, remove=remove), select=ids)

    def manage_tags(self) -> TagManager:
        dialog = TagManager(self.archive, self.w.writer, self.w)
        dialog.tagsChanged.connect(lambda: self._tags_changed())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _tags_changed(self) -> None:
        self.archive.flush_index()
        self.w.archive_changed()

    # ----- trash ------------------------------------------------------------------------------

    def delete(self) -> None:
        ids = self.w.table.selected_ids()
        if ids and self.w.view != "trash":
            self._trash(ids, restoring=False)
            self.w.status.showMessage(f"Moved {plural(len(ids), 'article')} to the trash. Ctrl+Z undoes it.", 6000)

    def restore(self) -> None:
        ids = self.w.table.selected_ids()
        if ids and self.w.view == "trash":
            self._trash(ids, restoring=True)

    def _trash(self, ids: list[int], *, restoring: bool) -> None:
        def write(label: str, fn: Callable[[], object]) -> None:
            self.w.write(label, fn)

        self.w.undo_stack.push(TrashCommand(write, self.archive.delete, self.archive.restore, ids, restoring=restoring))

    def empty_trash(self) -> None:
        n = len(self.archive.ids(trashed=True))
        if not n:
            self.w.status.showMessage("The trash is empty.", 3000)
            return
        if dialogs.ask(self.w, "Empty Trash", f"Delete {plural(n, 'article')} in the trash for good? "
                       "This cannot be undone.", "Delete for Good"):
            self.w.undo_stack.clear()
            self.w.write("Emptying the trash", lambda: self.archive.purge(None))

    # ----- searches ---------------------------------------------------------------------------

    def save_search(self, query: str) -> None:
        if not query:
            return
        name, ok = QInputDialog.getText(self.w, "Save Search", "Name of the saved search:", text=query[:40])
        if ok and name.strip():
            self.save_search_as(name.strip(), query)

    def save_search_as(self, name: str, query: str) -> None:
        self.w.write("Saving the search", lambda: self.archive.save_search(name, query))

    def delete_saved_search(self, name: str) -> None:
        self.w.write("Deleting the saved search", lambda: self.archive.delete_saved_search(name))

    # ----- bulk work --------------------------------------------------------------------------

    def choose_import(self) -> QFileDialog:
        """Ask for a folder to import, starting where the last import was (or in the home folder)."""
        dialog = QFileDialog(self.w, "Import a folder of cuttings", str(last_import_folder()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.fileSelected.connect(lambda folder: self._import_chosen(Path(folder)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _import_chosen(self, folder: Path) -> None:
        remember_import_folder(folder)
        self.import_paths([folder])

    def import_paths(self, paths: list[Path]) -> None:
        """Import folders or files in the background, with progress and Cancel in the status bar."""
        archive, names = self.archive, ", ".join(p.name for p in paths[:3])

        def work(progress: Progress, cancelled: CancelCheck) -> ImportReport:
            report = import_paths(archive, paths, workers=0, progress=progress, cancelled=cancelled)
            archive.flush_index()
            return report

        self.w.writer.submit(f"Importing {names}", work, cancellable=True, on_done=self._imported,
                             on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _imported(self, report: ImportReport) -> None:
        self.last_import = report
        self.w.archive_changed(select=report.added[:1])
        parts = [f"Imported {plural(len(report.added), 'article')}"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} already there")
        if report.failed:
            parts.append(f"{len(report.failed)} could not be read")
        if report.cancelled:
            parts.append("cancelled")
        text = ", ".join(parts) + "."
        self.w.status.showMessage(text, 10000)
        if report.failed:
            details = "\n".join(f"{Path(p).name}: {e}" for p, e in report.failed)
            dialogs.show_message(self.w, "Import", text, QMessageBox.Icon.Warning, details)

    def reindex(self) -> None:
        archive = self.archive
        self.w.writer.submit("Rebuilding the search index", lambda p, c: archive.reindex(progress=p, cancelled=c),
                             cancellable=True, on_done=lambda n: self._reindexed(n),
                             on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _reindexed(self, n: int) -> None:
        self.w.archive_changed()
        self.w.status.showMessage(f"Indexed {plural(n, 'article')}.", 6000)

    def verify(self, repair: bool = False) -> None:
        archive = self.archive
        self.w.writer.submit("Repairing the archive" if repair else "Verifying the archive",
                             lambda p, c: verify(archive, repair=repair, progress=p, cancelled=c), cancellable=True,
                             on_done=lambda report: self._verified(report, repair),
                             on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _verified(self, report: VerifyReport, repaired: bool) -> None:
        if report.ok:
            fixed = sum(1 for p in report.problems if p.repaired)
            extra = f" Repaired {plural(fixed, 'problem')}." if fixed else ""
            dialogs.show_message(self.w, "Verify", f"The archive is sound: {plural(report.checked_blobs, 'file')} and "
                                 f"{plural(report.checked_articles, 'article')} checked.{extra}")
            self.w.archive_changed()
            return
        details = "\n".join(f"[{p.kind}] {p.message}" for p in report.problems)
        text = f"Found {plural(len(report.problems), 'problem')}."
        if not repaired and dialogs.ask(self.w, "Verify", f"{text} Repair what can be repaired?\n\n{details[:1500]}",
                                        "Repair"):
            self.verify(repair=True)
        else:
            dialogs.show_message(self.w, "Verify", text, QMessageBox.Icon.Warning, details)

    def export(self) -> QDialog | None:
        """Open the export dialog for the selection (or, with nothing selected, the whole archive)."""
        try:
            from ui.export_dialog import ExportDialog  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            dialogs.show_message(self.w, "Export", "Export is not available in this version of Cuttings yet.")
            return None
        ids = self.w.table.selected_ids() or self.archive.ids()
        dialog: QDialog = ExportDialog(self.archive, ids, self.w)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # ----- archives, appearance, help ---------------------------------------------------------

    def new_archive(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.w, "New archive", f"New Archive{ARCHIVE_SUFFIX}")
        if path:
            target = Path(path)
            if target.suffix != ARCHIVE_SUFFIX:
                target = target.with_name(target.name + ARCHIVE_SUFFIX)
            self.w.switch_archive(target, create=True)

    def open_archive(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, "Open an archive (a .cuttings folder)")
        if path:
            self.w.switch_archive(Path(path))

    def fill_recent_menu(self) -> None:
        menu = self.w.acts.recent_menu
        menu.clear()
        for path in recent_archives():
            action = menu.addAction(path.name.removesuffix(ARCHIVE_SUFFIX))
            action.setToolTip(str(path))
            action.setEnabled(path != self.archive.path)
            action.triggered.connect(lambda _checked=False, p=path: self.w.switch_archive(p))
        if menu.isEmpty():
            menu.addAction("No other archives yet").setEnabled(False)

    def set_theme(self, scheme: str | None) -> None:
        s = settings()
        s.setValue("appearance/theme", scheme or "system")
        for name in ("theme_system", "theme_light", "theme_dark"):
            self.w.acts[name].setChecked(name == f"theme_{scheme or 'system'}")
        manager = theme.manager()
        if manager is not None:
            manager.force(scheme)

    def search_help(self) -> QDialog:
        from ui import help_page

        return help_page.show(self.w)

    def show_crash_log(self) -> None:
        path = crash.crash_log_path()
        if not path.exists():
            dialogs.show_message(self.w, "Crash Log", "No unexpected errors have been logged.")
            return
        dialogs.show_text(self.w, "Crash Log", path.read_text("utf-8", "replace")[-100_000:])

    def about(self) -> None:
        stats = self.archive.stats()
        QMessageBox.about(
            self.w, "About Cuttings",
            f"<h3>Cuttings {__version__}</h3><p>A desktop archive for press cuttings: clip, tag, search and export "
            f"news articles and their photos.</p><p>This archive: {plural(stats['articles'], 'article')}, "
            f"{plural(stats['photos'], 'photo')}, {plural(stats['tags'], 'tag')}.<br>"
            f"<small>{stats['path']}</small></p>",
        )
