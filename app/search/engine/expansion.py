"""Prefix (``digit*``) and fuzzy (``harbor~``) words: the terms they expand to, matched as one union.

An expansion keeps at most ``MAX_EXPANSION`` terms and about ``POSTINGS_BUDGET`` postings per index (the most
frequent terms first), so ``a*`` stays fast on a big archive. When that cuts terms out, the expansion says
so (``Expansion.left_out``) and the search result names the word (``cut_words``): a count, an export or a
"select all" never comes up short without saying so. ``complete`` expansions (exports) keep every term.

Fuzzy words count an adjacent transposition as one edit (Damerau): ``archvie~`` finds "archive".
"""

from __future__ import annotations

import functools
import heapq
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.base import Automata
from whoosh.matching import ListMatcher, NullMatcher

from app.search.cache import SegmentCache
from app.search.engine.docsets import union_ids

MAX_EXPANSION = 256  # terms a prefix or fuzzy word expands to, per field and segment (the most frequent ones)
POSTINGS_BUDGET = 50_000  # ... and at most about this many postings per index (the first term always counts)


@dataclass(frozen=True)
class Expansion:
    """The terms an expansion searches, and how many more matching terms the caps left out."""

    terms: tuple[bytes, ...]
    left_out: int = 0


def most_frequent(pairs: Iterable[tuple[int, bytes]], budget: int | None = POSTINGS_BUDGET,
                  limit: int | None = MAX_EXPANSION, candidates: int | None = None) -> Expansion:
    """The most frequent terms, at most ``limit`` and about ``budget`` postings in all (None: no cap).

    Frequent terms cover most matching documents, so a tight budget keeps ``a*`` fast on a big archive while
    rare prefixes (``digitiz*``) still expand to all their terms. ``candidates`` is how many terms matched
    in all, where ``pairs`` holds fewer (the rest were already known to be outside the ``limit``)."""
    pairs = list(pairs)
    total = max(len(pairs), candidates or 0)
    if budget is None and limit is None:
        return Expansion(tuple(t for _, t in sorted(pairs, key=lambda p: p[1])))
    chosen: list[bytes] = []
    spent = 0
    for df, term in heapq.nlargest(limit if limit is not None else len(pairs), pairs):
        if budget is not None and chosen and spent + df > budget:
            break
        chosen.append(term)
        spent += df
    return Expansion(tuple(chosen), total - len(chosen))


_EXPANSIONS = SegmentCache(size=4096)  # enough for a few queries' words x fields x segments


def drop_caches() -> None:
    """Forget kept prefix and fuzzy expansions."""
    _EXPANSIONS.clear()


class _UnionMixin:
    """Matches the union of the expanded terms' postings with one constant score (cached per segment)."""

    fieldname: str
    text: str
    boost: float
    complete: bool = False  # every matching term, no caps (an export's selection)

    def _expand(self, ixreader: Any, budget: int | None) -> Expansion:
        raise NotImplementedError

    def word(self) -> str:
        """The word as the user typed it (``digit*``, ``harbor~2``)."""
        raise NotImplementedError

    def _key(self, reader: Any, what: str, budget: int | None) -> tuple[Any, ...] | None:
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            return None
        deleted = segment.deleted_count() if what == "ids" else 0
        return (what, type(self).__name__, segment.segment_id(), deleted, self.fieldname, self.text,
                getattr(self, "maxdist", 0), getattr(self, "prefixlength", 0), budget, self.complete)

    def expansion(self, ixreader: Any, total_docs: int | None = None) -> Expansion:
        """The expansion in one segment (``ixreader``) of an index of ``total_docs`` documents."""
        budget = None if self.complete else _segment_budget(ixreader, total_docs)
        key = self._key(ixreader, "terms", budget)
        if key is None:
            return self._expand(ixreader, budget)
        result: Expansion = _EXPANSIONS.get(key, lambda: self._expand(ixreader, budget))
        return result

    def _btexts(self, ixreader: Any, total_docs: int | None = None) -> list[bytes]:
        return list(self.expansion(ixreader, total_docs).terms)

    def _infos(self, reader: Any) -> dict[bytes, bytes]:
        """Term infos (raw) of expanded terms, where the expansion read them anyway: saves a lookup each."""
        return {}

    def _ids(self, reader: Any, total_docs: int | None) -> np.ndarray:
        if self.fieldname not in reader.schema:
            return np.zeros(0, dtype=np.int32)
        terms = self._btexts(reader, total_docs)
        return union_ids(reader, self.fieldname, terms, self._infos(reader) if terms else {}).astype(np.int32)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        total = searcher.get_parent().doc_count_all() if searcher.has_parent() else None
        budget = None if self.complete else _segment_budget(reader, total)
        key = self._key(reader, "ids", budget)
        ids = (_EXPANSIONS.get(key, lambda: self._ids(reader, total)) if key is not None
               else self._ids(reader, total))
        if not len(ids):
            return NullMatcher()
        return ListMatcher(ids, all_weights=self.boost)


def _segment_budget(reader: Any, total_docs: int | None) -> int:
    """A segment's share of ``POSTINGS_BUDGET``, by its size: the cap holds for the whole index, so an
    archive of many segments does not expand (and read) many times more postings."""
    if not total_docs or total_docs <= 0:
        return POSTINGS_BUDGET
    return max(1, POSTINGS_BUDGET * reader.doc_count_all() // total_docs)


def expanded_terms(leaf: wq.Query, reader: Any) -> list[bytes | str]:
    """The terms a multi-term leaf (prefix, fuzzy, range) matches, segment by segment of ``reader``
    (a multi-segment reader would look up every term in every segment: seconds)."""
    leaves = reader.leaf_readers() if reader is not None else []
    total = reader.doc_count_all() if reader is not None else None
    if isinstance(leaf, _UnionMixin):
        return [t for sub, _ in leaves for t in leaf.expansion(sub, total).terms]
    return [t for sub, _ in leaves for t in leaf._btexts(sub)]


def cut_words(q: wq.Query, searcher: Any) -> list[str]:
    """The prefix and fuzzy words of ``q`` whose expansion the caps cut short in some segment."""
    words: dict[str, None] = {}
    leaves = [q] if not list(q.children()) else list(q.leaves())
    expanding = [leaf for leaf in leaves if isinstance(leaf, _UnionMixin) and not leaf.complete]
    if not expanding:
        return []
    reader = searcher.reader()
    total = reader.doc_count_all()
    for leaf in expanding:
        if leaf.word() in words or leaf.fieldname not in reader.schema:
            continue
        if any(leaf.expansion(sub, total).left_out for sub, _ in reader.leaf_readers()):
            words[leaf.word()] = None
    return list(words)


class CappedPrefix(_UnionMixin, wq.Prefix):
    """A prefix query expanding only to the most frequent terms (see ``most_frequent``)."""

    def word(self) -> str:
        return f"{self.text}*"

    def _expand(self, ixreader: Any, budget: int | None) -> Expansion:
        if self.fieldname not in ixreader.schema:
            return Expansion(())
        entries, matching = self._entries(ixreader)
        return most_frequent(((df, term) for df, term, _ in entries), budget,
                             None if self.complete else MAX_EXPANSION, matching)

    def _infos(self, reader: Any) -> dict[bytes, bytes]:
        return {term: info for _, term, info in self._entries(reader)[0] if info is not None}

    def _entries(self, reader: Any) -> tuple[list[tuple[int, bytes, bytes | None]], int]:
        """The terms that can be among the most frequent, read once for both the expansion and the ids, and
        how many terms have the prefix."""
        keep = None if self.complete else MAX_EXPANSION

        def read() -> tuple[list[tuple[int, bytes, bytes | None]], int]:
            counted: list[int] = []
            entries = list(prefix_entries(reader, self.fieldname, self.text, keep, counted))
            return entries, (counted[0] if counted else len(entries))

        key = self._key(reader, "entries", keep)
        result: tuple[list[tuple[int, bytes, bytes | None]], int] = read() if key is None else _EXPANSIONS.get(key, read)
        return result


_DF_OFFSET = 5  # whoosh 2.7 W3TermInfo: flags (B), weight (f), then the document frequency (I)


def prefix_entries(
    reader: Any, fieldname: str, prefix: str, keep: int | None = None, counted: list[int] | None = None
) -> Iterator[tuple[int, bytes, bytes | None]]:
    """(document frequency, term, its term info's bytes) for the terms of ``fieldname`` starting with
    ``prefix``; with ``keep``, only those that can be among the ``keep`` most frequent (ties kept). The
    number of terms with the prefix is appended to ``counted`` when given.

    A segment's term table is read as arrays: the sorted positions of its entries give the prefix's range
    by binary search, and every entry's frequency is gathered with NumPy from the term info header.
    Whoosh's ``iter_prefix`` decodes each whole term info (unpickling the postings it inlines for rare
    terms) a term at a time, and ``mar*`` walks ~44,000 terms over a 100,000-article index's segments.
    Other readers go the documented way.
    """
    counted = counted if counted is not None else []
    terms = getattr(reader, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    keycoder = getattr(terms, "_keycoder", None)
    if tindex is None or keycoder is None or not hasattr(tindex, "indexbase"):
        found = [(ti.doc_frequency(), t, None) for t, ti in reader.iter_prefix(fieldname, prefix)]
        counted.append(len(found))
        yield from found
        return
    start = reader.schema[fieldname].to_bytes(prefix) if isinstance(prefix, str) else prefix
    first = keycoder(fieldname, start)  # the field's number, then the term
    lo = _key_index(tindex, first)
    after = _successor(first)
    hi = _key_index(tindex, after) if after is not None else tindex.indexlen
    counted.append(max(0, hi - lo))
    if hi <= lo:
        return
    dtype = _INDEX_TYPES[tindex.extras["indextype"]]
    size = tindex.indexsize
    positions = np.frombuffer(tindex.dbfile.get(tindex.indexbase + lo * size, (hi - lo) * size),
                              dtype=dtype).astype(np.int64)
    begin = int(positions[0])
    keylen, datalen = _ENTRY.unpack(tindex.dbfile.get(int(positions[-1]), _ENTRY.size))
    table = np.frombuffer(tindex.dbfile.get(begin, int(positions[-1]) + _ENTRY.size + keylen + datalen - begin),
                          dtype=np.uint8)
    at = positions - begin
    keylens = _big_endian_u32(table, at)
    datalens = _big_endian_u32(table, at + 4)
    infos_at = at + _ENTRY.size + keylens
    dfs = _big_endian_u32(table, infos_at + _DF_OFFSET)
    chosen = np.arange(dfs.size)
    if keep is not None and dfs.size > keep:
        floor = np.partition(dfs, dfs.size - keep)[dfs.size - keep]
        chosen = np.flatnonzero(dfs >= floor)
    terms_at = at + _ENTRY.size + len(first) - len(start)  # the term, after the field number
    for i in chosen.tolist():
        info = int(infos_at[i])
        yield int(dfs[i]), table[int(terms_at[i]) : info].tobytes(), table[info : info + int(datalens[i])].tobytes()


_ENTRY = struct.Struct("!ii")  # whoosh 2.7 ordered hash table: key length, value length, then both
_INDEX_TYPES: dict[str, np.dtype[Any]] = {  # the table's sorted position index, by its type code
    "B": np.dtype("u1"), "H": np.dtype(">u2"), "i": np.dtype(">i4"), "I": np.dtype(">u4"), "q": np.dtype(">i8"),
}


def _big_endian_u32(table: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The big-endian 32-bit numbers starting at each offset ``at`` of the byte array ``table``."""
    return ((table[at].astype(np.int64) << 24) | (table[at + 1].astype(np.int64) << 16)
            | (table[at + 2].astype(np.int64) << 8) | table[at + 3].astype(np.int64))


def _key_index(tindex: Any, key: bytes) -> int:
    """The index (in key order) of the first entry of an ordered hash table whose key is >= ``key``."""
    lo, hi = 0, tindex.indexlen
    while lo < hi:
        mid = (lo + hi) // 2
        if tindex.key_at(tindex._get_pos(tindex.indexbase + mid * tindex.indexsize)) < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _successor(prefix: bytes) -> bytes | None:
    """The smallest key greater than every key starting with ``prefix`` (None: there is none)."""
    stripped = prefix.rstrip(b"\xff")
    if not stripped:
        return None
    return stripped[:-1] + bytes([stripped[-1] + 1])


class CappedFuzzy(_UnionMixin, wq.FuzzyTerm):
    """A fuzzy term expanding only to the most frequent terms (see ``most_frequent``), with an adjacent
    transposition counted as one edit (optimal string alignment, the usual Damerau-Levenshtein)."""

    def word(self) -> str:
        return f"{self.text}~{self.maxdist if self.maxdist != 1 else ''}"

    def _expand(self, ixreader: Any, budget: int | None) -> Expansion:
        if self.fieldname not in ixreader.schema:
            return Expansion(())
        field = self.fieldname
        found: dict[bytes, None] = {}
        for word, dist in damerau_variants(self.text, self.maxdist, self.prefixlength):
            if dist == 0:
                term = word.encode("utf-8")
                if (field, term) in ixreader:
                    found[term] = None
                continue
            found.update(dict.fromkeys(_terms_within(ixreader, field, word, dist, self.prefixlength)))
        return most_frequent(((ixreader.doc_frequency(field, t), t) for t in found), budget,
                             None if self.complete else MAX_EXPANSION)


def damerau_variants(word: str, maxdist: int, prefixlength: int = 0) -> list[tuple[str, int]]:
    """(word, edits left) pairs whose Levenshtein neighbourhoods together hold every term within ``maxdist``
    edits of ``word`` when a swap of two neighbouring letters counts as one edit: the word itself with
    ``maxdist``, and each word made by one or two swaps (after the first ``prefixlength`` letters) with one
    or two edits fewer."""
    out: dict[str, int] = {word: maxdist}
    frontier = [word]
    for spent in range(1, maxdist + 1):
        nxt = []
        for w in frontier:
            for i in range(prefixlength, len(w) - 1):
                if w[i] != w[i + 1]:
                    swapped = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
                    if out.get(swapped, -1) < maxdist - spent:
                        out[swapped] = maxdist - spent
                        nxt.append(swapped)
        frontier = nxt
    return list(out.items())


def _terms_within(reader: Any, field: str, word: str, dist: int, prefixlength: int) -> Iterator[bytes]:
    """The terms of ``field`` within ``dist`` Levenshtein edits of ``word``."""
    if hasattr(reader, "cursor") and type(reader._codec.automata(None, None)) is Automata:
        # What SegmentReader.terms_within does, with the automaton built once for every segment
        cursor = reader.cursor(reader.schema[field].spelling_fieldname(field))
        expanded: Iterable[Any] = Automata.find_matches(_levenshtein_dfa(word, dist, prefixlength), cursor)
    else:
        expanded = reader.terms_within(field, word, dist, prefixlength)
    for t in expanded:
        yield t if isinstance(t, bytes) else t.encode("utf-8")


@functools.lru_cache(maxsize=256)
def _levenshtein_dfa(text: str, maxdist: int, prefix: int) -> Any:
    """Whoosh's Levenshtein automaton for a word (2-30 ms to build; it was built per segment and field)."""
    return Automata.levenshtein_dfa(text, maxdist, prefix)
