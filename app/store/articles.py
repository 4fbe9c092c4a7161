"""Article writes: new articles with their photos, capture and blobs; edits, flags, the trash and purging.

Rows go in through sqlite-utils (``insert_all``, ``update``); updates of the same columns on many rows stay one
``executemany`` (sqlite-utils updates a row at a time, reading it first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from app.errors import ArticleNotFound, CuttingsError
from app.model import Article, Capture, Photo
from app.store import events, tags
from app.store.db import Database
from app.store.rows import article_to_row, capture_to_row, photo_to_row
from app.store.sql import chunks, marks
from app.timeutil import now_iso

#: (sha256, bytes, mime, ext) of a blob just written to ``media/``.
Blob = tuple[str, int, str, str]


def require_articles(db: Database, ids: Iterable[int]) -> list[int]:
    """``ids`` without repeats, once each is known to be in the archive (one query a chunk); else
    :class:`ArticleNotFound` names the missing ones."""
    wanted = list(dict.fromkeys(ids))
    found: set[int] = set()
    for chunk in chunks(wanted):
        found.update(r[0] for r in db.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks(chunk)})", chunk))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ArticleNotFound(f"There is no article {', '.join(map(str, missing))}. `cuttings list` shows the ids there are.")
    return wanted


def insert_blobs(db: Database, blobs: Sequence[Blob]) -> None:
    """Record blobs written to ``media/`` (a blob already known is left as it is)."""
    stamp = now_iso()
    db.table("blobs").insert_all(
        ({"sha256": s, "bytes": n, "mime": mime, "ext": ext, "created_at": stamp} for s, n, mime, ext in blobs),
        ignore=True,
    )


def blob_recorded(db: Database, sha256: str, size: int, ext: str) -> bool:
    """Whether the archive records this blob (its file is then in ``media/``)."""
    row = db.conn.execute("SELECT 1 FROM blobs WHERE sha256 = ? AND bytes = ? AND ext = ?", (sha256, size, ext))
    return row.fetchone() is not None


def insert_articles(db: Database, items: Sequence[tuple[Article, Capture]], extra_tags: Sequence[str]) -> list[int]:
    """Store new articles with their photos, capture and tags (their blobs are recorded already); returns their
    ids in order. Gives each a ``uid`` and ``clipped_at`` it lacks, and ``updated_at``."""
    import uuid  # here: a process that only reads never loads it

    stamp = now_iso()
    for article, _ in items:
        article.uid = article.uid or uuid.uuid4().hex
        article.clipped_at = article.clipped_at or stamp
        article.updated_at = stamp
    db.table("articles").insert_all(article_to_row(a) for a, _ in items)
    uids = [a.uid for a, _ in items]
    by_uid: dict[str, int] = {}
    for chunk in chunks(uids):
        by_uid.update(db.conn.execute(f"SELECT uid, id FROM articles WHERE uid IN ({marks(chunk)})", chunk).fetchall())
    ids = [by_uid[u] for u in uids]
    db.table("photos").insert_all(
        photo_to_row(photo, aid, position)
        for aid, (article, _) in zip(ids, items, strict=True)
        for position, photo in enumerate(article.photos)
    )
    db.table("captures").insert_all(capture_to_row(c, aid) for aid, (_, c) in zip(ids, items, strict=True))
    names = {aid: list(dict.fromkeys([*a.tags, *extra_tags])) for aid, (a, _) in zip(ids, items, strict=True)}
    tags.tag_articles(db, names)
    log: list[tuple[str, int, dict[str, Any]]] = []
    for aid, (_, capture) in zip(ids, items, strict=True):
        log.append(("captured", aid, {"method": capture.method, "source": capture.filename or capture.url}))
        if names[aid]:
            log.append(("tagged", aid, {"added": [tags.normalise_tag(n) for n in names[aid]]}))
    events.log_many(db, log)
    return ids


def insert_capture(db: Database, article_id: int, capture: Capture) -> None:
    """Record one more capture of an article (a link-only article's page, fetched later)."""
    db.table("captures").insert(capture_to_row(capture, article_id))


def update_article(db: Database, article_id: int, values: dict[str, Any]) -> None:
    """Set some columns of one article (the caller has checked the names)."""
    db.table("articles").update(article_id, values)


def set_flags(db: Database, ids: Sequence[int], *, starred: bool | None, read: bool | None) -> None:
    """Star/unstar and mark read/unread (``None`` leaves a flag as it is)."""
    stamp = now_iso()
    star = None if starred is None else int(starred)
    seen = None if read is None else int(read)
    db.conn.executemany(
        "UPDATE articles SET starred = coalesce(?, starred), read = coalesce(?, read), updated_at = ? WHERE id = ?",
        [(star, seen, stamp, i) for i in ids],
    )


def touch(db: Database, ids: Sequence[int]) -> None:
    """Mark articles as changed now (their tags or photos changed)."""
    stamp = now_iso()
    db.conn.executemany("UPDATE articles SET updated_at = ? WHERE id = ?", [(stamp, i) for i in ids])


def set_deleted(db: Database, ids: Sequence[int], value: str | None) -> None:
    """Move articles to the trash (``value`` is the time) or back out of it (``None``)."""
    stamp = now_iso()
    db.conn.executemany(
        "UPDATE articles SET deleted_at = ?, updated_at = ? WHERE id = ?", [(value, stamp, i) for i in ids]
    )


def replace_photos(db: Database, article_id: int, photos: Sequence[Photo]) -> None:
    """Make ``photos`` the article's photo list, in this order: photos with an id are kept and updated, the
    others added, and the article's photos not in the list removed."""
    keep = [p.id for p in photos if p.id is not None]
    own = {r[0] for r in db.conn.execute(f"SELECT id FROM photos WHERE article_id = ? AND id IN ({marks(keep)})",
                                         [article_id, *keep])}  # fmt: skip
    strays = [i for i in keep if i not in own]
    if strays:
        raise CuttingsError(f"Photo {strays[0]} is not one of article {article_id}'s photos; it cannot be kept there.")
    db.conn.execute(f"DELETE FROM photos WHERE article_id = ? AND id NOT IN ({marks(keep)})", [article_id, *keep])
    table = db.table("photos")
    for position, photo in enumerate(photos):
        row = photo_to_row(photo, article_id, position)
        if photo.id is not None:
            table.update(photo.id, row)
        else:
            photo.id = int(table.insert(row).last_pk or 0)
    touch(db, [article_id])


def purge(db: Database, ids: Sequence[int]) -> dict[str, str]:
    """Delete articles for good, and the blobs only they used. Returns those blobs' ``{sha256: ext}``, whose
    files the caller removes after commit."""
    shas: set[str] = set()
    for chunk in chunks(ids):
        shas.update(
            r[0]
            for r in db.conn.execute(
                f"SELECT sha256 FROM photos WHERE article_id IN ({marks(chunk)}) AND sha256 IS NOT NULL "
                f"UNION SELECT raw_sha256 FROM captures WHERE article_id IN ({marks(chunk)}) AND raw_sha256 IS NOT NULL "
                f"UNION SELECT ocr_sha256 FROM captures WHERE article_id IN ({marks(chunk)}) AND ocr_sha256 IS NOT NULL",
                [*chunk, *chunk, *chunk],
            )
        )
        db.conn.execute(f"DELETE FROM articles WHERE id IN ({marks(chunk)})", chunk)
    orphans = [s for s in sorted(shas) if not _blob_in_use(db, s)]
    exts: dict[str, str] = {}
    for chunk in chunks(orphans):
        exts.update(db.conn.execute(f"SELECT sha256, ext FROM blobs WHERE sha256 IN ({marks(chunk)})", chunk).fetchall())
    db.conn.executemany("DELETE FROM blobs WHERE sha256 = ?", [(s,) for s in orphans])
    return exts


def _blob_in_use(db: Database, sha: str) -> bool:
    row = db.conn.execute(
        "SELECT 1 FROM photos WHERE sha256 = ? UNION ALL SELECT 1 FROM captures WHERE raw_sha256 = ? "
        "UNION ALL SELECT 1 FROM captures WHERE ocr_sha256 = ? LIMIT 1", (sha, sha, sha)
    ).fetchone()
    return row is not None
