"""Snippets and highlight terms: which analysed terms a query matches, where they occur in a text."""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from app.search.analysis import ASCII_TOKEN, english_stem, is_cjk, term_of_word, term_spans
from app.search.engine.expansion import expanded_terms
from app.search.plaintext import is_plain_markup, markdown_to_text
from app.search.schema import TEXT_FIELDS

SNIPPET_CHARS = 200
LEAD_COLUMNS = 40  # display columns of text before a snippet's first match (a wide CJK character is two)
SNIPPET_PIECE_CHARS = 100_000  # a body longer than this is scanned for a snippet a piece at a time ...
SNIPPET_SCAN_CHARS = 2_000_000  # ... up to this far into it
HIGHLIGHT_EXPANSION = 256  # terms of one prefix or fuzzy word a snippet highlights (a regex of them)


def positive_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """Leaf queries that can make a document match (skipping anything under NOT)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from positive_leaves(q.a)
        return
    children = list(q.children())
    if not children:
        yield q
    for child in children:
        yield from positive_leaves(child)


def query_terms(q: wq.Query, reader: Any) -> list[str]:
    """Analysed terms of the free-text fields a query matches; prefix/fuzzy words expanded (capped)."""
    return all_terms(field_terms(q, reader))


def all_terms(by_field: dict[str, list[str]]) -> list[str]:
    """The terms of ``field_terms``, each once, in the query's order."""
    return list(dict.fromkeys(t for terms in by_field.values() for t in terms))


def field_terms(q: wq.Query, reader: Any) -> dict[str, list[str]]:
    """``query_terms`` by the field each is looked for in (a snippet of the body highlights the body's)."""
    found: dict[str, dict[str, None]] = {}
    for leaf in positive_leaves(q):
        field = getattr(leaf, "fieldname", None)
        if field not in TEXT_FIELDS:
            continue
        if isinstance(leaf, wq.MultiTerm):
            # The most frequent first: a snippet highlights at most HIGHLIGHT_EXPANSION of them.
            expanded = dict.fromkeys(expanded_terms(leaf, reader))
            texts = [t.decode("utf-8") if isinstance(t, bytes) else t
                     for t in itertools.islice(expanded, HIGHLIGHT_EXPANSION)]
        elif isinstance(leaf, wq.Phrase):
            texts = list(leaf.words)
        elif isinstance(leaf, wq.Term):
            texts = [leaf.text]
        else:
            texts = []
        found.setdefault(field, {}).update(dict.fromkeys(t for t in texts if isinstance(t, str) and t))
    return {field: list(terms) for field, terms in found.items()}


def match_spans(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose analysed form is in ``terms``, overlaps merged (CJK bigrams)."""
    if not terms or not text:
        return []
    termset = frozenset(terms)
    if text.isascii():
        finder = _ascii_finder(termset)
        if finder is None:
            return []
        found = _ascii_candidates(text, finder)
    else:
        found = term_spans(text, initials={t[0] for t in termset})
    spans: list[tuple[int, int]] = []
    for term, start, end in found:
        if term in termset:
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
    return spans


# A word does not start after one of these, nor after one of these and "." or "'" (see ASCII_TOKEN).
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def word_prefix(term: str) -> str:
    """What every ASCII word that stems to ``term`` starts with (lower-cased).

    Stemming keeps the start of a word and changes at most the last letter it keeps (``happy`` gives
    ``happi``, ``hoping`` gives ``hope``, ``flies`` gives ``fli``), so such a word starts with the term less
    its last letter; for the terms of Porter2's four exceptional forms that do not (``dying`` gives ``die``,
    also ``lying`` and ``tying``) it is their first letter."""
    return _EXCEPTION_PREFIXES.get(term) or term[: max(1, len(term) - 1)]


def _common_start(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# Snowball's English stemmer's exceptional forms (its ``exception1`` list)
_EXCEPTIONAL_WORDS = ("skis", "skies", "dying", "lying", "tying", "vying", "idly", "gently", "ugly", "early", "only",
                      "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes")
# term -> what its exceptional forms that do not start with the term less its last letter have in common
# with the words that do ("die": "dying" and "died" both start with "d")
_EXCEPTION_PREFIXES = {term: _common_start(word, term[: max(1, len(term) - 1)])
                       for word, term in ((w, english_stem(w)) for w in _EXCEPTIONAL_WORDS)
                       if not word.startswith(term[: max(1, len(term) - 1)])}


@lru_cache(maxsize=256)
def _ascii_finder(termset: frozenset[str]) -> re.Pattern[str] | None:
    """A regex for where, in ASCII text, a word starts that could stem to one of ``termset``; None if none can
    (see ``word_prefix``). The regex runs in C; only the words it finds are stemmed (a word stemmed for the
    first time in a process costs about 20 µs: the longer prefix finds fewer of them)."""
    prefixes = sorted({word_prefix(t) for t in termset if t.isascii()})
    if not prefixes:
        return None
    # The word-start test is made on each match (below), not by a look-behind the engine would try at
    # every position of the text: that made the scan several times slower. Terms are lower case and the
    # text is searched lowered (same positions in ASCII): IGNORECASE made the scan 3-7 times slower.
    return re.compile("(?:" + "|".join(map(re.escape, (p.lower() for p in prefixes))) + ")")


def _ascii_candidates(text: str, finder: re.Pattern[str]) -> Iterator[tuple[str, int, int]]:
    for found in finder.finditer(text.lower()):
        start = found.start()
        if start and (text[start - 1] in _WORD_CHARS
                      or (start > 1 and text[start - 1] in ".'" and text[start - 2] in _WORD_CHARS)):
            continue  # inside a word, as the tokenizer sees it
        token = ASCII_TOKEN.match(text, found.start())
        word = token.group("word") if token else None
        if word:
            yield term_of_word(word), token.start(), token.end()  # type: ignore[union-attr]


def _best_window(spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The index range of spans that fits in ``width`` characters with the most matches."""
    best = (0, 1)
    j = 0
    for i in range(len(spans)):
        j = max(j, i + 1)
        while j < len(spans) and spans[j][1] - spans[i][0] <= width:
            j += 1
        if j - i > best[1] - best[0]:
            best = (i, j)
    return best


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen/narrow [start, end) to word boundaries where cheap."""
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    return start, end


def _columns(ch: str) -> int:
    """Display columns of a character: two for East Asian wide and full-width ones (Hangul, kana, CJK)."""
    return 2 if ch >= "\u1100" and unicodedata.east_asian_width(ch) in "WF" else 1


def _lead_start(text: str, first: int) -> int:
    """Where a snippet starts before its first match at ``first``: at most ``LEAD_COLUMNS`` display columns
    earlier, at a word boundary where one is near (a one-line list shows a snippet's start: a wide-script
    lead-in of 100 characters pushed the match out of sight)."""
    lead = text[max(0, first - LEAD_COLUMNS) : first]
    # All narrow (most text): no counting character by character
    narrow = not lead or max(lead) < "\u1100"
    start = first - len(lead) if narrow else _wide_lead_start(text, first)
    if start > 0:
        space = text.find(" ", start, first)
        if space != -1 and space - start <= LEAD_COLUMNS // 2:
            start = space + 1
    return start


def _wide_lead_start(text: str, first: int) -> int:
    """``_lead_start`` before any word boundary, counting display columns."""
    start, used = first, 0
    while start > 0 and used + _columns(text[start - 1]) <= LEAD_COLUMNS:
        start -= 1
        used += _columns(text[start])
    return start


def snippet(text: str, terms: Collection[str], width: int = SNIPPET_CHARS) -> str:
    """~``width`` characters of ``text`` around its best cluster of matches, matches in ``<b>``, HTML-escaped.

    The cluster's first match comes at most ``LEAD_COLUMNS`` display columns after the snippet's start, in any
    script. Returns "" when nothing in ``text`` matches.
    """
    spans = match_spans(text, terms)
    if not spans:
        return ""
    i, j = _best_window(spans, width)
    chosen = spans[i:j]
    start = _lead_start(text, chosen[0][0])
    used = chosen[-1][1] - start
    _, end = _cut(text, start, min(len(text), chosen[-1][1] + max(0, width - used)))
    end = max(end, chosen[-1][1])
    out = ["…" if start > 0 else ""]
    pos = start
    for a, b in chosen:
        out.append(html.escape(text[pos:a]))
        out.append(f"<b>{html.escape(text[a:b])}</b>")
        pos = b
    out.append(html.escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return " ".join("".join(out).split()) if "\n" in text[start:end] else "".join(out)


def body_snippet(markdown: str, terms: Collection[str]) -> str:
    """``snippet`` of the plain text of a CommonMark body; "" when nothing matches.

    Most bodies of a search's hits are plain paragraphs (no markup character), whose plain text has the same
    words at the same places less line breaks: when such a body has no match, it is not converted at all
    (converting was a fifth of a title search's time, for a snippet that then came from the title).
    A huge body is scanned piece by piece, at most ``SNIPPET_SCAN_CHARS`` of it, and only the piece around
    its first match is converted: a 50 MB body cost every search that hit it seconds."""
    if not terms or not markdown:
        return ""
    if len(markdown) > SNIPPET_PIECE_CHARS:
        markdown = _piece_with_match(markdown, terms)
        if not markdown:
            return ""
    elif is_plain_markup(markdown) and not match_spans(markdown, terms):
        return ""
    return snippet(markdown_to_text(markdown), terms)


def _piece_with_match(markdown: str, terms: Collection[str]) -> str:
    """The piece of a huge body around its first match (within ``SNIPPET_SCAN_CHARS``), or "" if none."""
    step = SNIPPET_PIECE_CHARS
    hints = _literal_hints(terms)
    for at in range(0, min(len(markdown), SNIPPET_SCAN_CHARS), step):
        piece = markdown[max(0, at - 100) : at + step]  # overlapping: a word across the border is seen
        if hints is not None and not piece.isascii() and not _may_match(piece, hints):
            continue  # tokenizing a piece of non-ASCII text in Python takes about 0.1 s
        spans = match_spans(piece, terms)
        if spans:
            first = max(0, at - 100) + spans[0][0]
            return markdown[max(0, first - SNIPPET_CHARS) : first + 4 * SNIPPET_CHARS]
    return ""


def _literal_hints(terms: Collection[str]) -> tuple[list[str], list[str]] | None:
    """Strings one of which a text holds wherever one of ``terms`` matches in it: CJK terms themselves (in
    the lower-cased text), and the start of the words that stem to an ASCII term (``word_prefix``, in the
    text folded to ASCII); None when a term has no such string."""
    cjk: list[str] = []
    ascii_: list[str] = []
    for term in terms:
        if term.isascii():
            ascii_.append(word_prefix(term))
        elif is_cjk(term):
            cjk.append(term)
        else:
            return None
    return cjk, ascii_


def _may_match(piece: str, hints: tuple[list[str], list[str]]) -> bool:
    """Whether a piece of non-ASCII text holds one of ``hints`` (see ``_literal_hints``), at C speed."""
    cjk, ascii_ = hints
    lowered = piece.lower()
    if any(hint in lowered for hint in cjk):
        return True
    if not ascii_:
        return False
    # Accents off (NFKD, then what is not ASCII dropped), as the analyzer folds them (ß as ss)
    folded = unicodedata.normalize("NFKD", lowered.replace("ß", "ss")).encode("ascii", "ignore").decode("ascii")
    return any(hint in folded for hint in ascii_)


def body_lead(markdown: str) -> str:
    """The start of a body as plain text, converting only its first piece when it is huge."""
    return lead(markdown_to_text(markdown[:SNIPPET_PIECE_CHARS]))


def lead(text: str, width: int = SNIPPET_CHARS) -> str:
    """The start of ``text`` (HTML-escaped), for hits with no match in the body."""
    text = " ".join(text.split())
    if len(text) <= width:
        return html.escape(text)
    _, end = _cut(text, 0, width)
    return html.escape(text[:end]) + "…"
