"""Markdown export: one folder per article, ``YYYY-MM-DD-slug/index.md`` with its photos in ``assets/``.

The file is what :func:`app.clip.markdown.clip_markdown` reads back: YAML front matter, a ``# Title``
heading, then the body with each photo where it stands in the article (see :mod:`app.photo_layout`) as
``![alt](assets/…)`` with ``*Caption* — Credit`` on the next line.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from app.export.atomic import atomic_folder
from app.export.names import UniqueNames, article_stem
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.media import ext_for
from app.model import Article, Photo
from app.photo_layout import layout

if TYPE_CHECKING:
    from app.archive import Archive

INDEX = "index.md"
ASSETS = "assets"


def front_matter(article: Article) -> dict[str, Any]:
    """The YAML keys the Markdown clipper reads back (empty ones left out)."""
    meta: dict[str, Any] = {
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "source": article.source,
        "published": article.published,
        "place": article.place,
        "url": article.url or article.canonical_url,
        "tags": list(article.tags),
        "clipped": article.clipped_at,
        "id": article.uid,
        "language": article.language,
        "sha256": article.content_hash,
        "canonical_url": article.canonical_url if article.canonical_url != article.url else "",
    }
    meta = {k: v for k, v in meta.items() if v not in ("", [], None)}
    unattached = [{"caption": p.caption, "credit": p.credit} for p in article.photos if not p.sha256]
    if unattached:
        meta["captions_without_image"] = unattached
    return meta


def caption_line(photo: Photo) -> str:
    """``*Caption* — Credit`` on one line (the emphasis mark chosen so the caption cannot close it early)."""
    caption = " ".join(photo.caption.split())
    credit = " ".join(photo.credit.split())
    if not caption and not credit:
        return ""
    if not caption:
        return f"({credit})"
    mark = "_" if "*" in caption and "_" not in caption else "*"
    return f"{mark}{caption}{mark}" + (f" — {credit}" if credit else "")


def article_markdown(article: Article, assets: dict[int, str], original: str = "") -> str:
    """The Markdown file of one article; ``assets`` maps photo positions to their relative paths, ``original``
    is the relative path of the scan it was read from (linked at the end)."""
    head = yaml.safe_dump(front_matter(article), allow_unicode=True, sort_keys=False, width=10_000)
    parts = [f"---\n{head}---", f"# {' '.join(article.title.split())}" if article.title else ""]
    order = layout(article.body, len(article.photos))
    for part in [*order.parts, *order.more]:
        if isinstance(part, str):
            parts.append(part.strip())
        elif part in assets:
            photo = article.photos[part]
            alt = " ".join(photo.alt.split()).replace("[", "(").replace("]", ")")
            block = f"![{alt}]({assets[part]})"
            line = caption_line(photo)
            parts.append(f"{block}\n{line}" if line else block)
    if original:
        parts.append(f"[Original scan]({original})")
    return "\n\n".join(p for p in parts if p) + "\n"


def write_article_folder(archive: Archive, article: Article, folder: Path) -> Path:
    """Write ``folder/index.md`` and ``folder/assets/`` for one article; returns the index file."""
    folder.mkdir(parents=True)
    assets: dict[int, str] = {}
    for index, photo in enumerate(article.photos):
        if not photo.sha256:
            continue
        source = archive.blob_path(photo.sha256)
        name = f"photo-{index + 1:02d}{source.suffix or ext_for(photo.mime or '')}"
        (folder / ASSETS).mkdir(exist_ok=True)
        shutil.copyfile(source, folder / ASSETS / name)
        assets[index] = f"{ASSETS}/{name}"
    original = _copy_original(archive, article, folder)
    path = folder / INDEX
    path.write_text(article_markdown(article, assets, original), encoding="utf-8", newline="\n")
    return path


def _copy_original(archive: Archive, article: Article, folder: Path) -> str:
    """Copy a scanned article's scan (and its OCR word boxes, hOCR) into ``assets/``; its relative path or ""."""
    if article.id is None:
        return ""
    for capture in archive.captures(article.id):
        if capture.method in {"scan", "pdf"} and capture.raw_sha256:
            source = archive.blob_path(capture.raw_sha256)
            name = f"original-scan{source.suffix or ext_for(capture.mime)}"
            (folder / ASSETS).mkdir(exist_ok=True)
            shutil.copyfile(source, folder / ASSETS / name)
            if capture.ocr_sha256:
                shutil.copyfile(archive.blob_path(capture.ocr_sha256), folder / ASSETS / "original-scan.hocr")
            return f"{ASSETS}/{name}"
    return ""


def write_markdown_tree(archive: Archive, ids: Sequence[int], root: Path, *, progress: Progress = no_progress,
                        cancelled: CancelCheck = never_cancelled) -> list[Path]:
    """One folder per article under ``root`` (which must exist); returns the article folders."""
    names = UniqueNames()
    folders = []
    for done, article_id in enumerate(ids):
        check_cancel(cancelled)
        article = archive.get(article_id)
        folder = root / names.take(article_stem(article))
        write_article_folder(archive, article, folder)
        folders.append(folder)
        progress(done + 1, len(ids), article.title)
    return folders


def export_markdown(archive: Archive, ids: Sequence[int], out: Path, *, progress: Progress = no_progress,
                    cancelled: CancelCheck = never_cancelled) -> list[Path]:
    """Export to the new folder ``out`` (built aside, renamed when complete); returns the ``index.md`` files."""
    with atomic_folder(out) as tmp:
        folders = write_markdown_tree(archive, ids, tmp, progress=progress, cancelled=cancelled)
    return [out / f.name / INDEX for f in folders]
