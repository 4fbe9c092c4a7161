"""A posting pool that groups postings by term as documents are added, for our segment writers.

Whoosh's ``PostingPool`` keeps one tuple per posting and sorts them all at commit: a 4,000-article batch is
about 1.5 million tuples compared in Python (a quarter of the time to write the segment), and each ``add``
estimates its size to decide when to spill to disk. Documents reach a writer in document-number order, so
each term's postings arrive already in order: only the terms need sorting. Nothing spills: callers bound
the documents per commit instead (see ``index.REBUILD_BATCH``; 4,000 a process took the rebuild's peak
memory from 974 to 650 MB at 100,000 articles).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.search.engine.codec import encoded_value
from app.search.engine.inversion import Inverted, invert
from app.search.engine.term_numbers import FieldWords, Postings, Vocabulary

__all__ = ["Postings", "TermPool"]


class TermPool:
    """``PostingPool``'s interface as our writers use it (``add``, ``iter_postings``, ``fieldnames``,
    ``cleanup``), plus :meth:`add_text` for free-text fields and each field's postings as lists or arrays.

    Free-text fields keep a term number per word position (``term_numbers.FieldWords``), inverted a field
    at a time when the segment is written (``inversion``); other fields keep each term's postings as lists,
    by the term's bytes."""

    def __init__(self) -> None:
        self.vocabulary = Vocabulary()
        self._words: dict[str, FieldWords] = {}  # field -> its documents' term numbers (``add_text``)
        self._raw: dict[str, dict[bytes, Postings]] = {}  # field -> term bytes -> postings (``add``)
        self.fieldnames: set[str] = set()

    def add(self, item: tuple[str, bytes, int, float, Any]) -> None:
        """One posting ``(fieldname, term bytes, docnum, weight, value bytes)``; docnums must not go down
        within a term (Whoosh adds documents in order)."""
        fieldname, btext, docnum, weight, value = item
        if docnum < 0:  # -1: a word for Whoosh's spelling graph, which no field of ours keeps
            return
        terms = self._raw.get(fieldname)
        if terms is None:
            terms = self._raw[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(btext)
        if postings is None:
            postings = terms[btext] = ([], [], [])
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value)

    def add_text(self, fieldname: str, docnum: int, value: str, format_boost: float, boost: float) -> int:
        """One document's text of a positions field analysed as the text analyzer would
        (``postings.positioned_terms``); returns its field length. Weights will be Whoosh's: a word's count
        times the format's field boost, times the document's boost for the field."""
        words = self._words.get(fieldname)
        if words is None:
            words = self._words[fieldname] = FieldWords(format_boost)
        length = words.add(docnum, self.vocabulary.numbers(value), boost)
        if length:
            self.fieldnames.add(fieldname)
        return length

    def field_names(self) -> list[str]:
        """The fields with postings, in order."""
        return sorted(name for name in self._words.keys() | self._raw.keys() if name in self.fieldnames)

    def inverted(self, fieldname: str) -> Inverted | None:
        """A free-text field's postings as arrays; None if the field also has postings added one by one
        (a document gave it something other than a string), or none."""
        words = self._words.get(fieldname)
        if words is None or not words or fieldname in self._raw:
            return None
        return invert(words, self.vocabulary)

    def field_terms(self, fieldname: str, inverted: Inverted | None = None) -> Iterator[tuple[bytes, Postings]]:
        """A field's (term bytes, postings) in term order, each term's postings in docnum order; ``inverted``:
        the field's :meth:`inverted`, if the caller has it already."""
        words = self._words.get(fieldname)
        if inverted is None and words:
            inverted = invert(words, self.vocabulary)
        terms = dict(inverted.postings()) if inverted is not None else {}
        for btext, postings in self._raw.get(fieldname, {}).items():
            terms[btext] = _joined(terms[btext], postings) if btext in terms else postings
        for btext in sorted(terms):
            yield btext, terms[btext]

    def terms(self) -> Iterator[tuple[str, bytes, Postings]]:
        """(fieldname, term bytes, postings) in field and term order, each term's postings in docnum order."""
        for fieldname in self.field_names():
            for btext, postings in self.field_terms(fieldname):
                yield fieldname, btext, postings

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        """Every posting in Whoosh's pool order: field, term, docnum."""
        for fieldname, btext, (docnums, weights, values) in self.terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, btext, docnum, weight, encoded_value(value)

    def __len__(self) -> int:
        return sum(len(postings[0]) for _, _, postings in self.terms())

    def cleanup(self) -> None:
        self._words.clear()
        self._raw.clear()
        self.vocabulary = Vocabulary()


def _joined(a: Postings, b: Postings) -> Postings:
    """One term's postings from both kinds of adding (a field given a string and, for another document, not),
    in docnum order."""
    rows = sorted([*zip(*a, strict=True), *zip(*b, strict=True)], key=lambda r: r[0])
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
