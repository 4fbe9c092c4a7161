"""Merging every segment with worker processes gives the index one process gives, in ``procs`` segments."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from app.errors import Cancelled
from app.search import SearchIndex
from app.search.engine.codec import BlockCodec
from app.search.engine.parallel_merge import deal
from tests.unit.test_segment_merge import _docs

QUERIES = ("harbour", '"harbour ferry"', "title:report", "unique33", "source:afp", "tags:news", "museum OR vote")


def _segmented(path: Path) -> SearchIndex:
    """An index of seven segments, three of them with deletions."""
    ix = SearchIndex(path)
    assert ix.try_acquire_writer()
    for start in range(0, 350, 50):
        ix.apply(_docs(50, start))
    ix.apply([], deletes=[3, 77, 120, 121, 340])
    assert ix.segment_count() == 7
    return ix


def _results(ix: SearchIndex) -> dict[str, list[tuple[int, float]]]:
    return {q: sorted((h.id, round(h.score, 5)) for h in ix.search(q, limit=400).hits) for q in QUERIES}


def test_segments_are_dealt_into_groups_of_about_equal_size() -> None:
    segs = [SimpleNamespace(doc_count_all=lambda n=n: n) for n in (4000, 4000, 3000, 1000, 900, 100, 7)]
    groups = deal(segs, 2)
    sizes = sorted(sum(s.doc_count_all() for s in g) for g in groups)
    assert sizes == [6007, 7000] and sum(len(g) for g in groups) == 7  # largest first, to the lighter group
    assert deal(segs[:1], 2) == [segs[:1]] and deal([], 2) == []


def test_worker_processes_merge_into_one_segment_each(tmp_path: Path) -> None:
    one, two = _segmented(tmp_path / "one"), _segmented(tmp_path / "two")
    try:
        before = _results(two)
        assert before["harbour"] and not any(i == 77 for i, _ in before["unique33"])
        one.optimize(procs=1)
        two.optimize(procs=2)
        assert one.segment_count() == 1 and two.segment_count() == 2
        segments = two._ix._segments()
        assert {type(s.codec()) for s in segments} == {BlockCodec}
        assert sum(s.doc_count_all() for s in segments) == 345  # the deleted documents are gone
        assert not any(s.has_deletions() for s in segments)
        assert _results(two) == _results(one)
        assert {i for i, _ in _results(two)["harbour"]} == {i for i, _ in before["harbour"]}
        two.apply(_docs(5, 400))  # the merged index takes new documents as before
        assert two.search("unique402").total == 1
    finally:
        one.close()
        two.close()


def test_a_cancelled_merge_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    ix = _segmented(tmp_path / "index")
    try:
        before = _results(ix)
        with pytest.raises(Cancelled):
            ix.optimize(lambda: True, procs=2)
        assert ix.segment_count() == 7 and _results(ix) == before
        ix.optimize(procs=2)
        assert ix.segment_count() == 2
        names = {s.segment_id() for s in ix._ix._segments()}
        leftovers = [p.name for p in (tmp_path / "index").iterdir() if p.suffix == ".seg" and p.stem not in names]
        assert not leftovers and not (tmp_path / "index" / "MAIN.tmp").exists()
        assert {q: {i for i, _ in r} for q, r in _results(ix).items()} == {
            q: {i for i, _ in r} for q, r in before.items()}
    finally:
        ix.close()
