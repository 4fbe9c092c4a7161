"""Fetch the pages of link-only articles (imported bookmarks, Pocket items): politely, resumably.

One request at a time, hosts taken in turn, and at least ``delay`` seconds between two requests to one host.
Each page is stored in its own transaction, so an interrupted run resumes where it stopped; an address that
fails three times is left for ``--retry-failed``.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.changes import OpChanges
from app.errors import Cancelled, CuttingsError
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import ClipResult
from app.store.imports import Pending

if TYPE_CHECKING:
    from app.archive import Archive

MAX_ATTEMPTS = 3


@dataclass
class FetchReport:
    fetched: list[int] = field(default_factory=list)
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (article id, url, error)
    remaining: int = 0
    cancelled: bool = False

    @property
    def changes(self) -> OpChanges:
        """What the fetching changed: the link-only articles that now have their page."""
        return OpChanges.edited(self.fetched)

    def to_json(self) -> dict[str, object]:
        return {
            "fetched": self.fetched,
            "failed": [{"id": i, "url": u, "error": e} for i, u, e in self.failed],
            "remaining": self.remaining,
            "cancelled": self.cancelled,
        }


def polite_order(items: list[Pending]) -> list[Pending]:
    """Hosts in turn (a, b, c, a, b, a…), so that the delay for one host is spent on the others."""
    by_host: OrderedDict[str, deque[Pending]] = OrderedDict()
    for item in items:
        by_host.setdefault(urlsplit(item.url).hostname or "", deque()).append(item)
    ordered: list[Pending] = []
    while by_host:
        for host in list(by_host):
            ordered.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return ordered


def fetch_pending(archive: Archive, *, limit: int | None = None, delay: float = 1.0, retry_failed: bool = False,
                  timeout: float = 20, fetch: Callable[[str], ClipResult] | None = None,
                  progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> FetchReport:
    """Fetch and fill in link-only articles; a failure is recorded on the article and the run goes on."""
    if fetch is None:
        from app.clip.web import clip_url

        def fetch(url: str) -> ClipResult:
            return clip_url(url, timeout=timeout)

    items = polite_order(archive.imports.pending_fetch(limit=limit, max_attempts=None if retry_failed else MAX_ATTEMPTS))
    report = FetchReport()
    last_request: dict[str, float] = {}
    total = len(items)
    progress(0, total, f"Fetching {total} pages")
    try:
        for n, item in enumerate(items, 1):
            host = urlsplit(item.url).hostname or ""
            _wait(last_request.get(host, 0.0) + delay, cancelled)
            last_request[host] = time.monotonic()
            try:
                result = fetch(item.url)
                archive.imports.fill_link_only(item.article_id, result)
                report.fetched.append(item.article_id)
            except CuttingsError as exc:
                archive.imports.fetch_failed(item.article_id, str(exc))
                report.failed.append((item.article_id, item.url, str(exc)))
            last_request[host] = time.monotonic()
            progress(n, total, host)
    except Cancelled:
        report.cancelled = True
    report.remaining = len(archive.imports.pending_fetch(max_attempts=None if retry_failed else MAX_ATTEMPTS))
    return report


def _wait(until: float, cancelled: CancelCheck) -> None:
    """Sleep until ``until`` (monotonic), answering a cancel within a tenth of a second."""
    while (left := until - time.monotonic()) > 0:
        check_cancel(cancelled)
        time.sleep(min(left, 0.1))
    check_cancel(cancelled)
