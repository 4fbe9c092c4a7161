"""Free-text fields gathered as arrays of term numbers, a document at a time, for a new segment's pool.

Pooling a document's postings by term cost a dict lookup, three appends and a list per term and document
(about a third of indexing). Here a document adds one term number per word position to a flat array;
``inversion.invert`` sorts a whole field's numbers into posting lists with NumPy when the segment is written.
"""

from __future__ import annotations

from array import array
from typing import Any

from app.search.analysis import ASCII_WORD, term_of_word
from app.search.engine.postings import positioned_terms

Postings = tuple[list[int], list[float], list[Any]]  # a term's document numbers, weights, values
NO_TERM = -1  # a position whose word has no term (it still counts as a position)


class Vocabulary:
    """Term numbers for one pool: words to term numbers, and each number's term. Numbers follow first
    sight, not term order (``inversion`` sorts the terms)."""

    def __init__(self) -> None:
        self._of_word: dict[str, int] = {}
        self._of_term: dict[str, int] = {}
        self.terms: list[str] = []

    def number(self, term: str) -> int:
        """The number of ``term``, new if it was not seen before."""
        number = self._of_term.get(term)
        if number is None:
            number = self._of_term[term] = len(self.terms)
            self.terms.append(term)
        return number

    def numbers(self, value: str) -> list[int]:
        """The term number at each position of ``value``, as the text analyzer reads it (``NO_TERM`` where a
        word has no term): the positions and terms ``postings.positioned_terms`` gives."""
        if not value.isascii():
            return self._numbers_of_positions(positioned_terms(value))
        words = ASCII_WORD.findall(value)
        of_word = self._of_word
        numbers = list(map(of_word.get, words))
        if None in numbers:  # words this pool has not seen: numbered, then the whole text looked up again
            for word in dict.fromkeys(w for w, n in zip(words, numbers, strict=True) if n is None):
                term = term_of_word(word)
                of_word[word] = self.number(term) if term else NO_TERM
            numbers = list(map(of_word.get, words))
        return numbers  # type: ignore[return-value]  # every word has a number now

    def _numbers_of_positions(self, poses: dict[str, list[int]]) -> list[int]:
        size = max((positions[-1] for positions in poses.values()), default=-1) + 1
        numbers = [NO_TERM] * size
        for term, positions in poses.items():
            number = self.number(term)
            for position in positions:
                numbers[position] = number
        return numbers


class FieldWords:
    """One field's documents: their term numbers end to end, where each document starts, and its boost."""

    def __init__(self, format_boost: float) -> None:
        self.format_boost = format_boost
        self.numbers = array("i")
        self.docnums: list[int] = []
        self.starts: list[int] = []
        self.boosts: list[float] = []  # the document's boost for the field (Whoosh's ``_field_boost``)

    def add(self, docnum: int, numbers: list[int], boost: float) -> int:
        """Add one document's term numbers; returns its field length (positions that have a term)."""
        length = len(numbers) - numbers.count(NO_TERM)
        if length:
            self.docnums.append(docnum)
            self.starts.append(len(self.numbers))
            self.boosts.append(boost)
            self.numbers.extend(numbers)
        return length

    def __len__(self) -> int:
        return len(self.docnums)
