"""A faster Positions format for the free-text fields: the same postings, without a Token per word.

Whoosh's ``Positions.word_values`` runs the analyzer chain and builds a ``Token`` for every word; on a
600-word article that was about half of indexing time. For our text analyzer we compute the same terms
and positions directly (a per-word cache makes folding and stemming a dict lookup). The bytes written are
identical, so an index built either way reads the same. This class is pickled into Whoosh's table of
contents: keep its module and name stable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter
from whoosh.formats import Positions

from app.search.analysis import (
    ASCII_WORD,
    FoldStemFilter,
    MixedTokenizer,
    term_cache,
    term_of_word,
    token_pattern,
)


def is_text_analyzer(analyzer: Any) -> bool:
    """True for exactly ``MixedTokenizer | LowercaseFilter | FoldStemFilter`` (see ``text_analyzer``)."""
    if not isinstance(analyzer, CompositeAnalyzer):
        return False
    kinds = [type(item) for item in analyzer.items]
    return kinds == [MixedTokenizer, LowercaseFilter, FoldStemFilter]


def pools_positions(field: Any) -> bool:
    """Whether a field's postings can be pooled straight from ``positioned_terms`` (``TermPool.add_positions``):
    ``FastPositions`` with our text analyzer, whose ``word_values`` gives the same terms, counts and weights."""
    return type(field.format) is FastPositions and is_text_analyzer(field.analyzer)


def positioned_terms(value: str) -> dict[str, list[int]]:
    """Term -> positions, exactly as the text analyzer with ``positions=True`` would give them."""
    if value.isascii():
        return _ascii_positioned_terms(value)
    poses: dict[str, list[int]] = {}
    pos = 0
    for cjk, word in token_pattern(value).findall(value):
        if word:
            term = term_of_word(word)
            if term:
                poses.setdefault(term, []).append(pos)
            pos += 1
        elif len(cjk) == 1:
            poses.setdefault(cjk.lower(), []).append(pos)
            pos += 1
        else:
            for i in range(len(cjk) - 1):
                poses.setdefault(cjk[i : i + 2].lower(), []).append(pos)
                pos += 1
    return poses


def _ascii_positioned_terms(value: str) -> dict[str, list[int]]:
    """``positioned_terms`` of ASCII text (most of an English archive): no CJK runs, so a simpler word
    pattern (the same words, half the time) and the term cache read inline."""
    poses: dict[str, list[int]] = {}
    cached = term_cache()
    for pos, word in enumerate(ASCII_WORD.findall(value)):
        term = cached.get(word)
        if term is None:
            term = term_of_word(word)
        if term:
            positions = poses.get(term)
            if positions is None:
                poses[term] = [pos]
            else:
                positions.append(pos)
    return poses


class FastPositions(Positions):
    """``Positions`` with a shortcut for our text analyzer (falls back to Whoosh's path otherwise)."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(value, str) or kwargs.get("start_pos") or not is_text_analyzer(analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for term, poslist in positioned_terms(value).items():
            yield (term, len(poslist), float(len(poslist)) * fb, self.encode(poslist))
