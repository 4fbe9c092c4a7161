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
    def count(table: str, where: str | None = None) -> int:
        return int(db.table(table).count_where(where))

    db_bytes = sum(
        p.stat().st_size for p in archive.path.glob("archive.sqlite3*") if p.is_file() and ".bak" not in p.name
    )
    return {
        "path": str(archive.path),
        "articles": count("articles", "deleted_at IS NULL"),
        "trashed": count("articles", "deleted_at IS NOT NULL"),
        "starred": count("articles", "starred AND deleted_at IS NULL"),
        "unread": count("articles", "NOT read AND deleted_at IS NULL"),
        "photos": count("photos"),
        "photos_with_image": count("photos", "sha256 IS NOT NULL"),
        "tags": count("tags"),
        "saved_searches": count("saved_searches"),
        "events": count("events"),
        "blobs": count("blobs"),
        "media_bytes": int(db.conn.execute("SELECT SUM(bytes) FROM blobs").fetchone()[0] or 0),
        "database_bytes": db_bytes,
        "index_bytes": folder_size(archive.path / "index"),
        "index_documents": archive.index.doc_count(),
        "index_queue": indexing.queue_length(db),
        "index_segments": archive.index.segment_count(),
    }
