"""The audit log: captured, edited, tagged, exported, verified, deleted, restored, purged."""

from __future__ import annotations

import json
from typing import Any

from app.store.db import Database
from app.timeutil import now_iso


def log(db: Database, kind: str, article_id: int | None, **detail: Any) -> None:
    db.conn.execute(
        "INSERT INTO events(at, kind, article_id, detail) VALUES (?, ?, ?, ?)",
        (now_iso(), kind, article_id, json.dumps(detail, ensure_ascii=False, default=str)),
    )


def recent(db: Database, article_id: int | None, limit: int) -> list[dict[str, Any]]:
    where, params = ("WHERE article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows = db.conn.execute(
        f"SELECT id, at, kind, article_id, detail FROM events {where} ORDER BY id DESC LIMIT ?", [*params, limit]
    ).fetchall()
    return [
        {"id": r[0], "at": r[1], "kind": r[2], "article_id": r[3], "detail": json.loads(r[4] or "{}")} for r in rows
    ]
