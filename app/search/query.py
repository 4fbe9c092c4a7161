"""The query language: checks that give clear errors, then Whoosh's parser with our plugins and rewrites.

Supported: bare words (AND across the default fields), ``OR``, ``NOT``/``-word``, ``"phrases"``, ``(groups)``,
``field:value`` (aliases ``tag:``, ``author:``, ``captions:``, ``credits:``, ``text:``), ``tag:a/b`` (the tag and
its descendants), ``published:2020`` / ``2020-07`` / ``[2020-07-01 to 2020-07-31]`` (same for ``clipped:``),
``word~``/``word~2`` (fuzzy), ``word*`` (prefix; see ``engine.expansion`` for its caps), ``*`` (all).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
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
from app.search.documents import EARLIEST_DATE, date_bounds
from app.search.engine.expansion import CappedFuzzy, CappedPrefix
from app.search.engine.phrase import with_fast_phrases
from app.search.schema import DATE_FIELDS, DEFAULT_FIELDS, TEXT_FIELDS, USER_FIELDS

MAX_FUZZY = 2
MAX_QUERY_CHARS = 2000

# A field name starts a word, or follows the minus that negates it (-tag:places)
_FIELD_REF = re.compile(r"(?:(?<![\w/.:@-])|(?<=^-)|(?<=[\s(]-))([A-Za-z_]\w*):(?!//)")
_DATE_VALUE = re.compile(r"\[[^\]]*\]|[^\s()\[\]]+")
_RANGE_SPLIT = re.compile(r"\s*\bto\b\s*", re.IGNORECASE)
_FUZZY = re.compile(r'(?<=[^\s"])~(\d*)')
_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(]))-(?=[^\s-])")
_MINUS_BEFORE_QUOTE = re.compile(r"(?:^|[\s(])-$")  # a segment ending in the minus of a phrase that follows
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
    segments = list(_segments(text))
    # Brackets and parentheses balance across the whole query, phrases left out: (harbour OR "port authority")
    unquoted = "".join(seg for quoted, seg in segments if not quoted)
    _check_balanced(unquoted, "(", ")", "parentheses", "(korea OR japan) election")
    _check_balanced(unquoted, "[", "]", "brackets", "published:[2020-07-01 to 2020-07-31]")
    out: list[str] = []
    for i, (quoted, seg) in enumerate(segments):
        if quoted:
            out.append(seg)
            continue
        for m in _FUZZY.finditer(seg):
            if m.group(1) and int(m.group(1)) > MAX_FUZZY:
                raise QueryError(
                    f"Fuzzy distance ~{m.group(1)} is too large: use at most 2, e.g. harbor~ or harbor~2."
                )
        out.append(_fix_fields(seg, quote_follows=i < len(segments) - 1))
    return "".join(out)


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
    seg = _MINUS.sub("NOT ", seg)
    if quote_follows and _MINUS_BEFORE_QUOTE.search(seg):  # -"north korea": leave out the phrase
        seg = seg[:-1] + "NOT "
    return seg


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


def _cjk_word(fieldname: str, text: str, boost: float) -> wq.Query:
    grams = cjk_bigrams(text)
    if len(text) == 1:
        return wq.Or([wq.Term(fieldname, text), CappedPrefix(fieldname, text)], boost=boost)
    if len(grams) == 1:
        return wq.Term(fieldname, grams[0], boost=boost)
    return wq.Phrase(fieldname, grams, boost=boost)


def _rewrite(q: wq.Query, complete: bool = False) -> wq.Query:
    """Cap expansions (``complete``: keep every term), make ``*`` cheap, and handle CJK in
    prefix/fuzzy/lone-character terms."""
    field = getattr(q, "fieldname", None)
    if isinstance(q, wq.Every):
        return wq.Every()
    if isinstance(q, wq.Prefix) and not isinstance(q, CappedPrefix):
        if not q.text:
            return wq.Every()
        if field in TEXT_FIELDS and cjk_char().match(q.text) and len(q.text) > 1:
            return _cjk_word(q.fieldname, q.text, q.boost)
        prefix = CappedPrefix(q.fieldname, q.text, boost=q.boost)
        prefix.complete = complete
        return prefix
    if isinstance(q, wq.FuzzyTerm) and not isinstance(q, CappedFuzzy):
        if is_cjk(q.text):
            return wq.Term(q.fieldname, q.text, boost=q.boost)
        # Any letter may be the wrong one, the first too (xarbour~ finds harbour), as in stock Whoosh.
        fuzzy = CappedFuzzy(q.fieldname, q.text, boost=q.boost, maxdist=min(q.maxdist, MAX_FUZZY), prefixlength=0)
        fuzzy.complete = complete
        return fuzzy
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

    def parse(self, text: str, complete: bool = False) -> wq.Query:
        """A Whoosh query for ``text``; raises QueryError when malformed or when nothing is searchable.
        ``complete``: prefix and fuzzy words expand to every matching term (no caps: exports)."""
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
        return with_fast_phrases(q.accept(functools.partial(_rewrite, complete=complete)))
