"""The short lines every export prints around an article: byline, dateline, running header."""

from __future__ import annotations

from app.export.dates import human_date
from app.model import Article
from app.places import display_place


def join_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [n.strip() for n in names if n.strip()]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def byline(article: Article) -> str:
    return f"By {join_names(article.authors)}" if join_names(article.authors) else ""


def dateline(article: Article) -> str:
    """``Seoul, July 2, 2020`` (either part may be missing; the place in its one shown form)."""
    return ", ".join(x for x in (display_place(article.place), human_date(article.published, article.language)) if x)


def running_header(article: Article) -> str:
    """``The Korea Herald · July 2, 2020``."""
    return " · ".join(x for x in (article.source, human_date(article.published, article.language)) if x)


def clipped_date(article: Article) -> str:
    return human_date(article.clipped_at[:10]) if article.clipped_at else ""
