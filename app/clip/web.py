"""Entry points for clipping from the web: HTML files, saved-page folders, URLs, HTML bytes, re-extraction."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import trafilatura

import app
from app.clip.fetch import decode_html, fetch, redact
from app.clip.html import extract_html
from app.clip.html_photos import Resources
from app.errors import ImageTooLarge, UnsupportedInput
from app.model import Capture, ClipResult

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_IMAGE_BYTES = 25 * 1024 * 1024
IMAGE_TYPES = ("image/*", "application/octet-stream", "binary/octet-stream")


def tool_version() -> str:
    """Versions that shaped an extraction, stored with each capture."""
    return f"cuttings {app.__version__}; trafilatura {trafilatura.__version__}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _capture(method: str, raw: bytes, **fields: object) -> Capture:
    capture = Capture(
        method=method,
        raw=raw,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        mime="text/html",
        fetched_at=_now(),
        tool_version=tool_version(),
    )
    for key, value in fields.items():
        setattr(capture, key, redact(value) if key in ("url", "final_url") and isinstance(value, str) else value)
    return capture


def without_passwords(result: ClipResult) -> ClipResult:
    """No ``user:password@`` kept from a base URL or an image address (it would be shown and exported)."""
    article = result.article
    article.url, article.canonical_url = redact(article.url or ""), redact(article.canonical_url or "")
    for photo in article.photos:
        photo.original_url = redact(photo.original_url or "")
    return result


def folder_resources(folder: Path, *, allow_network: bool = False, timeout: float = 20) -> Resources:
    """A loader for file:// images inside ``folder`` (never outside it); http(s) only if allowed."""
    root = folder.resolve()
    network = network_resources(timeout) if allow_network else None

    def load(url: str) -> bytes | None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return network(url) if network else None
        if parts.scheme != "file":
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(root):
            raise UnsupportedInput(f"{path.name} is outside the page's folder; Cuttings does not read it.")
        if not path.is_file():
            return None
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ImageTooLarge(
                f"{path.name}: over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit for a photo."
            )
        return path.read_bytes()

    return load


def network_resources(timeout: float = 20) -> Resources:
    """A loader that downloads http(s) images with a size cap (FetchError explains failures)."""

    def load(url: str) -> bytes | None:
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        return fetch(url, timeout=timeout, max_bytes=MAX_IMAGE_BYTES, accept=IMAGE_TYPES).body

    return load


def clip_html_file(path: Path, *, allow_network: bool = False) -> ClipResult:
    """Clip a saved .html/.htm page; its images are read from its folder (``page_files/`` included)."""
    path = Path(path)
    if path.suffix.lower() not in HTML_SUFFIXES:
        raise UnsupportedInput(f"{path.name}: not an HTML file (.html or .htm).")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnsupportedInput(f"{path}: could not be read ({exc.strerror or exc}).") from exc
    capture = _capture("html", raw, filename=path.name)
    return without_passwords(extract_html(
        raw,
        base_url=path.resolve().as_uri(),
        resources=folder_resources(path.parent, allow_network=allow_network),
        capture=capture,
    ))


def clip_saved_page_folder(path: Path, *, allow_network: bool = False) -> ClipResult:
    """Clip a folder holding one saved page (.html/.htm) and its files."""
    path = Path(path)
    pages = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in HTML_SUFFIXES)
    if not pages:
        raise UnsupportedInput(f"{path}: no .html or .htm page in this folder.")
    if len(pages) > 1:
        index = [p for p in pages if p.stem.lower() == "index"]
        if len(index) != 1:
            names = ", ".join(p.name for p in pages[:5])
            raise UnsupportedInput(f"{path}: several pages ({names}); clip one of them as a file instead.")
        pages = index
    return clip_html_file(pages[0], allow_network=allow_network)


def clip_url(url: str, *, timeout: float = 20) -> ClipResult:
    """Fetch ``url`` and clip it, downloading its photos."""
    result = fetch(url, timeout=timeout)
    capture = _capture(
        "url",
        result.body,
        mime=result.content_type or "text/html",
        url=url,
        final_url=result.final_url,
        http_status=result.status,
        http_headers=result.headers,
        redirects=result.redirects,
        filename=Path(urlsplit(result.final_url).path).name,
    )
    html = decode_html(result.body, result.charset)
    return without_passwords(extract_html(
        html, base_url=result.final_url, resources=network_resources(timeout), capture=capture
    ))


def clip_html_bytes(
    data: bytes, *, base_url: str = "", allow_network: bool = False, timeout: float = 20
) -> ClipResult:
    """Clip HTML from standard input or the clipboard: data: images are decoded; http(s) ones fetched only
    when ``base_url`` is given and ``allow_network`` is true."""
    capture = _capture("html", data, url=base_url)
    loader = network_resources(timeout) if (allow_network and base_url) else None
    return without_passwords(extract_html(data, base_url=base_url, resources=loader, capture=capture))


def reextract(capture: Capture, raw: bytes, resources: Resources | None = None) -> ClipResult:
    """Run extraction again on a stored capture (after an upgrade): same bytes, same base URL, no fetching."""
    headers = Message()
    for key, value in capture.http_headers.items():
        headers[key] = value
    html = decode_html(raw, headers.get_content_charset())
    base = capture.final_url or capture.url
    return without_passwords(extract_html(html, base_url=base, resources=resources, capture=capture))
