"""A free-text field's term numbers (``term_numbers.FieldWords``) turned into posting lists with NumPy.

The documents' numbers are laid end to end in document order, so one stable sort by term gives every
term's postings in document order and each posting's positions in order: the posting lists of a whole
segment in a handful of array operations instead of Python work per term and document.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from app.search.engine.term_numbers import FieldWords, Postings, Vocabulary


@dataclass
class Inverted:
    """A field's postings, term by term in term order (the order of their UTF-8 bytes)."""

    terms: list[bytes]
    term_starts: np.ndarray  # each term's first posting (an index into docs), then the posting count
    docs: np.ndarray  # each posting's document number
    post_starts: np.ndarray  # each posting's first position (an index into positions), then the position count
    positions: np.ndarray  # each posting's positions, in order
    format_boost: float  # the field format's boost
    boosts: np.ndarray  # each posting's document boost for the field

    def counts(self) -> np.ndarray:
        """Each posting's number of positions (the word's count in the document)."""
        return np.diff(self.post_starts)

    def postings(self) -> Iterator[tuple[bytes, Postings]]:
        """Each term's postings as the pool's lists: document numbers, weights (count × boosts, as Whoosh
        computes them), and positions (one position as an int, several as a list)."""
        for t, term in enumerate(self.terms):
            yield term, self.term_postings(t)

    def term_postings(self, t: int) -> Postings:
        """Term ``t``'s postings (see :meth:`postings`)."""
        first, end = int(self.term_starts[t]), int(self.term_starts[t + 1])
        starts = self.post_starts[first : end + 1].tolist()
        base = starts[0]
        positions = self.positions[base : starts[-1]].tolist()
        values: list[int | list[int]] = [positions[a - base] if b - a == 1 else positions[a - base : b - base]
                                         for a, b in itertools.pairwise(starts)]
        return self.docs[first:end].tolist(), self._weights(first, end).tolist(), values

    def _weights(self, first: int = 0, end: int | None = None) -> np.ndarray:
        # in Whoosh's order of operations, so the floats are the same
        return np.diff(self.post_starts[first : (len(self.docs) if end is None else end) + 1]) * self.format_boost \
            * self.boosts[first:end]


def invert(words: FieldWords, vocabulary: Vocabulary) -> Inverted | None:
    """The field's posting lists; None if no document has a term in it."""
    numbers = np.frombuffer(words.numbers, dtype=np.intc)
    total = len(numbers)
    starts = np.asarray(words.starts, dtype=np.int32)
    sizes = np.diff(starts, append=total)
    # 32-bit numbers (a segment holds far fewer than 2**31 words): a rebuild's batch is ~2 million of them
    which = np.repeat(np.arange(len(starts), dtype=np.int32), sizes)  # each word's document, as an index
    positions = np.arange(total, dtype=np.int32) - np.repeat(starts, sizes)
    kept = numbers >= 0
    if not kept.any():
        return None
    numbers, which, positions = numbers[kept], which[kept], positions[kept]

    used = np.unique(numbers)
    texts = [vocabulary.terms[n].encode("utf-8") for n in used.tolist()]
    order = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(vocabulary.terms), dtype=np.int32)
    rank[used[order]] = np.arange(len(order), dtype=np.int32)
    keys = rank[numbers]
    by_term = np.argsort(keys, kind="stable")  # stable: documents, then positions, stay in order
    keys, which, positions = keys[by_term], which[by_term], positions[by_term]
    del by_term

    new_term = np.empty(len(keys), dtype=bool)
    new_term[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new_term[1:])
    new_posting = new_term.copy()
    new_posting[1:] |= which[1:] != which[:-1]
    post_at = np.flatnonzero(new_posting)
    term_starts = np.append(np.cumsum(new_posting)[new_term] - 1, len(post_at))
    posting_doc = which[post_at]
    return Inverted(
        terms=[texts[i] for i in order],
        term_starts=term_starts,
        docs=np.asarray(words.docnums, dtype=np.int64)[posting_doc],
        post_starts=np.append(post_at, len(keys)),
        positions=positions.astype(np.int64),
        format_boost=words.format_boost,
        boosts=np.asarray(words.boosts, dtype=np.float64)[posting_doc],
    )
