"""Turn database rows into model objects and back."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.model import Article, Capture, Photo

ARTICLE_FIELDS = (
    "uid", "title", "subtitle", "authors", "source", "place", "published", "modified", "url",
    "canonical_url", "language", "body", "notes", "starred", "read", "deleted_at", "clipped_at",
    "updated_at", "content_hash", "dropped",
)  # fmt: skip
EDITABLE_FIELDS = frozenset(
    {"title", "subtitle", "authors", "source", "place", "published", "modified", "url", "canonical_url",
     "language", "body", "notes", "starred", "read", "dropped"}
)  # fmt: skip


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        uid=row["uid"],
        title=row["title"],
        subtitle=row["subtitle"],
        authors=json.loads(row["authors"] or "[]"),
        source=row["source"],
        place=row["place"],
        published=row["published"],
        modified=row["modified"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        language=row["language"],
        body=row["body"],
        notes=row["notes"],
        starred=bool(row["starred"]),
        read=bool(row["read"]),
        deleted_at=row["deleted_at"],
        clipped_at=row["clipped_at"],
        updated_at=row["updated_at"],
        content_hash=row["content_hash"],
        dropped=json.loads(row["dropped"] or "[]"),
    )


def article_to_row(article: Article) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    row["authors"] = json.dumps(article.authors, ensure_ascii=False)
    row["dropped"] = json.dumps(article.dropped, ensure_ascii=False)
    row["starred"] = int(article.starred)
    row["read"] = int(article.read)
    return row


def photo_from_row(row: sqlite3.Row) -> Photo:
    return Photo(
        id=row["id"],
        position=row["position"],
        sha256=row["sha256"],
        mime=row["mime"],
        width=row["width"],
        height=row["height"],
        bytes=row["bytes"],
        caption=row["caption"],
        credit=row["credit"],
        alt=row["alt"],
        original_url=row["original_url"],
        exif=json.loads(row["exif"] or "{}"),
    )


def photo_to_row(photo: Photo, article_id: int, position: int) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "sha256": photo.sha256,
        "mime": photo.mime,
        "width": photo.width,
        "height": photo.height,
        "bytes": photo.bytes,
        "caption": photo.caption,
        "credit": photo.credit,
        "alt": photo.alt,
        "original_url": photo.original_url,
        "exif": json.dumps(photo.exif, ensure_ascii=False),
    }


def capture_from_row(row: sqlite3.Row) -> Capture:
    return Capture(
        id=row["id"],
        method=row["method"],
        raw_sha256=row["raw_sha256"],
        mime=row["mime"],
        filename=row["filename"],
        url=row["url"],
        final_url=row["final_url"],
        http_status=row["http_status"],
        http_headers=json.loads(row["http_headers"] or "{}"),
        redirects=json.loads(row["redirects"] or "[]"),
        fetched_at=row["fetched_at"],
        tool_version=row["tool_version"],
        ocr_sha256=row["ocr_sha256"] if "ocr_sha256" in row.keys() else None,  # noqa: SIM118 (sqlite3.Row)
        ocr_mime="text/vnd.hocr+html" if "ocr_sha256" in row.keys() and row["ocr_sha256"] else "",  # noqa: SIM118
    )


def capture_to_row(capture: Capture, article_id: int) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "method": capture.method,
        "raw_sha256": capture.raw_sha256,
        "mime": capture.mime,
        "filename": capture.filename,
        "url": capture.url,
        "final_url": capture.final_url,
        "http_status": capture.http_status,
        "http_headers": json.dumps(capture.http_headers, ensure_ascii=False),
        "redirects": json.dumps(capture.redirects, ensure_ascii=False),
        "fetched_at": capture.fetched_at,
        "tool_version": capture.tool_version,
        "ocr_sha256": capture.ocr_sha256,
    }
