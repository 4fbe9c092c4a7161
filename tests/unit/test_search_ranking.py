"""The array ranking gives Whoosh's own matches and BM25F scores; the array facets give plain counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3Codec

from app.search import IndexDoc, SearchIndex
from app.search.engine import facets
from app.search.engine.ranking import Ranking, rank

WORDS = ["harbour", "archive", "ferry", "strike", "council", "museum", "flood", "court"]
SOURCES = ["Reuters", "AFP", "The Times", ""]
QUERIES = [
    "harbour", "harbour ferry", "harbour OR museum", "harbour -ferry", "court NOT ferry", "NOT harbour",
    '"the harbour"', '"harbour archive"', '"ferry strike council"', 'title:"harbour story"', "har*", "harbor~", "title:archive", "tag:news", "tag:news/local harbour", "starred:true harbour",
    "(ferry OR strike) council", "harbour AND NOT (museum OR n7)", "source:reuters", "published:2020",
    "published:[2019 to 2020-06]", "nothingmatches", "*", "museum^3 OR flood", "authors:smith",
]


@pytest.fixture(params=["array blocks", "whoosh blocks", "both"])
def index(tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Four segments with deletions, written in our block format, in Whoosh's (an archive indexed by an
    earlier version) or half in each."""
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    for n, start in enumerate((0, 50, 100, 150)):  # four commits: four segments of different sizes and lengths
        old = request.param == "whoosh blocks" or (request.param == "both" and n % 2 == 0)
        with monkeypatch.context() as patch:
            if old:
                patch.setattr(SearchIndex, "_writer", lambda self, **o: self._ix.writer(codec=W3Codec(), **o))
            ix.apply([_doc(i) for i in range(start, start + 30 + start // 5)])
    ix.apply([_doc(7, "v2")], deletes=[3, 55, 101, 160])
    yield ix
    ix.close()


def _doc(i: int, version: str = "v1") -> IndexDoc:
    body = " ".join(WORDS[(i * k + k) % len(WORDS)] for k in range(1, 5 + i % 23))
    return IndexDoc(
        i, version, title=f"{WORDS[i % 8]} story {i}", body_text=f"The {body}. n{i}" + " harbour" * (i % 4),
        captions=["A ferry at dawn"] if i % 5 == 0 else [], authors=["Ann Smith"] if i % 6 == 0 else [],
        source=SOURCES[i % 4], published="" if i % 7 == 0 else f"20{18 + i % 4}-0{1 + i % 9}-1{i % 10}", tags=["news/local"] if i % 3 else [],
        starred=i % 4 == 0,
    )


def _whoosh(s, q) -> dict[int, float]:  # type: ignore[no-untyped-def]
    return dict(s.search(q, limit=None, terms=False).items())


def test_every_match_and_score_equals_whooshs_own(index: SearchIndex) -> None:
    s = index._current()
    assert index.segment_count() >= 4
    for text in QUERIES:
        q = index._query(text)
        ranking = rank(s, q)
        assert ranking is not None
        ours = dict(zip(ranking.docnums.tolist(), ranking.scores.tolist(), strict=True))
        theirs = _whoosh(s, q)
        assert ours.keys() == theirs.keys(), text
        for docnum, score in theirs.items():
            assert ours[docnum] == pytest.approx(score, rel=1e-12), (text, docnum)


def test_top_k_is_whooshs_order_with_ties_by_document_number(index: SearchIndex) -> None:
    s = index._current()
    for text in ("harbour", "harbour OR museum", "*", "tag:news"):
        ranking = rank(s, index._query(text))
        assert ranking is not None
        expected = sorted(_whoosh(s, index._query(text)).items(), key=lambda p: (-round(p[1], 9), p[0]))
        for k in (1, 5, 20, len(expected) + 3):
            got = ranking.top(k)
            assert [d for d, _ in got] == [d for d, _ in expected[:k]], (text, k)


def test_sorted_pages_follow_whooshs_sortedby_order(index: SearchIndex) -> None:
    s = index._current()
    for text in ("harbour", "*", "court NOT ferry"):
        q = index._query(text)
        for sort in ("published", "clipped"):
            expected = [s.stored_fields(d)["id"] for d, _ in s.search(q, limit=None, sortedby=sort, reverse=True).items()]
            got = [str(h.id) for h in index.search(text, sort=sort, limit=len(expected) + 5).hits]
            assert got == expected, (text, sort)
            page = [str(h.id) for h in index.search(text, sort=sort, offset=5, limit=7).hits]
            assert page == expected[5:12]


def test_allowed_restricts_the_matches(index: SearchIndex) -> None:
    s = index._current()
    q = index._query("harbour")
    everything = rank(s, q)
    assert everything is not None
    allowed = set(everything.docnums.tolist()[::3]) | {10_000}
    only = rank(s, q, allowed)
    assert only is not None
    assert set(only.docnums.tolist()) == allowed - {10_000}


def test_empty_ranking() -> None:
    import numpy as np

    empty = Ranking(np.zeros(0, dtype=np.int64), np.zeros(0))
    assert len(empty) == 0 and empty.top(20) == []


def test_search_page_total_and_facets_agree_with_plain_counts(index: SearchIndex) -> None:
    s = index._current()
    for text in ("harbour", "court NOT ferry", "tag:news", "*"):
        result = index.search(text, limit=500)
        docs = {docnum for docnum, _ in s.search(index._query(text), limit=None, terms=False).items()}
        assert result.total == len(docs) == len(result.hits)
        stored = [s.stored_fields(d) for d in docs]
        sources = Counter(f.get("source", "") for f in stored)
        sources.pop("", None)
        assert sum(result.facets["source"].values()) == sum(sources.values()), text
        assert sorted(result.facets["source"].values()) == sorted(sources.values()), text
        reader = s.reader()
        tags = {name.decode(): len(docs & set(reader.postings("tag_name", name).all_ids()))
                for name in reader.lexicon("tag_name")}
        assert result.facets["tags"] == {n: c for n, c in tags.items() if c}, text


def test_restricted_search_counts_only_the_given_articles(index: SearchIndex) -> None:
    result = index.search("harbour", restrict={1, 2, 4, 5, 3, 999})
    assert {h.id for h in result.hits} <= {1, 2, 4, 5}
    assert result.total == len(result.hits) > 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3_000_000), min_size=0, max_size=1500).map(sorted), max_size=12))
def test_position_keys_equal_whooshs_decoding(lists: list[list[int]]) -> None:
    from whoosh.formats import Positions

    from app.search.engine.ranking import _value_positions

    fmt = Positions()
    positions = _value_positions([fmt.encode(p) for p in lists], fmt.decode_positions)
    span = 3_000_001
    assert positions.keys(span).tolist() == [i * span + p for i, plist in enumerate(lists) for p in plist]
    assert positions.last_positions().tolist() == [plist[-1] if plist else 0 for plist in lists]


def test_facet_columns_saved_for_new_processes_give_the_same_table(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    import app.search.engine.facets as facets

    s = index._current()
    folder = index.index_dir / "facets"
    first = facets.ColumnCache(folder).table(s)
    saved = sorted(folder.glob("*.cols"))
    assert len(saved) == index.segment_count()

    def no_reading(reader):  # type: ignore[no-untyped-def]
        raise AssertionError("read from the index although saved")

    monkeypatch.setattr(facets, "_read_segment", no_reading)
    second = facets.ColumnCache(folder).table(s)
    assert second.ids.tolist() == first.ids.tolist()
    assert second.count(first.ids.nonzero()[0]) == first.count(first.ids.nonzero()[0])
    monkeypatch.undo()

    for damage in (b"not columns", saved[1].read_bytes()[:200], b"CFC1\xff\xff\xff\x00{"):
        saved[0].write_bytes(damage)  # damaged: read again from the index and saved anew
        third = facets.ColumnCache(folder).table(s)
        assert third.count(list(range(10))) == first.count(list(range(10)))
        size = next(leaf.doc_count_all() for leaf, _ in s.reader().leaf_readers()
                    if leaf.segment().segment_id() == saved[0].stem)
        assert facets.SegmentColumns.load(saved[0], size) is not None

    stale = folder / "gone_segment.npz"  # an older version's file
    stale.write_bytes(b"x")
    facets.ColumnCache(folder).table(s)
    assert stale.exists()  # young: maybe another process's newer segment
    old = time.time() - facets.STALE_AFTER_S - 5
    os.utime(stale, (old, old))
    facets.ColumnCache(folder).table(s)
    assert not stale.exists()


def test_byte_bounded_cache_keeps_recent_entries_within_its_limit() -> None:
    from app.search.cache import ByteBoundedCache

    cache = ByteBoundedCache(limit=100)
    for i in range(10):
        cache.put((i,), f"v{i}", 20)
        assert cache.size <= 100
    assert cache.get((9,)) == "v9" and cache.get((0,)) is None
    cache.get((5,))  # used: kept over older ones
    cache.put((10,), "v10", 20)
    assert cache.get((5,)) == "v5" and cache.get((6,)) is None
    cache.put((11,), "huge", 60)  # over a quarter of the limit: not kept
    assert cache.get((11,)) is None


def test_kept_postings_give_the_same_ranking_after_deletions(index: SearchIndex) -> None:
    s = index._current()
    first = rank(s, index._query("harbour ferry"))
    again = rank(s, index._query("harbour ferry"))
    assert first is not None and again is not None
    assert first.top(50) == again.top(50)
    index.apply([], deletes=[int(s.stored_fields(d)["id"]) for d, _ in first.top(3)])
    s = index._current()
    after = rank(s, index._query("harbour ferry"))
    assert after is not None and len(after) == len(first) - 3
    assert dict(_whoosh(s, index._query("harbour ferry"))) == pytest.approx(
        dict(zip(after.docnums.tolist(), after.scores.tolist(), strict=True)))


def test_phrases_checked_by_search_when_the_table_would_be_too_big(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.search.engine import ranking

    s = index._current()
    for text in ('"the harbour"', '"harbour archive"', '"ferry strike council"', 'title:"harbour story"'):
        q = index._query(text)
        with_table = rank(s, q)
        monkeypatch.setattr(ranking, "_PHRASE_TABLE_LIMIT", 0)
        searched = rank(s, q)
        monkeypatch.undo()
        assert with_table is not None and searched is not None
        assert with_table.docnums.tolist() == searched.docnums.tolist() and len(with_table) > 0, text
        assert with_table.scores.tolist() == searched.scores.tolist()


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, 119), max_size=120))
def test_facets_of_few_matches_are_counted_as_those_of_many(tmp_path_factory: pytest.TempPathFactory,
                                                            chosen: set[int]) -> None:
    path = tmp_path_factory.mktemp("facets")
    ix = SearchIndex(path / "index")
    try:
        assert ix.try_acquire_writer()
        tags = ["news", "news/local", "sport", "places/Korea", "places/Korea/Seoul"]
        for start in (0, 60):  # two segments
            ix.apply([IndexDoc(i, "v1", title=f"story {i}", source=SOURCES[i % 4], place=["Seoul", "Lima", ""][i % 3],
                               tags=tags[i % 5: i % 5 + 1 + i % 3]) for i in range(start, start + 60)])
        table = ix._doc_table(ix._current())
        docs = sorted(table.docnums_for(chosen))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(facets, "SPARSE_FACTOR", 10**9)  # tags looked up document by document
            few = table.count(docs)
            patch.setattr(facets, "SPARSE_FACTOR", 0)  # every tag pair masked
            many = table.count(docs)
        assert few == many
        assert [list(f) for f in few.values()] == [list(f) for f in many.values()]  # the same order too
    finally:
        ix.close()
