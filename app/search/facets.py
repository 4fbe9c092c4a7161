"""Per-document columns (id, source, place, year, tags) for facets and ``restrict``, cached per segment.

Segments never change once written (deletions only mark documents), so a segment's columns are read once
and reused by every later searcher that still contains it; a new commit only costs its new segments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FACET_LIMIT = 30
FACET_NAMES = ("tags", "source", "place", "year")
_SINGLE = {"source": "source_key", "place": "place_key", "year": "year"}


@dataclass
class SegmentColumns:
    """Column values of one segment, indexed by the segment's own document numbers."""

    ids: list[int]
    single: dict[str, list[str]]
    tags: dict[int, list[str]]


def _column(reader: Any, name: str, size: int) -> list[str]:
    if not reader.has_column(name):
        return [""] * size
    values = list(reader.column_reader(name))
    return [v if isinstance(v, str) else v.decode("utf-8") for v in values]


def _read_segment(reader: Any) -> SegmentColumns:
    size = reader.doc_count_all()
    ids = [int(v) if v else -1 for v in _column(reader, "id", size)]
    single = {facet: _column(reader, fname, size) for facet, fname in _SINGLE.items()}
    tags: dict[int, list[str]] = {}
    if "tag_name" in reader.schema:
        for btext in reader.lexicon("tag_name"):
            name = btext.decode("utf-8")
            for docnum in reader.postings("tag_name", btext).all_ids():
                tags.setdefault(docnum, []).append(name)
    return SegmentColumns(ids, single, tags)


@dataclass
class DocTable:
    """Columns of every document of one searcher, by global document number."""

    ids: list[int] = field(default_factory=list)
    single: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    _by_id: dict[int, int] | None = None
    _live: Any = None

    def docnums_for(self, ids: Iterable[int]) -> set[int]:
        """Global document numbers of the (live) documents with these article ids."""
        if self._by_id is None:
            live = self._live
            self._by_id = {i: d for d, i in enumerate(self.ids) if i >= 0 and (live is None or d in live)}
        by_id = self._by_id
        return {by_id[i] for i in ids if i in by_id}

    def count(self, docnums: Iterable[int], limit: int = FACET_LIMIT) -> dict[str, dict[str, int]]:
        """Facet counts over ``docnums``: top ``limit`` values of each facet."""
        docs = docnums if isinstance(docnums, list | set | frozenset) else list(docnums)
        out: dict[str, dict[str, int]] = {}
        tag_counts: Counter[str] = Counter()
        tags = self.tags
        for d in docs:
            names = tags.get(d)
            if names:
                tag_counts.update(names)
        out["tags"] = dict(tag_counts.most_common(limit))
        for facet, column in self.single.items():
            counts = Counter(column[d] for d in docs)
            counts.pop("", None)
            out[facet] = dict(counts.most_common(limit))
        return out


class ColumnCache:
    """Keeps ``SegmentColumns`` by segment id; builds a ``DocTable`` for a searcher from them."""

    def __init__(self) -> None:
        self._segments: dict[str, SegmentColumns] = {}

    def table(self, searcher: Any) -> DocTable:
        reader = searcher.reader()
        table = DocTable(single={facet: [] for facet in _SINGLE})
        seen: set[str] = set()
        for leaf, offset in reader.leaf_readers():
            segment = leaf.segment()
            key = segment.segment_id() if segment is not None else f"anon{id(leaf)}"
            seen.add(key)
            cols = self._segments.get(key)
            if cols is None:
                cols = self._segments[key] = _read_segment(leaf)
            table.ids.extend(cols.ids)
            for facet, values in cols.single.items():
                table.single[facet].extend(values)
            for docnum, names in cols.tags.items():
                table.tags[docnum + offset] = names
        for key in set(self._segments) - seen:
            del self._segments[key]
        if reader.has_deletions():
            table._live = set(reader.all_doc_ids())
        return table
