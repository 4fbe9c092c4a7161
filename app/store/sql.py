"""Small helpers for SQL written by hand: ``IN (...)`` lists, chunks of ids, ``LIKE`` patterns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

CHUNK = 500  # ids per statement, well under SQLite's limit on parameters


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    """``items`` in lists of at most ``size``."""
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def marks(items: Sequence[object]) -> str:
    """``?,?,?`` for an ``IN (...)`` of ``items``. SQLite takes ``IN ()``: no row is in it, every row is ``NOT IN``
    it (``NOT IN (NULL)`` would match no row)."""
    return ",".join("?" * len(items))


def like_escape(text: str) -> str:
    """``text`` as a literal in a ``LIKE ... ESCAPE '\\'`` pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
