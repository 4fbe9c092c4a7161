"""Open the archive's SQLite database with the house settings, and run write transactions.

Reads are SQL on ``Database.conn`` (plain ``sqlite3``). Schema changes and writes go through sqlite-utils
(:attr:`Database.utils`, the same connection), imported on the first write: its import costs about 45 ms, which a
process that only searches never pays.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ArchiveLocked

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import Table

BUSY_TIMEOUT_MS = 10_000
_savepoint_names = itertools.count(1)


class Database:
    """One connection to the archive's database, in autocommit mode; :func:`transaction` groups writes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self._tables: dict[str, Table] = {}

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this same connection (its writes join the transaction that is open)."""
        if self._utils is None:
            import sqlite_utils

            # No plugins and no PRAGMA recursive_triggers: the connection keeps exactly the house settings.
            self._utils = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._utils

    def table(self, name: str) -> Table:
        """A table to write through sqlite-utils (``insert``, ``insert_all``, ``upsert``, ``update``, ``lookup``)."""
        table = self._tables.get(name)
        if table is None:  # made once: ``utils.table()`` asks the schema whether the name is a view every time
            table = self._tables[name] = self.utils.table(name)
        return table

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A savepoint inside the current transaction: on an error only what ran inside it is undone."""
        name = f"cuttings_{next(_savepoint_names)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")


def connect(path: Path, *, readonly: bool = False) -> Database:
    """Open ``path`` in WAL mode with foreign keys on and a busy timeout.

    Autocommit mode (``isolation_level=None``): transactions are explicit, see :func:`transaction`.
    """
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise ArchiveLocked(f"{path}: could not switch the database to WAL mode (it is {mode}).")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    conn.row_factory = sqlite3.Row
    return Database(conn)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none of it.

    IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read lock;
    the busy timeout makes the second one wait its turn instead of failing.
    """
    conn = db.conn
    if conn.in_transaction:  # nested: a savepoint inside the outer transaction
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ArchiveLocked(
                "The archive is busy: another program has been writing to it for over "
                f"{BUSY_TIMEOUT_MS // 1000} s. Try again when it has finished."
            ) from exc
        raise
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
