"""The Whoosh schema: which fields exist, how they are analysed, what is stored.

The body is indexed but never stored (snippets come from the database). Stored fields are the few a result
row shows. Facets and ``restrict`` read per-document columns (``id``, ``source_key``, ``place_key``,
``year``) and the postings of ``tag_name``, never stored fields.
"""

from __future__ import annotations

from whoosh import fields

from app.search.analysis import tag_analyzer, text_analyzer, url_analyzer
from app.search.engine.postings import FastPositions

# Bump when the schema or analysis changes: an index with another version is rebuilt.
SCHEMA_VERSION = 2  # 2: Snowball's English stemmer (PyStemmer) instead of Whoosh's Porter2

# Fields a bare word searches, with their boosts.
DEFAULT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "subtitle": 1.5,
    "body": 1.0,
    "caption": 1.0,
    "credit": 1.0,
    "authors": 1.5,
    "tag_text": 1.5,
    "notes": 1.0,
}
# Free-text fields (same analyzer): terms from these are highlighted.
TEXT_FIELDS = (*DEFAULT_FIELDS, "source", "place")
QUERY_TEXT_FIELDS = (*TEXT_FIELDS, "url")
DATE_FIELDS = ("published", "clipped")
# Field names a user may type before a colon, mapped to the field searched.
USER_FIELDS: dict[str, str] = {
    **{name: name for name in (*QUERY_TEXT_FIELDS, "tags", "starred", "read", "id", *DATE_FIELDS)},
    "tag": "tags",
    "author": "authors",
    "captions": "caption",
    "credits": "credit",
    "text": "body",
}
USER_FIELDS.pop("tag_text")


def build_schema() -> fields.Schema:
    """A fresh schema object (Whoosh pickles it into the index)."""
    ana = text_analyzer()

    def text(stored: bool = False) -> fields.TEXT:
        field = fields.TEXT(analyzer=ana, stored=stored, multitoken_query="phrase")
        field.format = FastPositions(field_boost=field.format.field_boost)
        return field

    def keys(lowercase: bool) -> fields.TEXT:
        # Multi-valued exact keys: no positions, case folded for matching or kept for display.
        return fields.TEXT(analyzer=tag_analyzer(lowercase), phrase=False, multitoken_query="or")

    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        version=fields.STORED(),
        title=text(stored=True),
        subtitle=text(),
        body=text(),
        caption=text(),
        credit=text(),
        authors=text(),
        source=text(stored=True),
        place=text(stored=True),
        tag_text=text(),
        tags=keys(lowercase=True),
        tag_name=keys(lowercase=False),
        notes=text(),
        url=fields.TEXT(analyzer=url_analyzer(), multitoken_query="phrase"),
        published=fields.DATETIME(sortable=True),
        published_key=keys(lowercase=False),
        published_text=fields.STORED(),
        clipped=fields.DATETIME(sortable=True),
        clipped_text=fields.STORED(),
        starred=fields.BOOLEAN(),
        read=fields.BOOLEAN(),
        source_key=fields.ID(sortable=True),
        place_key=fields.ID(sortable=True),
        year=fields.ID(sortable=True),
        lead=fields.STORED(),
    )
