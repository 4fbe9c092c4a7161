"""What the main window's commands do: clip, edit, star, tag, trash, import, export, verify and the rest.

The operations know the window only as a :class:`Host` (a few methods); every write runs on the writer, and
the window redraws only the :class:`~app.changes.OpChanges` the Archive's write method gave back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from app import __version__
from app.changes import OpChanges, OpChangesWith
from app.jobs import CancelCheck, Progress
from app.paths import ARCHIVE_SUFFIX
from app.verify import VerifyReport, verify
from ui import crash, dialogs, theme
from ui.commands import TrashCommand
from ui.drop import Incoming, classify
from ui.formatting import plural
from ui.settings import last_import_folder, recent_archives, remember_import_folder, settings
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # the dialogs and the import are imported when first used, not with the window
    from app.archive import Archive
    from app.imports.folder import ImportReport
    from app.imports.pending import FetchReport
    from ui.clip_dialog import ClipDialog
    from ui.edit_dialog import EditDialog
    from ui.tag_dialog import TagDialog
    from ui.tag_manager import TagManager

IMPORT_FILTER = (
    "Cuttings and exports (*.txt *.md *.markdown *.html *.htm *.jpg *.jpeg *.png *.gif *.webp *.csv *.json *.enex "
    "*.jex);;Pocket or Readwise Reader (*.csv);;Wallabag or Karakeep (*.json);;Evernote (*.enex);;Joplin (*.jex);;"
    "Browser bookmarks (*.html *.htm);;All files (*)"
)


class Host(Protocol):
    """What the operations need of the window they serve."""

    @property
    def archive(self) -> Archive: ...

    def selected_ids(self) -> list[int]: ...

    def showing_trash(self) -> bool: ...

    def show_message(self, text: str, timeout: int) -> None: ...

    def apply_changes(self, changes: OpChanges, select: list[int] | None = None) -> None:
        """Redraw what ``changes`` touched (and select ``select``)."""

    def reveal(self, article_id: int) -> None:
        """Show and select an article, leaving the trash or a search if it is not in the list."""

    def show_theme(self, scheme: str | None) -> None:
        """Mark the chosen colour scheme (None: the system's) in the menus."""

    def switch_archive(self, path: Path, *, create: bool = False) -> bool: ...


class Operations:
    """The handlers behind the actions; they read through the archive and write through ``writer``."""

    def __init__(self, host: Host, parent: QWidget, *, writer: TaskRunner, extractor: TaskRunner,
                 undo_stack: QUndoStack) -> None:
        self.host = host
        self.w = parent  # the parent of dialogs and messages
        self.writer = writer
        self.extractor = extractor
        self.undo_stack = undo_stack
        self._tmp = tempfile.TemporaryDirectory(prefix="cuttings-drop-")
        self.last_import: ImportReport | None = None

    @property
    def archive(self) -> Archive:
        return self.host.archive

    def write(self, label: str, fn: Callable[[], OpChanges | OpChangesWith[Any]], *,
              on_done: Callable[[Any], None] | None = None, select: list[int] | None = None) -> Task:
        """Run ``fn`` (the Archive's write methods) on the writer, wait for the index to catch up, then redraw
        the changes it returned (and select ``select``); ``on_done`` gets an ``OpChangesWith``'s value. After a
        failure the window is redrawn whole: a write may have failed half way."""
        archive, host = self.archive, self.host

        def work() -> OpChanges | OpChangesWith[Any]:
            result = fn()
            archive.flush_index()
            return result

        def done(result: OpChanges | OpChangesWith[Any]) -> None:
            if isinstance(result, OpChangesWith):
                changes, value = result.changes, result.value
            elif isinstance(result, OpChanges):
                changes, value = result, None
            else:  # not an Archive write method: what it changed is not known
                changes, value = OpChanges.everything(), result
            host.apply_changes(changes, select)
            if on_done is not None:
                on_done(value)

        def failed(exc: BaseException) -> None:
            host.apply_changes(OpChanges.everything())
            dialogs.show_error(self.w, exc)

        return self.writer.call(label, work, on_done=done, on_error=failed)

    # ----- clipping ---------------------------------------------------------------------------

    def clip_dialog(self) -> ClipDialog:
        from ui.clip_dialog import ClipDialog

        dialog = ClipDialog(self.archive, self.writer, self.extractor, self.w)
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
            self.host.show_message("The clipboard holds nothing Cuttings can clip.", 4000)
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

    def _clipped(self, article_id: int, changes: OpChanges) -> None:
        self.archive.flush_index()
        self.host.apply_changes(changes, select=[article_id])
        self.host.show_message("Clipped.", 3000)

    def _show_existing(self, article_id: int) -> None:
        self.host.reveal(article_id)

    # ----- editing ----------------------------------------------------------------------------

    def edit(self) -> EditDialog | None:
        ids = self.host.selected_ids()
        if len(ids) != 1 or self.host.showing_trash():
            return None
        from ui.edit_dialog import EditDialog

        dialog = EditDialog(self.archive, self.writer, self.archive.get(ids[0]), self.w)
        dialog.articleSaved.connect(lambda aid, changes: self._after_edit(aid, changes))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _after_edit(self, article_id: int, changes: OpChanges) -> None:
        self.archive.flush_index()
        self.host.apply_changes(changes, select=[article_id])

    def toggle_star(self) -> None:
        ids = self.host.selected_ids()
        if ids:
            archive = self.archive
            value = not archive.reads.all_flagged(ids, "starred")
            self.write("Starring" if value else "Unstarring", lambda: archive.set_flags(ids, starred=value),
                       select=ids)

    def toggle_read(self) -> None:
        ids = self.host.selected_ids()
        if ids:
            archive = self.archive
            value = not archive.reads.all_flagged(ids, "read")
            self.write("Marking", lambda: archive.set_flags(ids, read=value), select=ids)

    def edit_tags(self) -> TagDialog | None:
        ids = self.host.selected_ids()
        if not ids:
            return None
        from ui.tag_dialog import TagDialog

        current = self.archive.reads.tags_of(ids)
        dialog = TagDialog([current[i] for i in ids], [t.name for t in self.archive.tags()], self.w)
        dialog.accepted.connect(lambda: self.apply_tags(ids, *dialog.changes()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_tags(self, ids: list[int], add: list[str], remove: list[str]) -> None:
        if ids and (add or remove):
            archive = self.archive
            self.write("Tagging", lambda: archive.tag(ids, add=add, remove=remove), select=ids)

    def manage_tags(self) -> TagManager:
        from ui.tag_manager import TagManager

        dialog = TagManager(self.archive, self.writer, self.w)
        dialog.tagsChanged.connect(lambda changes: self._tags_changed(changes))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _tags_changed(self, changes: OpChanges) -> None:
        self.archive.flush_index()
        self.host.apply_changes(changes)

    # ----- trash ------------------------------------------------------------------------------

    def delete(self) -> None:
        ids = self.host.selected_ids()
        if ids and not self.host.showing_trash():
            self._trash(ids, restoring=False)
            self.host.show_message(f"Moved {plural(len(ids), 'article')} to the trash. Ctrl+Z undoes it.", 6000)

    def restore(self) -> None:
        ids = self.host.selected_ids()
        if ids and self.host.showing_trash():
            self._trash(ids, restoring=True)

    def _trash(self, ids: list[int], *, restoring: bool) -> None:
        archive = self.archive
        self.undo_stack.push(TrashCommand(self.write, archive.delete, archive.restore, ids, restoring=restoring))

    def empty_trash(self) -> None:
        n = len(self.archive.ids(trashed=True))
        if not n:
            self.host.show_message("The trash is empty.", 3000)
            return
        if dialogs.ask(self.w, "Empty Trash", f"Delete {plural(n, 'article')} in the trash for good? "
                       "This cannot be undone.", "Delete for Good"):
            self.undo_stack.clear()
            archive = self.archive
            self.write("Emptying the trash", lambda: archive.purge(None))

    # ----- searches ---------------------------------------------------------------------------

    def save_search(self, query: str) -> None:
        if not query:
            return
        name, ok = QInputDialog.getText(self.w, "Save Search", "Name of the saved search:", text=query[:40])
        if ok and name.strip():
            self.save_search_as(name.strip(), query)

    def save_search_as(self, name: str, query: str) -> None:
        archive = self.archive
        self.write("Saving the search", lambda: archive.save_search(name, query))

    def delete_saved_search(self, name: str) -> None:
        archive = self.archive
        self.write("Deleting the saved search", lambda: archive.delete_saved_search(name))

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

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.w, "Import files", str(last_import_folder()), IMPORT_FILTER)
        if files:
            remember_import_folder(Path(files[0]).parent)  # where the next import starts (not the cwd)
            self.import_paths([Path(f) for f in files])

    def fetch_pending(self) -> None:
        """Fetch the pages of link-only articles in the background (politely: one site at a time)."""
        from app.imports.pending import fetch_pending

        archive = self.archive
        if not archive.imports.link_only_ids():
            self.host.show_message("No link-only articles are waiting to be fetched.", 4000)
            return

        def work(progress: Progress, cancelled: CancelCheck) -> FetchReport:
            report = fetch_pending(archive, progress=progress, cancelled=cancelled)
            archive.flush_index()
            return report

        self.writer.submit("Fetching link-only articles", work, cancellable=True, on_done=self._fetched,
                           on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _fetched(self, report: FetchReport) -> None:
        self.host.apply_changes(report.changes)
        text = (f"Fetched {plural(len(report.fetched), 'page')}, {len(report.failed)} failed, "
                f"{report.remaining} still waiting" + (" (cancelled)." if report.cancelled else "."))
        self.host.show_message(text, 10000)
        if report.failed:
            details = "\n".join(f"{url}: {error}" for _, url, error in report.failed)
            dialogs.show_message(self.w, "Fetch Link-Only Articles", text, QMessageBox.Icon.Warning, details)

    def import_paths(self, paths: list[Path]) -> None:
        """Import folders or files in the background, with progress and Cancel in the status bar."""
        archive, names = self.archive, ", ".join(p.name for p in paths[:3])

        def work(progress: Progress, cancelled: CancelCheck) -> ImportReport:
            from app.imports.folder import import_paths

            report = import_paths(archive, paths, workers=0, progress=progress, cancelled=cancelled)
            archive.flush_index()
            return report

        self.writer.submit(f"Importing {names}", work, cancellable=True, on_done=self._imported,
                           on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _imported(self, report: ImportReport) -> None:
        self.last_import = report
        self.host.apply_changes(report.changes, select=report.added[:1])
        parts = [f"Imported {plural(len(report.added), 'article')}"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} already there")
        if report.failed:
            parts.append(f"{len(report.failed)} could not be read")
        if report.skipped:
            parts.append(f"{len(report.skipped)} skipped (links out of the folder, pipes or devices)")
        if report.cancelled:
            parts.append("cancelled")
        text = ", ".join(parts) + "."
        self.host.show_message(text, 10000)
        if report.failed or report.skipped:
            details = "\n".join(f"{Path(p).name}: {e}" for p, e in report.failed + report.skipped)
            dialogs.show_message(self.w, "Import", text, QMessageBox.Icon.Warning, details)

    def reindex(self) -> None:
        archive = self.archive
        self.writer.submit("Rebuilding the search index", lambda p, c: archive.reindex(progress=p, cancelled=c),
                           cancellable=True, on_done=lambda n: self._reindexed(n),
                           on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _reindexed(self, n: int) -> None:
        self.host.apply_changes(OpChanges.reindexed())
        self.host.show_message(f"Indexed {plural(n, 'article')}.", 6000)

    def verify(self, repair: bool = False) -> None:
        archive = self.archive
        self.writer.submit("Repairing the archive" if repair else "Verifying the archive",
                           lambda p, c: verify(archive, repair=repair, progress=p, cancelled=c), cancellable=True,
                           on_done=lambda report: self._verified(report, repair),
                           on_error=lambda exc: dialogs.show_error(self.w, exc))

    def _verified(self, report: VerifyReport, repaired: bool) -> None:
        if repaired:  # a repair may have removed or rewritten anything
            self.host.apply_changes(OpChanges.everything())
        if report.ok:
            fixed = sum(1 for p in report.problems if p.repaired)
            extra = f" Repaired {plural(fixed, 'problem')}." if fixed else ""
            dialogs.show_message(self.w, "Verify", f"The archive is sound: {plural(report.checked_blobs, 'file')} and "
                                 f"{plural(report.checked_articles, 'article')} checked.{extra}")
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
        from ui.export_dialog import ExportDialog

        ids = self.host.selected_ids() or self.archive.ids()
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
            self.host.switch_archive(target, create=True)

    def open_archive(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, "Open an archive (a .cuttings folder)")
        if path:
            self.host.switch_archive(Path(path))

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for path in recent_archives():
            action = menu.addAction(path.name.removesuffix(ARCHIVE_SUFFIX))
            action.setToolTip(str(path))
            action.setEnabled(path != self.archive.path)
            action.triggered.connect(lambda _checked=False, p=path: self.host.switch_archive(p))
        if menu.isEmpty():
            menu.addAction("No other archives yet").setEnabled(False)

    def set_theme(self, scheme: str | None) -> None:
        s = settings()
        s.setValue("appearance/theme", scheme or "system")
        self.host.show_theme(scheme)
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
