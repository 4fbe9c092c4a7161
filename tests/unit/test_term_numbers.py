"""Free-text fields pooled as term numbers (``term_numbers``) and inverted with NumPy (``inversion``): the
same terms, positions and postings as analysing each document into ``term -> positions`` gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.engine.inversion import invert
from app.search.engine.postings import positioned_terms
from app.search.engine.term_numbers import NO_TERM, FieldWords, Vocabulary

_PIECES = ["harbour", "Harbours", "the", "a", "Café", "naïve", "ferry's", "U.S.", "3.5", "항구도시", "항구",
           "東京", "x", "—", ",", ".", " ", "  ", "\n", "organization", "running", "ran", "'", "_", "ß"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join)


def _positions_of(numbers: list[int], vocabulary: Vocabulary) -> dict[str, list[int]]:
    poses: dict[str, list[int]] = {}
    for position, number in enumerate(numbers):
        if number != NO_TERM:
            poses.setdefault(vocabulary.terms[number], []).append(position)
    return poses


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=6))
def test_numbers_give_the_analyzers_terms_and_positions(texts: list[str]) -> None:
    vocabulary = Vocabulary()  # one vocabulary for all: a word seen before keeps its number
    for text in texts:
        assert _positions_of(vocabulary.numbers(text), vocabulary) == positioned_terms(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_texts, st.sampled_from([1.0, 1.0, 2.5])), max_size=12), st.sampled_from([1.0, 2.0]))
def test_inverted_postings_are_each_terms_documents_in_order(docs: list[tuple[str, float]], format_boost: float) -> None:
    vocabulary, words = Vocabulary(), FieldWords(format_boost)
    expected: dict[bytes, tuple[list[int], list[float], list[object]]] = {}
    for docnum, (text, boost) in enumerate(docs):
        poses = positioned_terms(text)
        length = words.add(docnum * 3, vocabulary.numbers(text), boost)
        assert length == sum(map(len, poses.values()))
        for term, positions in poses.items():
            postings = expected.setdefault(term.encode(), ([], [], []))
            postings[0].append(docnum * 3)
            postings[1].append(len(positions) * format_boost * boost)
            postings[2].append(positions if len(positions) > 1 else positions[0])
    inverted = invert(words, vocabulary)
    if not expected:
        assert inverted is None
        return
    assert inverted is not None
    assert list(inverted.postings()) == sorted(expected.items())
