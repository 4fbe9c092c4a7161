"""Fetch a web page or image over HTTP(S) with urllib: redirects, timeouts, size cap, type check, charset."""

from __future__ import annotations

import codecs
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPResponse
from typing import IO

from charset_normalizer import from_bytes

import app
from app.errors import FetchError

MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
USER_AGENT = f"Cuttings/{app.__version__} (desktop press-cuttings archive; +https://github.com/cuttings)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# WHATWG: these labels mean windows-1252 on the web.
_WEB_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}
_MAGIC = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
)


@dataclass
class FetchResult:
    """What came back from a URL, after redirects."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    redirects: list[str] = field(default_factory=list)
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Let 3xx responses through as HTTPError so we follow (and record) them ourselves."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str
    ) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def fetch(
    url: str,
    *,
    timeout: float = 20,
    max_bytes: int = MAX_PAGE_BYTES,
    accept: tuple[str, ...] = HTML_TYPES,
) -> FetchResult:
    """GET ``url``, following up to 10 redirects; raise :class:`FetchError` with a clear message on failure.

    ``accept`` lists media types; an entry ending in ``/*`` accepts a whole family (``image/*``).
    ``timeout`` applies to each socket operation and to the whole download.
    """
    _check_scheme(url)
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    while True:
        response = _open(current, timeout)
        status = response.status or 0
        location = response.headers.get("Location")
        if 300 <= status < 400 and location:
            response.close()
            if len(redirects) >= MAX_REDIRECTS:
                raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; giving up at {current}.")
            nxt = urllib.parse.urljoin(current, location)
            _check_scheme(nxt)
            redirects.append(nxt)
            current = nxt
            continue
        break
    try:
        if status >= 400:
            raise FetchError(
                f"{current}: the server answered HTTP {status} {response.reason or ''}".rstrip() + "."
            )
        headers = {k: v for k, v in response.headers.items()}
        ctype, charset = _content_type(response.headers)
        _check_length(current, response.headers.get("Content-Length"), max_bytes)
        body = _read_capped(response, current, max_bytes, deadline)
    finally:
        response.close()
    ctype = ctype or _sniff(body)
    _check_type(current, ctype, body, accept)
    return FetchResult(url, current, status, headers, redirects, body, ctype, charset)


def _check_scheme(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https addresses can be fetched, not {scheme or 'this'}.")


def _open(url: str, timeout: float) -> HTTPResponse | urllib.error.HTTPError:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*;q=0.8"})
    try:
        return _OPENER.open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        return exc  # an HTTPError is a response too: 3xx and 4xx/5xx are handled by the caller
    except TimeoutError as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} seconds.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds.") from exc
        raise FetchError(f"{url}: could not connect ({exc.reason}).") from exc
    except (OSError, ValueError) as exc:
        raise FetchError(f"{url}: could not connect ({exc}).") from exc


def _content_type(headers: Message) -> tuple[str, str | None]:
    ctype = (headers.get_content_type() if headers.get("Content-Type") else "").lower()
    charset = headers.get_content_charset()
    return ctype, (charset.strip().lower() if charset else None)


def _check_length(url: str, length: str | None, max_bytes: int) -> None:
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url}: {_mb(int(length))} is over the {_mb(max_bytes)} limit; not downloaded.")


def _read_capped(
    response: HTTPResponse | urllib.error.HTTPError, url: str, max_bytes: int, deadline: float
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: the download passed the {_mb(max_bytes)} limit; stopped.")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: the download took too long; stopped.")
            chunks.append(chunk)
    except TimeoutError as exc:
        raise FetchError(f"{url}: the server stopped sending (timed out).") from exc
    except OSError as exc:
        raise FetchError(f"{url}: the connection broke while downloading ({exc}).") from exc
    return b"".join(chunks)


def _sniff(body: bytes) -> str:
    head = body[:512].lstrip().lower()
    for magic, ctype in _MAGIC:
        if body.startswith(magic):
            return ctype
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "text/html"
    return ""


def _check_type(url: str, ctype: str, body: bytes, accept: tuple[str, ...]) -> None:
    sniffed = next((t for magic, t in _MAGIC if body.startswith(magic)), "")
    if sniffed and _accepts(accept, ctype) and not _accepts(accept, sniffed):
        ctype = sniffed  # a PDF labelled text/html is still a PDF
    if not _accepts(accept, ctype):
        wanted = "a web page" if set(accept) & set(HTML_TYPES) else " or ".join(accept)
        raise FetchError(f"{url}: this is {ctype or 'an unknown type of file'}, not {wanted}.")


def _accepts(accept: tuple[str, ...], ctype: str) -> bool:
    return any(ctype == a or (a.endswith("/*") and ctype.startswith(a[:-1])) for a in accept)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """Decode HTML bytes: BOM, then the HTTP charset, then <meta charset>/http-equiv, then detection."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body.decode(enc, errors="replace").lstrip("\ufeff")
    meta = _META_CHARSET.search(body[:4096])
    candidates = [header_charset, meta.group(1).decode("ascii", "ignore") if meta else None]
    for label in candidates:
        codec = _codec(label)
        if codec:
            try:
                return body.decode(codec)
            except UnicodeDecodeError:
                continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    codec = _codec(best.encoding) if best else None
    return body.decode(codec or "cp1252", errors="replace")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
