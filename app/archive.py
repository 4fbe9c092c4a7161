"""Archive: the one façade over an archive folder (database, media, index).

Within a process one serial writer owns database writes (a lock here); reads may come from any
thread and use their own connection. Across processes SQLite serialises writes, and the index
writer belongs to whichever process holds the index lock; the others leave changes in ``index_queue``.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import indexing
from app.archive_faults import raise_if_damaged
from app.archive_imports import ArchiveImports
from app.archive_index import open_index
from app.changes import OpChanges, OpChangesWith
from app.duplicates import content_hash, duplicate_message, find_duplicate
from app.errors import ArchiveNotFound, ArticleNotFound, CuttingsError, DuplicateArticle, StorageError
from app.jobs import CancelCheck, Progress, never_cancelled, no_progress
from app.media import MediaStore
from app.model import Article, Capture, ClipResult, Photo, SearchResult, Tag
from app.reads import ReadModel
from app.search.plaintext import markdown_to_text
from app.store import articles, events, tags
from app.store.db import Database, connect, read_only_error, transaction, writable
from app.store.rows import EDITABLE_FIELDS, article_from_row, article_to_row, capture_from_row, photo_from_row
from app.store.schema import SCHEMA_VERSION, current_version, migrate
from app.store.sql import column, marks
from app.timeutil import now_iso

if TYPE_CHECKING:
    from app.search.index import SearchIndex

DB_NAME = "archive.sqlite3"


class Archive:
    """An open archive folder. Use :meth:`open` (or :meth:`create`) and close it when done."""

    def __init__(self, path: Path, db: Database, *, background_index: bool,
                 catch_up: bool = True) -> None:
        self.path = path
        self.db_path = path / DB_NAME
        self.db = db
        self.media = MediaStore(path / "media")
        self.imports = ArchiveImports(self)
        #: Opened read-only (a read-only medium or folder): reads work, writes raise ArchiveReadOnly.
        self.read_only = db.readonly
        self._write_lock = threading.RLock()
        self._read_local = threading.local()
        self._closed = False
        self._bulk = False
        self._feeder: indexing.BulkFeeder | None = None  # an import's open index writer (``bulk_indexing``)
        self.reads = ReadModel(self)  # the GUI's reads of many rows (list, counts, facets)
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._index_options = {"background": background_index, "catch_up": catch_up}
        self._temp_index: Path | None = None  # a read-only archive's index built for this session
        self._worker: indexing.IndexWorker | None = None
        if not background_index or self.read_only:
            self._open_index()  # else on first use (see ``archive_index``: a window shows before it loads)

    @property
    def index(self) -> SearchIndex:
        """The search index: opened with the archive, or (a window's) on first use."""
        return self._index if self._index is not None else self._open_index()

    def _open_index(self) -> SearchIndex:
        with self._index_lock:  # a second thread waits for the first one's open
            if self._index is None:
                if self._closed:  # a window's late thread: open nothing (close() would not close it)
                    raise CuttingsError(f"The archive {self.path} is closed.")
                opened = open_index(self.path, self.db, self.db_path, read_only=self.read_only,
                                    **self._index_options)
                self._temp_index, self._worker = opened.temp, opened.worker
                self._index = opened.index
            return self._index

    # ----- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, **kwargs: Any) -> Archive:
        """Create an archive folder (or open it if it already is one)."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise ArchiveNotFound(f"{path} is a file; an archive is a folder. Choose another name.")
        if path.is_dir() and any(path.iterdir()) and not (path / DB_NAME).exists():
            raise ArchiveNotFound(
                f"{path} is a folder with other files in it. Create the archive in a new or empty folder."
            )
        (path / "media").mkdir(parents=True, exist_ok=True)
        return cls._connect(path, **kwargs)

    @classmethod
    def open(cls, path: Path, *, create: bool = False, background_index: bool = False,
             catch_up: bool = True) -> Archive:
        """Open an archive; ``catch_up=False`` skips bringing the index up to date (before a full reindex)."""
        path = Path(path)
        if not (path / DB_NAME).exists():
            if create:
                return cls.create(path, background_index=background_index)
            raise ArchiveNotFound(
                f"{path} is not a Cuttings archive (no {DB_NAME}). Create one with `cuttings --archive \"{path}\" init`."
            )
        return cls._connect(path, background_index=background_index, catch_up=catch_up)

    @classmethod
    def _connect(cls, path: Path, *, background_index: bool = False, catch_up: bool = True) -> Archive:
        readonly = not writable(path / DB_NAME)
        if not readonly:
            (path / "media").mkdir(exist_ok=True)
            (path / "index").mkdir(exist_ok=True)
        db = connect(path / DB_NAME, readonly=readonly)
        if readonly and current_version(db) < SCHEMA_VERSION:  # an older archive: upgrading it needs writing
            db.conn.close()
            raise read_only_error(path / DB_NAME)
        migrate(db, path / DB_NAME)
        return cls(path, db, background_index=background_index, catch_up=catch_up)

    def close(self) -> None:
        """Finish indexing what this process queued, release the index writer, close the database.

        A process that never held the writer tries once more: if nobody holds it now, it drains the
        queue itself before it exits, so nothing is left unindexed.
        """
        if self._closed:
            return
        self._closed = True
        with self._index_lock:  # an open under way in another thread ends first
            index = self._index  # None: a window that never needed it, so this process queued nothing
        if self._worker:
            self._worker.stop()
        try:
            if index is not None and not self.read_only and (index.is_writer or index.try_acquire_writer()):
                with contextlib.suppress(OSError):  # a full disk: what is queued waits for the next open
                    indexing.flush(self.db, index, self._feeder)
        finally:
            if index is not None:
                index.close()
            if self._temp_index is not None:
                shutil.rmtree(self._temp_index, ignore_errors=True)
            conn = getattr(self._read_local, "db", None)
            if conn is not None:
                conn.conn.close()
            self.db.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- index plumbing -----------------------------------------------------------------

    def _after_write(self) -> None:
        """Index what the last transaction queued: in the worker thread, or right now (in bulk mode: given to an
        import's open index writer, or once enough has gathered for one big commit)."""
        index = self.index  # opened first: that may start the worker
        if self._worker:
            self._worker.notify()
        elif index.is_writer:
            try:
                indexing.after_commit(self.db, index, bulk=self._bulk, feeder=self._feeder)
            except OSError as exc:  # a full disk: the change is committed and stays queued for the index
                raise StorageError(f"The change is stored, but the search index in {self.path / 'index'} could not "
                                   f"be updated ({exc.strerror or exc}); it catches up once there is space.") from exc

    @contextmanager
    def bulk_indexing(self, expected: int = 0) -> Iterator[None]:
        """Index in big commits while many articles are added (an import), one per ``BULK_DRAIN``; ``expected``
        articles enough for the index's worker processes go to them a stored batch at a time (``BulkFeeder``).
        All is indexed when the block ends; without a background indexer the index is then tidied."""
        self._bulk = True
        index = self.index
        if not self._worker and index.is_writer:
            self._feeder = indexing.bulk_feeder(self.db, index, expected)
        finished = False
        try:
            yield
            finished = True
        finally:
            self._bulk = False
            feeder, self._feeder = self._feeder, None
            if not self._worker and index.is_writer:
                indexing.finish_bulk(self.db, index, feeder, finished)

    @property
    def index_rebuild_progress(self) -> tuple[int, int, str] | None:
        """(done, total, step) while this process rebuilds the index in the background, else None."""
        return self._worker.rebuilding if self._worker else None

    def flush_index(self, timeout: float = 60) -> None:
        """Wait until this process has indexed everything queued (tests, CLI, before a search)."""
        index = self.index
        if self._worker:
            self._worker.wait_idle(timeout)
        elif index.is_writer and not self.read_only:
            indexing.flush(self.db, index, self._feeder)

    @property
    def reader(self) -> Database:
        """A read connection for the calling thread (readers never share the writer's connection)."""
        db = getattr(self._read_local, "db", None)
        if db is None:
            db = connect(self.db_path, readonly=self.read_only)
            self._read_local.db = db
        return db

    # ----- writing --------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Database]:
        """The one way to write: this process's writer lock and one transaction (``BEGIN IMMEDIATE``; nested, a
        savepoint) that lands whole or not at all. Yields the writer's Database; raises ArchiveReadOnly or,
        after the busy timeout, ArchiveLocked. The caller indexes what it queued (``_after_write``) after it."""
        with self._write_lock, transaction(self.db) as db:
            yield db

    # ----- adding ---------------------------------------------------------------------------

    def find_duplicate(self, article: Article, db: Database | None = None) -> int | None:
        """The id of an article with the same canonical URL or the same content, if any (looked up with ``db``,
        by default this thread's reader)."""
        return find_duplicate(db or self.reader, article)

    def add(self, result: ClipResult, *, tags_: Iterable[str] = (), allow_duplicate: bool = False,
            ) -> OpChangesWith[Article]:
        """Store a clipped article with its photos, capture and tags in one transaction; gives back the article."""
        outcome = self.add_many([result], tags_=tags_, allow_duplicate=allow_duplicate)[0]
        if isinstance(outcome, DuplicateArticle):
            raise outcome
        return OpChangesWith(OpChanges.added([outcome]), self.get(outcome))

    def add_many(self, results: Sequence[ClipResult], *, tags_: Iterable[str] = (),
                 allow_duplicate: bool = False,
                 on_stored: Callable[[Database, list[tuple[int, int]]], None] | None = None,
                 ) -> list[int | DuplicateArticle]:
        """Store several clipped articles in one transaction (bulk import); a duplicate is returned, not raised.

        ``on_stored(db, [(index in results, article id), …])`` runs inside that transaction, so what it
        writes (an import's provenance) lands together with the articles or not at all.
        """
        extra_tags = list(tags_)
        outcomes: list[int | DuplicateArticle] = []
        pending: list[tuple[int, Article, Capture, list[articles.Blob]]] = []
        seen_hash: dict[str, int] = {}
        seen_url: dict[str, int] = {}
        written: list[tuple[str, Path]] = []
        for n, result in enumerate(results):
            article = replace(result.article, photos=[replace(p) for p in result.article.photos])
            article.content_hash = result.content_hash or content_hash(article.title, article.body)
            if not allow_duplicate:
                existing = self.find_duplicate(article)
                if existing is not None:
                    outcomes.append(DuplicateArticle(duplicate_message(self.reader, existing), existing))
                    continue
                twin = seen_hash.get(article.content_hash) or seen_url.get(article.canonical_url or "-")
                if twin is not None:
                    outcomes.append(DuplicateArticle(f"The same article is already in this import (item {twin + 1}).", -1))
                    continue
                seen_hash[article.content_hash] = n
                if article.canonical_url:
                    seen_url[article.canonical_url] = n
            capture = replace(result.capture)
            blobs = self._store_blobs(article.photos, capture, pending=written)
            pending.append((len(outcomes), article, capture, blobs))
            outcomes.append(-1)
        if not pending:
            return outcomes
        self.media.finish(written)  # every file durable under its name before the database refers to it
        with self.writing() as db:
            if not allow_duplicate:
                # Again inside the write transaction: another process may have stored it since the check above.
                fresh = []
                for entry in pending:
                    existing = self.find_duplicate(entry[1], db)
                    if existing is None:
                        fresh.append(entry)
                    else:
                        outcomes[entry[0]] = DuplicateArticle(duplicate_message(db, existing), existing)
                pending = fresh
            articles.insert_blobs(db, [b for *_, blobs in pending for b in blobs])
            new_ids = articles.insert_articles(db, [(a, c) for _, a, c, _ in pending], extra_tags) if pending else []
            stored = [(slot, article_id) for (slot, *_), article_id in zip(pending, new_ids, strict=True)]
            for slot, article_id in stored:
                outcomes[slot] = article_id
            if on_stored is not None:
                on_stored(db, stored)
            indexing.enqueue(db, new_ids)
        self._after_write()
        return outcomes

    def _store_blobs(self, photos: Sequence[Photo], capture: Capture, *,
                     pending: list[tuple[str, Path]] | None = None) -> list[articles.Blob]:
        """Put the blobs in media/ (a batch, ``pending``, asks the blobs table whether one is there)."""
        if self.read_only:
            raise read_only_error(self.db_path)
        recorded = None if pending is None else functools.partial(articles.blob_recorded, self.db)
        put = functools.partial(self.media.put, pending=pending, recorded=recorded)
        blobs = []
        for photo in photos:
            if photo.data is not None:
                sha, ext = put(photo.data, photo.mime or "")
                photo.sha256, photo.bytes = sha, len(photo.data)
                blobs.append((sha, len(photo.data), photo.mime or "", ext))
        if capture.raw is not None:
            sha, ext = put(capture.raw, capture.mime or "")
            capture.raw_sha256 = sha
            blobs.append((sha, len(capture.raw), capture.mime or "", ext))
        if capture.ocr is not None:  # a scan's word boxes
            sha, ext = put(capture.ocr, capture.ocr_mime)
            capture.ocr_sha256 = sha
            blobs.append((sha, len(capture.ocr), capture.ocr_mime, ext))
        return blobs

    # ----- reading --------------------------------------------------------------------------

    def get(self, article_id: int) -> Article:
        db = self.reader
        row = db.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFound(f"There is no article {article_id}. `cuttings list` shows the ids there are.")
        article = article_from_row(row)
        article.photos = [
            photo_from_row(r)
            for r in db.conn.execute("SELECT * FROM photos WHERE article_id = ? ORDER BY position, id", (article_id,))
        ]
        article.tags = tags.tags_of(db, article_id)
        return article

    def get_many(self, ids: Sequence[int]) -> list[Article]:
        try:
            return [self.get(i) for i in ids]
        except ArticleNotFound:
            # Ids the database just listed that it cannot find: a damaged table, unless a purge came between.
            raise_if_damaged(self.reader, self.db_path)
            raise

    def ids(self, *, trashed: bool = False, limit: int | None = None, order: str = "id") -> list[int]:
        """Article ids, live ones (or trashed ones), in ``order`` (``id``, ``clipped``, ``published``)."""
        order_sql = {"id": "id", "clipped": "clipped_at DESC, id DESC", "published": "published DESC, id DESC"}[order]
        where = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
        sql = f"SELECT id FROM articles WHERE {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return column(self.reader.conn, sql)

    def captures(self, article_id: int) -> list[Capture]:
        return [
            capture_from_row(r)
            for r in self.reader.conn.execute("SELECT * FROM captures WHERE article_id = ? ORDER BY id", (article_id,))
        ]

    def blob_path(self, sha256: str) -> Path:
        """Where a blob lives in ``media/`` (it may be missing: verify reports that)."""
        row = self.reader.conn.execute("SELECT ext FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        return self.media.path_for(sha256, row[0] if row else "")

    def blob(self, sha256: str) -> bytes:
        return self.blob_path(sha256).read_bytes()

    def body_text(self, article_id: int) -> str:
        row = self.reader.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return markdown_to_text(row[0]) if row else ""

    def events(self, article_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
        return events.recent(self.reader, article_id, limit)

    # ----- editing --------------------------------------------------------------------------

    def update(self, article_id: int, **fields: Any) -> OpChangesWith[Article]:
        """Change metadata fields (see ``EDITABLE_FIELDS``); logs which ones changed. Gives back the article."""
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise CuttingsError(f"Cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(sorted(EDITABLE_FIELDS))}.")
        current = self.get(article_id)
        changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
        if not changed:
            return OpChangesWith(OpChanges(), current)
        updated = replace(current, **changed)
        values = {k: article_to_row(updated)[k] for k in changed}
        values.update(updated_at=now_iso(), content_hash=content_hash(updated.title, updated.body))
        with self.writing() as db:
            articles.update_article(db, article_id, values)
            flags_only = set(changed) <= {"starred", "read"}
            events.log(db, "marked" if flags_only else "edited", article_id, fields=sorted(changed))
            indexing.enqueue(db, [article_id])
        self._after_write()
        changes = OpChanges.flagged([article_id]) if flags_only else OpChanges.edited([article_id])
        return OpChangesWith(changes, self.get(article_id))

    def set_flags(self, ids: Sequence[int], *, starred: bool | None = None, read: bool | None = None) -> OpChanges:
        """Star/unstar or mark read/unread several articles in one transaction."""
        flags = {k: int(v) for k, v in (("starred", starred), ("read", read)) if v is not None}
        if not flags or not ids:
            return OpChanges()
        with self.writing() as db:
            articles.set_flags(db, ids, starred=starred, read=read)
            events.log_many(db, [("marked", i, flags) for i in ids])
            indexing.enqueue(db, ids)
        self._after_write()
        return OpChanges.flagged(ids)

    def set_photos(self, article_id: int, photos: Sequence[Photo]) -> OpChangesWith[Article]:
        """Replace the article's photos: reorder, edit captions/credits, remove, or add (with ``data``)."""
        self.get(article_id)
        photos = [replace(p) for p in photos]
        blobs = self._store_blobs(photos, Capture(method="none"))
        with self.writing() as db:
            articles.insert_blobs(db, blobs)
            articles.replace_photos(db, article_id, photos)
            events.log(db, "edited", article_id, fields=["photos"])
            indexing.enqueue(db, [article_id])
        self._after_write()
        return OpChangesWith(OpChanges.edited([article_id]), self.get(article_id))

    # ----- tags -----------------------------------------------------------------------------

    def tag(self, ids: Sequence[int], *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> OpChanges:
        add, remove = list(add), list(remove)
        with self.writing() as db:
            articles.require_articles(db, ids)
            added = tags.add_tags(db, ids, add) if add else []
            removed = tags.remove_tags(db, ids, remove) if remove else []
            self._touch(db, ids)
            events.log_many(db, [("tagged", i, {"added": added, "removed": removed}) for i in ids])
        self._after_write()
        return OpChanges.tagged(ids)

    def tags(self) -> list[Tag]:
        return tags.list_tags(self.reader)

    def rename_tag(self, old: str, new: str) -> OpChanges:
        with self.writing() as db:
            touched, pairs = tags.rename_tag(db, old, new)
            self._touch(db, touched)
            events.log(db, "tags-renamed", None, pairs=pairs)
        self._after_write()
        return OpChanges.tag_list(touched)

    def merge_tags(self, source: str, into: str) -> OpChanges:
        with self.writing() as db:
            touched = tags.merge_tags(db, source, into)
            self._touch(db, touched)
            events.log(db, "tags-merged", None, source=source, into=into)
        self._after_write()
        return OpChanges.tag_list(touched)

    def delete_tag(self, name: str) -> OpChanges:
        with self.writing() as db:
            touched = tags.delete_tag(db, name)
            self._touch(db, touched)
            events.log(db, "tag-deleted", None, name=name)
        self._after_write()
        return OpChanges.tag_list(touched)

    def set_tag_color(self, name: str, color: str) -> OpChanges:
        with self.writing() as db:
            tags.set_tag_color(db, name, color)
        return OpChanges.tag_list()

    @staticmethod
    def _touch(db: Database, ids: Sequence[int]) -> None:
        articles.touch(db, ids)
        indexing.enqueue(db, ids)

    # ----- trash ----------------------------------------------------------------------------

    def delete(self, ids: Sequence[int]) -> OpChanges:
        """Move articles to the trash (they leave search; restore brings them back)."""
        return self._set_deleted(ids, now_iso(), "deleted")

    def restore(self, ids: Sequence[int]) -> OpChanges:
        return self._set_deleted(ids, None, "restored")

    def _set_deleted(self, ids: Sequence[int], value: str | None, kind: str) -> OpChanges:
        with self.writing() as db:
            articles.require_articles(db, ids)
            articles.set_deleted(db, ids, value)
            events.log_many(db, [(kind, i, {}) for i in ids])
            indexing.enqueue(db, ids)
        self._after_write()
        return OpChanges.trashed(ids)

    def purge(self, ids: Sequence[int] | None = None) -> OpChangesWith[int]:
        """Delete trashed articles for good (all the trash, or these ids) and their unshared blobs; gives back how many."""
        trashed = set(self.ids(trashed=True))
        targets = sorted(trashed if ids is None else trashed & set(ids))
        if not targets:
            return OpChangesWith(OpChanges(), 0)
        with self.writing() as db:
            exts = articles.purge(db, targets)
            events.log_many(db, [("purged", i, {}) for i in targets])
            indexing.enqueue(db, targets)
        for sha, ext in exts.items():
            try:
                blob = self.media.path_for(sha, ext)
            except CuttingsError:  # a crafted name (UnsafeBlobName): its row is gone, the path it names untouched
                continue
            blob.unlink(missing_ok=True)
        self._after_write()
        return OpChangesWith(OpChanges.purged(), len(targets))

    # ----- search -----------------------------------------------------------------------------

    def prepare_search(self) -> None:
        """Open the search index's readers ahead of the first search (a GUI does it in the background)."""
        if not self._closed:
            self.index.prepare()

    def search(self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance",
               restrict: set[int] | None = None, with_facets: bool = True, complete: bool = False) -> SearchResult:
        """Search the index; snippets come from the database text of the hits shown. ``complete``: prefix and
        fuzzy words expand to every matching term (else ``cut_words`` names those cut short)."""
        return self.index.search(
            query, limit=limit, offset=offset, sort=sort, texts=self._texts, restrict=restrict, with_facets=with_facets,
            complete=complete,
        )

    def _texts(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        from app.search.highlight import SNIPPET_SCAN_CHARS  # a search: the index is loaded

        # Snippets read at most SNIPPET_SCAN_CHARS of a body: a huge one is not copied whole for each search
        return dict(self.reader.conn.execute(
            f"SELECT id, substr(body, 1, {SNIPPET_SCAN_CHARS}) FROM articles WHERE id IN ({marks(ids)})", ids).fetchall())

    def highlight_terms(self, query: str) -> list[str]:
        return self.index.terms_for_highlight(query)

    # ----- saved searches -------------------------------------------------------------------

    def save_search(self, name: str, query: str) -> OpChanges:
        self.index.search(query, limit=1, with_facets=False)  # refuse malformed queries up front
        with self.writing() as db:
            table = db.table("saved_searches")  # a name already saved (in any case) keeps its spelling and date
            saved = table.lookup({"name": name.strip()}, {"query": query, "created_at": now_iso()})
            table.update(saved, {"query": query})
        return OpChanges.searches_saved()

    def saved_searches(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.reader.conn.execute("SELECT name, query FROM saved_searches ORDER BY name")]

    def delete_saved_search(self, name: str) -> OpChanges:
        with self.writing() as db:
            db.conn.execute("DELETE FROM saved_searches WHERE name = ? COLLATE NOCASE", (name,))
        return OpChanges.searches_saved()

    # ----- maintenance ----------------------------------------------------------------------

    def reindex(self, *, progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> int:
        """Rebuild the index from the database (needs the index writer; waits for no one)."""
        from app.errors import ArchiveLocked

        if self.read_only:
            raise read_only_error(self.db_path)
        index = self.index
        if not (index.is_writer or index.try_acquire_writer()):
            raise ArchiveLocked("Another Cuttings window or command is indexing this archive; close it and try again.")
        if self._worker:
            self._worker.stop()
        try:
            return indexing.rebuild(self.db, index, progress=progress, cancelled=cancelled)
        finally:
            if self._worker:
                self._worker = indexing.IndexWorker(self.db_path, index)
                self._worker.start()

    def stats(self) -> dict[str, Any]:
        from app.stats import archive_stats

        return archive_stats(self)

    def log_event(self, kind: str, article_id: int | None = None, **detail: Any) -> None:
        """Add to the audit log (not in a read-only archive: reading and exporting it change nothing)."""
        if self.read_only:
            return
        with self.writing() as db:
            events.log(db, kind, article_id, **detail)

    def remove_index(self) -> None:
        """Throw the index away (it is derived); the next open or reindex rebuilds it."""
        self.index.close()
        shutil.rmtree(self.path / "index", ignore_errors=True)

