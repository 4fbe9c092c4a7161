"""File and folder names that are safe on Windows, macOS and Linux, and unique within one export."""

from __future__ import annotations

import re
import unicodedata

from app.export.dates import date_prefix
from app.model import Article

MAX_BYTES = 100
_NOT_WORD = re.compile(r"[^\w]+|_+")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


def slugify(text: str, *, max_bytes: int = MAX_BYTES, fallback: str = "article") -> str:
    """Lower-case words joined by ``-``: letters of every script kept (NFC), punctuation and spaces dropped."""
    return safe_name(_slug(text, max_bytes) or fallback)


def _slug(text: str, max_bytes: int) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return truncate_bytes(_NOT_WORD.sub("-", text).strip("-"), max_bytes).strip("-")


def safe_name(name: str) -> str:
    """Make one path component acceptable everywhere (no reserved device names, no trailing dot or space)."""
    name = unicodedata.normalize("NFC", name)
    name = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in name)
    name = name.rstrip(". ") or "untitled"
    if _RESERVED.match(name):
        name = f"{name}-"
    return name


def truncate_bytes(text: str, max_bytes: int) -> str:
    """Cut ``text`` so its UTF-8 form fits ``max_bytes``, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


def article_stem(article: Article, *, max_bytes: int = MAX_BYTES) -> str:
    """``YYYY-MM-DD-title-slug`` (published date, else the clipping date), at most ``max_bytes``."""
    prefix = date_prefix(article.published) or date_prefix(article.clipped_at) or "undated"
    room = max_bytes - len(prefix) - 1
    return safe_name(f"{prefix}-{_slug(article.title, room) or 'article'}")


class UniqueNames:
    """Hands out names once: ``name``, then ``name-2``, ``name-3`` (compared without regard to case)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, stem: str, suffix: str = "") -> str:
        n = 1
        candidate = stem
        while (candidate + suffix).casefold() in self._taken:
            n += 1
            candidate = f"{truncate_bytes(stem, MAX_BYTES - len(str(n)) - 1)}-{n}"
        self._taken.add((candidate + suffix).casefold())
        return candidate + suffix
