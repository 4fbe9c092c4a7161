"""Pick the right extractor for a file, folder, URL or standard input."""

from __future__ import annotations

from pathlib import Path

from app.errors import UnsupportedInput
from app.model import ClipResult

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SCAN_SUFFIXES = {".tif", ".tiff", ".bmp", ".pdf"}  # read by OCR (app/clip/scan_source.py)


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def clip_source(source: str | Path, *, allow_network: bool = True, ocr: bool | None = None,
                lang: str = "auto") -> ClipResult:
    """Extract an article from a path (file or saved-page folder) or an http(s) URL; store nothing.

    ``ocr``: True reads an image or PDF as a scanned cutting, False keeps an image as a photo, None decides by
    looking (an image that is mostly text is a scan); ``lang`` is Tesseract's, e.g. ``eng+kor``.
    """
    if isinstance(source, str) and is_url(source):
        if not allow_network:
            raise UnsupportedInput(f"{source}: fetching URLs is switched off here.")
        from app.clip.web import clip_url

        return clip_url(source)
    path = Path(source)
    if not path.exists():
        raise UnsupportedInput(f"{path}: no such file or folder. Give a text, Markdown, HTML or image file, a folder, or a URL.")
    if path.is_dir():
        from app.clip.web import clip_saved_page_folder

        return clip_saved_page_folder(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        from app.clip.web import clip_html_file

        return clip_html_file(path)
    if suffix in MARKDOWN_SUFFIXES:
        from app.clip.markdown import clip_markdown

        return clip_markdown(path.read_bytes(), filename=path.name, folder=path.parent)
    if suffix in SCAN_SUFFIXES or (suffix in IMAGE_SUFFIXES and ocr is not False):
        from app.clip.scan_source import clip_scan_file

        return clip_scan_file(path, ocr=ocr, lang=lang)
    if suffix in IMAGE_SUFFIXES:
        from app.clip.image import clip_image_file

        return clip_image_file(path)
    if suffix in TEXT_SUFFIXES or _looks_textual(path):
        from app.clip.text import clip_text_file

        return clip_text_file(path)
    raise UnsupportedInput(
        f"{path}: {suffix} files are not something Cuttings can clip. Use text (.txt), Markdown (.md), "
        "HTML (.html), an image (.jpg/.png/.gif/.webp), a saved-page folder or a URL."
    )


def clip_bytes(data: bytes, *, kind: str = "auto", base_url: str = "", filename: str = "") -> ClipResult:
    """Extract from bytes (standard input, the clipboard): ``kind`` is ``text``, ``markdown``, ``html`` or ``auto``."""
    if kind == "auto":
        kind = sniff_kind(data)
    if kind == "html":
        from app.clip.web import clip_html_bytes

        return clip_html_bytes(data, base_url=base_url)
    if kind == "markdown":
        from app.clip.markdown import clip_markdown

        return clip_markdown(data, filename=filename)
    from app.clip.text import clip_text

    return clip_text(data, filename=filename)


def sniff_kind(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<meta", b"<article", b"<div", b"<p>", b"<p ", b"<h1")):
        return "html"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def _looks_textual(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(4096)
    return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))
