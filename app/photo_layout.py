"""Where an article's photos stand in its body: a marker line ``<!-- photo 2 -->`` in the CommonMark body.

The marker is an HTML comment on a line of its own (a CommonMark HTML block): invisible to any Markdown
renderer and to the plain text the index sees, so a body with markers reads as before everywhere else.
``photo N`` is the N-th photo of the article (1-based, in the order of its photo list).

Every renderer (reader, HTML, PDF and Markdown exports) lays an article out with :func:`layout`. Photos
without a marker keep the old rule, so archives from before markers look as they did: the first photo above
the body, the others after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"^[ ]{0,3}<!--\s*photo\s+(\d{1,4})\s*-->[ \t]*$", re.MULTILINE)


def photo_marker(index: int) -> str:
    """The marker line for the photo at ``index`` (0-based) of the article's photo list."""
    return f"<!-- photo {index + 1} -->"


@dataclass(frozen=True)
class Layout:
    """An article's reading order: ``parts`` are Markdown text (str) and photo indexes (int), top to bottom;
    ``more`` are the photos without a place in the body, shown after it."""

    parts: list[str | int]
    more: list[int]


def layout(body: str, count: int) -> Layout:
    """Split ``body`` at its photo markers; ``count`` is how many photos the article has.

    A marker for a photo the article lacks (deleted since) is dropped; a photo marked twice stands at its
    first marker. Unmarked photos: the first photo, when unmarked, goes above the body; the rest after it.
    """
    parts: list[str | int] = []
    placed: set[int] = set()
    pos = 0
    for match in MARKER.finditer(body or ""):
        index = int(match.group(1)) - 1
        text = body[pos : match.start()]
        if text.strip():
            parts.append(text.strip("\n"))
        pos = match.end()
        if 0 <= index < count and index not in placed:
            parts.append(index)
            placed.add(index)
    tail = (body or "")[pos:]
    if tail.strip():
        parts.append(tail.strip("\n"))
    unplaced = [i for i in range(count) if i not in placed]
    if unplaced and unplaced[0] == 0:
        parts.insert(0, 0)
        unplaced = unplaced[1:]
    return Layout(parts, unplaced)


def strip_markers(body: str) -> str:
    """``body`` without its photo markers (for plain-text uses that show no photos)."""
    if "<!--" not in body:
        return body
    return re.sub(r"\n{3,}", "\n\n", MARKER.sub("", body)).strip("\n") + ("\n" if body.endswith("\n") else "")


def has_markers(body: str) -> bool:
    return "<!--" in body and MARKER.search(body) is not None


def word_count(body: str) -> int:
    """Words in ``body``, its photo markers not counted."""
    return len(strip_markers(body).split())
