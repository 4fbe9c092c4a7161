"""Any query string either searches or raises QueryError — never anything else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import QueryError
from app.search import IndexDoc, SearchIndex

PIECES = [
    "clip", "café", "스크랩", "東京", "OR", "AND", "NOT", "-", "(", ")", '"', "[", "]", "*", "~", "~2", ":",
    "title:", "tag:", "published:", "clipped:", "2020", "2020-07", "[2020 to 2021]", "to", " ", "^2",
    "starred:", "yes", "foo:", "/", "\\", "'", "{", "}", "?", "!", "&&", "||", "+",
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(Path(tmp_path_factory.mktemp("fuzz")))
    assert ix.try_acquire_writer()
    ix.apply(
        [
            IndexDoc(
                1, "v", title="Clipping café", body_text="스크랩북 東京都", tags=["a/b"], published="2020-07"
            ),
            IndexDoc(
                2, "v", title="Other", body_text="clips", published="2021", clipped="2024-01-01T00:00:00Z"
            ),
        ]
    )
    yield ix
    ix.close()


def _check(index: SearchIndex, query: str) -> None:
    try:
        r = index.search(query, texts=lambda ids: {i: "clip café 스크랩북" for i in ids})
    except QueryError as e:
        assert str(e)
        return
    assert 0 <= r.total <= 2 and len(r.hits) <= r.total


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_query_pieces_search_or_raise_query_error(index: SearchIndex, query: str) -> None:
    _check(index, query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_arbitrary_text_searches_or_raises_query_error(index: SearchIndex, query: str) -> None:
    _check(index, query)
