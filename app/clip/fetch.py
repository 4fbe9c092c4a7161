"""Fetch a web page or image over HTTP(S) with urllib: redirects, timeouts, size cap, type check, charset."""

from __future__ import annotations

import codecs
import contextlib
import http.client
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPResponse
from typing import IO, Any

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


class _Deadline:
    """The limit on a whole fetch. A socket timeout bounds one read, and a server sending a byte a second never
    trips it; so when the time is up a timer shuts down every connection the fetch opened, and the read that
    waits returns at once. The sockets are kept as duplicates: TLS wraps (and detaches) the one it is given."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock.dup())
            if self.expired:
                self._shutdown()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        for sock in self._socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._socks:
                sock.close()
            self._socks.clear()


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> type[http.client.HTTPConnection]:
    """``base`` whose every new socket is handed to ``deadline``."""

    class Watched(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create = getattr(self, "_create_connection")  # noqa: B009 (mypy cannot see its type)

            def create_watched(*a: Any, **kw: Any) -> socket.socket:
                sock = create(*a, **kw)
                deadline.watch(sock)
                return sock

            self._create_connection = create_watched

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req,
                            context=getattr(self, "_context", None))


def fetch(
    url: str,
    *,
    timeout: float = 20,
    max_bytes: int = MAX_PAGE_BYTES,
    accept: tuple[str, ...] = HTML_TYPES,
) -> FetchResult:
    """GET ``url``, following up to 10 redirects; raise :class:`FetchError` with a clear message on failure.

    ``accept`` lists media types; an entry ending in ``/*`` accepts a whole family (``image/*``).
    ``timeout`` (seconds) limits the whole fetch: connecting, redirects, headers and body together.
    A body sent gzip- or deflate-compressed is decompressed (within ``max_bytes``).
    """
    check_url(url)
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(_NoRedirect(), _HTTPHandler(deadline), _HTTPSHandler(deadline))
    try:
        return _fetch(url, opener, deadline, max_bytes, accept)
    finally:
        deadline.close()


def _fetch(url: str, opener: urllib.request.OpenerDirector, deadline: _Deadline, max_bytes: int,
           accept: tuple[str, ...]) -> FetchResult:
    redirects: list[str] = []
    current = url
    while True:
        response = _open(opener, current, deadline)
        status = response.status or 0
        location = response.headers.get("Location")
        if 300 <= status < 400 and location:
            response.close()
            if len(redirects) >= MAX_REDIRECTS:
                raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; giving up at {current}.")
            nxt = urllib.parse.urljoin(current, location)
            check_url(nxt, redirected_from=current)
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
    body = _decompress(current, body, response.headers.get("Content-Encoding", ""), max_bytes)
    ctype = ctype or _sniff(body)
    _check_type(current, ctype, body, accept)
    return FetchResult(url, current, status, headers, redirects, body, ctype, charset)


def check_url(url: str, *, redirected_from: str = "") -> None:
    """Only http(s), and never a user name or password in the address (we would send it, and print it)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{redact(url)}: only http and https addresses can be fetched, not {scheme or 'this'}.")
    if "@" in parts.netloc:
        where = f"{redirected_from} redirects to an address" if redirected_from else "The address"
        raise FetchError(
            f"{where} with a user name and password in it ({redact(url)}); Cuttings does not send passwords "
            "written into addresses. Remove them, or open the page in your browser and clip it from there."
        )


def redact(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``: for messages, never the real thing."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))


def _open(opener: urllib.request.OpenerDirector, url: str,
          deadline: _Deadline) -> HTTPResponse | urllib.error.HTTPError:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*;q=0.8"})
    timeout = deadline.seconds
    try:
        return opener.open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        return exc  # an HTTPError is a response too: 3xx and 4xx/5xx are handled by the caller
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if deadline.expired or isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} seconds (the server is down or too slow).") from exc
        if isinstance(exc, urllib.error.URLError):
            raise FetchError(f"{url}: could not connect ({exc.reason}).") from exc
        raise FetchError(f"{url}: could not connect ({exc}).") from exc


def _too_slow(url: str, deadline: _Deadline) -> FetchError:
    return FetchError(f"{url}: the server took more than {deadline.seconds:g} seconds in all to send it (too slow); "
                      "stopped. Try again later, or save the page in your browser and clip the file.")


def _content_type(headers: Message) -> tuple[str, str | None]:
    ctype = (headers.get_content_type() if headers.get("Content-Type") else "").lower()
    charset = headers.get_content_charset()
    return ctype, (charset.strip().lower() if charset else None)


def _check_length(url: str, length: str | None, max_bytes: int) -> None:
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url}: {_mb(int(length))} is over the {_mb(max_bytes)} limit; not downloaded.")


def _read_capped(
    response: HTTPResponse | urllib.error.HTTPError, url: str, max_bytes: int, deadline: _Deadline
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = response.read(_CHUNK)
            if deadline.expired:
                raise _too_slow(url, deadline)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url}: the download passed the {_mb(max_bytes)} limit; stopped.")
            chunks.append(chunk)
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired:
            raise _too_slow(url, deadline) from exc
        if isinstance(exc, TimeoutError):
            raise FetchError(f"{url}: the server stopped sending (timed out).") from exc
        raise FetchError(f"{url}: the connection broke while downloading ({exc!r}).") from exc
    return b"".join(chunks)


def _decompress(url: str, body: bytes, encoding: str, max_bytes: int) -> bytes:
    """Undo a gzip or deflate Content-Encoding (a server may send one unasked), never past ``max_bytes``."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{url}: the server sent it compressed as {encoding!r}, which Cuttings cannot read.")
    attempts = (zlib.MAX_WBITS | 32,) if encoding != "deflate" else (zlib.MAX_WBITS | 32, -zlib.MAX_WBITS)
    for wbits in attempts:  # "deflate" is zlib-wrapped by the standard, raw by some servers
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise FetchError(f"{url}: uncompressed, it passes the {_mb(max_bytes)} limit; stopped.")
        return out
    raise FetchError(f"{url}: the server said the page was {encoding}-compressed, but it is damaged.")


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
