"""Counts and sizes of an archive, for `cuttings stats` and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import indexing

if TYPE_CHECKING:
    from app.archive import Archive


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def archive_stats(archive: Archive) -> dict[str, Any]:
    db = archive.reader
    one = lambda sql: int(db.conn.execute(sql).fetchone()[0] or 0)  # noqa: E731
    db_bytes = sum(
        p.stat().st_size for p in archive.path.glob("archive.sqlite3*") if p.is_file() and ".bak" not in p.name
    )
    return {
        "path": str(archive.path),
        "articles": one("SELECT COUNT(*) FROM articles WHERE deleted_at IS NULL"),
        "trashed": one("SELECT COUNT(*) FROM articles WHERE deleted_at IS NOT NULL"),
        "starred": one("SELECT COUNT(*) FROM articles WHERE starred AND deleted_at IS NULL"),
        "unread": one("SELECT COUNT(*) FROM articles WHERE NOT read AND deleted_at IS NULL"),
        "photos": one("SELECT COUNT(*) FROM photos"),
        "photos_with_image": one("SELECT COUNT(*) FROM photos WHERE sha256 IS NOT NULL"),
        "tags": one("SELECT COUNT(*) FROM tags"),
        "saved_searches": one("SELECT COUNT(*) FROM saved_searches"),
        "events": one("SELECT COUNT(*) FROM events"),
        "blobs": one("SELECT COUNT(*) FROM blobs"),
        "media_bytes": one("SELECT SUM(bytes) FROM blobs"),
        "database_bytes": db_bytes,
        "index_bytes": folder_size(archive.path / "index"),
        "index_documents": archive.index.doc_count(),
        "index_queue": indexing.queue_length(db),
        "index_segments": archive.index.segment_count(),
    }
