"""Where the article list gets its ids: a SQL view, or a search (paged from the index on demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from app.model import Hit

if TYPE_CHECKING:
    from app.archive import Archive

SEARCH_PAGE = 50  # the core makes a snippet for every hit of a page: about two screens of rows


class ResultSource(Protocol):
    """Ids by row, plus the search snippet of an id when there is one."""

    searching: bool
    facets: dict[str, dict[str, int]]

    def count(self) -> int: ...

    def id_at(self, row: int) -> int: ...

    def snippet(self, article_id: int) -> str: ...

    def row_of(self, article_id: int) -> int | None: ...

    def row_window(self, row: int, size: int) -> tuple[int, int]: ...


def _window(row: int, size: int, count: int) -> tuple[int, int]:
    """Rows [start, end) around ``row``, mostly after it (a list is read downwards)."""
    start = max(0, row - size // 4)
    return start, min(count, start + size)


class IdListSource:
    """A list of ids known up front (a SQL view, or search hits re-sorted by a column)."""

    def __init__(self, ids: list[int], snippets: dict[int, str] | None = None,
                 facets: dict[str, dict[str, int]] | None = None) -> None:
        self.ids = ids
        self._snippets = snippets or {}
        self.searching = snippets is not None
        self.facets = facets or {}
        self._rows: dict[int, int] | None = None

    def count(self) -> int:
        return len(self.ids)

    def id_at(self, row: int) -> int:
        return self.ids[row] if 0 <= row < len(self.ids) else -1

    def snippet(self, article_id: int) -> str:
        return self._snippets.get(article_id, "")

    def row_window(self, row: int, size: int) -> tuple[int, int]:
        """The rows worth loading with ``row``: up to ``size`` around it."""
        return _window(row, size, len(self.ids))

    def row_of(self, article_id: int) -> int | None:
        if self._rows is None:
            self._rows = {aid: n for n, aid in enumerate(self.ids)}
        return self._rows.get(article_id)


class SearchSource:
    """Search hits in the index's order (relevance, or newest published/clipped), fetched a page at a time."""

    searching = True

    def __init__(self, archive: Archive, query: str, *, sort: str = "relevance",
                 restrict: set[int] | None = None) -> None:
        self._archive = archive
        self._query = query
        self._sort = sort
        self._restrict = restrict
        first = archive.search(query, limit=SEARCH_PAGE, sort=sort, restrict=restrict, with_facets=True)
        self.total = first.total
        self.facets = first.facets
        self._pages: dict[int, list[int]] = {}
        self._snippets: dict[int, str] = {}
        self._store(0, first.hits)

    def _store(self, page: int, hits: list[Hit]) -> None:
        self._pages[page] = [h.id for h in hits]
        self._snippets.update((h.id, h.snippet) for h in hits)

    def count(self) -> int:
        return self.total

    def id_at(self, row: int) -> int:
        page, offset = divmod(row, SEARCH_PAGE)
        if page not in self._pages:
            result = self._archive.search(self._query, limit=SEARCH_PAGE, offset=page * SEARCH_PAGE, sort=self._sort,
                                          restrict=self._restrict, with_facets=False)
            self._store(page, result.hits)
        ids = self._pages[page]
        return ids[offset] if offset < len(ids) else -1

    def snippet(self, article_id: int) -> str:
        return self._snippets.get(article_id, "")

    def row_window(self, row: int, size: int) -> tuple[int, int]:
        """The rows worth loading with ``row``: those of its search page, which is searched already (the next
        page would be a search of its own, with snippets, before the first screen is painted)."""
        start, end = _window(row, size, self.total)
        page = row // SEARCH_PAGE
        return max(start, page * SEARCH_PAGE), min(end, (page + 1) * SEARCH_PAGE)

    def row_of(self, article_id: int) -> int | None:
        for page, ids in self._pages.items():
            if article_id in ids:
                return page * SEARCH_PAGE + ids.index(article_id)
        return None


def all_hits_sorted(archive: Archive, query: str, *, sort: str, descending: bool,
                    restrict: set[int] | None = None) -> IdListSource:
    """Every hit, ordered by a list column (title, source...). Snippets come from the index's stored lead."""
    hits = archive.reads.search_sorted(query, sort=sort, descending=descending, restrict=restrict)
    return IdListSource(hits.ids, hits.snippets, hits.facets)
