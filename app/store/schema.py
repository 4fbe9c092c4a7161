"""The schema as numbered migrations; ``PRAGMA user_version`` records how far an archive has come.

Each migration is a function given the ``sqlite_utils.Database`` (a SQL script works too): tables are made with
``Table.create`` (primary key, ``not_null``, ``defaults``, ``foreign_keys`` with their ``ON DELETE`` action),
columns added with ``add_column``, indexes with ``create_index``/``drop_index``. Plain ``execute`` is left for
what sqlite-utils cannot say, each place with a comment saying why: a ``UNIQUE`` column constraint (with
``COLLATE NOCASE``), ``WITHOUT ROWID``, partial indexes. Every archive made so far has exactly the schema these
functions make (``tests/unit/test_schema_shape.py`` compares them with the SQL they replaced).

Each runs through sqlite-utils in one transaction with its ``user_version`` bump, after an online backup of an
archive that has data. Foreign keys are off while migrations run, so that ``transform`` can rebuild a table that
others refer to without their ``ON DELETE CASCADE`` firing; ``PRAGMA foreign_key_check`` must then pass before
each migration commits. Append new ones; never change one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import ArchiveTooNew, CuttingsError
from app.store.db import Database, transaction

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import ForeignKey

Migration = str | Callable[["sqlite_utils.Database"], object]


def _cascade(table: str, column: str, other_table: str, other_column: str = "id") -> ForeignKey:
    """A foreign key whose rows go when the row they point to is deleted."""
    from sqlite_utils.db import ForeignKey

    return ForeignKey(table, column, other_table, other_column, on_delete="CASCADE")


def _first_schema(db: sqlite_utils.Database) -> None:
    """1: the first schema."""
    # execute: ``uid`` is UNIQUE as a column constraint (its index is sqlite_autoindex_articles_1 in every archive),
    # which Table.create cannot declare; a CREATE UNIQUE INDEX of our own would give new archives another shape.
    db.execute("""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        subtitle TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        canonical_url TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        starred INTEGER NOT NULL DEFAULT 0,
        read INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        clipped_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        content_hash TEXT NOT NULL DEFAULT ''
    )""")
    # execute: a partial index (create_index has no WHERE)
    db.execute("CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url != ''")
    articles = db.table("articles")
    for column in ("content_hash", "deleted_at", "published", "clipped_at"):
        articles.create_index([column], f"articles_{column}")

    db.table("blobs").create(
        {"sha256": str, "bytes": int, "mime": str, "ext": str, "created_at": str}, pk="sha256",
        not_null={"bytes", "mime", "ext", "created_at"}, defaults={"mime": "", "ext": ""},
    )

    photos = db.table("photos").create(
        {"id": int, "article_id": int, "position": int, "sha256": str, "mime": str, "width": int, "height": int,
         "bytes": int, "caption": str, "credit": str, "alt": str, "original_url": str, "exif": str},
        pk="id",
        not_null={"article_id", "position", "caption", "credit", "alt", "original_url", "exif"},
        defaults={"position": 0, "caption": "", "credit": "", "alt": "", "original_url": "", "exif": "{}"},
        foreign_keys=[_cascade("photos", "article_id", "articles"), ("sha256", "blobs", "sha256")],
    )
    photos.create_index(["article_id", "position"], "photos_article")
    photos.create_index(["sha256"], "photos_sha256")

    captures = db.table("captures").create(
        {"id": int, "article_id": int, "method": str, "raw_sha256": str, "mime": str, "filename": str, "url": str,
         "final_url": str, "http_status": int, "http_headers": str, "redirects": str, "fetched_at": str,
         "tool_version": str},
        pk="id",
        not_null={"article_id", "method", "mime", "filename", "url", "final_url", "http_headers", "redirects",
                  "fetched_at", "tool_version"},
        defaults={"mime": "", "filename": "", "url": "", "final_url": "", "http_headers": "{}", "redirects": "[]",
                  "fetched_at": "", "tool_version": ""},
        foreign_keys=[_cascade("captures", "article_id", "articles"), ("raw_sha256", "blobs", "sha256")],
    )
    captures.create_index(["article_id"], "captures_article")
    captures.create_index(["raw_sha256"], "captures_raw")

    # execute: a name unique without regard to case (UNIQUE COLLATE NOCASE on the column), which Table.create
    # cannot declare; the column's collation also makes every ``name = ?`` blind to case.
    db.execute("""
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT NOT NULL DEFAULT ''
    )""")
    # execute: WITHOUT ROWID (the pair is the row), which Table.create cannot declare
    db.execute("""
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID""")
    db.table("article_tags").create_index(["tag_id"], "article_tags_tag")

    # execute: UNIQUE COLLATE NOCASE on the name, as for tags
    db.execute("""
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""")
    db.table("rules").create(
        {"id": int, "name": str, "query": str, "tag": str, "enabled": int, "created_at": str}, pk="id",
        not_null={"name", "query", "tag", "enabled", "created_at"}, defaults={"enabled": 1},
    )
    events = db.table("events").create(
        {"id": int, "at": str, "kind": str, "article_id": int, "detail": str}, pk="id",
        not_null={"at", "kind", "detail"}, defaults={"detail": "{}"},
    )
    events.create_index(["article_id"], "events_article")

    db.table("index_queue").create({"article_id": int, "queued_at": str}, pk="article_id", not_null={"queued_at"})
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})


def _covering_indexes(db: sqlite_utils.Database) -> None:
    """2: covering indexes for the list, the sidebar counts and the facets. An article's row is longer than a
    page, so the columns after ``body`` (starred, read, deleted_at, clipped_at) live in overflow pages: a count
    or a listing that read them from the table read the whole database (700 MB at 100,000 articles)."""
    articles = db.table("articles")
    for name in ("articles_deleted_at", "articles_clipped_at", "articles_published"):
        articles.drop_index(name)
    articles.create_index(["deleted_at", "clipped_at", "id", "starred", "read"], "articles_listing")
    articles.create_index(["deleted_at", "published"], "articles_by_published")
    articles.create_index(["deleted_at", "source", "place", "published"], "articles_facets")


def _url_index(db: sqlite_utils.Database) -> None:
    """3: the duplicate check looks an address up as an article's url too (it scanned the whole table: 26 ms an
    item at 100,000 articles, most of a web-page import)."""
    # execute: a partial index (create_index has no WHERE)
    db.execute("CREATE INDEX articles_url ON articles(url) WHERE url != ''")


def _import_tables(db: sqlite_utils.Database) -> None:
    """4: imports from other tools. ``import_sources`` ties an article to the item it came from (so importing the
    same export twice adds nothing, and every field can be traced to its place in the export file);
    ``pending_fetch`` lists link-only articles (a bookmark, a Pocket item) until their page is fetched."""
    sources = db.table("import_sources").create(
        {"tool": str, "item_id": str, "article_id": int, "export_sha256": str, "locator": str, "original_url": str,
         "imported_at": str},
        pk=("tool", "item_id"),
        not_null={"tool", "item_id", "article_id", "locator", "original_url", "imported_at"},
        defaults={"locator": "", "original_url": ""},
        foreign_keys=[_cascade("import_sources", "article_id", "articles"), ("export_sha256", "blobs", "sha256")],
    )
    sources.create_index(["article_id"], "import_sources_article")
    db.table("pending_fetch").create(
        {"article_id": int, "url": str, "added_at": str, "attempts": int, "last_error": str, "last_tried_at": str},
        pk="article_id",
        not_null={"url", "added_at", "attempts", "last_error", "last_tried_at"},
        defaults={"attempts": 0, "last_error": "", "last_tried_at": ""},
        foreign_keys=[_cascade("pending_fetch", "article_id", "articles")],
    )


def _dropped_lines(db: sqlite_utils.Database) -> None:
    """5: what extraction left out of a cutting as boilerplate (share lines, "Our Standards: ...", copyright
    notices), a JSON list of the lines: nothing clipped is silently lost, and the reader can show them."""
    db.table("articles").add_column("dropped", str, not_null_default="[]")


def _ocr_blob(db: sqlite_utils.Database) -> None:
    """6: a scan's OCR word boxes (hOCR) are a blob of their own, beside the scan kept as raw_sha256."""
    # sqlite-utils adds the column, then its foreign key by rebuilding ``captures`` (transform): a one-time copy
    # of that table on upgrade (about 1.6 s for 20,000 captures), where the SQL it replaced altered it in place.
    db.table("captures").add_column("ocr_sha256", str, fk="blobs", fk_col="sha256")
    # execute: a partial index (create_index has no WHERE)
    db.execute("CREATE INDEX captures_ocr ON captures(ocr_sha256) WHERE ocr_sha256 IS NOT NULL")


MIGRATIONS: list[Migration] = [
    _first_schema,
    _covering_indexes,
    _url_index,
    _import_tables,
    _dropped_lines,
    _ocr_blob,
]

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, db_path: Path, migrations: list[Migration] | None = None) -> int:
    """Bring the database up to the last of ``migrations`` (default :data:`MIGRATIONS`); back it up first if
    it already has data. Returns the number of migrations applied."""
    migrations = MIGRATIONS if migrations is None else migrations
    target = len(migrations)
    version = current_version(db)
    if version > target:
        raise ArchiveTooNew(
            f"{db_path} was written by a newer Cuttings (schema {version}, this one knows {target}). "
            "Update Cuttings to open it."
        )
    if version == target:
        return 0
    backup = _backup(db, db_path, version) if version > 0 else None
    db.conn.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
    try:
        for number in range(version + 1, target + 1):
            with transaction(db):
                step = migrations[number - 1]
                if isinstance(step, str):
                    db.utils.executescript(step)
                else:
                    step(db.utils)
                _check_foreign_keys(db, db_path, number, backup)
                db.conn.execute(f"PRAGMA user_version = {number}")
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
    return target - version


def _check_foreign_keys(db: Database, db_path: Path, number: int, backup: Path | None) -> None:
    broken = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent = broken[0][0], broken[0][1], broken[0][2]
        kept = f" A copy from before the upgrade is at {backup}." if backup else ""
        raise CuttingsError(
            f"Upgrading {db_path} to schema {number} would leave {len(broken)} row(s) pointing nowhere "
            f"(first: {table} row {rowid} -> {parent}), so it was not done and the archive is unchanged.{kept}"
        )


def _backup(db: Database, db_path: Path, version: int) -> Path:
    """An online backup of the database beside it, before a migration changes it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.stem}.v{version}-{stamp}.bak.sqlite3")
    db.conn.execute("PRAGMA synchronous = FULL")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
        db.conn.execute("PRAGMA synchronous = NORMAL")
    return target
