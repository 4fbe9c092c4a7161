"""An import's index writer, kept open while the import goes on: documents go to it a stored batch at a time.

Indexing an import after all of it was parsed and stored left the two cores half idle while the archive wrote
(the parse workers wait for the writing process) and the parse workers idle while the index was written. Kept
open, the writer's worker processes (``SearchIndex.rebuild_procs``, one segment each) index the batches
already stored while the next are parsed and stored. Nothing is visible to searches until :meth:`commit`;
a cancelled or failed import cancels the writer, and the articles stay queued for the index (``index_queue``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from typing import Any

from app.search.documents import IndexDoc, to_fields


def write_docs(writer: Any, upserts: Sequence[IndexDoc], deletes: Sequence[int], indexed: set[int] | None) -> None:
    """Add or replace ``upserts`` and remove ``deletes`` in an open Whoosh writer. ``indexed``: which of the
    upserts the index holds already (the others are added without looking for an old copy in every segment),
    or None to look for each."""
    for doc_id in deletes:
        writer.delete_by_term("id", str(doc_id))
    for doc in upserts:
        if indexed is not None and doc.id not in indexed:
            writer.add_document(**to_fields(doc))
        else:
            writer.update_document(**to_fields(doc))


class BulkWriter:
    """Documents added batch by batch to one writer (``SearchIndex.bulk_writer``), committed at the end.
    ``new_writer`` opens the Whoosh writer (with the worker processes); ``indexed_among`` tells which of some
    ids the index holds."""

    def __init__(self, new_writer: Callable[[], Any], indexed_among: Callable[[list[int]], set[int]]) -> None:
        self._new_writer = new_writer
        self._indexed_among = indexed_among
        self._writer: Any = None
        self._ids: set[int] = set()

    def __len__(self) -> int:
        """How many documents the open writer holds."""
        return len(self._ids)

    def holds(self, doc_id: int) -> bool:
        """Whether the open writer has a copy of this document (a later copy must wait for the commit: the
        writer's worker processes cannot replace what they have not written yet)."""
        return doc_id in self._ids

    def add(self, upserts: Sequence[IndexDoc], deletes: Sequence[int] = ()) -> None:
        """Add or replace documents, remove others (none of them held already)."""
        if self._writer is None:
            self._writer = self._new_writer()
        try:
            write_docs(self._writer, upserts, deletes, self._indexed_among([d.id for d in upserts]))
        except BaseException:
            self.cancel()
            raise
        self._ids.update(d.id for d in upserts)

    def commit(self) -> None:
        """Make everything added searchable in one commit (small segments merged by tier)."""
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        self._ids.clear()
        commit_tiered(writer)

    def cancel(self) -> None:
        """Drop everything added since the last commit."""
        writer, self._writer = self._writer, None
        self._ids.clear()
        if writer is not None:
            cancel_writer(writer)


def commit_tiered(writer: Any, idle: bool = False) -> None:
    """Commit a writer, its small segments merged by tier (more eagerly when ``idle``; see ``merging``); a
    commit that fails cancels the writer."""
    from app.search.engine.merging import tiered_merge  # a writer's module: a search process needs none

    try:
        writer.commit(mergetype=functools.partial(tiered_merge, idle=idle))
    except BaseException:
        cancel_writer(writer)
        raise


def cancel_writer(writer: Any) -> None:
    """Cancel a Whoosh writer; when cancelling fails too (a full disk: it still writes the segment's end), let go
    of its lock all the same, or every later write would fail with ``LockError``."""
    try:
        writer.cancel()
    except OSError:
        with contextlib.suppress(Exception):
            writer.writelock.release()
