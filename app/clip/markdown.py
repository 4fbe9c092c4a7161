"""Clip a Markdown cutting (ours or another tool's): YAML front matter, body, local images with captions."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from app import __version__
from app.clip.credits import split_credit
from app.clip.encoding import decode_text
from app.clip.photos import inspect_image
from app.clip.text import guess_language, parse_text_cutting
from app.errors import BadImage, ImageTooLarge, UnsupportedInput
from app.model import Article, Capture, ClipResult, Photo
from app.photo_layout import photo_marker

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"^\s*!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)\s*$")
_EMPHASIS = re.compile(r"^(?P<mark>\*{1,2}|_{1,2})(?P<caption>.+?)(?P=mark)\s*(?:[—–-]+\s*(?P<credit>.*))?$")
_H1 = re.compile(r"^#\s+(?P<title>.*?)(?:\s+#+)?\s*$")
_TEXT_KEYS = ("title", "subtitle", "source", "place", "url", "language")


def clip_markdown(data: bytes, *, filename: str = "", folder: Path | None = None) -> ClipResult:
    """Clip a Markdown file; images inside ``folder`` (usually the file's folder) become photos.

    Without YAML front matter the text is parsed like a plain text cutting.
    """
    name = filename or "the Markdown file"
    text = decode_text(data, name)
    if not text.strip():
        raise UnsupportedInput(f"{name} is empty: there is no text to clip.")
    warnings: list[str] = []
    meta, body = _split_front_matter(text, name, warnings)
    if meta is None:
        article = parse_text_cutting(text)
    else:
        article = _article_from_meta(meta)
        body = _drop_title_heading(body, article)
        article.photos, body = _extract_photos(body, folder, warnings)
        article.photos += _captions_without_image(meta.get("captions_without_image"))
        article.body = body.strip()
        if not article.language:
            article.language = guess_language(f"{article.title} {article.body}")
    for position, photo in enumerate(article.photos):
        photo.position = position
    capture = Capture(
        method="markdown",
        raw=data,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        mime="text/markdown",
        filename=filename,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
    )
    return ClipResult(article=article, capture=capture, warnings=warnings)


def _split_front_matter(text: str, name: str, warnings: list[str]) -> tuple[dict[str, Any] | None, str]:
    match = _FRONT.match(text)
    if match is None:
        return None, text
    try:
        meta = yaml.safe_load(match.group("yaml") or "")
    except yaml.YAMLError as exc:
        warnings.append(f"{name}: the front matter is not valid YAML ({exc.__class__.__name__}); read as plain text.")
        return None, text
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        warnings.append(f"{name}: the front matter is not a list of keys; read as plain text.")
        return None, text
    return meta, text[match.end() :]


def _article_from_meta(meta: dict[str, Any]) -> Article:
    article = Article()
    for key in _TEXT_KEYS:
        setattr(article, key, _as_text(meta.get(key)))
    article.published = _as_date(meta.get("published"))
    article.clipped_at = _as_date(meta.get("clipped"))
    article.uid = _as_text(meta.get("id"))
    article.content_hash = _as_text(meta.get("sha256"))
    article.authors = _as_list(meta.get("authors", meta.get("author")))
    article.tags = _as_list(meta.get("tags"))
    article.canonical_url = _as_text(meta.get("canonical_url")) or article.url
    return article


def _captions_without_image(value: Any) -> list[Photo]:
    """Captions our Markdown export wrote for photos the archive has no image of yet."""
    if not isinstance(value, list):
        return []
    return [
        Photo(caption=_as_text(v.get("caption")), credit=_as_text(v.get("credit")))
        for v in value
        if isinstance(v, dict) and (v.get("caption") or v.get("credit"))
    ]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _as_date(value: Any) -> str:
    """YAML gives dates as date/datetime objects, years as ints; keep ISO text either way."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _as_text(value)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [s for s in (_as_text(v) for v in value) if s]
    return [s.strip() for s in str(value).split(",") if s.strip()]


def _drop_title_heading(body: str, article: Article) -> str:
    """Remove a leading "# Title" (taking it as the title when the front matter has none)."""
    lines = body.lstrip("\n").split("\n")
    match = _H1.match(lines[0]) if lines else None
    if match is None:
        return body
    heading = match.group("title").strip()
    if not article.title:
        article.title = heading
    if " ".join(heading.split()) != " ".join(article.title.split()):
        return body
    return "\n".join(lines[1:])


def _extract_photos(body: str, folder: Path | None, warnings: list[str]) -> tuple[list[Photo], str]:
    """Local images (with the caption line after them) become photos; a marker keeps their place in the body."""
    lines = body.split("\n")
    photos: list[Photo] = []
    kept: list[str] = []
    i = 0
    while i < len(lines):
        match = _IMAGE.match(lines[i])
        target = _resolve(match.group("src"), folder, warnings) if match else None
        if match is None or target is None:
            kept.append(lines[i])
            i += 1
            continue
        photo = _load_photo(target, warnings)
        photo.alt = match.group("alt").strip()
        i += 1
        caption_at = _caption_line(lines, i)
        if caption_at is not None:
            photo.caption, photo.credit = _parse_caption(lines[caption_at])
            i = caption_at + 1
        if photos or any(line.strip() for line in kept):  # a lead photo needs none (see app.photo_layout)
            kept += ["", photo_marker(len(photos)), ""]  # the photo stays where it stood
        photos.append(photo)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return photos, text


def _resolve(src: str, folder: Path | None, warnings: list[str]) -> Path | None:
    """The image file for ``src`` if it is a relative path inside ``folder``; remote images stay in the body."""
    if folder is None or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE) or src.startswith("//"):
        return None
    root = Path(folder).resolve()
    target = (root / src).resolve()
    if not target.is_relative_to(root):
        warnings.append(f"{src}: the image is outside the cutting's folder and was left as a link.")
        return None
    if not target.is_file():
        warnings.append(f"{src}: the image file is missing and was left as a link.")
        return None
    return target


def _load_photo(path: Path, warnings: list[str]) -> Photo:
    try:
        return inspect_image(path.read_bytes(), path.name)
    except (BadImage, ImageTooLarge, OSError) as exc:
        warnings.append(f"The photo was not attached: {exc}")
        return Photo()


def _caption_line(lines: list[str], start: int) -> int | None:
    """Index of the caption after an image: the next line, or the next paragraph if it is emphasised."""
    if start < len(lines) and lines[start].strip():
        return start if not _IMAGE.match(lines[start]) else None
    j = start
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and j - start <= 1 and _EMPHASIS.match(lines[j].strip()):
        return j
    return None


def _parse_caption(line: str) -> tuple[str, str]:
    """"*Caption* — Credit", "_Caption_", or "Caption (Credit)" as (caption, credit)."""
    text = line.strip()
    match = _EMPHASIS.match(text)
    if match:
        caption, credit = match.group("caption").strip(), (match.group("credit") or "").strip()
        if not credit:
            caption, credit = split_credit(caption)
        return caption, credit
    return split_credit(text)
