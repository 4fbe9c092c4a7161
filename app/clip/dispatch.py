"""Pick the right extractor for a file, folder, URL or standard input."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from app.errors import UnsupportedInput
from app.model import ClipResult

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SCAN_SUFFIXES = {".tif", ".tiff", ".bmp", ".pdf"}  # read by OCR (app/clip/scan_source.py)
SVG_SUFFIXES = {".svg", ".svgz"}
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a text or Markdown cutting: about 300,000 words, ten times a long report
MAX_HTML_BYTES = 20 * 1024 * 1024  # a saved page, as for a downloaded one
MAX_BODY_CHARS = 2 * 1024 * 1024  # the text one article may hold, however it came in
_SVG_HEAD = re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]", re.I | re.S)


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

        return check_body(clip_url(source), source)
    path = Path(source)
    if not path.exists():
        raise UnsupportedInput(f"{path}: no such file or folder. Give a text, Markdown, HTML or image file, a folder, or a URL.")
    if not path.is_dir() and not path.is_file():
        raise UnsupportedInput(f"{path}: {special_file_reason(path)}")
    if path.is_dir():
        from app.clip.web import clip_saved_page_folder

        return check_body(clip_saved_page_folder(path), path.name)
    return check_body(_clip_file(path, ocr, lang), path.name)


def _clip_file(path: Path, ocr: bool | None = None, lang: str = "auto") -> ClipResult:
    suffix = path.suffix.lower()
    if suffix in SVG_SUFFIXES:
        raise UnsupportedInput(f"{path.name}: {SVG_REFUSED}")
    if suffix in HTML_SUFFIXES:
        from app.clip.web import clip_html_file

        _check_size(path, MAX_HTML_BYTES, "a saved page")
        return clip_html_file(path)
    if suffix in MARKDOWN_SUFFIXES:
        from app.clip.markdown import clip_markdown

        _check_size(path, MAX_TEXT_BYTES, "a Markdown cutting")
        return clip_markdown(path.read_bytes(), filename=path.name, folder=path.parent)
    if suffix in SCAN_SUFFIXES or (suffix in IMAGE_SUFFIXES and ocr is not False):
        from app.clip.scan_source import clip_scan_file

        return clip_scan_file(path, ocr=ocr, lang=lang)
    if suffix in IMAGE_SUFFIXES:
        from app.clip.image import clip_image_file

        return clip_image_file(path)
    if suffix in TEXT_SUFFIXES or _looks_textual(path):
        from app.clip.text import clip_text_file

        if _is_svg(_head(path)):
            raise UnsupportedInput(f"{path.name}: {SVG_REFUSED}")
        _check_size(path, MAX_TEXT_BYTES, "a text cutting")
        return clip_text_file(path)
    raise UnsupportedInput(
        f"{path}: {suffix} files are not something Cuttings can clip. Use text (.txt), Markdown (.md), "
        "HTML (.html), an image (.jpg/.png/.gif/.webp), a saved-page folder or a URL."
    )


# Refused rather than rasterised: drawing an SVG means running a renderer over untrusted XML that may carry
# scripts, external references and entity bombs; and kept as text it is markup, not a cutting.
SVG_REFUSED = ("an SVG drawing is not clipped: it is a program-like XML file that may carry scripts and links to "
               "other files, and Cuttings keeps pictures as JPEG, PNG, GIF or WebP. Export it as PNG and clip that.")


def clip_bytes(data: bytes, *, kind: str = "auto", base_url: str = "", filename: str = "") -> ClipResult:
    """Extract from bytes (standard input, the clipboard): ``kind`` is ``text``, ``markdown``, ``html`` or ``auto``."""
    name = filename or "the text given"
    if _is_svg(data[:4096]):
        raise UnsupportedInput(f"{name}: {SVG_REFUSED}")
    limit = MAX_HTML_BYTES if kind == "html" or (kind == "auto" and sniff_kind(data) == "html") else MAX_TEXT_BYTES
    if len(data) > limit:
        raise UnsupportedInput(_too_big(name, len(data), limit, "a cutting"))
    if kind == "auto":
        kind = sniff_kind(data)
    if kind == "html":
        from app.clip.web import clip_html_bytes

        return check_body(clip_html_bytes(data, base_url=base_url), name)
    if kind == "markdown":
        from app.clip.markdown import clip_markdown

        return check_body(clip_markdown(data, filename=filename), name)
    from app.clip.text import clip_text

    return check_body(clip_text(data, filename=filename), name)


def check_body(result: ClipResult, name: str) -> ClipResult:
    """Refuse an article whose text is past :data:`MAX_BODY_CHARS`: every later search that hits it would pay
    for it (a 50 MB body took seconds per search). Nothing is stored; the user can split the file."""
    size = len(result.article.body)
    if size > MAX_BODY_CHARS:
        raise UnsupportedInput(
            f"{name}: its text is {size:,} characters; one cutting holds at most {MAX_BODY_CHARS:,} "
            "(about 300,000 words). Split it into smaller files and import those. Nothing was stored."
        )
    return result


def _check_size(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if size > limit:
        raise UnsupportedInput(_too_big(path.name, size, limit, what))


def _too_big(name: str, size: int, limit: int, what: str) -> str:
    return (f"{name}: {size / (1024 * 1024):.1f} MB is more than {what} may be ({limit // (1024 * 1024)} MB). "
            "Split it into smaller files and import those. Nothing was stored.")


def _is_svg(head: bytes) -> bool:
    return bool(_SVG_HEAD.match(head))


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(4096)


def sniff_kind(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<meta", b"<article", b"<div", b"<p>", b"<p ", b"<h1")):
        return "html"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def special_file_reason(path: Path) -> str:
    """What a path that is neither a folder nor a regular file is, and that Cuttings will not open it (a FIFO
    would wait for a writer for ever; a device never ends)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})."
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{kind}, not a regular file; Cuttings does not open it (skipped)."


def _looks_textual(path: Path) -> bool:
    head = _head(path)
    return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))
