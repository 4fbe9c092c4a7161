"""Open the archive's SQLite database with the house settings, and run write transactions.

Reads are SQL on ``Database.conn`` (plain ``sqlite3``). Schema changes and writes go through sqlite-utils
(:attr:`Database.utils`, the same connection), imported on the first write: its import costs about 45 ms, which a
process that only searches never pays.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ArchiveDamaged, ArchiveLocked, ArchiveReadOnly, CuttingsError

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import Table

BUSY_TIMEOUT_MS = 10_000
_savepoint_names = itertools.count(1)


class Database:
    """One connection to the archive's database, in autocommit mode; :func:`transaction` groups writes.

    ``readonly``: opened read-only (the archive is on a read-only medium or folder); writes raise ``ArchiveReadOnly``.
    """

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False, path: Path | None = None) -> None:
        self.conn = conn
        self.readonly = readonly
        self.path = path
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


def writable(path: Path) -> bool:
    """Whether the database at ``path`` can be written: the file and its folder (for the -wal and -shm files).
    False on a read-only mount (``EROFS``) and for a user without write permission."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection. A WAL database needs its -shm file: where there is none and none can be made
    (a read-only medium after a clean close), the file is opened as ``immutable`` (nothing can change it).
    Autocommit mode, usable from any thread."""
    conn = sqlite3.connect(f"{_uri(path)}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or not path.exists():
            raise
    return sqlite3.connect(f"{_uri(path)}?mode=ro&immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)


def _uri(path: Path) -> str:
    return "file:" + urllib.parse.quote(str(Path(path).absolute()))


def connect(path: Path, *, readonly: bool = False) -> Database:
    """Open ``path`` in WAL mode with foreign keys on and a busy timeout (or read-only, without WAL changes).

    Autocommit mode (``isolation_level=None``): transactions are explicit, see :func:`transaction`.
    """
    if readonly:
        conn = open_readonly(path)
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
    return Database(conn, readonly=readonly, path=Path(path))


def read_only_error(path: Path | None) -> ArchiveReadOnly:
    where = f" ({path.parent})" if path is not None else ""
    return ArchiveReadOnly(
        f"The archive is read-only{where}: it is on a read-only disk or share, or you may not write to it. "
        "Searching, listing, showing and exporting work; to change it, copy the archive folder to a writable place."
    )


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction (``BEGIN IMMEDIATE``): all of it lands, or none of it.

    IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read lock;
    the busy timeout makes the second one wait its turn instead of failing.
    """
    conn = db.conn
    if db.readonly:
        raise read_only_error(db.path)
    if conn.in_transaction:  # nested: a savepoint inside the outer transaction
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
            raise read_only_error(db.path) from exc
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


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite saying the database file is damaged."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def damaged_error(db_path: Path | None, detail: str = "") -> ArchiveDamaged:
    """What to tell the user about a damaged database, and what to do."""
    archive = Path(db_path).parent if db_path is not None else None
    snapshots = sorted((archive / "snapshots").glob("archive-*.sqlite3")) if archive is not None else []
    snapshot = (f" the latest snapshot ({snapshots[-1]}: move the damaged archive.sqlite3 aside and copy the "
                "snapshot in its place),") if snapshots else ""
    which = f" {db_path}" if db_path is not None else ""
    recover = f"cuttings --archive \"{archive}\" recover" if archive is not None else "cuttings --archive FOLDER recover"
    return ArchiveDamaged(
        f"The archive's database{which} is damaged{f' ({detail})' if detail else ''}. Do not write to it any "
        f"more. To get your cuttings back, use{snapshot} your latest backup (`cuttings restore-backup FILE` into a "
        f"new folder), or `{recover}`, which salvages what can still be read into a new archive folder and leaves "
        "this one as it is."
    )


def explain(exc: BaseException, db_path: Path | None) -> CuttingsError | None:
    """The core's error for an SQLite error that reached the top (a command, a dialog), or None."""
    if is_damage(exc):
        return damaged_error(db_path, str(exc))
    if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
        return read_only_error(db_path)
    return None
