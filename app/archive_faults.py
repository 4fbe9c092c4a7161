"""What an archive does on a read-only medium and with a damaged database (used by :class:`app.archive.Archive`)."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app import indexing
from app.errors import CuttingsError, IndexUnreadable
from app.store.db import Database, damaged_error, explain, is_damage

if TYPE_CHECKING:
    from app.search.index import SearchIndex


def read_only_index(archive_path: Path, db: Database) -> tuple[SearchIndex, Path | None]:
    """A read-only archive's index: its own when complete and nothing waits in the queue, else a temporary one
    (returned with its folder, to remove on close) that the caller builds from the database."""
    from app.search.index import SearchIndex

    try:
        index = SearchIndex(archive_path / "index", readonly=True)
        if not index.needs_rebuild and not indexing.queue_length(db):
            return index, None
        index.close()
    except IndexUnreadable:
        pass
    temp = Path(tempfile.mkdtemp(prefix="cuttings-index-"))
    return SearchIndex(temp), temp


def raise_if_damaged(db: Database, db_path: Path) -> None:
    """Raise ``ArchiveDamaged`` if SQLite's quick check finds the database damaged (for an answer that cannot be
    right, such as ids the database listed and then cannot find)."""
    try:
        ok = [r[0] for r in db.conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        ok = False
    if not ok:
        raise damaged_error(db_path)


def explain_error(exc: BaseException) -> CuttingsError | None:
    """The core's error for an SQLite error that reached a dialog (a damaged or read-only database), or None."""
    return explain(exc, None)
