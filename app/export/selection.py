"""Which articles an export covers: ids, a search query (every hit), a tag and its subtree, or all live ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.errors import CuttingsError
from app.store import tags
from app.store.articles import require_articles

if TYPE_CHECKING:
    from app.archive import Archive


class EmptySelection(CuttingsError):
    """The selection has no articles to export."""


def select_ids(archive: Archive, *, ids: Sequence[int] | None = None, query: str | None = None,
               tag: str | None = None) -> list[int]:
    """Article ids in archive order (by id); at most one of ``ids``, ``query``, ``tag``; none means all live ones."""
    given = [x for x in (ids, query, tag) if x]
    if len(given) > 1:
        raise CuttingsError("Choose one selection: --ids, --query or --tag (or none for the whole archive).")
    if ids:
        return _checked_ids(archive, ids)
    if query:
        archive.flush_index()
        total = archive.search(query, limit=0, with_facets=False).total
        found = sorted({hit.id for hit in archive.search(query, limit=total, with_facets=False).hits})
        if not found:
            raise EmptySelection(f"Nothing matches the query {query!r}; there is nothing to export.")
        return found
    if tag:
        tree = tags.subtree_ids(archive.reader, tag)
        if not tree:
            raise EmptySelection(f"There is no tag {tag!r}. `cuttings tags` lists the tags there are.")
        live = set(archive.ids())
        found = sorted(i for i in tags.articles_with_tags(archive.reader, [t for t, _ in tree]) if i in live)
        if not found:
            raise EmptySelection(f"No article carries the tag {tag!r}; there is nothing to export.")
        return found
    everything = archive.ids()
    if not everything:
        raise EmptySelection("The archive has no articles to export yet.")
    return everything


def _checked_ids(archive: Archive, ids: Sequence[int]) -> list[int]:
    return require_articles(archive.reader, (int(i) for i in ids))
