"""Ranked matches a posting block at a time, scored with NumPy: the same BM25F scores Whoosh gives.

Whoosh's collector scores one posting at a time in Python: a common word in eight fields of 100,000
articles is ~250,000 ``score()`` calls, each reading a field length from the segment file (2 s). Here a
term's whole posting list is read block by block, its BM25F scores computed as arrays (same formula, same
operation order, so the same float values), and the query tree combined with array operations: sums for
``And``/``Or``, a mask for ``AndNot``. The result holds every match (the total and the facets need them)
and gives the top k by score, ties broken by document number as Whoosh does.

Node types not handled here are matched by Whoosh's own matcher for that subtree, so every query works.
"""

from __future__ import annotations

import functools
import itertools
import pickle
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader
from whoosh.matching import FilterMatcher, ListMatcher, NullMatcherClass
from whoosh.util.numeric import byte_to_length

from app.search.cache import ByteBoundedCache, SegmentCache
from app.search.engine.codec import BlockMatcher, raw_postings
from app.search.engine.docsets import deleted_docnums, id_mask
from app.search.engine.phrase import FastPhrase
from app.search.engine.positions import PostingPositions
from app.search.engine.storage import OTHER_COLUMN, length_bytes

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# (segment id, field) -> the segment's field-length bytes; (segment id, "sort", field) -> its sort column
_COLUMNS = SegmentCache(size=256)
_PHRASE_TABLE_LIMIT = 64 * 1024 * 1024  # bytes of a phrase check's (candidate, position) table
_POSTINGS = ByteBoundedCache(limit=64 * 1024 * 1024)  # (segment, deletions, field, term) -> ids, weights


def drop_caches() -> None:
    """Forget kept posting lists (field lengths and sort columns stay: they are per segment, like its files)."""
    _POSTINGS.clear()


@dataclass
class Scored:
    """Document numbers (sorted, unique) with their scores."""

    ids: np.ndarray
    scores: np.ndarray

    @staticmethod
    def empty() -> Scored:
        return Scored(_EMPTY_IDS, _EMPTY_SCORES)


@dataclass
class Ranking:
    """Every document a query matches (global numbers) with its score."""

    docnums: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return int(self.docnums.size)

    def top(self, k: int) -> list[tuple[int, float]]:
        """The ``k`` best (document number, score) pairs: highest score first, then lowest number."""
        n = self.docnums.size
        if k <= 0 or n == 0:
            return []
        if k < n:
            # Everything scoring at least the k-th best score, so ties at the cut are decided by number.
            kth = np.partition(self.scores, n - k)[n - k]
            pick = np.flatnonzero(self.scores >= kth)
        else:
            pick = np.arange(n)
        order = np.lexsort((self.docnums[pick], -self.scores[pick]))[:k]
        chosen = pick[order]
        return list(zip(self.docnums[chosen].tolist(), self.scores[chosen].tolist(), strict=True))

    def sorted_top(self, keys: np.ndarray, k: int) -> list[int]:
        """The ``k`` first document numbers by ``keys`` (indexed by document number) descending, ties by
        number descending: the order of Whoosh's ``sortedby=..., reverse=True``."""
        if k <= 0 or not self.docnums.size:
            return []
        order = np.lexsort((self.docnums, keys[self.docnums]))[::-1][:k]
        return [int(d) for d in self.docnums[order]]


def sort_keys(searcher: Any, fieldname: str) -> np.ndarray:
    """The raw sort column of ``fieldname`` for every document (global numbers); the field must be sortable."""
    parts = []
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            column = _read_sort_column(reader, fieldname)
        else:
            column = _COLUMNS.get((segment.segment_id(), "sort", fieldname),
                                  functools.partial(_read_sort_column, reader, fieldname))
        if column is None:
            raise ValueError(f"{fieldname!r} has no sort column in this index (a sortable field of the schema)")
        parts.append(column)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _read_sort_column(reader: Any, fieldname: str) -> np.ndarray | None:
    if fieldname not in reader.schema or not reader.has_column(fieldname):
        return None
    column = reader.column_reader(fieldname, translate=False)
    size = reader.doc_count_all()
    typecode = getattr(column, "_typecode", None)
    if typecode is None or not hasattr(column, "_dbfile"):
        return None
    out = np.full(size, column._default, dtype=np.dtype(typecode))
    count = min(column._count, size)
    raw = column._dbfile.get(column._basepos, count * column._fixedlen)
    out[:count] = np.frombuffer(raw, dtype=np.dtype(">" + typecode))
    return out


def rank(searcher: Any, q: wq.Query, allowed: set[int] | None = None) -> Ranking:
    """Every match of ``q`` with its score (the searcher scores with BM25F, Whoosh's default)."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
        raise TypeError(f"rank() computes BM25F scores; the searcher weights with {type(weighting).__name__}")
    allowed_arr = np.fromiter(allowed, dtype=np.int64, count=len(allowed)) if allowed is not None else None
    context = searcher.context(needs_current=False, weighting=weighting, top_query=q)
    parts_ids: list[np.ndarray] = []
    parts_scores: list[np.ndarray] = []
    averages: dict[str, float] = {}  # field -> average length over the index, shared by the segments
    for sub, offset in searcher.leaf_searchers():
        found = _SegmentScorer(searcher, sub, weighting, context, averages).evaluate(q)
        if not found.ids.size:
            continue
        ids, scores = found.ids + offset, found.scores
        if allowed_arr is not None:
            keep = np.isin(ids, allowed_arr)
            ids, scores = ids[keep], scores[keep]
        parts_ids.append(ids)
        parts_scores.append(scores)
    if not parts_ids:
        return Ranking(_EMPTY_IDS, _EMPTY_SCORES)
    return Ranking(np.concatenate(parts_ids), np.concatenate(parts_scores))


class _SegmentScorer:
    """Evaluates a query tree over one segment."""

    def __init__(self, top: Any, sub: Any, weighting: scoring.BM25F, context: Any,
                 averages: dict[str, float] | None = None) -> None:
        self.top = top
        self.averages = averages if averages is not None else {}
        self.sub = sub
        self.reader = sub.reader()
        self.weighting = weighting
        self.context = context
        self._deleted: np.ndarray | None = None

    # ------------------------------------------------------------------------------------ tree

    def evaluate(self, q: wq.Query) -> Scored:
        kind = type(q)
        if kind is wq.Term:
            return self._term(q)
        if kind is wq.Or and not q.minmatch and not q.scale:
            return self._boosted(self._union([self.evaluate(c) for c in q.subqueries]), q.boost)
        if kind is wq.And:
            return self._boosted(self._intersection(q.subqueries), q.boost)
        if kind is wq.AndNot:
            return self._and_not(self.evaluate(q.a), q.b)
        if kind is wq.Not:
            return self._complement(q.query)
        if isinstance(q, wq.NumericRange):  # dates: compiled to terms of the segment, as Whoosh matches them
            return self.evaluate(q._compile_query(self.reader))
        if kind is wq.ConstantScoreQuery:
            ids = self._ids_of(q.child)
            return Scored(ids, np.full(ids.size, q.score or 1.0, dtype=np.float64))
        if kind is FastPhrase and q.slop == 1 and len(q.words) > 1:
            found = self._phrase(q)
            if found is not None:
                return found
        return self._by_matcher(q)

    def _boosted(self, found: Scored, boost: float) -> Scored:
        return found if boost == 1.0 else Scored(found.ids, found.scores * boost)

    def _union(self, parts: list[Scored]) -> Scored:
        parts = [p for p in parts if p.ids.size]
        if not parts:
            return Scored.empty()
        if len(parts) == 1:
            return parts[0]
        # Sums per document in the order of the parts, as np.unique + bincount would (the same floats),
        # over the segment's document numbers: linear, where sorting the concatenation was not.
        every = np.concatenate([p.ids for p in parts])
        size = self.reader.doc_count_all()
        sums = np.bincount(every, weights=np.concatenate([p.scores for p in parts]), minlength=size)
        ids = np.flatnonzero(np.bincount(every, minlength=size))
        return Scored(ids, sums[ids])

    def _intersection(self, subqueries: list[wq.Query]) -> Scored:
        positives = [c for c in subqueries if type(c) is not wq.Not]
        negatives = [c.query for c in subqueries if type(c) is wq.Not]
        if not positives:
            return self._by_matcher(wq.And(subqueries))
        result = self.evaluate(positives[0])
        for child in positives[1:]:
            if not result.ids.size:
                return result
            other = self.evaluate(child)
            ia, ib = self._common(result.ids, other.ids)
            result = Scored(result.ids[ia], result.scores[ia] + other.scores[ib])
        for child in negatives:
            if not result.ids.size:
                return result
            # Whoosh matches ``Not`` inside ``And`` with an inverse matcher scoring 1.0.
            keep = ~self._member(result.ids, self._ids_of(child))
            result = Scored(result.ids[keep], result.scores[keep] + 1.0)
        return result

    def _and_not(self, positive: Scored, negative: wq.Query) -> Scored:
        if not positive.ids.size:
            return positive
        keep = ~self._member(positive.ids, self._ids_of(negative))
        return Scored(positive.ids[keep], positive.scores[keep])

    def _complement(self, child: wq.Query) -> Scored:
        every = np.arange(self.reader.doc_count_all(), dtype=np.int64)
        deleted = self._deleted_ids()
        if deleted.size:
            every = every[~self._member(every, deleted)]
        keep = ~self._member(every, self._ids_of(child))
        ids = every[keep]
        return Scored(ids, np.ones(ids.size, dtype=np.float64))

    def _union_ids(self, parts: list[np.ndarray]) -> np.ndarray:
        """The sorted union of document number arrays (as a mask over the segment's documents)."""
        parts = [p for p in parts if p.size]
        if len(parts) < 2:
            return parts[0] if parts else _EMPTY_IDS
        return np.flatnonzero(id_mask(parts, self.reader.doc_count_all()))

    def _member(self, ids: np.ndarray, others: np.ndarray) -> np.ndarray:
        """For each of ``ids``, whether ``others`` holds it (a mask over the segment's document numbers)."""
        return id_mask([others], self.reader.doc_count_all())[ids]

    def _common(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indices into the sorted, unique ``a`` and ``b`` of the numbers both hold, in order."""
        where = np.full(self.reader.doc_count_all(), -1, dtype=np.int64)
        where[b] = np.arange(b.size)
        at = where[a]
        ia = np.flatnonzero(at >= 0)
        return ia, at[ia]

    def _ids_of(self, q: wq.Query) -> np.ndarray:
        """The documents ``q`` matches, scores aside (Whoosh matches ``NOT`` and constant-score parts so)."""
        kind = type(q)
        if kind is wq.Or:
            return self._union_ids([self._ids_of(c) for c in q.subqueries])
        if kind is wq.TermRange:
            return self._union_ids([self._postings(q.fieldname, t)[0] for t in q._btexts(self.reader) or ()])
        if kind is wq.Term:
            text = self._term_bytes(q.fieldname, q.text)
            return _EMPTY_IDS if text is None else self._postings(q.fieldname, text)[0]
        return self.evaluate(q).ids

    # ---------------------------------------------------------------------------------- leaves

    def _term(self, q: wq.Term) -> Scored:
        found = self._scored_postings(q.fieldname, q.text)
        if found is None:
            return Scored.empty()
        return self._boosted(Scored(found[0], found[1]), q.boost)

    def _scored_postings(
        self, fieldname: str, word: Any, with_positions: bool = False
    ) -> tuple[np.ndarray, np.ndarray, Positions | None] | None:
        """A term's live documents, their BM25F scores and (on request) positions; None if absent."""
        text = self._term_bytes(fieldname, word)
        if text is None:
            return None
        ids, weights, positions = self._postings(fieldname, text, with_positions)
        if self.reader.schema[fieldname].scorable:
            weighting = self.weighting
            idf = self.top.idf(fieldname, text)
            avgfl = self.averages.get(fieldname)
            if avgfl is None:  # Whoosh sums the field's length over every segment on each call
                avgfl = self.averages[fieldname] = self.top.avg_field_length(fieldname) or 1
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            fl = _BYTE_TO_LENGTH[self._length_bytes(fieldname)[ids]]
            # scoring.bm25, term for term (the same operations in the same order give the same floats).
            scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
        else:
            scores = weights
        return ids, scores, positions

    def _term_bytes(self, fieldname: str, word: Any) -> bytes | None:
        """The indexed form of ``word`` in ``fieldname`` if this segment has it, else None."""
        schema = self.reader.schema
        if fieldname not in schema:
            return None
        try:
            text = schema[fieldname].to_bytes(word)
        except ValueError:
            return None
        return text if (fieldname, text) in self.reader else None

    def _phrase(self, q: FastPhrase) -> Scored | None:
        """An exact phrase: the words' documents intersected as arrays, positions checked only there.

        Scores are the sum of the words' scores times the boost, as ``FastPhrase`` gives.
        """
        if q.fieldname not in self.reader.schema:
            return Scored.empty()
        field = self.reader.schema[q.fieldname]
        if not field.format or not field.format.supports("positions"):
            return None
        words = []
        for word in q.words:
            found = self._scored_postings(q.fieldname, word, with_positions=True)
            if found is None or not found[0].size:
                return Scored.empty()
            words.append(found)
        ids = words[0][0]
        picks = [np.arange(ids.size)]
        for other_ids, _, _ in words[1:]:
            mine, theirs = self._common(ids, other_ids)
            ids = ids[mine]
            picks = [p[mine] for p in picks] + [theirs]
            if not ids.size:
                return Scored.empty()
        chosen = []
        for (_, _, positions), pick in zip(words, picks, strict=True):
            assert positions is not None
            chosen.append(positions.chosen(pick))
        # Keys are candidate * span + position; each next word must be at start + offset.
        span = max(int(c.last_positions().max()) for c in chosen) + len(chosen) + 1
        table_size = ids.size * span
        starts = chosen[0].keys(span)
        for offset, word_positions in enumerate(chosen[1:], start=1):
            keys = word_positions.keys(span)
            if table_size <= _PHRASE_TABLE_LIMIT:  # a membership table: linear, no sorting or searching
                table = np.zeros(table_size, dtype=bool)
                table[keys] = True
                starts = starts[table[starts + offset]]
            else:
                starts = starts[_sorted_contains(keys, starts + offset)]
            if not starts.size:
                return Scored.empty()
        keep = np.zeros(ids.size, dtype=bool)
        keep[starts // span] = True
        scores = words[0][1][picks[0][keep]]
        for (_, word_scores, _), pick in zip(words[1:], picks[1:], strict=True):
            scores = scores + word_scores[pick[keep]]
        return self._boosted(Scored(ids[keep], scores), q.boost)

    def _postings(
        self, fieldname: str, text: bytes, with_positions: bool = False
    ) -> tuple[np.ndarray, np.ndarray, Positions | None]:
        """The live postings of a term: document numbers, weights (as float64) and, on request, positions.

        Without positions they are kept in ``_POSTINGS`` (typing ``harbour ferry`` searches ``harbour`` again
        at every pause, and the GUI pages through one query); positions are not kept.
        """
        segment = self.reader.segment() if hasattr(self.reader, "segment") else None
        if with_positions or segment is None:
            return self._read_postings(fieldname, text, with_positions)
        key = (segment.segment_id(), segment.deleted_count(), fieldname, text)
        kept = _POSTINGS.get(key)
        if kept is None:
            ids, weights, _ = self._read_postings(fieldname, text, False)
            kept = (ids.astype(np.int32), weights.astype(np.float32))  # weights are float32 in the index
            _POSTINGS.put(key, kept, kept[0].nbytes + kept[1].nbytes)
        return kept[0].astype(np.int64), kept[1].astype(np.float64), None

    def _read_postings(
        self, fieldname: str, text: bytes, with_positions: bool
    ) -> tuple[np.ndarray, np.ndarray, Positions | None]:
        raw = raw_postings(self.reader, fieldname, text, with_positions)
        positions: Positions | None = None
        if raw is not None:
            ids, weights, positions = raw
        else:
            m = self.reader.postings(fieldname, text)
            if isinstance(m, FilterMatcher):
                m = m.child  # deleted documents are removed below, all at once
            ids, weights, values = _whoosh_postings(m, with_positions)
            if with_positions:
                positions = ValuePositions(values, self.reader.schema[fieldname].format.decode_positions)
        deleted = self._deleted_ids()
        if deleted.size and ids.size:
            keep = ~self._member(ids, deleted)
            ids, weights = ids[keep], weights[keep]
            if positions is not None:
                positions = positions.select(keep)
        return ids, weights, positions

    def _deleted_ids(self) -> np.ndarray:
        if self._deleted is None:
            self._deleted = deleted_docnums(self.reader) if self.reader.has_deletions() else _EMPTY_IDS
        return self._deleted

    def _length_bytes(self, fieldname: str) -> np.ndarray:
        """The segment's encoded field lengths (one byte a document), cached per segment."""
        reader = self.reader
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            return self._read_lengths(fieldname)
        return _COLUMNS.get((segment.segment_id(), fieldname), lambda: self._read_lengths(fieldname))

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        reader = self.reader
        size = reader.doc_count_all()
        out = np.zeros(size, dtype=np.uint8)
        perdoc = getattr(reader, "_perdoc", None)
        lengths = length_bytes(perdoc, fieldname) if isinstance(perdoc, W3PerDocReader) else OTHER_COLUMN
        if isinstance(lengths, bytes):
            count = min(len(lengths), size)
            out[:count] = np.frombuffer(lengths, dtype=np.uint8, count=count)
        elif lengths is OTHER_COLUMN:
            for docnum in range(size):
                out[docnum] = _length_byte(reader.doc_field_length(docnum, fieldname, 0) or 0)
        return out  # no column: zeros, as Whoosh's length of a document without the field

    def _by_matcher(self, q: wq.Query) -> Scored:
        """Whoosh's own matcher for a node this module does not evaluate (phrases, prefixes, ranges...)."""
        m = q.matcher(self.sub, self.context)
        if isinstance(m, NullMatcherClass):
            return Scored.empty()
        if type(m) is ListMatcher and m._i == 0 and m._scorer is None:
            ids = np.asarray(m._ids, dtype=np.int64)
            if m._all_weights:  # as ListMatcher.weight() reads them
                scores = np.full(ids.size, float(m._all_weights), dtype=np.float64)
            elif m._weights:
                scores = np.asarray(m._weights, dtype=np.float64)
            else:
                scores = np.ones(ids.size, dtype=np.float64)
            return _sorted(ids, scores)
        got_ids: list[int] = []
        got_scores: list[float] = []
        while m.is_active():
            got_ids.append(m.id())
            got_scores.append(m.score())
            m.next()
        return _sorted(np.array(got_ids, dtype=np.int64), np.array(got_scores, dtype=np.float64))


def _whoosh_postings(m: Any, with_values: bool) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """A posting list read through a Whoosh matcher (W3 blocks a block at a time): ids, weights, values."""
    values: list[bytes] = []
    if isinstance(m, W3LeafMatcher) and not isinstance(m, BlockMatcher):
        id_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        while m.is_active():
            if m._data is None:
                m._read_data()
            raw_ids, raw_weights = m._data[0], m._data[1]
            count = m._blocklength
            block_ids = np.asarray(raw_ids, dtype=np.int64)
            id_parts.append(block_ids if m._byteids else np.cumsum(block_ids))
            if raw_weights is None:
                weight_parts.append(np.ones(count, dtype=np.float64))
            elif isinstance(raw_weights, float):
                weight_parts.append(np.full(count, raw_weights, dtype=np.float64))
            else:
                weight_parts.append(np.asarray(raw_weights, dtype=np.float32).astype(np.float64))
            if with_values:
                m._read_values()
                values.extend(m._values)
            m._next_block()
        ids = np.concatenate(id_parts) if id_parts else _EMPTY_IDS
        weights = np.concatenate(weight_parts) if weight_parts else _EMPTY_SCORES
        return ids, weights, values
    found: list[tuple[int, float]] = []  # postings inlined in the term info (rare terms), or another backend
    while m.is_active():
        found.append((m.id(), m.weight()))
        if with_values:
            values.append(m.value())
        m.next()
    ids = np.array([p[0] for p in found], dtype=np.int64)
    weights = np.array([p[1] for p in found], dtype=np.float32).astype(np.float64)
    return ids, weights, values


@dataclass
class ValuePositions:
    """Positions as Whoosh's posting values (segments written by Whoosh's own codec), decoded on demand."""

    values: list[bytes]
    decode: Any

    def select(self, keep: np.ndarray) -> ValuePositions:
        return ValuePositions([v for v, k in zip(self.values, keep.tolist(), strict=True) if k], self.decode)

    def chosen(self, pick: np.ndarray) -> PostingPositions:
        """The positions of the postings at ``pick``, as arrays."""
        return _value_positions([self.values[i] for i in pick.tolist()], self.decode)


Positions = PostingPositions | ValuePositions


def _value_positions(values: list[bytes], decode: Any) -> PostingPositions:
    """Whoosh ``Positions`` values as arrays (a count per value, the position deltas flat).

    A value is a 4-byte count and a pickled list of position deltas; all of them are unpickled as one list
    of lists in one call (a call per value was most of a phrase search's time).
    """
    bodies = []
    for v in values:
        if v[4:6] != b"\x80\x02":
            lists = [_deltas(decode(v)) for v in values]  # not the format we know: Whoosh decodes
            break
        bodies.append(v[6:-1] if v.endswith(b".") else v[6:])
    else:
        lists = pickle.loads(b"](" + b"".join(bodies) + b"e.")
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    deltas = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    return PostingPositions(counts, deltas)


def _sorted_contains(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """For each needle, whether the sorted ``haystack`` holds it (a binary search; ``isin`` sorts both)."""
    if not haystack.size:
        return np.zeros(needles.size, dtype=bool)
    at = np.minimum(np.searchsorted(haystack, needles), haystack.size - 1)
    return haystack[at] == needles


def _deltas(positions: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *positions[:-1]], positions, strict=True)]


def _sorted(ids: np.ndarray, scores: np.ndarray) -> Scored:
    if ids.size > 1 and np.any(ids[1:] <= ids[:-1]):
        order = np.argsort(ids, kind="stable")
        ids, scores = ids[order], scores[order]
    return Scored(ids, scores)


def _length_byte(length: int) -> int:
    from whoosh.util.numeric import length_to_byte

    return int(length_to_byte(length))
