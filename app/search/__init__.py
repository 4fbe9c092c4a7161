"""Full-text search over Whoosh: schema, analysis (stemming, accent folding, CJK bigrams), query language,
snippets and facets. The database is the truth; this index is derived and can be rebuilt at any time.

The names below load their modules on first use (PEP 562): importing ``app.search.plaintext`` (CommonMark to
text) must not import NumPy and Whoosh, which a window's start does not need (about 0.25 s of it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.search.documents import IndexDoc
    from app.search.highlight import match_spans
    from app.search.index import SearchIndex
    from app.search.plaintext import markdown_to_text

_HOMES = {
    "IndexDoc": "app.search.documents",
    "SearchIndex": "app.search.index",
    "markdown_to_text": "app.search.plaintext",
    "match_spans": "app.search.highlight",
}
__all__ = ["IndexDoc", "SearchIndex", "markdown_to_text", "match_spans"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
