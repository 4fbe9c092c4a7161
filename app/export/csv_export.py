"""The metadata of a selection as one CSV file (UTF-8 with a BOM, so spreadsheet programs read it right)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.export.atomic import atomic_file
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import Article
from app.photo_layout import word_count

if TYPE_CHECKING:
    from app.archive import Archive

COLUMNS = (
    "id", "uid", "title", "subtitle", "authors", "source", "place", "published", "url", "canonical_url",
    "language", "tags", "photos", "words", "starred", "read", "clipped_at", "updated_at", "content_hash",
)  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list: a spreadsheet runs a cell starting so


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula gets a leading ``'`` (OWASP's rule); numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(article: Article) -> dict[str, Any]:
    """One article's row; lists are joined with ``; `` and formula-like text is neutralised."""
    return {key: safe_cell(value) for key, value in _row(article).items()}


def _row(article: Article) -> dict[str, Any]:
    return {
        **{k: getattr(article, k) for k in ("id", "uid", "title", "subtitle", "source", "place", "published", "url",
                                           "canonical_url", "language", "clipped_at", "updated_at", "content_hash")},
        "authors": "; ".join(article.authors),
        "tags": "; ".join(article.tags),
        "photos": len(article.photos),
        "words": word_count(article.body),
        "starred": int(article.starred),
        "read": int(article.read),
    }


def export_csv(archive: Archive, ids: Sequence[int], out: Path, *, progress: Progress = no_progress,
               cancelled: CancelCheck = never_cancelled) -> list[Path]:
    """Write one row per article to ``out``."""
    with atomic_file(out) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for done, article_id in enumerate(ids):
            check_cancel(cancelled)
            article = archive.get(article_id)
            writer.writerow(csv_row(article))
            if done % 50 == 0 or done + 1 == len(ids):
                progress(done + 1, len(ids), article.title)
    return [out]
