"""SQLite errors from a damaged or read-only database become the core's errors, with what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.errors import ArchiveDamaged, ArchiveReadOnly
from app.store.db import connect, explain, is_damage, transaction


def _damaged_db(tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite3"
    db = connect(path)
    db.conn.execute("CREATE TABLE t(x)")
    db.conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(200)])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    data = bytearray(path.read_bytes())
    root = 2  # t's root page: an interior page over many leaves
    for i in range(8):
        data[(root - 1) * 4096 + i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_file_is_explained_with_the_remedies(tmp_path: Path) -> None:
    path = _damaged_db(tmp_path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        conn.execute("SELECT COUNT(*) FROM t").fetchone()
    conn.close()
    assert is_damage(caught.value)
    error = explain(caught.value, path)
    assert isinstance(error, ArchiveDamaged)
    assert "is damaged" in str(error) and "recover" in str(error) and "restore-backup" in str(error)


def test_the_gui_dialog_says_damaged_not_something_went_wrong(tmp_path: Path) -> None:
    from ui.dialogs import error_message

    conn = sqlite3.connect(_damaged_db(tmp_path))
    with pytest.raises(sqlite3.DatabaseError) as caught:
        conn.execute("SELECT COUNT(*) FROM t").fetchone()
    conn.close()
    message = error_message(caught.value)
    assert "is damaged" in message and "recover" in message and "Something went wrong" not in message


def test_a_read_only_connection_refuses_writes_by_name(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    connect(path).conn.close()
    db = connect(path, readonly=True)
    try:
        with pytest.raises(ArchiveReadOnly, match="read-only"), transaction(db):
            pass
        assert db.conn.execute("SELECT 1").fetchone()[0] == 1
    finally:
        db.conn.close()
