"""Merging index segments by copying their posting blocks instead of re-sorting every posting.

Whoosh merges a segment by feeding each of its postings through the writer's sorting pool: about 9 ms a
document, so one 100,000-article index could not be brought to a few segments in reasonable time, and every
query paid for dozens of segments (a term looked up, a posting list read, in each). Array blocks keep
absolute first and last ids in their headers and gaps inside, so a segment without deletions is merged by
copying its blocks with those two numbers moved up (``BlockPostingsWriter.copy_blocks``).

Stored fields, lengths, columns and vectors are still copied document by document by Whoosh's own
``write_per_doc``. Segments in Whoosh's format, with deletions, or holding inlined terms are read posting
by posting, as Whoosh would, in the same pass.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from app.jobs import CancelCheck, check_cancel, never_cancelled
from app.search.engine.codec import (
    MAGIC,
    BlockCodec,
    BlockPostingsWriter,
    _extent,
    encoded_value,
    joined_lists,
)
from app.search.engine.new_postings import write_new_terms
from app.search.engine.postings import pools_positions
from app.search.engine.storage import field_lengths
from app.search.engine.term_pool import Postings, TermPool

_CACHED_VALUE_TYPES = {str, datetime.datetime, bool}  # values whose terms a writer remembers (``_field_terms``)
_CACHED_VALUES = 50_000  # the most it remembers at once
_POOL = -1  # the order of the documents added to this writer: before every merged segment's
# W3TermInfo.to_bytes of a posting list in the postings file: flags, weight, document frequency, min and max
# length bytes, max weight, first and last id, then the list's offset and length
_INFO = struct.Struct("!BfIBBfIIqi")


@dataclass
class _Source:
    """A segment being merged: its reader, where its documents start, their new numbers if it has
    deletions (None: old number + ``base``), and whether its blocks can be copied."""

    reader: Any
    base: int
    docmap: dict[int, int] | None
    copies_blocks: bool


class CopyMergeWriter(SegmentWriter):
    """A segment writer whose merges (``add_reader``) copy array posting blocks (see the module docstring),
    and whose new documents' postings are pooled by term (``TermPool``) and written a list at a time."""

    def __init__(self, ix: Any, cancelled: CancelCheck = never_cancelled, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool: TermPool = TermPool()
        self._sources: list[_Source] = []
        self._cancelled = cancelled  # checked between segments and every few thousand terms
        schema = self.schema
        self._pooled_fields = {name for name in schema.names() if pools_positions(schema[name])}
        self._whoosh_adds = any(field.separate_spelling() or field.vector for _, field in schema.items())
        self._terms_of_value: dict[tuple[str, Any], list[tuple[bytes, int, float, bytes]]] = {}

    def add_reader(self, reader: Any) -> None:
        """Add a segment's documents; its postings are written at commit, after this writer's own."""
        self._check_state()
        check_cancel(self._cancelled)
        # our own reader: the caller closes its reader as soon as this returns
        own = SegmentReader(self.storage, self.schema, reader.segment())
        fieldnames = set(self.schema.names()) | {n for n in own.indexed_field_names() if n in self.schema}
        base = self.docnum
        docmap = self.write_per_doc(fieldnames, own)
        copies = docmap is None and isinstance(own.segment().codec(), BlockCodec)
        self._sources.append(_Source(own, base, docmap, copies))
        self._added = True

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document``, with our free-text fields pooled a document at a time
        (``TermPool.add_text``) instead of a tuple and a call per posting; other fields as Whoosh."""
        if self._sources:  # postings are written in document order: the writer's own come first
            raise RuntimeError("Add documents to a merging writer before adding segments.")
        if self._whoosh_adds:  # spelling words or term vectors: Whoosh's own path writes them
            super().add_document(**fields)
            return
        self._check_state()
        schema, perdoc, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdoc.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    if type(value) is str and fieldname in self._pooled_fields:
                        if value:
                            length = pool.add_text(fieldname, docnum, value, field.format.field_boost, boost)
                    else:
                        for btext, freq, weight, vbytes in self._field_terms(fieldname, field, value):
                            length += freq
                            pool.add((fieldname, btext, docnum, weight * boost, vbytes))
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdoc.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _field_terms(self, fieldname: str, field: Any, value: Any) -> list[tuple[bytes, int, float, bytes]]:
        """``field.index(value)`` as a list, remembered for values that repeat (dates, sources, places, tag
        paths: a date alone is eight numeric terms, each made in Python)."""
        if type(value) not in _CACHED_VALUE_TYPES:
            return list(field.index(value))
        key = (fieldname, value)
        terms = self._terms_of_value.get(key)
        if terms is None:
            if len(self._terms_of_value) >= _CACHED_VALUES:
                self._terms_of_value.clear()
            terms = self._terms_of_value[key] = list(field.index(value))
        return terms

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            if not self._sources and isinstance(self.codec, BlockCodec):  # a new segment: only the pool's terms
                write_new_terms(self.fieldwriter, self.schema, lengths, self.pool, self._cancelled)
            else:
                write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms(), self._sources,
                               self._cancelled)
        finally:
            lengths.close()
            self._close_sources()
        self.fieldwriter.close()

    def _close_segment(self) -> None:
        self._close_sources()
        super()._close_segment()

    def _close_sources(self) -> None:
        for source in self._sources:
            source.reader.close()
        self._sources = []


def write_postings(fieldwriter: Any, schema: Any, lengths: Any, pooled: Iterable[tuple[str, bytes, Postings]],
                   sources: list[_Source], cancelled: CancelCheck = never_cancelled) -> None:
    """Write every term's postings: the pool's (new documents, ``TermPool.terms``) first, then each
    source's in order."""
    streams: list[Iterator[tuple[str, bytes, int, Any]]] = [_pool_terms(pooled)]
    streams += [_source_terms(i, s.reader, schema) for i, s in enumerate(sources)]
    field = None
    merged = heapq.merge(*streams) if sources else streams[0]
    terms = itertools.groupby(merged, key=lambda e: (e[0], e[1]))
    for count, ((fieldname, btext), group) in enumerate(terms):
        if count % 8192 == 0:
            check_cancel(cancelled)
        entries = list(group)
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
        if len(entries) == 1 and entries[0][2] == _POOL and isinstance(fieldwriter._postwriter, BlockPostingsWriter):
            _write_pooled(fieldwriter, lengths, fieldname, btext, entries[0][3])  # most terms of a new segment
            continue
        if entries[0][2] != _POOL and _copy_lists(fieldwriter, btext, [(sources[e[2]], e[3]) for e in entries]):
            continue
        parts: list[Any] = [payload if order == _POOL else _source_part(sources[order], fieldname, btext, payload)
                            for _, _, order, payload in entries]
        if not any(parts):  # every posting was of a deleted document
            continue
        fieldwriter.start_term(btext)
        for (_, _, order, _), part in zip(entries, parts, strict=True):
            if order == _POOL:
                _add_pooled(fieldwriter, lengths, fieldname, part)
            elif isinstance(part, _Copy):
                fieldwriter._postwriter.copy_blocks(part.data, part.shift, part.info)
            else:
                for docnum, weight, value in part:
                    fieldwriter.add(docnum, weight, value, lengths.doc_field_length(docnum, fieldname))
        fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


def _copy_lists(fieldwriter: Any, btext: bytes, parts: list[tuple[_Source, bytes]]) -> bool:
    """Write a term's posting list as the segments' lists of it (with their term infos ``parts``) joined,
    their ids moved up by each segment's base; False, writing nothing, unless all are array blocks."""
    # info[0]: inlined postings. Checked for all before any list is read.
    if not all(source.copies_blocks and not info[0] and len(info) == _INFO.size for source, info in parts):
        return False
    infos, lists = [], []
    for source, info in parts:
        fields = _INFO.unpack(info)
        data = source.reader._terms._postfile.get(fields[-2], fields[-1])
        if data[: len(MAGIC)] != MAGIC:
            return False
        infos.append(fields)
        lists.append((data, source.base))
    data = joined_lists(lists)
    postfile = fieldwriter._postfile
    at = postfile.tell()
    postfile.write(data)
    first, last = infos[0], infos[-1]
    info = _INFO.pack(
        0, sum(f[1] for f in infos), sum(f[2] for f in infos), min(f[3] for f in infos), max(f[4] for f in infos),
        max(f[5] for f in infos), first[6] + parts[0][0].base, last[7] + parts[-1][0].base, at, len(data),
    )
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info)
    return True


def _pool_terms(pooled: Iterable[tuple[str, bytes, Postings]]) -> Iterator[tuple[str, bytes, int, Any]]:
    for fieldname, btext, postings in pooled:
        yield fieldname, btext, _POOL, postings


def _write_pooled(fieldwriter: Any, lengths: Any, fieldname: str, btext: bytes, postings: Postings) -> None:
    """A term whose postings are all in the pool: its whole list and its term info, in one call each."""
    docnums, weights, values = postings
    info = fieldwriter._postwriter.write_list(fieldwriter._fieldobj.format, docnums, weights, values,
                                              field_lengths(lengths, fieldname, docnums))
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info)


def _add_pooled(fieldwriter: Any, lengths: Any, fieldname: str, postings: Postings) -> None:
    """One term's postings from the pool, with their documents' field lengths, a block at a time."""
    docnums, weights, values = postings
    doc_lengths = field_lengths(lengths, fieldname, docnums)
    writer = fieldwriter._postwriter
    if isinstance(writer, BlockPostingsWriter):
        writer.add_list(docnums, weights, values, doc_lengths)
        return
    for docnum, weight, value, length in zip(docnums, weights, values, doc_lengths, strict=True):
        fieldwriter.add(docnum, weight, b"" if value is None else encoded_value(value), length)


def _source_terms(order: int, reader: Any, schema: Any) -> Iterator[tuple[str, bytes, int, Any]]:
    """A segment's (field, term, order, raw term info) in field name and term order (fields the schema
    no longer has are dropped, as Whoosh's merge drops them)."""
    terms = reader._terms
    if not isinstance(terms, W3TermsReader):
        raise TypeError(f"Cannot merge a segment read by {type(terms).__name__}")
    table = terms._tindex
    for fieldname, fieldid in sorted(terms._fieldmap.items()):
        if fieldname not in schema:
            continue
        prefix = pack_ushort(fieldid)
        for key, info in table.items_from(prefix):
            if not key.startswith(prefix):
                break
            yield fieldname, key[len(prefix):], order, info


@dataclass
class _Copy:
    """A posting list to copy block by block: its bytes, the shift of its ids, its term info."""

    data: bytes
    shift: int
    info: W3TermInfo


def _source_part(source: _Source, fieldname: str, btext: bytes, info: bytes) -> _Copy | list[tuple[int, float, Any]]:
    """A source's postings of one term: blocks to copy, or (new docnum, weight, value) read one by one."""
    terminfo = W3TermInfo.from_bytes(info)
    terms = source.reader._terms
    if source.copies_blocks and not terminfo.is_inlined():
        offset, length = _extent(terminfo)
        data = terms._postfile.get(offset, length)
        if data[: len(MAGIC)] == MAGIC:
            return _Copy(data, source.base, terminfo)
    matcher = terms.matcher(fieldname, btext, source.reader.schema[fieldname].format)
    docmap, base = source.docmap, source.base
    postings = []
    while matcher.is_active():
        old = matcher.id()
        new = base + old if docmap is None else docmap.get(old)
        if new is not None:
            postings.append((new, matcher.weight(), matcher.value()))
        matcher.next()
    return postings
