"""How the command line prints: JSON for machines, short readable text for people, a progress bar on a tty."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from app.model import Article
from app.places import display_place
from app.search.plaintext import markdown_to_text


def article_json(article: Article) -> dict[str, Any]:
    data = article.to_json()
    data["body_text"] = markdown_to_text(article.body)
    return data


def print_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def article_line(article: Article) -> str:
    meta = " · ".join(x for x in (display_place(article.place), article.published, article.source) if x)
    flags = ("★" if article.starred else "") + (" [trash]" if article.deleted_at else "")
    tags = f"  #{' #'.join(article.tags)}" if article.tags else ""
    return f"{article.id:>6}  {article.title}{flags}" + (f"  ({meta})" if meta else "") + tags


def article_text(article: Article) -> str:
    lines = [f"# {article.title}"]
    if article.subtitle:
        lines.append(article.subtitle)
    if article.authors:
        lines.append("By " + ", ".join(article.authors))
    dateline = " · ".join(x for x in (display_place(article.place), article.published, article.source) if x)
    if dateline:
        lines.append(dateline)
    lines.append(f"id {article.id} · uid {article.uid} · clipped {article.clipped_at}")
    if article.tags:
        lines.append("tags: " + ", ".join(article.tags))
    for n, photo in enumerate(article.photos, 1):
        size = f" {photo.width}x{photo.height}" if photo.width else " (no image yet)"
        lines.append(f"photo {n}:{size} {photo.caption}" + (f" ({photo.credit})" if photo.credit else ""))
    lines += ["", article.body.strip()]
    if article.notes:
        lines += ["", "Notes: " + article.notes]
    return "\n".join(lines)


class ProgressBar:
    """A one-line progress bar on standard error, only when it is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else 0
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {message[:40]:<40}")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
