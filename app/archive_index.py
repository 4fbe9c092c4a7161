"""Opening an archive's search index: at once (a command), or on first use (a window).

A window's first screen, the list and an article, needs only the database. Its index is opened a moment
later, in a thread of its own, or by whatever needs it first (a search, a write's indexing); NumPy and
Whoosh, about a quarter of a second of a start, load then. Opening takes the index writer lock when no other
process holds it, and then brings the index up to date from the database: a missing or outdated index is
rebuilt (by the ``IndexWorker`` thread of a window, else at once), and what waits in the queue is indexed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import indexing
from app.archive_faults import read_only_index
from app.store.db import Database

if TYPE_CHECKING:
    from app.search.index import SearchIndex

CATCH_UP_WAIT_S = 60.0  # a window's open waits this long at most for the worker to index the queue


@dataclass(frozen=True)
class OpenedIndex:
    index: SearchIndex
    temp: Path | None  # a read-only archive's temporary index folder, removed on close
    worker: indexing.IndexWorker | None  # a window's indexing thread (when this process holds the writer)


def open_index(path: Path, db: Database, db_path: Path, *, read_only: bool, background: bool,
               catch_up: bool) -> OpenedIndex:
    """Open the index of the archive at ``path`` (``db``: its connection, used only without ``background``,
    to the database at ``db_path``); with ``background`` a worker thread, started here, keeps it in step."""
    if read_only:
        index, temp = read_only_index(path, db)
    else:
        from app.search.index import SearchIndex

        index, temp = SearchIndex(path / "index"), None
    worker = None
    if not index.try_acquire_writer():
        return OpenedIndex(index, temp, None)
    if background and not read_only:
        worker = indexing.IndexWorker(db_path, index)  # it rebuilds a missing or outdated index first
        worker.start()
        if catch_up and not index.needs_rebuild:
            worker.wait_idle(CATCH_UP_WAIT_S)  # the queue indexed in the worker, on its own connection
        return OpenedIndex(index, temp, worker)
    if catch_up and index.needs_rebuild:
        indexing.rebuild(db, index)
    if catch_up and not index.needs_rebuild and not read_only:
        with contextlib.suppress(OSError):  # a full disk: the archive still opens (to make space)
            indexing.drain(db, index)
    return OpenedIndex(index, temp, None)
