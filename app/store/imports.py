"""Rows for imports from other tools: where each article came from, and the link-only articles to fetch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from app.store.db import Database
from app.store.sql import chunks, marks
from app.timeutil import now_iso


@dataclass
class SourceRow:
    """An imported article's origin: the tool, its id there, and where in the export file it stood."""

    tool: str
    item_id: str
    article_id: int
    export_sha256: str | None
    locator: str
    original_url: str


@dataclass
class Pending:
    """A link-only article waiting for its page."""

    article_id: int
    url: str
    attempts: int
    last_error: str


def known_items(db: Database, tool: str, item_ids: Sequence[str]) -> dict[str, int]:
    """Which of ``item_ids`` of ``tool`` are in the archive already: item id -> article id."""
    found: dict[str, int] = {}
    for chunk in chunks(item_ids):
        found.update(db.conn.execute(
            f"SELECT item_id, article_id FROM import_sources WHERE tool = ? AND item_id IN ({marks(chunk)})", [tool, *chunk]
        ).fetchall())
    return found


def record_sources(db: Database, rows: Iterable[SourceRow]) -> None:
    stamp = now_iso()
    db.table("import_sources").insert_all(({**asdict(r), "imported_at": stamp} for r in rows), ignore=True)


def sources_of(db: Database, article_id: int) -> list[SourceRow]:
    rows = db.conn.execute(
        "SELECT tool, item_id, article_id, export_sha256, locator, original_url FROM import_sources "
        "WHERE article_id = ? ORDER BY imported_at", (article_id,)
    ).fetchall()
    return [SourceRow(*row) for row in rows]


def add_pending(db: Database, items: Iterable[tuple[int, str]]) -> None:
    stamp = now_iso()
    db.table("pending_fetch").insert_all(
        ({"article_id": article_id, "url": url, "added_at": stamp} for article_id, url in items), ignore=True
    )


def pending(db: Database, *, limit: int | None = None, max_attempts: int | None = None) -> list[Pending]:
    """Link-only articles not in the trash, fewest attempts first, oldest first."""
    sql = ("SELECT p.article_id, p.url, p.attempts, p.last_error FROM pending_fetch p "
           "JOIN articles a ON a.id = p.article_id WHERE a.deleted_at IS NULL")
    params: list[object] = []
    if max_attempts is not None:
        sql += " AND p.attempts < ?"
        params.append(max_attempts)
    sql += " ORDER BY p.attempts, p.article_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [Pending(*row) for row in db.conn.execute(sql, params).fetchall()]


def pending_ids(db: Database) -> list[int]:
    return [r[0] for r in db.conn.execute(
        "SELECT p.article_id FROM pending_fetch p JOIN articles a ON a.id = p.article_id "
        "WHERE a.deleted_at IS NULL ORDER BY p.article_id").fetchall()]


def is_pending(db: Database, article_id: int) -> bool:
    return db.conn.execute("SELECT 1 FROM pending_fetch WHERE article_id = ?", (article_id,)).fetchone() is not None


def mark_failed(db: Database, article_id: int, error: str) -> None:
    db.conn.execute(
        "UPDATE pending_fetch SET attempts = attempts + 1, last_error = ?, last_tried_at = ? WHERE article_id = ?",
        (error[:500], now_iso(), article_id),
    )


def clear_pending(db: Database, article_id: int) -> None:
    db.conn.execute("DELETE FROM pending_fetch WHERE article_id = ?", (article_id,))
