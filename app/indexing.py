"""Keep the Whoosh index in step with the database through ``index_queue``.

A change is committed to SQLite together with its queue row; whoever holds the index writer lock
drains the queue after commit (and on open), so a crash between database and index loses nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import Cancelled
from app.jobs import CancelCheck, Progress, never_cancelled, no_progress
from app.search.plaintext import markdown_to_text
from app.store.db import Database, connect, transaction
from app.store.sql import marks
from app.timeutil import now_iso

if TYPE_CHECKING:  # the index itself (NumPy, Whoosh) loads when one is opened, not with this module
    from app.search.documents import IndexDoc
    from app.search.index import SearchIndex

log = logging.getLogger(__name__)
DRAIN_BATCH = 1000
BULK_DRAIN = 5000  # an import indexes in commits of this many (each commit writes and later merges a segment)


def enqueue(db: Database, article_ids: Sequence[int]) -> None:
    """Mark articles as stale in the index; call inside the write transaction that changed them."""
    stamp = now_iso()
    db.table("index_queue").upsert_all(({"article_id": a, "queued_at": stamp} for a in article_ids), pk="article_id")


def queue_length(db: Database) -> int:
    return int(db.table("index_queue").count_where())


def load_docs(db: Database, ids: Sequence[int]) -> dict[int, IndexDoc]:
    """Index documents for the live (not trashed) articles among ``ids``."""
    docs: dict[int, IndexDoc] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        docs.update(_docs_where(db, f"a.id IN ({marks(chunk)}) AND a.deleted_at IS NULL", chunk))
    return docs


def iter_all_docs(db: Database, batch: int = 2000, *, after: int = 0) -> Iterator[IndexDoc]:
    """Every live article (with an id above ``after``) as an index document, in id order, a batch at a
    time (bounded memory)."""
    last = after
    while True:
        docs = _docs_where(db, "a.id > ? AND a.deleted_at IS NULL ORDER BY a.id LIMIT ?", [last, batch])
        if not docs:
            return
        yield from docs.values()
        last = max(docs)


def _docs_where(db: Database, where: str, params: Sequence[object]) -> dict[int, IndexDoc]:
    rows = db.conn.execute(
        "SELECT a.id, a.updated_at, a.title, a.subtitle, a.body, a.authors, a.source, a.place, "
        "a.notes, a.url, a.published, a.clipped_at, a.starred, a.read FROM articles a WHERE " + where,
        params,
    ).fetchall()
    if not rows:
        return {}
    from app.search.documents import IndexDoc  # its module loads the analyzers (Whoosh)

    ids = [r[0] for r in rows]
    photos: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for aid, caption, credit in db.conn.execute(
        f"SELECT article_id, caption, credit FROM photos WHERE article_id IN ({marks(ids)}) ORDER BY article_id, position", ids
    ):
        photos[aid].append((caption, credit))
    tags: dict[int, list[str]] = {i: [] for i in ids}
    for aid, name in db.conn.execute(
        f"SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id IN ({marks(ids)})",
        ids,
    ):
        tags[aid].append(name)
    docs = {}
    for r in rows:
        aid = r[0]
        docs[aid] = IndexDoc(
            id=aid,
            version=r[1],
            title=r[2],
            subtitle=r[3],
            body_text=markdown_to_text(r[4]),
            authors=json.loads(r[5] or "[]"),
            source=r[6],
            place=r[7],
            tags=tags[aid],
            notes=r[8],
            url=r[9],
            published=r[10],
            clipped=r[11],
            starred=bool(r[12]),
            read=bool(r[13]),
            captions=[c for c, _ in photos[aid] if c],
            credits=[c for _, c in photos[aid] if c],
        )
    return docs


def drain(db: Database, index: SearchIndex, *, batch: int = DRAIN_BATCH,
          cancelled: CancelCheck = never_cancelled) -> int:
    """Apply every queued change to the index (needs the writer lock). Returns how many were applied."""
    done = 0
    while not cancelled():
        queued = db.conn.execute(
            "SELECT article_id, queued_at FROM index_queue ORDER BY queued_at LIMIT ?", (batch,)
        ).fetchall()
        if not queued:
            break
        ids = [q[0] for q in queued]
        docs = load_docs(db, ids)
        index.apply(list(docs.values()), [i for i in ids if i not in docs], merge=False)
        # Only drop rows that were not queued again while we indexed.
        with transaction(db):
            db.conn.executemany(
                "DELETE FROM index_queue WHERE article_id = ? AND queued_at = ?", [(q[0], q[1]) for q in queued]
            )
        done += len(ids)
    return done


class BulkFeeder:
    """An import's changes fed to one open index writer as they are committed (see ``search.bulk``): the index's
    worker processes index stored batches while the next are parsed. The queue rows are removed when the
    writer commits (every ``BULK_DRAIN`` articles and at the end); until then a kill or a failure loses
    nothing, the articles stay queued."""

    def __init__(self, db: Database, index: SearchIndex) -> None:
        self._db = db
        self._writer = index.bulk_writer()
        self._fed: dict[int, str] = {}  # article id -> the queue time of the change fed

    def feed(self) -> None:
        """Give the writer the queued changes it does not have (a change queued again meanwhile waits for
        the next commit: the writer cannot replace a document it has not written yet)."""
        queued = self._db.conn.execute("SELECT article_id, queued_at FROM index_queue").fetchall()
        new = [(a, q) for a, q in queued if a not in self._fed]
        if not new:
            return
        ids = [a for a, _ in new]
        docs = load_docs(self._db, ids)
        self._writer.add(list(docs.values()), [i for i in ids if i not in docs])
        self._fed.update(new)
        if len(self._fed) >= BULK_DRAIN:
            self.commit()

    def commit(self) -> None:
        """Commit the writer, then drop the queue rows it covered (those not queued again meanwhile)."""
        self._writer.commit()
        with transaction(self._db):
            self._db.conn.executemany("DELETE FROM index_queue WHERE article_id = ? AND queued_at = ?",
                                      list(self._fed.items()))
        self._fed.clear()

    def cancel(self) -> None:
        """Drop what the writer holds; it stays in the queue."""
        self._writer.cancel()
        self._fed.clear()


def after_commit(db: Database, index: SearchIndex, *, bulk: bool, feeder: BulkFeeder | None) -> None:
    """Index what a commit queued (the writer lock held): all of it, or in bulk mode (an import) give it to
    the import's open writer, or wait until ``BULK_DRAIN`` articles have gathered for one big commit."""
    if feeder is not None:
        feeder.feed()
    elif not bulk:
        drain(db, index)
    elif queue_length(db) >= BULK_DRAIN:
        drain(db, index, batch=BULK_DRAIN)


def flush(db: Database, index: SearchIndex, feeder: BulkFeeder | None) -> None:
    """Index everything queued now (the writer lock held); an import's open writer is committed first, so that
    what it holds is not added a second time."""
    if feeder is not None:
        feeder.commit()
    drain(db, index)


def finish_bulk(db: Database, index: SearchIndex, feeder: BulkFeeder | None, finished: bool) -> None:
    """The end of an import's bulk mode: commit its open writer (or, after a failure or an interrupt, drop it:
    its articles stay queued), index what is left, and tidy the index's segments (not after a failure or an
    interrupt: those should end at once)."""
    if feeder is not None:
        if finished:
            feeder.commit()
        else:
            feeder.cancel()
    drain(db, index, batch=BULK_DRAIN)
    if finished:
        index.tidy()


def bulk_feeder(db: Database, index: SearchIndex, expected: int) -> BulkFeeder | None:
    """A feeder for an import of about ``expected`` articles, if it is big enough for the index's worker
    processes (``MIN_DOCS_FOR_BULK_PROCS``); a small one is indexed at its end, in this process."""
    from app.search.index import MIN_DOCS_FOR_BULK_PROCS

    if expected < MIN_DOCS_FOR_BULK_PROCS or index.rebuild_procs < 2:
        return None
    return BulkFeeder(db, index)


def rebuild(db: Database, index: SearchIndex, *, progress: Progress = no_progress,
            cancelled: CancelCheck = never_cancelled, resume: bool = True) -> int:
    """Rebuild the whole index from the database; the queue is emptied of what the rebuild covered.

    An earlier rebuild that was killed or cancelled goes on after its last commit (``resume``); the queue
    is then left for :func:`drain`, since changes made meanwhile may touch the part already indexed.
    """
    mark = now_iso()
    after = index.resume_point() if resume else None
    articles = db.table("articles")
    total = articles.count_where("deleted_at IS NULL")
    already = articles.count_where("deleted_at IS NULL AND id <= ?", [after]) if after is not None else 0
    index.rebuild(iter_all_docs(db, after=after or 0), total=total, progress=progress, cancelled=cancelled,
                  resume_after=after, already=already)
    if after is None and not db.readonly:  # a read-only archive's temporary index: the queue stays as it is
        with transaction(db):
            db.conn.execute("DELETE FROM index_queue WHERE queued_at <= ?", (mark,))
    return total


class IndexWorker:
    """A thread that drains the queue after each commit, picks up other processes' changes, and merges
    segments when idle. It opens its own database connection (readers never share the writer's)."""

    def __init__(self, db_path: Path, index: SearchIndex, *, poll_seconds: float = 2.0) -> None:
        self._db_path = db_path
        self._index = index
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="cuttings-indexer", daemon=True)
        self.error: BaseException | None = None
        #: (done, total, what) of a rebuild in progress, for a status bar; None when there is none.
        self.rebuilding: tuple[int, int, str] | None = None

    def _report(self, done: int, total: int, what: str) -> None:
        self.rebuilding = None if what == "Done" else (done, total, what)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self._idle.clear()
        self._wake.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the queue seen by the worker is empty (tests, CLI exit)."""
        self.notify()
        return self._idle.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _interrupted(self) -> bool:
        return self._wake.is_set() or self._stop.is_set()

    def _run(self) -> None:
        db = connect(self._db_path)
        merged_since_change = True
        try:
            if self._index.needs_rebuild:
                try:
                    rebuild(db, self._index, progress=self._report, cancelled=self._stop.is_set)
                except Cancelled:
                    return
                except Exception as exc:  # searching still works on what is indexed; verify reports it
                    log.exception("rebuilding the index failed")
                    self.error = exc
            while not self._stop.is_set():
                self._wake.wait(self._poll)
                self._wake.clear()
                try:
                    applied = drain(db, self._index, cancelled=self._stop.is_set)
                    if applied:
                        merged_since_change = False
                    elif not merged_since_change:  # idle after changes: merge segments, until new work comes
                        self._index.apply([], [], merge=True, cancelled=self._interrupted)
                        merged_since_change = not self._index.merge_pending()
                    self.error = None
                except Cancelled:  # new work came in: it goes first, the merge waits for the next idle moment
                    pass
                except Exception as exc:  # keep the thread alive; the queue keeps the work
                    log.exception("indexing failed")
                    self.error = exc
                if not self._wake.is_set():
                    self._idle.set()
        finally:
            db.conn.close()
