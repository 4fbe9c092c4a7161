"""Per-document columns (id, source, place, year, tags) for facets and ``restrict``, cached per segment.

Segments never change once written (deletions only mark documents), so a segment's columns are read once
and reused by every later searcher that still contains it; a new commit only costs its new segments.
Values are kept as integer codes in NumPy arrays, so counting the facets of 100,000 matches is a few
``bincount`` calls instead of a Python loop over every document.
"""

from __future__ import annotations

import json
import os
import struct
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.matching import FilterMatcher

from app.search.engine.docsets import deleted_docnums

FACET_LIMIT = 30
SPARSE_FACTOR = 16  # fewer matches than 1/16 of the tag pairs: look their tags up instead of masking every pair
SAVED_SUFFIX = ".cols"  # a segment's saved columns: index/facets/<segment id>.cols
_MAGIC = b"CFC1"
_HEADER_LENGTH = struct.Struct("<I")
STALE_AFTER_S = 600  # saved columns of segments no searcher here has are deleted after this long
FACET_NAMES = ("tags", "source", "place", "year")
_SINGLE = {"source": "source_key", "place": "place_key", "year": "year"}


@dataclass
class SegmentColumns:
    """Column values of one segment, indexed by the segment's own document numbers, as codes."""

    ids: np.ndarray  # article id per document (-1: none)
    single: dict[str, tuple[np.ndarray, list[str]]]  # facet -> (code per document, value per code)
    tag_docs: np.ndarray  # (document, tag code) pairs, as two parallel arrays
    tag_codes: np.ndarray
    tag_values: list[str]

    def save(self, path: Path) -> None:
        """Write to ``path`` atomically (see ``load`` for the layout); a cache, so failures are ignored."""
        arrays = {"ids": self.ids, "tag_docs": self.tag_docs, "tag_codes": self.tag_codes}
        values: dict[str, list[str]] = {"tags": self.tag_values}
        for facet, (codes, facet_values) in self.single.items():
            arrays[facet] = codes
            values[facet] = facet_values
        parts: list[bytes] = []
        layout = []
        at = 0
        for name, arr in arrays.items():
            data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
            layout.append([name, arr.dtype.newbyteorder("<").str, int(arr.size), at])
            parts.append(data)
            at += len(data)
        header = json.dumps({"arrays": layout, "values": values}, ensure_ascii=False).encode("utf-8")
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(b"".join([_MAGIC, _HEADER_LENGTH.pack(len(header)), header, *parts]))
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def load(path: Path, size: int) -> SegmentColumns | None:
        """The columns saved at ``path``, or None when missing, unreadable or not of ``size`` documents.

        The file is a magic, a JSON header (each array's name, dtype, length and offset; each facet's values)
        and the arrays' bytes: one read and a ``frombuffer`` per array (``np.load`` of a ``.npz`` took
        3 ms a segment, most of a new process's first search)."""
        try:
            raw = path.read_bytes()
            if raw[: len(_MAGIC)] != _MAGIC:
                return None
            (length,) = _HEADER_LENGTH.unpack_from(raw, len(_MAGIC))
            start = len(_MAGIC) + _HEADER_LENGTH.size
            header = json.loads(raw[start : start + length].decode("utf-8"))
            base = start + length
            arrays = {name: np.frombuffer(raw, dtype=np.dtype(dtype), count=count, offset=base + offset)
                      for name, dtype, count, offset in header["arrays"]}
            values = header["values"]
            cols = SegmentColumns(
                ids=arrays["ids"],
                single={f: (arrays[f], list(values[f])) for f in _SINGLE},
                tag_docs=arrays["tag_docs"],
                tag_codes=arrays["tag_codes"],
                tag_values=list(values["tags"]),
            )
        except (OSError, KeyError, ValueError, TypeError, struct.error):
            return None
        if cols.ids.size != size or any(codes.size != size for codes, _ in cols.single.values()):
            return None
        return cols


def _codes(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes into a list of distinct values, '' being code 0."""
    index: dict[str, int] = {"": 0}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32, count=len(values))
    return codes, list(index)


def _column(reader: Any, name: str, size: int) -> list[str]:
    if not reader.has_column(name):
        return [""] * size
    raw = _raw_values(reader, name, size)
    values = raw if raw is not None else list(reader.column_reader(name))
    return [v if isinstance(v, str) else v.decode("utf-8") for v in values]


def _raw_values(reader: Any, name: str, size: int) -> list[bytes] | None:
    """A variable-bytes column read in one piece and cut by its length table (Whoosh reads each value
    from the file on its own: 400,000 reads for the facet columns of 100,000 articles)."""
    column = reader.column_reader(name, translate=False)
    lengths = getattr(column, "_lengths", None)
    offsets = getattr(column, "_offsets", None)
    if lengths is None or offsets is None or not hasattr(column, "_dbfile") or len(lengths) != size:
        return None
    end = max((o + n for o, n in zip(offsets, lengths, strict=True)), default=0)
    blob = column._dbfile.get(column._basepos, end) if end else b""
    return [blob[o : o + n] for o, n in zip(offsets, lengths, strict=True)]


def _read_segment(reader: Any) -> SegmentColumns:
    size = reader.doc_count_all()
    ids = np.array([int(v) if v else -1 for v in _column(reader, "id", size)], dtype=np.int64)
    single = {facet: _codes(_column(reader, fname, size)) for facet, fname in _SINGLE.items()}
    tag_docs: list[int] = []
    tag_values: list[str] = []
    tag_codes: list[int] = []
    if "tag_name" in reader.schema:
        for code, btext in enumerate(reader.lexicon("tag_name")):
            tag_values.append(btext.decode("utf-8"))
            postings = reader.postings("tag_name", btext)
            if isinstance(postings, FilterMatcher):  # every document, deleted or not, like the other columns:
                postings = postings.child  # saved columns then do not depend on when they were read
            docs = list(postings.all_ids())
            tag_docs.extend(docs)
            tag_codes.extend([code] * len(docs))
    return SegmentColumns(ids, single, np.array(tag_docs, dtype=np.int64), np.array(tag_codes, dtype=np.int32),
                          tag_values)


@dataclass
class _Coded:
    """A column as codes into a list of distinct values ('' is code 0)."""

    codes: np.ndarray
    values: list[str]

    def top(self, counts: np.ndarray, limit: int) -> dict[str, int]:
        counts = counts.copy()
        counts[0] = 0  # no value
        found = np.flatnonzero(counts)  # only values that occur are ranked (a few of thousands of places)
        order = found[np.lexsort((found, -counts[found]))][:limit]
        return {self.values[i]: int(counts[i]) for i in order.tolist()}


@dataclass
class DocTable:
    """Columns of every document of one searcher, by global document number."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    single: dict[str, _Coded] = field(default_factory=dict)
    tag_docs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    tags: _Coded = field(default_factory=lambda: _Coded(np.zeros(0, dtype=np.int32), [""]))
    live: np.ndarray | None = None  # True for live documents, None when nothing is deleted
    _by_id: dict[int, int] | None = None
    _tags_by_doc: tuple[np.ndarray, np.ndarray] | None = None  # tag pairs ordered by document, made when needed

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
        if docs.size * SPARSE_FACTOR < self.tag_docs.size:
            picked = self._tag_codes_of_few(docs)
        else:
            member = np.zeros(self.ids.size, dtype=bool)
            member[docs] = True
            picked = self.tags.codes[member[self.tag_docs]] if self.tag_docs.size else self.tags.codes[:0]
        out["tags"] = self.tags.top(np.bincount(picked, minlength=len(self.tags.values)), limit)
        for facet, column in self.single.items():
            out[facet] = column.top(np.bincount(column.codes[docs], minlength=len(column.values)), limit)
        return out

    def _tag_codes_of_few(self, docs: np.ndarray) -> np.ndarray:
        """The tag codes of a few documents, found by binary search in the tag pairs ordered by document
        (made on first use): a title search's 50 matches no longer mask all 100,000 pairs (0.3 ms)."""
        if self._tags_by_doc is None:
            order = np.argsort(self.tag_docs, kind="stable")
            self._tags_by_doc = (self.tag_docs[order], self.tags.codes[order])
        by_doc, codes = self._tags_by_doc
        starts = np.searchsorted(by_doc, docs, side="left")
        counts = np.searchsorted(by_doc, docs, side="right") - starts
        total = int(counts.sum())
        if not total:
            return codes[:0]
        # positions starts[i] .. starts[i] + counts[i] - 1 for every document, in one array
        firsts = np.cumsum(counts) - counts
        return codes[np.arange(total) + np.repeat(starts - firsts, counts)]


class _Merger:
    """Joins per-segment codes into one code space (values are few: sources, places, years, tags)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}
        self.parts: list[np.ndarray] = []

    def add(self, codes: np.ndarray, values: list[str]) -> None:
        remap = np.fromiter((self.index.setdefault(v, len(self.index)) for v in values), dtype=np.int32,
                            count=len(values))
        self.parts.append(remap[codes] if codes.size else codes.astype(np.int32))

    def coded(self) -> _Coded:
        codes = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int32)
        return _Coded(codes, list(self.index))


class ColumnCache:
    """Keeps ``SegmentColumns`` by segment id; builds a ``DocTable`` for a searcher from them.

    With ``folder``, each segment's columns are also saved there, so a new process (a ``cuttings search``)
    loads them in milliseconds instead of reading every document's values from the index.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._segments: dict[str, SegmentColumns] = {}
        self._folder = folder

    def _columns(self, key: str, leaf: Any, saved: bool) -> SegmentColumns:
        cols = self._segments.get(key)
        if cols is not None:
            return cols
        path = self._folder / f"{key}{SAVED_SUFFIX}" if self._folder is not None and saved else None
        cols = SegmentColumns.load(path, leaf.doc_count_all()) if path is not None and path.exists() else None
        if cols is None:
            cols = _read_segment(leaf)
            if path is not None:
                cols.save(path)
        self._segments[key] = cols
        return cols

    def table(self, searcher: Any) -> DocTable:
        reader = searcher.reader()
        ids: list[np.ndarray] = []
        single = {facet: _Merger() for facet in _SINGLE}
        tags = _Merger()
        tag_docs: list[np.ndarray] = []
        seen: set[str] = set()
        for leaf, offset in reader.leaf_readers():
            segment = leaf.segment()
            key = segment.segment_id() if segment is not None else f"anon{id(leaf)}"
            seen.add(key)
            cols = self._columns(key, leaf, saved=segment is not None)
            ids.append(cols.ids)
            for facet, (codes, values) in cols.single.items():
                single[facet].add(codes, values)
            tags.add(cols.tag_codes, cols.tag_values)
            tag_docs.append(cols.tag_docs + offset)
        for key in set(self._segments) - seen:
            del self._segments[key]
        self._forget_saved(seen)
        all_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        table = DocTable(
            ids=all_ids,
            single={facet: merger.coded() for facet, merger in single.items()},
            tag_docs=np.concatenate(tag_docs) if tag_docs else np.zeros(0, dtype=np.int64),
            tags=tags.coded(),
        )
        if reader.has_deletions():
            live = np.ones(all_ids.size, dtype=bool)
            live[deleted_docnums(reader)] = False
            table.live = live
        return table

    def _forget_saved(self, current: set[str]) -> None:
        """Delete saved columns of segments this searcher does not have (merged away or rebuilt), once they
        are a while old: another process may be reading a newer generation whose segments we don't see."""
        if self._folder is None or not self._folder.is_dir():
            return
        now = time.time()
        for path in self._folder.iterdir():  # older versions saved .npz files: they go the same way
            if (path.stem in current and path.suffix == SAVED_SUFFIX) or path.name.startswith("."):
                continue
            try:
                if now - path.stat().st_mtime > STALE_AFTER_S:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
