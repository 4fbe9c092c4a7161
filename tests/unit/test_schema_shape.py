"""The migrations, now sqlite-utils functions, make exactly the schema the SQL scripts they replaced made
(frozen in ``schema_sql_v6.py``): for a new archive, and for an archive of every earlier version upgraded.

Schemas are compared by what SQLite says of them (``table_list``, ``table_xinfo``, each column's collation,
``index_list``/``index_info``/``index_xinfo``, ``foreign_key_list``, triggers, views), not by the text of
``sqlite_master.sql``, which sqlite-utils spells its own way.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.store.db import connect
from app.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from tests.unit.schema_sql_v6 import SQL_MIGRATIONS


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _collation(conn: sqlite3.Connection, table: str, column: str) -> str:
    """The collating sequence of a column, as the statement that compares its values uses it."""
    plan = conn.execute(f"EXPLAIN SELECT min({_q(column)}) FROM {_q(table)} NOT INDEXED").fetchall()
    return next(str(r[5]).split("-")[0] for r in plan if r[1] == "CollSeq")


def _partial_where(sql: str | None) -> str:
    """A partial index's predicate (the one thing about an index no PRAGMA tells), blind to spacing and case."""
    if not sql or " where " not in sql.lower():
        return ""
    return "".join(sql[sql.lower().rindex(" where ") + 7:].split()).lower()


def shape(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything about a database's schema that changes what it stores or how it behaves."""
    out: dict[str, Any] = {}
    index_sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())
    tables = sorted(r[1:] for r in conn.execute("PRAGMA table_list") if r[0] == "main" and not r[1].startswith("sqlite_"))
    for name, kind, ncol, without_rowid, strict in tables:
        columns = [(*r, _collation(conn, name, r[1])) for r in conn.execute(f"PRAGMA table_xinfo({_q(name)})")]
        indexes = {}
        for _seq, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({_q(name)})").fetchall():
            indexes[index] = {
                "unique": unique, "origin": origin, "partial": partial, "where": _partial_where(index_sql.get(index)),
                "info": conn.execute(f"PRAGMA index_info({_q(index)})").fetchall(),
                "xinfo": conn.execute(f"PRAGMA index_xinfo({_q(index)})").fetchall(),
            }
        keys: dict[int, list[tuple[Any, ...]]] = {}
        for fk_id, seq, parent, child_col, parent_col, on_update, on_delete, match in conn.execute(
                f"PRAGMA foreign_key_list({_q(name)})"):
            keys.setdefault(fk_id, []).append((seq, parent, child_col, parent_col, on_update, on_delete, match))
        out[name] = {"kind": kind, "ncol": ncol, "without_rowid": without_rowid, "strict": strict, "columns": columns,
                     "indexes": indexes, "foreign_keys": sorted(keys.values())}
    out["triggers"] = conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
    out["views"] = conn.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name").fetchall()
    out["user_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
    return out


def _made_by(path: Path, migrations: list[Any]) -> sqlite3.Connection:
    db = connect(path)
    migrate(db, path, migrations)
    return db.conn


def _contents(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: [tuple(r) for r in conn.execute(f"SELECT * FROM {_q(n)} ORDER BY 1, 2")] for n in names}


def _fill(conn: sqlite3.Connection) -> None:
    """A row in every table the schema has so far, pointing at each other."""
    now = "2024-05-01T10:00:00Z"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.execute("INSERT INTO articles(id, uid, title, body, clipped_at, updated_at) VALUES (1, 'u1', 'Harbour', "
                 "'The harbour reopened.', ?, ?), (2, 'u2', 'Ferry', 'The ferry sails.', ?, ?)", (now,) * 4)
    conn.execute("INSERT INTO blobs(sha256, bytes, mime, ext, created_at) VALUES ('aa', 3, 'image/jpeg', 'jpg', ?), "
                 "('bb', 5, 'text/html', 'html', ?)", (now, now))
    conn.execute("INSERT INTO photos(article_id, position, sha256, mime, caption) VALUES (1, 0, 'aa', 'image/jpeg', 'Pier')")
    conn.execute("INSERT INTO captures(article_id, method, raw_sha256, url, http_status) VALUES (1, 'url', 'bb', "
                 "'https://x.example/', 200), (2, 'text', NULL, '', NULL)")
    conn.execute("INSERT INTO tags(id, name, color) VALUES (1, 'Ports', '#fff'), (2, 'ferries', '')")
    conn.execute("INSERT INTO article_tags VALUES (1, 1), (2, 1), (2, 2)")
    conn.execute("INSERT INTO saved_searches(name, query, created_at) VALUES ('Harbours', 'harbour', ?)", (now,))
    conn.execute("INSERT INTO rules(name, query, tag, created_at) VALUES ('r', 'ferry', 'ferries', ?)", (now,))
    conn.execute("INSERT INTO events(at, kind, article_id) VALUES (?, 'captured', 1), (?, 'captured', 2)", (now, now))
    conn.execute("INSERT INTO index_queue VALUES (2, ?)", (now,))
    conn.execute("INSERT INTO meta VALUES ('made', 'test')")
    if "import_sources" in tables:
        conn.execute("INSERT INTO import_sources(tool, item_id, article_id, export_sha256, imported_at) "
                     "VALUES ('pocket', '7', 2, 'bb', ?)", (now,))
        conn.execute("INSERT INTO pending_fetch(article_id, url, added_at) VALUES (2, 'https://f.example/', ?)", (now,))


def test_the_sql_scripts_are_the_migrations_as_they_shipped() -> None:
    assert len(SQL_MIGRATIONS) == SCHEMA_VERSION == 6  # a seventh migration is appended to MIGRATIONS only
    assert all(callable(m) for m in MIGRATIONS)


def test_a_new_archive_has_exactly_the_schema_the_sql_made(tmp_path: Path) -> None:
    new = shape(_made_by(tmp_path / "new.sqlite3", MIGRATIONS))
    old = shape(_made_by(tmp_path / "old.sqlite3", SQL_MIGRATIONS))
    assert new == old
    assert new["tags"]["columns"][1][-1] == "NOCASE" and new["saved_searches"]["columns"][1][-1] == "NOCASE"
    assert new["article_tags"]["without_rowid"] == 1
    assert new["articles"]["indexes"]["articles_url"]["where"] == "url!=''"
    assert ("articles", "article_id", "id", "NO ACTION", "CASCADE") in [
        (k[0][1], k[0][2], k[0][3], k[0][4], k[0][5]) for k in new["photos"]["foreign_keys"]]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_archive_of_every_version_upgrades_as_the_sql_upgraded_it(tmp_path: Path, version: int) -> None:
    start = tmp_path / "start.sqlite3"
    conn = _made_by(start, SQL_MIGRATIONS[:version])
    with conn:
        conn.execute("BEGIN")
        _fill(conn)
    conn.close()
    for name in ("new", "old"):
        shutil.copy(start, tmp_path / f"{name}.sqlite3")
    new, old = _made_by(tmp_path / "new.sqlite3", MIGRATIONS), _made_by(tmp_path / "old.sqlite3", SQL_MIGRATIONS)
    assert shape(new) == shape(old)
    assert shape(new)["user_version"] == SCHEMA_VERSION
    assert _contents(new) == _contents(old)
    assert len(_contents(new)["captures"]) == 2  # the rows of a rebuilt table are all there


def test_the_comparison_sees_what_sql_text_would_not_show(tmp_path: Path) -> None:
    """Collation, WITHOUT ROWID, a partial predicate, an ON DELETE action, a default: each changes the shape."""
    base = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, p INTEGER " \
           "REFERENCES t(id) ON DELETE CASCADE, d TEXT NOT NULL DEFAULT ''); CREATE INDEX t_d ON t(d) WHERE d != '';"
    variants = [
        base,
        base.replace(" COLLATE NOCASE", ""),
        base.replace(" ON DELETE CASCADE", ""),
        base.replace("DEFAULT ''", "DEFAULT '[]'"),
        base.replace("WHERE d != ''", "WHERE d != 'x'"),
        base.replace("(id INTEGER PRIMARY KEY,", "(id INTEGER NOT NULL PRIMARY KEY,").replace(");", ") WITHOUT ROWID;", 1),
        base + "CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN SELECT 1; END;",
    ]
    shapes = []
    for n, sql in enumerate(variants):
        conn = sqlite3.connect(tmp_path / f"v{n}.sqlite3")
        conn.executescript(sql)
        shapes.append(shape(conn))
        conn.close()
    assert all(shapes[0] != other for other in shapes[1:])
