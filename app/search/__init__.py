"""Full-text search over Whoosh: schema, analysis (stemming, accent folding, CJK bigrams), query language,
snippets and facets. The database is the truth; this index is derived and can be rebuilt at any time."""

from app.search.documents import IndexDoc
from app.search.highlight import match_spans
from app.search.index import SearchIndex
from app.search.plaintext import markdown_to_text

__all__ = ["IndexDoc", "SearchIndex", "markdown_to_text", "match_spans"]
