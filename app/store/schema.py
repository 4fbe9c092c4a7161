"""The schema as numbered migrations; ``PRAGMA user_version`` records how far an archive has come.

A migration is a SQL script or a function given the ``sqlite_utils.Database`` (for ``create``, ``transform``,
``create_index``, ``add_foreign_key``, ...). Each runs through sqlite-utils in one transaction with its
``user_version`` bump, after an online backup of an archive that has data. Foreign keys are off while migrations
run, so that ``transform`` can rebuild a table that others refer to without their ``ON DELETE CASCADE`` firing;
``PRAGMA foreign_key_check`` must then pass before each migration commits.

The first three migrations stay SQL: they are what every archive so far was made with, and some of it
(``COLLATE NOCASE`` uniqueness, ``WITHOUT ROWID``, partial indexes) ``Table.create`` cannot say.
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

Migration = str | Callable[["sqlite_utils.Database"], object]

MIGRATIONS: list[Migration] = [
    # 1: the first schema
    """
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
    );
    CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url != '';
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_deleted_at ON articles(deleted_at);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_clipped_at ON articles(clipped_at);

    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        bytes INTEGER NOT NULL,
        mime TEXT NOT NULL DEFAULT '',
        ext TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );

    CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT REFERENCES blobs(sha256),
        mime TEXT,
        width INTEGER,
        height INTEGER,
        bytes INTEGER,
        caption TEXT NOT NULL DEFAULT '',
        credit TEXT NOT NULL DEFAULT '',
        alt TEXT NOT NULL DEFAULT '',
        original_url TEXT NOT NULL DEFAULT '',
        exif TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX photos_article ON photos(article_id, position);
    CREATE INDEX photos_sha256 ON photos(sha256);

    CREATE TABLE captures (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        method TEXT NOT NULL,
        raw_sha256 TEXT REFERENCES blobs(sha256),
        mime TEXT NOT NULL DEFAULT '',
        filename TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        final_url TEXT NOT NULL DEFAULT '',
        http_status INTEGER,
        http_headers TEXT NOT NULL DEFAULT '{}',
        redirects TEXT NOT NULL DEFAULT '[]',
        fetched_at TEXT NOT NULL DEFAULT '',
        tool_version TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX captures_article ON captures(article_id);
    CREATE INDEX captures_raw ON captures(raw_sha256);

    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_tag ON article_tags(tag_id);

    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        tag TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        article_id INTEGER,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_article ON events(article_id);

    CREATE TABLE index_queue (
        article_id INTEGER PRIMARY KEY,
        queued_at TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: covering indexes for the list, the sidebar counts and the facets. An article's row is longer than a
    # page, so the columns after ``body`` (starred, read, deleted_at, clipped_at) live in overflow pages: a
    # count or a listing that read them from the table read the whole database (700 MB at 100,000 articles).
    """
    DROP INDEX articles_deleted_at;
    DROP INDEX articles_clipped_at;
    DROP INDEX articles_published;
    CREATE INDEX articles_listing ON articles(deleted_at, clipped_at, id, starred, read);
    CREATE INDEX articles_by_published ON articles(deleted_at, published);
    CREATE INDEX articles_facets ON articles(deleted_at, source, place, published);
    """,
    # 3: the duplicate check looks an address up as an article's url too (it scanned the whole table: 26 ms an
    # item at 100,000 articles, most of a web-page import).
    """
    CREATE INDEX articles_url ON articles(url) WHERE url != '';
    """,
    # 4: imports from other tools. ``import_sources`` ties an article to the item it came from (so importing the
    # same export twice adds nothing, and every field can be traced to its place in the export file);
    # ``pending_fetch`` lists link-only articles (a bookmark, a Pocket item) until their page is fetched.
    """
    CREATE TABLE import_sources (
        tool TEXT NOT NULL,
        item_id TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        export_sha256 TEXT REFERENCES blobs(sha256),
        locator TEXT NOT NULL DEFAULT '',
        original_url TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        PRIMARY KEY (tool, item_id)
    );
    CREATE INDEX import_sources_article ON import_sources(article_id);
    CREATE TABLE pending_fetch (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        added_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        last_tried_at TEXT NOT NULL DEFAULT ''
    );
    """,
    # 5: what extraction left out of a cutting as boilerplate (share lines, "Our Standards: ...", copyright
    # notices), a JSON list of the lines: nothing clipped is silently lost, and the reader can show them.
    """
    ALTER TABLE articles ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]';
    """,
    # 6: a scan's OCR word boxes (hOCR) are a blob of their own, beside the scan kept as raw_sha256
    """
    ALTER TABLE captures ADD COLUMN ocr_sha256 TEXT REFERENCES blobs(sha256);
    CREATE INDEX captures_ocr ON captures(ocr_sha256) WHERE ocr_sha256 IS NOT NULL;
    """,
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
