"""The query language: checks that give clear errors, then Whoosh's parser with our plugins and rewrites.

Supported: bare words (AND across the default fields), ``OR``, ``NOT``/``-word``, ``"phrases"``, ``(groups)``,
``field:value`` (aliases ``tag:``, ``author:``, ``captions:``, ``credits:``, ``text:``), ``tag:a/b`` (the tag and
its descendants), ``published:2020`` / ``2020-07`` / ``[2020-07-01 to 2020-07-31]`` (same for ``clipped:``),
``word~``/``word~2`` (fuzzy), ``word*`` (prefix, expansion capped to the most frequent terms), ``*`` (all).
"""

from __future__ import annotations

import functools
import heapq
import re
import struct
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.base import Automata
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import (
    FuzzyTermPlugin,
    MultifieldParser,
    PrefixPlugin,
    SingleQuotePlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.plugins import TaggingPlugin

from app.errors import QueryError
from app.search.analysis import cjk_bigrams, cjk_char, is_cjk
from app.search.cache import SegmentCache
from app.search.docsets import union_ids
from app.search.documents import EARLIEST_DATE, date_bounds
from app.search.phrase import with_fast_phrases
from app.search.schema import DATE_FIELDS, DEFAULT_FIELDS, TEXT_FIELDS, USER_FIELDS

MAX_EXPANSION = 64  # terms a prefix or fuzzy word expands to, per field and segment (the most frequent ones)
POSTINGS_BUDGET = 50_000  # ... and at most about this many postings (the first term always counts)
MAX_FUZZY = 2
MAX_QUERY_CHARS = 2000

_FIELD_REF = re.compile(r"(?<![\w/.:@-])([A-Za-z_]\w*):(?!//)")
_DATE_VALUE = re.compile(r"\[[^\]]*\]|[^\s()\[\]]+")
_RANGE_SPLIT = re.compile(r"\s*\bto\b\s*", re.IGNORECASE)
_FUZZY = re.compile(r'(?<=[^\s"])~(\d*)')
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(]))-(?=[^\s-])")
_BOOL_WORDS = frozenset(["t", "true", "yes", "1", "f", "false", "no", "0"])  # what Whoosh's BOOLEAN reads
_DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, e.g. published:2020-07 or published:[2020-07-01 to 2020-07-31]"


# ----------------------------------------------------------------------------------------------- checks


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """Split into (quoted, text) segments; quoted segments keep their quotes."""
    for i, part in enumerate(text.split('"')):
        yield (i % 2 == 1, f'"{part}"' if i % 2 else part)


def _check_balanced(text: str, opening: str, closing: str, what: str, example: str) -> None:
    depth = 0
    for ch in text:
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth < 0:
                raise QueryError(f"Unbalanced {what}: '{closing}' without '{opening}'. Example: {example}")
    if depth:
        raise QueryError(f"Unbalanced {what}: '{opening}' is never closed. Example: {example}")


def _check_date(field: str, value: str) -> None:
    if value.startswith("["):
        parts = _RANGE_SPLIT.split(value[1:-1].strip(), maxsplit=1)
        if len(parts) != 2 or not any(parts):
            raise QueryError(
                f"Bad date range {field}:{value}; write it as e.g. {field}:[2020-07-01 to 2020-07-31]."
            )
        for part in parts:
            if part and date_bounds(part) is None:
                raise QueryError(f"Bad date {part!r} in {field}:{value}; {_DATE_HELP}.")
    elif date_bounds(value) is None:
        raise QueryError(f"Bad date {value!r} for {field}:; {_DATE_HELP}.")


def _check_field(field: str, rest: str) -> None:
    value_match = _DATE_VALUE.match(rest) if rest and not rest[0].isspace() else None
    value = value_match.group(0) if value_match else ""
    if not value and not rest.startswith(("(", '"')):
        raise QueryError(f"Missing value after '{field}:'. Example: {field}:{_example(field)}")
    if field in DATE_FIELDS:
        if rest.startswith(("(", '"')):
            raise QueryError(
                f"Write one date or range per clause, without quotes or parentheses, e.g. "
                f"{field}:2020 OR {field}:[2021-01 to 2021-06]."
            )
        _check_date(field, value)
    if field in ("starred", "read") and value and value.lower() not in _BOOL_WORDS:
        raise QueryError(f"{field}: takes yes or no, e.g. {field}:yes (not {value!r}).")


def _example(field: str) -> str:
    return {"tags": "places/Korea", "published": "2020-07", "clipped": "2024-03", "id": "42"}.get(
        field, "yes" if field in ("starred", "read") else "election"
    )


def normalize_query(text: str) -> str:
    """Validate ``text`` and return it with canonical field names; raise QueryError when malformed."""
    if not text or not text.strip():
        raise QueryError("Empty query: type some words, e.g. election OR vote.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"Query too long ({len(text)} characters, at most {MAX_QUERY_CHARS}).")
    if text.count('"') % 2:
        raise QueryError('Unbalanced quotes: close the phrase, e.g. "climate change".')
    out: list[str] = []
    segments = list(_segments(text))
    for i, (quoted, seg) in enumerate(segments):
        if quoted:
            out.append(seg)
            continue
        _check_balanced(seg, "(", ")", "parentheses", "(korea OR japan) election")
        _check_balanced(seg, "[", "]", "brackets", "published:[2020-07-01 to 2020-07-31]")
        for m in _FUZZY.finditer(seg):
            if m.group(1) and int(m.group(1)) > MAX_FUZZY:
                raise QueryError(
                    f"Fuzzy distance ~{m.group(1)} is too large: use at most 2, e.g. harbor~ or harbor~2."
                )
        out.append(_fix_fields(seg, quote_follows=i < len(segments) - 1))
    joined = "".join(out)
    # Brackets and parentheses must balance across the whole query as well (not per segment).
    unquoted = "".join(seg for quoted, seg in _segments(joined) if not quoted)
    _check_balanced(unquoted, "(", ")", "parentheses", "(korea OR japan) election")
    _check_balanced(unquoted, "[", "]", "brackets", "published:[2020-07-01 to 2020-07-31]")
    return joined


def _fix_fields(seg: str, quote_follows: bool) -> str:
    """Map field names and aliases (case-insensitive) to schema names; ``-word`` becomes ``NOT word``."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        field = USER_FIELDS.get(name.lower())
        rest = seg[m.end() :]
        if field is None and ((not rest and not quote_follows) or rest[:1].isspace()):
            return m.group(0)  # "Note: ..." is prose, not a field (Whoosh keeps it as text)
        if field is None:
            known = ", ".join(sorted(USER_FIELDS))
            raise QueryError(f"Unknown field '{name}:'. Known fields: {known}. Example: title:election")
        if not rest and quote_follows:
            rest = '"'  # the value is the quoted phrase that follows
        _check_field(field, rest)
        return f"{field}:"

    seg = _FIELD_REF.sub(repl, seg)
    return _MINUS.sub("NOT ", seg)


# ---------------------------------------------------------------------------------------------- plugins


class DateNode(syntax.SyntaxNode):
    """``published:2020``, ``published:2020-07``, ``clipped:[2024-01 to 2024-03]``."""

    has_fieldname = False
    has_text = False
    has_boost = False

    def __init__(self, field: str, value: str) -> None:
        self.field = field
        self.value = value

    def r(self) -> str:
        return f"{self.field}:{self.value}"

    def query(self, parser: Any) -> wq.Query:
        return date_query(self.field, self.value)


class DatePlugin(TaggingPlugin):
    """Tags date clauses before Whoosh's field and range plugins see them."""

    expr = r"(?P<field>published|clipped):(?P<value>\[[^\]]*\]|[^\s()\[\]]+)"
    priority = -5

    def create(self, parser: Any, match: re.Match[str]) -> DateNode:
        return DateNode(match.group("field"), match.group("value"))


def date_query(field: str, value: str) -> wq.Query:
    """The query for one date clause (already validated)."""
    if value.startswith("["):
        a, b = _RANGE_SPLIT.split(value[1:-1].strip(), maxsplit=1)
        lo = date_bounds(a) if a else None
        hi = date_bounds(b) if b else None
        return wq.DateRange(field, lo[0] if lo else EARLIEST_DATE, hi[1] if hi else None)
    if field == "published":
        return wq.Term("published_key", value)
    bounds = date_bounds(value)
    if bounds is None:  # pragma: no cover - validated before
        raise QueryError(f"Bad date {value!r}; {_DATE_HELP}.")
    return wq.DateRange(field, bounds[0], bounds[1])


# -------------------------------------------------------------------------------------- capped expansion


def _most_frequent(pairs: Iterable[tuple[int, bytes]], budget: int = POSTINGS_BUDGET) -> list[bytes]:
    """The most frequent terms, at most ``MAX_EXPANSION`` and about ``budget`` postings in all.

    Frequent terms cover most matching documents, so a tight budget keeps ``a*`` fast on a big archive while
    rare prefixes (``digitiz*``) still expand to all their terms.
    """
    chosen: list[bytes] = []
    spent = 0
    for df, term in heapq.nlargest(MAX_EXPANSION, pairs):
        if chosen and spent + df > budget:
            break
        chosen.append(term)
        spent += df
    return chosen


_EXPANSIONS = SegmentCache(size=4096)  # enough for a few queries' words x fields x segments


def drop_caches() -> None:
    """Forget kept prefix and fuzzy expansions."""
    _EXPANSIONS.clear()


class _UnionMixin:
    """Matches the union of the expanded terms' postings with one constant score (cached per segment)."""

    fieldname: str
    text: str
    boost: float

    def _expand(self, ixreader: Any, budget: int) -> list[bytes]:
        raise NotImplementedError

    def _key(self, reader: Any, what: str, budget: int) -> tuple[Any, ...] | None:
        segment = reader.segment() if hasattr(reader, "segment") else None
        if segment is None:
            return None
        deleted = segment.deleted_count() if what == "ids" else 0
        return (what, type(self).__name__, segment.segment_id(), deleted, self.fieldname, self.text,
                getattr(self, "maxdist", 0), getattr(self, "prefixlength", 0), budget)

    def _btexts(self, ixreader: Any, total_docs: int | None = None) -> list[bytes]:
        """The expanded terms in one segment (``ixreader``) of an index of ``total_docs`` documents."""
        budget = _segment_budget(ixreader, total_docs)
        key = self._key(ixreader, "terms", budget)
        if key is None:
            return self._expand(ixreader, budget)
        return list(_EXPANSIONS.get(key, lambda: self._expand(ixreader, budget)))

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
        key = self._key(reader, "ids", _segment_budget(reader, total))
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


class CappedPrefix(_UnionMixin, wq.Prefix):
    """A prefix query expanding only to the most frequent terms (see ``_most_frequent``)."""

    def _expand(self, ixreader: Any, budget: int) -> list[bytes]:
        if self.fieldname not in ixreader.schema:
            return []
        return _most_frequent(((df, term) for df, term, _ in self._entries(ixreader)), budget)

    def _infos(self, reader: Any) -> dict[bytes, bytes]:
        return {term: info for _, term, info in self._entries(reader) if info is not None}

    def _entries(self, reader: Any) -> list[tuple[int, bytes, bytes | None]]:
        """The terms that can be among the most frequent, read once for both the expansion and the ids."""
        def read() -> list[tuple[int, bytes, bytes | None]]:
            return list(prefix_entries(reader, self.fieldname, self.text, MAX_EXPANSION))

        key = self._key(reader, "entries", 0)
        return read() if key is None else _EXPANSIONS.get(key, read)


_DF_OFFSET = 5  # whoosh 2.7 W3TermInfo: flags (B), weight (f), then the document frequency (I)


def prefix_entries(
    reader: Any, fieldname: str, prefix: str, keep: int | None = None
) -> Iterator[tuple[int, bytes, bytes | None]]:
    """(document frequency, term, its term info's bytes) for the terms of ``fieldname`` starting with
    ``prefix``; with ``keep``, only those that can be among the ``keep`` most frequent (ties kept).

    A segment's term table is read as arrays: the sorted positions of its entries give the prefix's range
    by binary search, and every entry's frequency is gathered with NumPy from the term info header.
    Whoosh's ``iter_prefix`` decodes each whole term info (unpickling the postings it inlines for rare
    terms) a term at a time, and ``mar*`` walks ~44,000 terms over a 100,000-article index's segments.
    Other readers go the documented way.
    """
    terms = getattr(reader, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    keycoder = getattr(terms, "_keycoder", None)
    if tindex is None or keycoder is None or not hasattr(tindex, "indexbase"):
        yield from ((ti.doc_frequency(), t, None) for t, ti in reader.iter_prefix(fieldname, prefix))
        return
    start = reader.schema[fieldname].to_bytes(prefix) if isinstance(prefix, str) else prefix
    first = keycoder(fieldname, start)  # the field's number, then the term
    lo = _key_index(tindex, first)
    after = _successor(first)
    hi = _key_index(tindex, after) if after is not None else tindex.indexlen
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
    """A fuzzy term expanding only to the most frequent terms (see ``_most_frequent``)."""

    def _expand(self, ixreader: Any, budget: int) -> list[bytes]:
        if self.fieldname not in ixreader.schema:
            return []
        field = self.fieldname
        if hasattr(ixreader, "cursor") and type(ixreader._codec.automata(None, None)) is Automata:
            # What SegmentReader.terms_within does, with the automaton built once for every segment
            cursor = ixreader.cursor(ixreader.schema[field].spelling_fieldname(field))
            dfa = _levenshtein_dfa(self.text, self.maxdist, self.prefixlength)
            expanded: Iterable[Any] = Automata.find_matches(dfa, cursor)
        else:
            expanded = wq.FuzzyTerm._btexts(self, ixreader)
        terms = [t if isinstance(t, bytes) else t.encode("utf-8") for t in expanded]
        return _most_frequent(((ixreader.doc_frequency(field, t), t) for t in terms), budget)


@functools.lru_cache(maxsize=64)
def _levenshtein_dfa(text: str, maxdist: int, prefix: int) -> Any:
    """Whoosh's Levenshtein automaton for a word (2-30 ms to build; it was built per segment and field)."""
    return Automata.levenshtein_dfa(text, maxdist, prefix)


def _cjk_word(fieldname: str, text: str, boost: float) -> wq.Query:
    grams = cjk_bigrams(text)
    if len(text) == 1:
        return wq.Or([wq.Term(fieldname, text), CappedPrefix(fieldname, text)], boost=boost)
    if len(grams) == 1:
        return wq.Term(fieldname, grams[0], boost=boost)
    return wq.Phrase(fieldname, grams, boost=boost)


def _rewrite(q: wq.Query) -> wq.Query:
    """Cap expansions, make ``*`` cheap, and handle CJK in prefix/fuzzy/lone-character terms."""
    field = getattr(q, "fieldname", None)
    if isinstance(q, wq.Every):
        return wq.Every()
    if isinstance(q, wq.Prefix) and not isinstance(q, CappedPrefix):
        if not q.text:
            return wq.Every()
        if field in TEXT_FIELDS and cjk_char().match(q.text) and len(q.text) > 1:
            return _cjk_word(q.fieldname, q.text, q.boost)
        return CappedPrefix(q.fieldname, q.text, boost=q.boost)
    if isinstance(q, wq.FuzzyTerm) and not isinstance(q, CappedFuzzy):
        if is_cjk(q.text):
            return wq.Term(q.fieldname, q.text, boost=q.boost)
        return CappedFuzzy(q.fieldname, q.text, boost=q.boost, maxdist=min(q.maxdist, MAX_FUZZY))
    if type(q) is wq.Term and field in TEXT_FIELDS and len(q.text) == 1 and cjk_char().match(q.text):
        return _cjk_word(q.fieldname, q.text, q.boost)
    return q


def _errors(q: wq.Query) -> Iterator[str]:
    if getattr(q, "error", None):
        yield str(q.error)
    for child in q.children():
        yield from _errors(child)


class QueryParser:
    """Parses user query strings into Whoosh queries (one per schema; reusable, not thread-safe)."""

    def __init__(self, schema: Any) -> None:
        p = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=DEFAULT_FIELDS)
        p.remove_plugin_class(SingleQuotePlugin)
        p.remove_plugin_class(WildcardPlugin)
        p.add_plugin(PrefixPlugin())
        p.add_plugin(FuzzyTermPlugin())
        p.add_plugin(DatePlugin())
        self._parser = p

    def parse(self, text: str) -> wq.Query:
        """A Whoosh query for ``text``; raises QueryError when malformed or when nothing is searchable."""
        if text.strip() == "*":
            return wq.Every()
        normalized = normalize_query(text)
        try:
            q = self._parser.parse(normalized)
        except QueryError:
            raise
        except Exception as e:  # Whoosh's parser is lenient; anything it still rejects is the user's query
            raise QueryError(f"Could not understand the query {text!r}: {e}") from e
        for message in _errors(q):
            raise QueryError(f"Could not understand the query {text!r}: {message}")
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            raise QueryError(f"Nothing to search for in {text!r}: type some words, e.g. election.")
        return with_fast_phrases(q.accept(_rewrite))
