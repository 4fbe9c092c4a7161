"""Link-only articles fetched from a real HTTP server on 127.0.0.1: politely, resumably, failures recorded."""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.archive import Archive
from app.imports.folder import import_paths
from app.imports.pending import fetch_pending, polite_order
from app.store.imports import Pending
from tests.conftest import make_jpeg
from tests.loopback import serve
from tests.unit.export_files import LONG_EN

PHOTO = make_jpeg(640, 480, (90, 60, 30))


def page(title: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title><meta name='author' content='Jae Kim'></head><body>"
            f"<nav>Home</nav><article><h1>{title}</h1><p>{LONG_EN}</p>"
            "<figure><img src='/photo.jpg' width='640' height='480'><figcaption>The ferry at dawn. "
            f"(Photo: Jae Kim/Ledger)</figcaption></figure><p>{LONG_EN.replace('Tuesday', 'Monday')}</p>"
            "</article></body></html>").encode()


class Site(BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str, float]]] = []

    def do_GET(self) -> None:
        Site.hits.append((self.headers.get("Host", "").split(":")[0], self.path, time.monotonic()))
        if self.path == "/photo.jpg":
            body, ctype, status = PHOTO, "image/jpeg", 200
        elif self.path.startswith("/story"):
            body, ctype, status = page(f"Story {self.path[-1]}"), "text/html; charset=utf-8", 200
        else:
            body, ctype, status = b"not here", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[int]:
    Site.hits = []
    with serve(Site) as base:
        yield int(base.rsplit(":", 1)[1])


def pocket(tmp_path: Path, port: int) -> Path:
    path = tmp_path / "pocket.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "url", "time_added", "tags", "status"])
        w.writerow(["Saved story one", f"http://127.0.0.1:{port}/story1", "1700000000", "ferries", "unread"])
        w.writerow(["Saved story two", f"http://127.0.0.1:{port}/story2", "1700000100", "", "archive"])
        w.writerow(["Gone", f"http://localhost:{port}/gone", "1700000200", "", "unread"])
        w.writerow(["Saved story three", f"http://localhost:{port}/story3", "1700000300", "", "unread"])
    return path


def test_pending_pages_are_fetched_and_filled_in_keeping_what_the_user_had(archive: Archive, tmp_path: Path,
                                                                           site: int) -> None:
    report = import_paths(archive, [pocket(tmp_path, site)])
    assert len(archive.imports.link_only_ids()) == 4
    first = fetch_pending(archive, delay=0.3)
    assert len(first.fetched) == 3 and len(first.failed) == 1 and first.remaining == 1
    story = archive.get(report.added[0])
    assert story.title == "Saved story one" and "eighty years of service" in story.body
    assert story.tags == ["ferries"] and story.authors == ["Jae Kim"]
    [photo] = story.photos
    assert archive.blob(photo.sha256 or "") == PHOTO and "Jae Kim" in photo.credit
    assert archive.get(report.added[1]).read  # Pocket's "archive" stays
    assert [c.method for c in archive.captures(story.id or 0)] == ["import:pocket", "url"]
    assert archive.search("eighty years").total == 3
    [gone] = archive.imports.pending_fetch()
    assert gone.attempts == 1 and "404" in gone.last_error
    # politeness: hosts in turn, and never two requests to one host closer than the delay
    pages = [(h, t) for h, p, t in Site.hits if p != "/photo.jpg"]
    assert [h for h, _ in pages][:2] == ["127.0.0.1", "localhost"]
    for host in ("127.0.0.1", "localhost"):
        times = [t for h, t in pages if h == host]
        assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


def test_a_cancelled_run_resumes_where_it_stopped(archive: Archive, tmp_path: Path, site: int) -> None:
    import_paths(archive, [pocket(tmp_path, site)])
    seen: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(done)

    first = fetch_pending(archive, delay=0, progress=progress, cancelled=lambda: len(seen) >= 2)
    assert first.cancelled and len(first.fetched) + len(first.failed) == 1
    second = fetch_pending(archive, delay=0)
    assert len(first.fetched) + len(second.fetched) == 3
    assert second.remaining == 1


def test_an_address_that_keeps_failing_is_left_for_retry(archive: Archive, tmp_path: Path, site: int) -> None:
    import_paths(archive, [pocket(tmp_path, site)])
    for _ in range(3):
        fetch_pending(archive, delay=0)
    assert fetch_pending(archive, delay=0).remaining == 0
    retried = fetch_pending(archive, delay=0, retry_failed=True)
    assert len(retried.failed) == 1 and retried.remaining == 1


def test_polite_order_takes_hosts_in_turn() -> None:
    items = [Pending(i, url, 0, "") for i, url in enumerate(
        ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://b.example/1", "https://c.example/1"])]
    assert [p.url for p in polite_order(items)] == [
        "https://a.example/1", "https://b.example/1", "https://c.example/1", "https://a.example/2", "https://a.example/3"]
