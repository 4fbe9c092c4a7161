"""The audit log: captured, edited, tagged, exported, verified, deleted, restored, purged."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from app.store.db import Database
from app.timeutil import now_iso


def log(db: Database, kind: str, article_id: int | None, **detail: Any) -> None:
    log_many(db, [(kind, article_id, detail)])


def log_many(db: Database, entries: Iterable[tuple[str, int | None, dict[str, Any]]]) -> None:
    """Log ``(kind, article_id, detail)`` entries, in order, at one time."""
    stamp = now_iso()
    db.table("events").insert_all(
        {"at": stamp, "kind": kind, "article_id": article_id,
         "detail": json.dumps(detail, ensure_ascii=False, default=str)}
        for kind, article_id, detail in entries
    )  # fmt: skip


def recent(db: Database, article_id: int | None, limit: int) -> list[dict[str, Any]]:
    where, params = ("WHERE article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows = db.conn.execute(
        f"SELECT id, at, kind, article_id, detail FROM events {where} ORDER BY id DESC LIMIT ?", [*params, limit]
    ).fetchall()
    return [
        {"id": r[0], "at": r[1], "kind": r[2], "article_id": r[3], "detail": json.loads(r[4] or "{}")} for r in rows
    ]
