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


# ----- migrations: SQL scripts and sqlite-utils functions, one transaction each --------------------------------

_PARENT_AND_CHILD = """
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
CREATE INDEX child_parent ON child(parent_id);
"""


def _fill(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db):
        db.conn.execute("INSERT INTO parent VALUES (1, 'one'), (2, 'two')")
        db.conn.execute("INSERT INTO child VALUES (10, 1), (11, 2)")


def test_a_sqlite_utils_migration_can_transform_a_table_others_cascade_from(tmp_path: Path) -> None:
    from app.store.schema import current_version, migrate

    def add_colour(db) -> None:  # type: ignore[no-untyped-def]
        db["parent"].add_column("colour", str, not_null_default="")
        db["parent"].transform(column_order=["id", "colour", "name"])  # rebuilds the table: drops the old one
        db["parent"].create_index(["colour"])

    path = tmp_path / "t.sqlite3"
    db = connect(path)
    assert migrate(db, path, [_PARENT_AND_CHILD]) == 1
    _fill(db)
    assert migrate(db, path, [_PARENT_AND_CHILD, add_colour]) == 1
    assert current_version(db) == 2
    assert [r[0] for r in db.conn.execute("SELECT id FROM child ORDER BY id")] == [10, 11]  # no cascade fired
    assert [r[1] for r in db.conn.execute("PRAGMA table_info(parent)")] == ["id", "colour", "name"]
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not db.conn.in_transaction
    assert list(tmp_path.glob("t.v1-*.bak.sqlite3"))  # backed up before the second migration
    with pytest.raises(sqlite3.IntegrityError):  # the foreign key still holds
        db.conn.execute("INSERT INTO child VALUES (12, 99)")


def test_a_migration_that_breaks_a_foreign_key_is_refused_and_undone(tmp_path: Path) -> None:
    from app.errors import CuttingsError
    from app.store.schema import current_version, migrate

    path = tmp_path / "t.sqlite3"
    db = connect(path)
    migrate(db, path, [_PARENT_AND_CHILD])
    _fill(db)
    breaking = "DELETE FROM parent WHERE id = 2;"
    with pytest.raises(CuttingsError, match=r"schema 2 would leave 1 row\(s\) pointing nowhere.*unchanged"):
        migrate(db, path, [_PARENT_AND_CHILD, breaking])
    assert current_version(db) == 1
    assert db.conn.execute("SELECT COUNT(*) FROM parent").fetchone()[0] == 2
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_earlier_ones_applied(tmp_path: Path) -> None:
    from app.store.schema import current_version, migrate

    def fails(db) -> None:  # type: ignore[no-untyped-def]
        db["parent"].insert({"id": 3, "name": "three"})
        raise RuntimeError("half way")

    path = tmp_path / "t.sqlite3"
    db = connect(path)
    with pytest.raises(RuntimeError, match="half way"):
        migrate(db, path, [_PARENT_AND_CHILD, "INSERT INTO parent VALUES (1, 'one');", fails])
    assert current_version(db) == 2
    assert [r[0] for r in db.conn.execute("SELECT id FROM parent")] == [1]
    assert not db.conn.in_transaction


def test_sqlite_utils_writes_join_the_open_transaction(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with pytest.raises(RuntimeError), transaction(db):
        db.table("t").insert_all([{"x": 1}, {"x": 2}])
        db.table("t").insert({"x": 3})
        raise RuntimeError("stop")
    assert _values(db) == []
    with transaction(db):
        db.table("t").insert_all([{"x": 1}, {"x": 1}], ignore=True)
    assert _values(db) == [1]
