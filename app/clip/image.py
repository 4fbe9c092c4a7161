"""Clip a lone photo file: an article whose photo is the cutting (a scan, a photographed page)."""

from __future__ import annotations

from pathlib import Path

from app import __version__
from app.clip.photos import TITLE_LIMIT, clean_exif_text, exif_date, inspect_image
from app.model import Article, Capture, ClipResult
from app.timeutil import now_iso


def clip_image_file(path: Path) -> ClipResult:
    data = path.read_bytes()
    photo = inspect_image(data, path.name)
    raw = photo.data
    title = photo.exif.get("ImageDescription") or path.stem.replace("_", " ").replace("-", " ").strip()
    title = clean_exif_text(title, TITLE_LIMIT)  # EXIF is cleaned already; a file name may hold anything too
    published = exif_date(photo.exif.get("DateTime", ""))
    article = Article(title=title, published=published, photos=[photo])
    capture = Capture(method="image", raw=raw, mime=photo.mime or "", filename=path.name, fetched_at=now_iso(),
                      tool_version=f"cuttings {__version__}")
    photo.data = raw
    return ClipResult(article=article, capture=capture)
