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

Postings = tuple[list[int], list[float], list[Any]]  # document numbers, weights, values


class TermPool:
    """``PostingPool``'s interface as our writers use it (``add``, ``iter_postings``, ``fieldnames``,
    ``cleanup``), plus :meth:`terms`, each term's postings as lists.

    Terms are kept per field, those of free-text fields by their text: a document's terms come from the
    analyzer's cache, so looking them up needs no encoding and no new key (half of ``add_positions``' time
    went to making a ``(field, bytes)`` key per term and document). They are encoded once, in :meth:`terms`."""

    def __init__(self) -> None:
        self._texts: dict[str, dict[str, Postings]] = {}  # field -> term text -> postings (``add_positions``)
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

    def add_positions(self, fieldname: str, docnum: int, poses: dict[str, list[int]], format_boost: float,
                      boost: float) -> int:
        """One document's postings of a positions field at once, ``term -> positions`` as
        ``postings.positioned_terms`` gives them; returns how many positions (the field's length). Weights are
        Whoosh's: the count times the format's field boost, times the document's boost for the field.

        Each value is the list of positions itself, or the one position as an int (most postings; a list
        would take 64 bytes more): the block writer encodes them (see ``codec``), so no ``Positions.encode``
        per posting, and no tuple or call per posting as ``add`` takes."""
        terms = self._texts.get(fieldname)
        if terms is None:
            terms = self._texts[fieldname] = {}
        total = 0
        for term, positions in poses.items():
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = ([], [], [])
            count = len(positions)
            total += count
            postings[0].append(docnum)
            postings[1].append(count * format_boost * boost)
            postings[2].append(positions if count > 1 else positions[0])
        if poses:
            self.fieldnames.add(fieldname)
        return total

    def terms(self) -> Iterator[tuple[str, bytes, Postings]]:
        """(fieldname, term bytes, postings) in field and term order, each term's postings in docnum order."""
        for fieldname in sorted(self._texts.keys() | self._raw.keys()):
            terms = {text.encode("utf-8"): postings for text, postings in self._texts.get(fieldname, {}).items()}
            for btext, postings in self._raw.get(fieldname, {}).items():
                terms[btext] = _joined(terms[btext], postings) if btext in terms else postings
            for btext in sorted(terms):
                yield fieldname, btext, terms[btext]

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        """Every posting in Whoosh's pool order: field, term, docnum."""
        for fieldname, btext, (docnums, weights, values) in self.terms():
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, btext, docnum, weight, encoded_value(value)

    def __len__(self) -> int:
        return sum(len(p[0]) for pool in (self._texts, self._raw) for terms in pool.values() for p in terms.values())

    def cleanup(self) -> None:
        self._texts.clear()
        self._raw.clear()


def _joined(a: Postings, b: Postings) -> Postings:
    """One term's postings from both kinds of adding (a field given a string and, for another document, not),
    in docnum order."""
    rows = sorted([*zip(*a, strict=True), *zip(*b, strict=True)], key=lambda r: r[0])
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
