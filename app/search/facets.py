"""Per-document columns (id, source, place, year, tags) for facets and ``restrict``, cached per segment.

Segments never change once written (deletions only mark documents), so a segment's columns are read once
and reused by every later searcher that still contains it; a new commit only costs its new segments.
Values are kept as integer codes in NumPy arrays, so counting the facets of 100,000 matches is a few
``bincount`` calls instead of a Python loop over every document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

FACET_LIMIT = 30
FACET_NAMES = ("tags", "source", "place", "year")
_SINGLE = {"source": "source_key", "place": "place_key", "year": "year"}


@dataclass
class SegmentColumns:
    """Column values of one segment, indexed by the segment's own document numbers."""

    ids: list[int]
    single: dict[str, list[str]]
    tag_docs: list[int]  # (document, tag) pairs, as two parallel lists
    tag_names: list[str]


def _column(reader: Any, name: str, size: int) -> list[str]:
    if not reader.has_column(name):
        return [""] * size
    values = list(reader.column_reader(name))
    return [v if isinstance(v, str) else v.decode("utf-8") for v in values]


def _read_segment(reader: Any) -> SegmentColumns:
    size = reader.doc_count_all()
    ids = [int(v) if v else -1 for v in _column(reader, "id", size)]
    single = {facet: _column(reader, fname, size) for facet, fname in _SINGLE.items()}
    tag_docs: list[int] = []
    tag_names: list[str] = []
    if "tag_name" in reader.schema:
        for btext in reader.lexicon("tag_name"):
            name = btext.decode("utf-8")
            docs = list(reader.postings("tag_name", btext).all_ids())
            tag_docs.extend(docs)
            tag_names.extend([name] * len(docs))
    return SegmentColumns(ids, single, tag_docs, tag_names)


@dataclass
class _Coded:
    """A column as codes into a list of distinct values ('' is code 0)."""

    codes: np.ndarray
    values: list[str]

    @staticmethod
    def of(values: list[str]) -> _Coded:
        index: dict[str, int] = {"": 0}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32, count=len(values))
        return _Coded(codes, list(index))

    def top(self, counts: np.ndarray, limit: int) -> dict[str, int]:
        counts = counts.copy()
        counts[0] = 0  # no value
        order = np.lexsort((np.arange(counts.size), -counts))[:limit]
        return {self.values[i]: int(counts[i]) for i in order if counts[i] > 0}


@dataclass
class DocTable:
    """Columns of every document of one searcher, by global document number."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    single: dict[str, _Coded] = field(default_factory=dict)
    tag_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    tags: _Coded = field(default_factory=lambda: _Coded.of([]))
    live: np.ndarray | None = None  # True for live documents, None when nothing is deleted
    _by_id: dict[int, int] | None = None

    def docnums_for(self, ids: Iterable[int]) -> set[int]:
        """Global document numbers of the (live) documents with these article ids."""
        if self._by_id is None:
            live = self.live
            self._by_id = {
                int(i): d for d, i in enumerate(self.ids.tolist()) if i >= 0 and (live is None or live[d])
            }
        by_id = self._by_id
        return {by_id[i] for i in ids if i in by_id}

    def count(self, docnums: Iterable[int] | np.ndarray, limit: int = FACET_LIMIT) -> dict[str, dict[str, int]]:
        """Facet counts over ``docnums``: top ``limit`` values of each facet (ties by first seen)."""
        if isinstance(docnums, np.ndarray):
            docs = docnums.astype(np.int64, copy=False)
        else:
            items = list(docnums)
            docs = np.fromiter(items, dtype=np.int64, count=len(items))
        out: dict[str, dict[str, int]] = {}
        member = np.zeros(self.ids.size, dtype=bool)
        member[docs] = True
        picked = self.tags.codes[member[self.tag_docs]] if self.tag_docs.size else self.tags.codes[:0]
        out["tags"] = self.tags.top(np.bincount(picked, minlength=len(self.tags.values)), limit)
        for facet, column in self.single.items():
            out[facet] = column.top(np.bincount(column.codes[docs], minlength=len(column.values)), limit)
        return out


class ColumnCache:
    """Keeps ``SegmentColumns`` by segment id; builds a ``DocTable`` for a searcher from them."""

    def __init__(self) -> None:
        self._segments: dict[str, SegmentColumns] = {}

    def table(self, searcher: Any) -> DocTable:
        reader = searcher.reader()
        ids: list[int] = []
        single: dict[str, list[str]] = {facet: [] for facet in _SINGLE}
        tag_docs: list[int] = []
        tag_names: list[str] = []
        seen: set[str] = set()
        for leaf, offset in reader.leaf_readers():
            segment = leaf.segment()
            key = segment.segment_id() if segment is not None else f"anon{id(leaf)}"
            seen.add(key)
            cols = self._segments.get(key)
            if cols is None:
                cols = self._segments[key] = _read_segment(leaf)
            ids.extend(cols.ids)
            for facet, values in cols.single.items():
                single[facet].extend(values)
            tag_docs.extend(d + offset for d in cols.tag_docs)
            tag_names.extend(cols.tag_names)
        for key in set(self._segments) - seen:
            del self._segments[key]
        table = DocTable(
            ids=np.array(ids, dtype=np.int64),
            single={facet: _Coded.of(values) for facet, values in single.items()},
            tag_docs=np.array(tag_docs, dtype=np.int64),
            tags=_Coded.of(tag_names),
        )
        if reader.has_deletions():
            live = np.zeros(len(ids), dtype=bool)
            live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
            table.live = live
        return table
