"""Citations of archived articles, Chicago style (notes-bibliography, newspaper article):

``Author. “Title.” Source, Month D, YYYY. URL (accessed Month D, YYYY).``

The access date is the day the archived copy was captured. Names are printed as stored (not inverted),
since many are family-name-first already.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from app.export.dates import human_date
from app.model import Article

if TYPE_CHECKING:
    from app.archive import Archive


@dataclass
class Citation:
    """One citation in plain text, HTML (source in ``<i>``) and Markdown (source in ``*…*``)."""

    id: int
    style: str
    text: str
    html: str
    markdown: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "style": self.style, "text": self.text, "html": self.html, "markdown": self.markdown}


def _sentence(text: str) -> str:
    """End with a full stop unless the text already ends in punctuation."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _chicago_names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C`` (Chicago's serial comma)."""
    names = [n.strip() for n in names if n.strip()]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])}, and {names[-1]}"


def chicago(article: Article, accessed: str = "") -> Citation:
    """The Chicago bibliography entry of a newspaper article; ``accessed`` is an ISO date or timestamp."""
    def build(italic: tuple[str, str], esc: bool) -> str:
        e = escape if esc else (lambda s: s)
        parts = []
        authors = _chicago_names(article.authors)
        if authors:
            parts.append(e(_sentence(authors)))
        title = article.title.strip().rstrip(".")
        if title:
            end = "" if title[-1] in "?!" else "."
            parts.append(f"“{e(title)}{end}”")
        where = ", ".join(x for x in (
            f"{italic[0]}{e(article.source)}{italic[1]}" if article.source else "",
            e(human_date(article.published)),
        ) if x)
        if where:
            parts.append(f"{where}.")
        link = article.url or article.canonical_url
        access = human_date(accessed[:10]) if accessed else ""
        if link:
            parts.append(e(link) + (f" (accessed {access})." if access else "."))
        elif access:
            parts.append(f"Archived copy captured {access}.")
        return " ".join(parts)

    return Citation(
        id=article.id or 0, style="chicago", text=build(("", ""), False), html=build(("<i>", "</i>"), True),
        markdown=build(("*", "*"), False),
    )


def cite(archive: Archive, article_id: int) -> Citation:
    """The citation of an archived article, accessed on the day it was captured."""
    article = archive.get(article_id)
    fetched = [c.fetched_at for c in archive.captures(article_id) if c.fetched_at]
    return chicago(article, fetched[0] if fetched else article.clipped_at)
