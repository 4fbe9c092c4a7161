"""The main window: sidebar | search + article list | reader, composed of small widgets wired in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QDialog, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app.archive import Archive
from app.changes import OpChanges, OpChangesWith
from app.errors import ArticleNotFound, QueryError
from app.model import Tag
from ui import dialogs, icons, theme, window_layout
from ui.actions import Actions
from ui.article_model import ArticleModel
from ui.article_table import ArticleTable
from ui.connector_bridge import ConnectorBridge, connector_enabled
from ui.connector_panel import ConnectorDialog
from ui.drop import classify
from ui.formatting import plural
from ui.index_watch import IndexWatch
from ui.operations import Operations
from ui.original_view import ReadingPane
from ui.reader_view import ReaderView
from ui.result_source import IdListSource, ResultSource, SearchSource, all_hits_sorted
from ui.search_bar import SearchBar
from ui.settings import remember_archive, settings
from ui.sidebar import Sidebar
from ui.status_bar import StatusBar
from ui.tasks import Task, TaskRunner
from ui.window_extras import install as install_extras

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Start-up work the first look at the window does not need (the browser connector's endpoint) waits this long
#: after the window is built, so that it is on screen first.
SETTLE_MS = 300


class MainWindow(QMainWindow):
    """One archive in one window. It reads through ``archive.reads``; every write goes through ``self.writer``
    (see :class:`Operations`, for which this window is the :class:`~ui.operations.Host`)."""

    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.archive = archive
        self.writer = TaskRunner(self, "cuttings-writer")
        self.extractor = TaskRunner(self, "cuttings-extractor")
        self.lookups = TaskRunner(self, "cuttings-lookups")  # reads too slow for the GUI thread (view facets)
        self.undo_stack = QUndoStack(self)
        self.view, self.tag = "library", ""
        self.query = ""
        self.sort: tuple[str, bool] = ("clipped", True)
        self.search_sort: tuple[str, bool] | None = None  # None: relevance
        self._terms: list[str] = []
        self._facet_cache: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
        self._facet_epoch = 0  # bumped when the cache is dropped: a lookup begun before must not refill it
        self._sidebar_epoch = 0  # bumped when the sidebar's counts or tags are shown: an older lookup is stale
        self._closed = False
        self.acts = Actions(self)
        self.ops = Operations(self, self, writer=self.writer, extractor=self.extractor, undo_stack=self.undo_stack)
        self.connector = ConnectorBridge(lambda: self.archive, self.writer, self)
        self._build()
        self._connect_signals()
        self.extras = install_extras(self)  # newer commands, wired in their own module
        self._restore_layout()
        self._set_title()
        self._first_fill()
        self.index_watch = IndexWatch(self)
        QTimer.singleShot(SETTLE_MS, self._start_connector)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.index_watch.window_shown()

    def _start_connector(self) -> None:
        if not self._closed and connector_enabled() and not self.connector.start():
            self.status.showMessage(f"The browser connector is off: {self.connector.problem}", 15000)

    # ----- composition ------------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowIcon(QIcon(icons.icon("app", "#000000")))
        self.setAcceptDrops(True)
        self.acts.build_menus()
        self.toolbar = self.acts.build_toolbar()
        self.acts.toolbar_texts()
        self.sidebar = Sidebar(self)
        self.search_bar = SearchBar(self)
        self.model = ArticleModel(lambda ids: self.archive.reads.rows(ids), self)
        self.table = ArticleTable(self.model, self)
        for name in ("edit", "star", "read", "tags", None, "delete", "restore", None, "export"):
            if name is None:
                sep = self.table.addAction("")
                sep.setSeparator(True)
            else:
                self.table.addAction(self.acts[name])
        self.reader = ReaderView(self)
        self.reader.blob_loader = lambda sha: self.archive.blob(sha)
        self.reading = ReadingPane(self.reader, self)  # the reader, and a scanned article's original
        self.reading.captures = lambda article_id: self.archive.captures(article_id)
        self.reading.blob = lambda sha: self.archive.blob(sha)
        middle = QWidget(self)
        middle.setObjectName("listPane")
        col = QVBoxLayout(middle)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.search_bar)
        col.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.reading)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.undo_stack.setUndoLimit(50)

    def _connect_signals(self) -> None:
        """Every connection between the parts, in one place."""
        a, ops = self.acts, self.ops
        # sidebar, search and list
        self.sidebar.viewRequested.connect(self.set_view)
        self.sidebar.savedSearchRequested.connect(self.search_bar.set_text)
        self.sidebar.facetRequested.connect(self.add_facet)
        self.sidebar.deleteSavedSearchRequested.connect(ops.delete_saved_search)
        self.sidebar.manageTagsRequested.connect(ops.manage_tags)
        self.search_bar.queryChanged.connect(self.set_query)
        self.search_bar.saveRequested.connect(ops.save_search)
        self.model.sortRequested.connect(self.set_sort)
        self.table.currentArticleChanged.connect(self.show_article)
        self.table.selectionIdsChanged.connect(self._selection_changed)
        self.table.articleActivated.connect(lambda _id: ops.edit())
        # background work
        self.writer.taskStarted.connect(self.status.task_started)
        self.writer.taskFinished.connect(self.status.task_finished)
        self.writer.error_handler = lambda _task, exc: dialogs.show_error(self, exc)
        self.extractor.taskStarted.connect(self.status.task_started)
        self.extractor.taskFinished.connect(self.status.task_finished)
        # actions
        for name, slot in (
            ("clip", ops.clip), ("paste_clip", ops.paste), ("import", ops.choose_import), ("export", ops.export),
            ("import_files", ops.choose_import_files), ("fetch_pending", ops.fetch_pending),
            ("new_archive", ops.new_archive), ("open_archive", ops.open_archive), ("quit", self.close),
            ("undo", self.undo_stack.undo), ("redo", self.undo_stack.redo), ("find", self.focus_search),
            ("select_all", self.table.selectAll), ("edit", ops.edit), ("star", ops.toggle_star),
            ("read", ops.toggle_read), ("tags", ops.edit_tags), ("delete", ops.delete), ("restore", ops.restore),
            ("empty_trash", ops.empty_trash), ("manage_tags", ops.manage_tags),
            ("save_search", lambda: ops.save_search(self.query)), ("reindex", ops.reindex), ("verify", ops.verify),
            ("theme_system", lambda: ops.set_theme(None)), ("theme_light", lambda: ops.set_theme("light")),
            ("theme_dark", lambda: ops.set_theme("dark")), ("search_help", ops.search_help),
            ("crash_log", ops.show_crash_log), ("about", ops.about), ("connector", self.show_connector),
        ):  # fmt: skip
            a[name].triggered.connect(slot)
        a.recent_menu.aboutToShow.connect(lambda: ops.fill_recent_menu(a.recent_menu))
        self.connector.clipped.connect(self._clipped_from_browser)
        self.undo_stack.canUndoChanged.connect(a["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(a["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: a["undo"].setText(f"&Undo {t}" if t else "&Undo"))
        self.undo_stack.redoTextChanged.connect(lambda t: a["redo"].setText(f"&Redo {t}" if t else "&Redo"))
        a["undo"].setEnabled(False)
        a["redo"].setEnabled(False)
        manager = theme.manager()
        if manager is not None:
            manager.changed.connect(self._theme_changed)

    # ----- writing ----------------------------------------------------------------------------

    def write(self, label: str, fn: Callable[[], OpChanges | OpChangesWith[Any]], *,
              on_done: Callable[[Any], None] | None = None, select: list[int] | None = None) -> Task:
        """Run an Archive write on the writer, then redraw what it says it changed: see ``Operations.write``."""
        return self.ops.write(label, fn, on_done=on_done, select=select)

    def _clipped_from_browser(self, article_id: int, title: str, changes: OpChanges) -> None:
        self.apply_changes(changes)
        self.status.showMessage(f"Clipped from the browser: {title or f'article {article_id}'}", 6000)

    def show_connector(self) -> QDialog:
        """Tools ▸ Browser Connector: the pairing token and how to install the extension."""
        dialog = ConnectorDialog(self.connector, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def archive_changed(self, select: list[int] | None = None) -> None:
        """Redraw everything after a change whose effects are not known piece by piece."""
        self.refresh_all(select)

    def apply_changes(self, changes: OpChanges, select: list[int] | None = None) -> None:
        """Redraw what a write changed: parts of the sidebar, the list (its ids anew, or only the changed
        rows), the reader."""
        if changes.facets:
            self._facet_cache.clear()
            self._facet_epoch += 1
        if changes.counts or changes.tags:
            self._sidebar_epoch += 1
        left_tag = self._show_tags() if changes.tags else False
        if changes.counts:
            self.sidebar.set_counts(self.archive.reads.counts())
        if changes.saved_searches:
            self.sidebar.set_saved_searches(self.archive.saved_searches())
        if left_tag or changes.list_changed(self.view, bool(self.query)):
            self.model.invalidate()
            self.reload_list(keep_selection=True, select=select)
        elif changes.articles or changes.tags:
            self.model.invalidate(None if changes.tags else changes.articles)  # tag colours show on any row
            if select:
                self.table.select_ids([i for i in select if self.model.row_of(i) is not None])
        else:
            return
        current = self.table.current_id()
        if current in changes.articles or changes.requery or changes.tags or changes.trash:
            self.show_article(current)

    # ----- what the list shows ----------------------------------------------------------------

    def set_view(self, view: str, tag: str = "") -> None:
        self.view, self.tag = view, tag
        self.reload_list(keep_selection=False)
        self._update_actions()

    def set_query(self, query: str) -> None:
        self.query = query
        self.search_sort = None
        try:
            self._terms = self.archive.highlight_terms(query) if query else []
        except QueryError:
            self._terms = []
        self.reload_list(keep_selection=False)

    def set_sort(self, column: str, descending: bool) -> None:
        if self.query:
            self.search_sort = (column, descending)
        else:
            self.sort = (column, descending)
        self.reload_list(keep_selection=True)

    def add_facet(self, field: str, value: str) -> None:
        """Narrow the search to one source, place or year (from a sidebar facet)."""
        term = f"published:{value}" if field == "year" else f'{field}:"{value}"'
        if term.lower() not in self.query.lower():
            self.search_bar.set_text(f"{self.query} {term}".strip())

    def _source(self) -> ResultSource:
        reads = self.archive.reads
        if self.query and self.view != "trash":
            restrict = None if self.view == "library" else set(reads.list_ids(self.view, self.tag or None))
            if self.search_sort is None:
                return SearchSource(self.archive, self.query, restrict=restrict)
            column, descending = self.search_sort
            if column in ("published", "clipped") and descending:
                return SearchSource(self.archive, self.query, sort=column, restrict=restrict)
            return all_hits_sorted(self.archive, self.query, sort=column, descending=descending, restrict=restrict)
        column, descending = self.sort
        ids = reads.list_ids(self.view, self.tag or None, sort=column, descending=descending, text=self.query)
        return IdListSource(ids)

    def reload_list(self, *, keep_selection: bool = True, select: list[int] | None = None) -> None:
        previous = select if select is not None else (self.table.selected_ids() if keep_selection else [])
        try:
            source = self._source()
        except QueryError as exc:
            self.search_bar.set_error(str(exc))
            self.status.set_counts("The search was not run: correct the query")  # not the last query's count
            return
        self.search_bar.set_error(None)
        self.model.set_source(source)
        self.table.set_search_mode(source.searching)
        if self.query and self.view != "trash":
            self.table.show_sort(self.search_sort[0] if self.search_sort else None,
                                 self.search_sort[1] if self.search_sort else True)
        else:
            self.table.show_sort(*self.sort)
        if source.searching:
            self.sidebar.set_facets(source.facets)
        else:  # a GROUP BY over the view: after the list and the reader are on screen
            key = (self.view, self.tag)
            QTimer.singleShot(0, lambda: self._show_view_facets(key))
        chosen = [i for i in previous if self.model.row_of(i) is not None]
        if chosen:
            self.table.select_ids(chosen)
        elif self.model.rowCount():
            self.table.select_row(0)
        else:
            self.table.select_ids([])
        self._update_counts()

    def _show_view_facets(self, key: tuple[str, str]) -> None:
        """The sidebar's source, place and year counts of a view: three GROUP BYs over the whole view
        (150 ms at 100,000 articles), so they are counted in the lookups thread and shown when ready."""
        if self._closed or self.query or key != (self.view, self.tag):
            return  # the list moved on meanwhile
        if key in self._facet_cache:
            self.sidebar.set_facets(self._facet_cache[key])
            return
        epoch = self._facet_epoch

        def show(facets: dict[str, dict[str, int]]) -> None:
            if epoch != self._facet_epoch:
                return  # it changed meanwhile: a newer lookup is on its way
            self._facet_cache[key] = facets
            if not self.query and key == (self.view, self.tag):
                self.sidebar.set_facets(facets)

        self._look_up(f"counting the facets of {key}", lambda archive: archive.reads.facets(key[0], key[1] or None),
                      show)

    def _first_fill(self) -> None:
        """The list and its first article, before the window is shown; the sidebar's view counts and tag tree
        (counted over the whole archive: 60-100 ms at 100,000 articles) from the lookups thread, just after."""
        colors = self.archive.reads.tag_colors()  # the list's and the reader's tag chips need only these
        self.table.tags_delegate.colors = colors
        self.reader.tag_colors = colors
        self.apply_changes(OpChanges(requery=True, facets=True, saved_searches=True))
        self._count_sidebar()

    def _count_sidebar(self) -> Task:
        """The views' counts and the tag tree, counted in the lookups thread (again if a write showed newer ones
        meanwhile)."""
        epoch = self._sidebar_epoch

        def count(archive: Archive) -> tuple[dict[str, int], list[Tag], dict[str, int]]:
            tags = archive.tags()
            return archive.reads.counts(), tags, archive.reads.tag_view_counts(tags)

        def show(result: tuple[dict[str, int], list[Tag], dict[str, int]]) -> None:
            if epoch != self._sidebar_epoch:
                self._count_sidebar()
                return
            self.sidebar.set_counts(result[0])
            if self._set_tag_tree(result[1], result[2]):
                self.model.invalidate()
                self.reload_list(keep_selection=True)

        return self._look_up("counting the sidebar", count, show)

    def _look_up(self, what: str, read: Callable[[Archive], T], show: Callable[[T], object]) -> Task:
        """``read`` the archive in the lookups thread, then ``show`` the result (unless the window closed or
        opened another archive meanwhile). A failure is logged: the list works without what it would show."""
        archive = self.archive

        def done(result: T) -> None:
            if not self._closed and archive is self.archive:
                show(result)

        return self.lookups.call(what, lambda: read(archive), on_done=done,
                                 on_error=lambda exc: log.warning("%s failed: %s", what, exc))

    def refresh_all(self, select: list[int] | None = None) -> None:
        """Re-read the sidebar, the list and the reader (a new archive, a new theme)."""
        self.apply_changes(OpChanges.everything(), select)

    def _show_tags(self) -> bool:
        """Re-read the tag tree and colours; True when the tag the list showed is gone (it shows the library)."""
        tags = self.archive.tags()
        return self._set_tag_tree(tags, self.archive.reads.tag_view_counts(tags))

    def _set_tag_tree(self, tags: list[Tag], view_counts: dict[str, int]) -> bool:
        colors = {t.name.lower(): t.color for t in tags if t.color}
        self.table.tags_delegate.colors = colors
        self.reader.tag_colors = colors
        self.sidebar.set_tags(tags, view_counts)
        if self.view == "tag" and not any(t.name.lower() == self.tag.lower() for t in tags):
            self.view, self.tag = "library", ""
            self.sidebar.select_view("library")
            return True
        return False

    # ----- what the operations ask of the window (ui.operations.Host) --------------------------

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def showing_trash(self) -> bool:
        return self.view == "trash"

    def show_message(self, text: str, timeout: int) -> None:
        self.status.showMessage(text, timeout)

    def reveal(self, article_id: int) -> None:
        """Select an article, leaving the trash or a search first (where it may not be listed)."""
        if self.view == "trash" or self.query:
            self.search_bar.set_text("")
            self.sidebar.select_view("library")
            self.set_view("library")
        self.table.select_ids([article_id])

    def show_theme(self, scheme: str | None) -> None:
        for name in ("theme_system", "theme_light", "theme_dark"):
            self.acts[name].setChecked(name == f"theme_{scheme or 'system'}")

    # ----- reader and status ----------------------------------------------------------------------

    def show_article(self, article_id: int) -> None:
        ids = self.table.selected_ids()
        if article_id < 0 or (len(ids) > 1 and article_id not in ids):
            text = f"{plural(len(ids), 'article')} selected." if len(ids) > 1 else (
                "Nothing matches this search." if self.query and not self.model.rowCount() else "Select an article to read it.")
            self.reader.show_placeholder(text)
        else:
            try:
                article = self.archive.get(article_id)
            except ArticleNotFound:
                self.reader.show_placeholder("This article is no longer in the archive.")
            else:
                if self.reader.article is not None and self.reader.article == article and self.reader.terms == self._terms:
                    return
                self.reader.show_article(article, self._terms)
        self.reading.article_shown(self.reader.article, self._terms)
        self._update_actions()

    def _selection_changed(self, ids: list[int]) -> None:
        if len(ids) > 1:
            self.show_article(-1)
        self._update_counts()
        self._update_actions()

    def _update_counts(self) -> None:
        n = self.model.rowCount()
        text = f"{plural(n, 'article')} {'matches' if n == 1 else 'match'} “{self.query}”" if self.query else plural(n, "article")
        selected = len(self.table.selected_ids())
        if selected > 1:
            text += f" · {selected:,} selected"
        self.status.set_counts(text)

    def _update_actions(self) -> None:
        ids = self.table.selected_ids()
        one, some, trash = len(ids) == 1, bool(ids), self.view == "trash"
        a = self.acts
        a["edit"].setEnabled(one and not trash)
        for name in ("star", "read", "tags"):
            a[name].setEnabled(some and not trash)
        a["delete"].setEnabled(some and not trash)
        a["restore"].setEnabled(some and trash)
        a["restore"].setVisible(trash)
        a["save_search"].setEnabled(bool(self.query))
        article = self.reader.article
        starred = bool(article and article.starred and one)
        a["star"].setIconText("Unstar" if starred else "Star")
        a["star"].setIcon(icons.icon("star-filled" if starred else "star"))
        read = bool(article and article.read and one)
        a["read"].setChecked(read)  # one toggle of one width: pressed while the article is read
        a["read"].setText("Mark as &Unread" if read else "Mark as &Read")
        a["read"].setIconText("Read")

    def focus_search(self) -> None:
        self.search_bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_bar.field.selectAll()

    # ----- theme, title, layout -------------------------------------------------------------------

    def _theme_changed(self, _theme: object) -> None:
        if not self._closed:
            self.refresh_theme()

    def refresh_theme(self) -> None:
        self.acts.refresh_icons()
        self.sidebar.refresh_icons()
        self.search_bar.refresh_icons()
        self.refresh_all()
        self.reader.refresh_theme()
        self._update_actions()

    def _set_title(self) -> None:
        name = self.archive.path.name.removesuffix(".cuttings")
        self.setWindowTitle(f"{name} — Cuttings")
        self.setWindowFilePath(str(self.archive.path))

    def _restore_layout(self) -> None:
        sort = window_layout.restore(self, self.splitter, self.table.horizontalHeader())
        if sort is not None:
            self.sort = sort
        theme_name = settings().value("appearance/theme", "system")
        for name in ("theme_system", "theme_light", "theme_dark"):
            self.acts[name].setChecked(name == f"theme_{theme_name}")

    def save_layout(self) -> None:
        window_layout.save(self, self.splitter, self.table.horizontalHeader())

    # ----- switching archives -----------------------------------------------------------------

    def switch_archive(self, path: Path, *, create: bool = False) -> bool:
        """Close this archive and open ``path`` in the same window (when no work is running)."""
        if not (self.writer.is_idle() and self.extractor.is_idle()):
            dialogs.show_message(self, "Cuttings", "Wait for the work in progress to finish, or cancel it first.")
            return False
        try:
            new = Archive.create(path, background_index=True) if create else Archive.open(path, background_index=True)
        except Exception as exc:
            dialogs.show_error(self, exc)
            return False
        old, self.archive = self.archive, new
        old.close()
        remember_archive(path)
        self.undo_stack.clear()
        self.view, self.tag, self._facet_cache = "library", "", {}
        self._facet_epoch += 1
        self.sidebar.select_view("library")
        self.search_bar.field.clear()
        self.query, self._terms = "", []
        self.reader.show_placeholder("Select an article to read it.")
        self._set_title()
        self.index_watch.archive_changed()
        self.refresh_all()
        return True

    # ----- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if classify(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        incoming = classify(event.mimeData())
        if incoming is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.ops.receive(incoming))

    # ----- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        self.index_watch.stop()
        manager = theme.manager()
        if manager is not None:
            manager.changed.disconnect(self._theme_changed)
        self.save_layout()
        self.connector.stop()
        self.writer.shutdown()
        self.extractor.shutdown()
        self.lookups.shutdown()
        self.archive.close()
        self.hide()
        if not self.archive.read_only:  # nothing changed, and nowhere to put it
            _snapshot_quietly(self.archive.path)
        super().closeEvent(event)


def _snapshot_quietly(archive_path: Path) -> None:
    """The daily safety copy of the database on close; a failure (disk full) is logged, never shown."""
    try:
        from app.backup import snapshot_if_due
        from ui import preferences

        prefs = preferences.load()
        if prefs.snapshots:
            snapshot_if_due(archive_path, min_age_hours=prefs.snapshot_hours)
    except Exception:
        log.exception("snapshot on close failed")
