"""The Archive's writes for imports from other tools: the export file kept as a capture, where each article came
from, and link-only articles filled in when their page is fetched. Mixed into :class:`app.archive.Archive`.

Their SQL (:mod:`app.store.imports`) is imported by the method that needs it: a process that only searches skips it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app import indexing
from app.model import Article, ClipResult
from app.store import articles, events
from app.store.rows import article_to_row
from app.timeutil import now_iso

if TYPE_CHECKING:
    from app.archive import Archive
    from app.store import imports as rows

#: Fields a fetched page fills in on a link-only article (what the user set on import stays: tags, flags, notes).
FETCHED_FIELDS = ("subtitle", "authors", "source", "place", "published", "modified", "canonical_url", "language",
                  "body")


class ArchiveImports:
    """``archive.imports``: the Archive's door for imports, a part of it kept in a file of its own."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive

    def store_file(self, path: Path, mime: str) -> str:
        """Keep a file byte for byte in media/ (streamed) and record it; returns its SHA-256."""
        sha, ext, size = self._archive.media.put_file(path, mime)
        with self._archive.writing() as db:
            articles.insert_blobs(db, [(sha, size, mime, ext)])
        return sha

    def known_items(self, tool: str, item_ids: Sequence[str]) -> dict[str, int]:
        from app.store import imports as rows

        return rows.known_items(self._archive.db, tool, item_ids)

    def import_sources(self, article_id: int) -> list[rows.SourceRow]:
        from app.store import imports as rows

        return rows.sources_of(self._archive.db, article_id)

    def pending_fetch(self, *, limit: int | None = None, max_attempts: int | None = None) -> list[rows.Pending]:
        from app.store import imports as rows

        return rows.pending(self._archive.db, limit=limit, max_attempts=max_attempts)

    def link_only_ids(self) -> list[int]:
        """Articles stored from a link alone (a bookmark, a Pocket item) whose page has not been fetched yet."""
        from app.store import imports as rows

        return rows.pending_ids(self._archive.db)

    def is_link_only(self, article_id: int) -> bool:
        from app.store import imports as rows

        return rows.is_pending(self._archive.db, article_id)

    def fetch_failed(self, article_id: int, error: str) -> None:
        from app.store import imports as rows

        with self._archive.writing() as db:
            rows.mark_failed(db, article_id, error)

    def fill_link_only(self, article_id: int, result: ClipResult) -> Article:
        """Put a fetched page into a link-only article, in one transaction: body, metadata and photos from the
        page, its capture beside the import's, and the article leaves the link-only list."""
        from app.archive import content_hash
        from app.store import imports as rows

        current = self._archive.get(article_id)
        fetched = result.article
        updated = replace(current, **{f: getattr(fetched, f) for f in FETCHED_FIELDS if getattr(fetched, f)})
        if not current.title.strip() or current.title == current.url:
            updated.title = fetched.title or current.title
        photos = [replace(p, id=None) for p in fetched.photos]
        capture = replace(result.capture)
        blobs = self._archive._store_blobs(photos, capture)
        row = article_to_row(updated)
        values = {f: row[f] for f in ("title", *FETCHED_FIELDS)}
        values.update(updated_at=now_iso(), content_hash=content_hash(updated.title, updated.body))
        with self._archive.writing() as db:
            articles.insert_blobs(db, blobs)
            articles.update_article(db, article_id, values)
            articles.replace_photos(db, article_id, photos)  # the page's photos, all new, instead of any there
            articles.insert_capture(db, article_id, capture)
            rows.clear_pending(db, article_id)
            events.log(db, "fetched", article_id, url=capture.final_url or capture.url)
            indexing.enqueue(db, [article_id])
        self._archive._after_write()
        return self._archive.get(article_id)

