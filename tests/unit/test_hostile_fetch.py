"""Hostile servers on 127.0.0.1: a byte at a time (page, headers, photo), passwords in addresses, gzip bodies."""

from __future__ import annotations

import contextlib
import gzip
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from app.archive import Archive
from app.cli import main
from app.clip.fetch import fetch, redact
from app.clip.web import clip_url
from app.errors import FetchError
from tests.loopback import serve

WEB = Path(__file__).resolve().parents[2] / "resources" / "samples" / "web"
PAGE = (WEB / "harbour-archive.html").read_bytes()
DRIP = 0.05  # seconds between bytes: 400 bytes would take 20 s
PHOTO_PAGE = b"""<!DOCTYPE html><html><head><title>Slow photo</title></head><body><article><h1>Slow photo</h1>
<p>The first paragraph of an article whose only photo comes from a server that sends a byte at a time.</p>
<figure><img src="/drip-photo.jpg" alt="Slow"><figcaption>A photo that never quite arrives.</figcaption></figure>
<p>The second paragraph says more about the story, so that there is a real body to clip here.</p>
</article></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _drip(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(DRIP)

    def _send(self, ctype: str, body: bytes, extra: dict[str, str] | None = None, *, drip: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.flush()
        if drip:
            self._drip(body)
        else:
            with contextlib.suppress(OSError):
                self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/drip-page":
            self._send("text/html", b"<html><body>" + b"x" * 400 + b"</body></html>", drip=True)
        elif self.path == "/drip-headers":
            self._drip(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: " + b"y" * 400 + b"\r\n\r\n")
        elif self.path == "/photo-page":
            self._send("text/html; charset=utf-8", PHOTO_PAGE)
        elif self.path == "/drip-photo.jpg":
            self._send("image/jpeg", (WEB / "images" / "reading-room.jpg").read_bytes(), drip=True)
        elif self.path == "/gzip":
            self._send("text/html; charset=utf-8", gzip.compress(PAGE), {"Content-Encoding": "gzip"})
        elif self.path == "/gzip-bomb":
            self._send("text/html", gzip.compress(b"<p>" + b"a" * (8 * 1024 * 1024)), {"Content-Encoding": "gzip"})
        elif self.path == "/brotli":
            self._send("text/html", b"\x1b\x03\x00\xf8", {"Content-Encoding": "br"})
        elif self.path == "/to-secret":
            self.send_response(302)
            self.send_header("Location", f"http://editor:hunter2@127.0.0.1:{self.server.server_port}/gzip")
            self.end_headers()
        else:
            self._send("text/html", b"<p>ok</p>")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


@pytest.mark.parametrize(("path", "message"), [
    ("/drip-page", "took more than 1 seconds in all"),
    ("/drip-headers", r"1 seconds .*too slow"),
])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_limit(server: str, path: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=message):
        fetch(f"{server}{path}", timeout=1)
    assert time.monotonic() - started < 5.0  # 20 s of drip, cut at 1 s (room for a busy machine)


def test_a_photo_sent_a_byte_at_a_time_is_cut_off_and_the_page_still_clips(server: str) -> None:
    started = time.monotonic()
    result = clip_url(f"{server}/photo-page", timeout=1)
    assert time.monotonic() - started < 8.0  # the photo alone would drip for hours
    assert result.article.title == "Slow photo" and "first paragraph" in result.article.body
    assert any("took more than 1 seconds" in w for w in result.warnings), result.warnings


def test_a_password_in_the_address_is_refused_and_never_printed(server: str, archive: Archive,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://editor:hunter2@{server.removeprefix('http://')}/gzip"
    with pytest.raises(FetchError, match="with a user name and password in it") as caught:
        fetch(url)
    assert "hunter2" not in str(caught.value) and "editor" not in str(caught.value) and "***@" in str(caught.value)
    with pytest.raises(FetchError, match="redirects to an address with a user name and password") as caught:
        fetch(f"{server}/to-secret")
    assert "hunter2" not in str(caught.value)
    assert main(["--archive", str(archive.path), "clip", url]) == 1
    out = capsys.readouterr()
    assert "user name and password" in out.err and "hunter2" not in out.out + out.err
    assert not archive.ids() and "hunter2" not in str(archive.events())
    assert redact("https://a:b@host:8080/p?q=1") == "https://***@host:8080/p?q=1"


def test_a_gzip_encoded_page_is_decoded(server: str) -> None:
    result = clip_url(f"{server}/gzip")
    assert result.article.title == "Harbour town opens its newspaper morgue to the public"
    assert len(result.article.body) > 500 and result.capture.raw == PAGE
    with pytest.raises(FetchError, match="uncompressed, it passes the 1 MB limit"):
        fetch(f"{server}/gzip-bomb", max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match="compressed as 'br', which Cuttings cannot read"):
        fetch(f"{server}/brotli")


def test_a_password_in_a_base_url_is_not_kept_in_the_capture() -> None:
    from app.clip.web import clip_html_bytes

    html = b"<html><body><article><h1>Title</h1><p>" + b"A paragraph of the story. " * 20 + b"</p></article></body></html>"
    result = clip_html_bytes(html, base_url="https://editor:hunter2@news.example/story")
    assert result.capture.url == result.article.url == "https://***@news.example/story"
    assert "hunter2" not in str(result.capture.to_json())


def test_a_password_in_a_connector_clip_address_is_not_kept() -> None:
    import json

    from app.connector.request import clip_request, parse_clip_request

    html = "<html><body><article><h1>Title</h1><p>" + "A paragraph of the story. " * 20 + "</p></article></body></html>"
    body = json.dumps({"url": "https://editor:hunter2@news.example/story", "html": html, "title": "Title"})
    result = clip_request(parse_clip_request(body.encode()))
    assert result.capture.url == result.article.url == "https://***@news.example/story"
    assert "hunter2" not in str(result.capture.to_json()) + repr(result.article)


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The same handler over TLS, with a self-signed certificate for 127.0.0.1 that this test trusts."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("no openssl to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the default context trusts it
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serve(_Handler, wrap=context) as url:
        yield url.replace("http://", "https://")


def test_the_limit_holds_over_https_too(tls_server: str) -> None:
    assert "Harbour town" in fetch(f"{tls_server}/gzip").body.decode()  # the certificate is trusted: TLS works
    started = time.monotonic()
    with pytest.raises(FetchError, match="took more than 1 seconds in all"):
        fetch(f"{tls_server}/drip-page", timeout=1)
    assert time.monotonic() - started < 5.0
