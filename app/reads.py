"""The reads a window makes of many rows at once: the ids of a view, the rows it draws, the sidebar's counts
and facets, the tags of a selection. An :class:`~app.archive.Archive` hands one out as ``archive.reads``.

Each call uses the calling thread's read connection (``Archive.reader``), so the GUI thread and a lookups
thread may read at the same time; the SQL itself is :mod:`app.listing`'s, imported on the first read (a process
that only searches never loads it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.model import Tag
from app.store.tags import tag_colors, tags_of_many

if TYPE_CHECKING:
    from app.archive import Archive
    from app.listing import ArticleRow

__all__ = ["ArticleRow", "ReadModel", "SortedHits"]

Facets = dict[str, dict[str, int]]


def __getattr__(name: str) -> Any:
    """``ArticleRow`` (the GUI's import) from :mod:`app.listing`, loaded when first asked for."""
    if name == "ArticleRow":
        from app.listing import ArticleRow

        return ArticleRow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class SortedHits:
    """Every hit of a search, ordered by a list column, with the snippets and facets of the search."""

    ids: list[int]
    snippets: dict[int, str]
    facets: Facets


class ReadModel:
    """The archive's list reads, one method each; the GUI reads nothing around it."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive

    def list_ids(self, view: str = "library", tag: str | None = None, *, sort: str = "clipped",
                 descending: bool = True, text: str = "") -> list[int]:
        """The ids a view shows, sorted by a list column; ``text`` filters titles and sources."""
        from app import listing

        return listing.list_ids(self._archive.reader, view, tag, sort=sort, descending=descending, text=text)

    def rows(self, ids: Sequence[int]) -> list[ArticleRow]:
        """What the list draws for ``ids``, in that order (ids no longer there are left out)."""
        from app import listing

        return listing.rows(self._archive.reader, ids)

    def counts(self) -> dict[str, int]:
        """How many articles each fixed view holds."""
        from app import listing

        return listing.counts(self._archive.reader)

    def tag_view_counts(self, tags: Sequence[Tag]) -> dict[str, int]:
        """What clicking each node of the tag tree lists (the tag and the tags below it), by lower-case path."""
        from app import listing

        return listing.tag_view_counts(self._archive.reader, tags)

    def tag_colors(self) -> dict[str, str]:
        """The colour of each coloured tag, by lower-case name."""
        return tag_colors(self._archive.reader)

    def facets(self, view: str = "library", tag: str | None = None) -> Facets:
        """Source, place and year counts of a view (GROUP BYs over all of it: slow on a big archive)."""
        from app import listing

        return listing.facets(self._archive.reader, view, tag)

    def all_flagged(self, ids: Sequence[int], flag: str) -> bool:
        """Whether every article of ``ids`` is starred (``flag="starred"``) or read (``flag="read"``)."""
        from app import listing

        return listing.all_flagged(self._archive.reader, ids, flag)

    def tags_of(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The tag names of each article of ``ids`` (an empty list for one without tags)."""
        return tags_of_many(self._archive.reader, ids)

    def search_sorted(self, query: str, *, sort: str, descending: bool,
                      restrict: set[int] | None = None) -> SortedHits:
        """Every hit of ``query`` ordered by a list column (title, source...); snippets are the index's stored
        leads, not cut from the bodies (that would read every hit's body)."""
        archive = self._archive
        first = archive.search(query, limit=0, restrict=restrict, with_facets=True)
        result = archive.index.search(query, limit=max(first.total, 1), texts=None, restrict=restrict,
                                      with_facets=False)
        from app import listing

        ids = listing.sort_ids(archive.reader, [h.id for h in result.hits], sort=sort, descending=descending)
        return SortedHits(ids, {h.id: h.snippet for h in result.hits}, first.facets)
