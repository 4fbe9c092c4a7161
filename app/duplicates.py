"""Is a clipped article already in the archive? The same canonical URL, or the same words (``content_hash``)."""

from __future__ import annotations

import hashlib
import re

from app.model import Article
from app.search.plaintext import markdown_to_text
from app.store.db import Database

_WORDS = re.compile(r"\w+")


def content_hash(title: str, body: str) -> str:
    """A hash of the words of title and body, blind to case, markup and spacing (duplicate detection)."""
    words = _WORDS.findall(f"{title}\n{markdown_to_text(body)}".casefold())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def find_duplicate(db: Database, article: Article) -> int | None:
    """The id of an article with the same canonical URL or the same content, if any."""
    if article.canonical_url:
        # Two lookups, each spelled so that SQLite can use its partial index (an OR scanned the table).
        for column in ("canonical_url", "url"):
            row = db.conn.execute(
                f"SELECT id FROM articles WHERE {column} = ? AND {column} != '' LIMIT 1", (article.canonical_url,)
            ).fetchone()
            if row:
                return int(row[0])
    digest = article.content_hash or content_hash(article.title, article.body)
    row = db.conn.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (digest,)).fetchone()
    return int(row[0]) if row else None


def duplicate_message(db: Database, existing: int) -> str:
    """What to tell about a duplicate of article ``existing``."""
    row = db.conn.execute("SELECT title, deleted_at FROM articles WHERE id = ?", (existing,)).fetchone()
    where = " (in the trash)" if row and row[1] else ""
    title = row[0] if row else "?"
    return f"Already in the archive as article {existing}{where}: “{title}”. Use --allow-duplicate to keep a second copy."
