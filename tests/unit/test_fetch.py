"""fetch() and clip_url() against a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from app.clip.fetch import USER_AGENT, fetch
from app.clip.web import clip_url
from app.errors import FetchError
from tests.loopback import serve

WEB = Path(__file__).resolve().parents[2] / "resources" / "samples" / "web"
BIG = 50 * 1024 * 1024
BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Broken photos | Test</title></head>
<body><article><h1>Broken photos</h1>
<figure><img src="broken.jpg" alt="Truncated"><figcaption>A truncated photo.</figcaption></figure>
<p>The first paragraph of an article whose photos are broken, long enough to be the main content.</p>
<figure><img src="fake.png" alt="Fake"><figcaption>A fake photo. (Photo: Nobody)</figcaption></figure>
<figure><img src="images/cabinet.png" alt="Good"><figcaption>A good photo.</figcaption></figure>
<p>The second paragraph says more about the story, so that there is a real body to clip here.</p>
</article></body></html>"""


class _State:
    sent = 0
    stream_done = threading.Event()
    user_agents: ClassVar[list[str]] = []


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (timeout test)
            self.wfile.write(body)

    def do_GET(self) -> None:
        _State.user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path == "/news/harbour-archive.html":
            self._send(200, "text/html; charset=utf-8", (WEB / "harbour-archive.html").read_bytes())
        elif path.startswith(("/news/images/", "/broken/images/")):
            self._send(
                200,
                "image/" + ("png" if path.endswith("png") else "jpeg"),
                (WEB / "images" / Path(path).name).read_bytes(),
            )
        elif path == "/old":
            self._send(301, "text/html", b"", {"Location": "/older"})
        elif path == "/older":
            self._send(
                302,
                "text/html",
                b"",
                {"Location": f"http://{self.headers['Host']}/news/harbour-archive.html"},
            )
        elif path == "/loop":
            self._send(302, "text/html", b"", {"Location": "/loop"})
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", b"<html><body>late</body></html>")
        elif path == "/image.png":
            self._send(200, "image/png", (WEB / "images" / "cabinet.png").read_bytes())
        elif path == "/report.pdf":
            self._send(200, "text/html", b"%PDF-1.7\n" + b"0" * 1000)
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
        elif path == "/huge":
            self._stream_huge()
        elif path == "/latin1":
            self._send(
                200,
                "text/html; charset=iso-8859-1",
                "<html><body><p>Café crème</p></body></html>".encode("latin-1"),
            )
        elif path == "/broken/page.html":
            self._send(200, "text/html; charset=utf-8", BROKEN_PAGE.encode())
        elif path == "/broken/broken.jpg":
            data = (WEB / "images" / "reading-room.jpg").read_bytes()
            self._send(200, "image/jpeg", data[: len(data) // 2])
        elif path == "/broken/fake.png":
            self._send(200, "image/png", b"<html>not really a png</html>")
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")

    def _stream_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the client must count and stop
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        try:
            while _State.sent < BIG:
                self.wfile.write(chunk)
                _State.sent += len(chunk)
        except OSError:
            pass
        finally:
            _State.stream_done.set()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


def test_clip_url_downloads_both_photos(server: str) -> None:
    result = clip_url(f"{server}/news/harbour-archive.html")
    a = result.article
    assert a.title == "Harbour town opens its newspaper morgue to the public"
    assert a.place == "PORT ELLIS" and a.published == "2023-11-14"
    assert [p.original_url for p in a.photos] == [
        f"{server}/news/images/reading-room.jpg",
        f"{server}/news/images/cabinet.png",
    ]
    assert [p.mime for p in a.photos] == ["image/jpeg", "image/png"] and all(p.data for p in a.photos)
    assert [p.credit for p in a.photos] == [
        "Ledger Photo/Tomas Irving",
        "Photo courtesy of Port Ellis Public Library",
    ]
    assert result.warnings == []
    c = result.capture
    assert (c.method, c.http_status, c.mime) == ("url", 200, "text/html")
    assert c.url == c.final_url == f"{server}/news/harbour-archive.html"
    assert (
        c.http_headers["Content-Type"].startswith("text/html")
        and c.raw == (WEB / "harbour-archive.html").read_bytes()
    )
    assert a.url == c.final_url
    assert all(ua == USER_AGENT and "Cuttings" in ua for ua in _State.user_agents)


def test_redirects_are_followed_and_recorded(server: str) -> None:
    result = clip_url(f"{server}/old")
    assert result.capture.redirects == [f"{server}/older", f"{server}/news/harbour-archive.html"]
    assert result.capture.final_url == f"{server}/news/harbour-archive.html"
    assert len(result.article.photos) == 2


def test_redirect_loop_gives_up(server: str) -> None:
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetch(f"{server}/loop")


def test_404_names_status_and_url(server: str) -> None:
    with pytest.raises(FetchError, match=r"/missing: the server answered HTTP 404"):
        clip_url(f"{server}/missing")


def test_timeout(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0\.3 seconds"):
        fetch(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - start < 1.4


@pytest.mark.parametrize(("path", "kind"), [("/image.png", "image/png"), ("/report.pdf", "application/pdf")])
def test_non_html_is_refused(server: str, path: str, kind: str) -> None:
    with pytest.raises(FetchError, match=f"this is {kind}, not a web page"):
        clip_url(server + path)


def test_declared_50_mb_page_is_not_downloaded(server: str) -> None:
    with pytest.raises(FetchError, match="50 MB is over the 20 MB limit"):
        fetch(f"{server}/declared-huge")


def test_streamed_50_mb_page_stops_early(server: str) -> None:
    with pytest.raises(FetchError, match="passed the 20 MB limit; stopped"):
        fetch(f"{server}/huge")
    assert _State.stream_done.wait(10)
    assert _State.sent < 40 * 1024 * 1024  # the server was cut off well before 50 MB


def test_charset_from_header(server: str) -> None:
    result = fetch(f"{server}/latin1")
    assert result.charset == "iso-8859-1" and result.content_type == "text/html"


def test_only_http_schemes() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")


def test_broken_images_are_left_out_with_warnings(server: str) -> None:
    result = clip_url(f"{server}/broken/page.html")
    a = result.article
    assert "first paragraph" in a.body and "second paragraph" in a.body
    assert [p.caption for p in a.photos] == ["A good photo."]
    assert a.photos[0].data and a.photos[0].position == 0
    assert len(result.warnings) == 2
    assert "broken.jpg" in result.warnings[0] and "damaged or truncated" in result.warnings[0]
    assert "fake.png" in result.warnings[1] and "not an image" in result.warnings[1]
