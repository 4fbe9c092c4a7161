"""The database layer: house settings, one transaction per write, savepoints inside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store.db import connect, transaction


def _db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = connect(tmp_path / "t.sqlite3")
    db.conn.execute("CREATE TABLE t(x INTEGER UNIQUE)")
    return db


def _values(db) -> list[int]:  # type: ignore[no-untyped-def]
    return [r[0] for r in db.conn.execute("SELECT x FROM t ORDER BY x")]


def test_connect_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.sqlite3")
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not db.conn.in_transaction


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with pytest.raises(sqlite3.IntegrityError), transaction(db):
        db.conn.execute("INSERT INTO t VALUES (1)")
        db.conn.execute("INSERT INTO t VALUES (1)")
    assert _values(db) == []
    assert not db.conn.in_transaction


def test_a_nested_failure_undoes_only_its_own_part(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with transaction(db):
        db.conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(sqlite3.IntegrityError), transaction(db):
            db.conn.execute("INSERT INTO t VALUES (2)")
            db.conn.execute("INSERT INTO t VALUES (1)")
        with transaction(db), transaction(db):  # savepoints nest in savepoints
            db.conn.execute("INSERT INTO t VALUES (3)")
    assert _values(db) == [1, 3]
    assert not db.conn.in_transaction


def test_the_outer_failure_undoes_committed_savepoints(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with pytest.raises(RuntimeError), transaction(db):
        with transaction(db):
            db.conn.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("stop")
    assert _values(db) == []
