"""Writing segments a term at a time: the term pool, whole-list block writing, and the worker processes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import StructFile
from whoosh.writing import PostingPool

from app.search import IndexDoc, SearchIndex
from app.search.documents import to_fields
from app.search.engine.codec import BlockCodec, BlockPostingsWriter, encoded_value
from app.search.engine.parallel_writer import BlockMpWriter
from app.search.engine.term_pool import TermPool
from tests.unit.test_segment_merge import _docs, _postings, _stats

POSITIONS = formats.Positions()

_items = st.lists(
    st.tuples(st.sampled_from(["body", "title", "tags"]), st.binary(min_size=1, max_size=3), st.integers(0, 60),
              st.floats(0.5, 4.0, width=32), st.binary(max_size=6)),
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(_items)
def test_the_term_pool_gives_postings_in_whooshs_order(items: list[tuple[str, bytes, int, float, bytes]]) -> None:
    # one posting per (field, term, document), documents added in order, as a writer adds them
    unique = {(f, t, d): (f, t, d, w, v) for f, t, d, w, v in items}
    ordered = sorted(unique.values(), key=lambda p: p[2])
    theirs, ours = PostingPool(RamStorage(), None), TermPool()
    for item in ordered:
        theirs.add(item)
        ours.add(item)
    ours.add(("body", b"spelling", -1, 1.0, b""))  # a spelling word is not a posting
    assert list(ours.iter_postings()) == list(theirs.iter_postings())
    assert ours.fieldnames == {p[0] for p in ordered}
    assert len(ours) == len(ordered)
    for _, _, (docnums, _, _) in ours.terms():
        assert docnums == sorted(docnums)
    ours.cleanup()
    assert list(ours.terms()) == []


@st.composite
def _term_postings(draw: Any) -> list[tuple[int, float, bytes, int | None]]:
    ids = sorted(draw(st.sets(st.integers(0, 100_000), min_size=1, max_size=70)))
    # a field has lengths for every document (scored fields) or for none (Whoosh fails on a mix)
    lengths = st.integers(1, 900) if draw(st.booleans()) else st.none()
    return [(d, float(draw(st.integers(1, 6))),
             POSITIONS.encode(sorted(draw(st.sets(st.integers(0, 70_000), min_size=1, max_size=5)))),
             draw(lengths))
            for d in ids]


def _written(postings: list[tuple[int, float, bytes, int | None]], blocklimit: int, split: int,
             whole: bool) -> tuple[bytes, tuple[Any, ...]]:
    out = StructFile(io.BytesIO())
    writer = BlockPostingsWriter(out, blocklimit=blocklimit)
    writer.start_postings(POSITIONS, W3TermInfo())
    for part in (postings[:split], postings[split:]):  # in two calls: a list may be added to a started block
        if whole:
            ids, weights, values, lengths = (list(col) for col in zip(*part, strict=True)) if part else ([], [], [], [])
            writer.add_list(ids, weights, values, lengths)
        else:
            for d, w, v, n in part:
                writer.add_posting(d, w, v, n)
    info = writer.finish_postings()
    return out.file.getvalue(), (*_stats(info), info.is_inlined())


@settings(max_examples=80, deadline=None)
@given(_term_postings(), st.sampled_from([1, 3, 8, 512]), st.integers(0, 70))
def test_a_whole_list_writes_the_blocks_posting_by_posting_writes(
    postings: list[tuple[int, float, bytes, int | None]], blocklimit: int, split: int
) -> None:
    split = min(split, len(postings))
    assert _written(postings, blocklimit, split, whole=True) == _written(postings, blocklimit, split, whole=False)


def test_worker_processes_write_the_index_one_process_writes(tmp_path: Path) -> None:
    docs = _docs(300)
    one, two = SearchIndex(tmp_path / "one"), SearchIndex(tmp_path / "two")
    try:
        assert one.try_acquire_writer() and two.try_acquire_writer()
        for ix, procs in ((one, 1), (two, 2)):
            w = ix._rebuild_writer(procs)
            assert isinstance(w, BlockMpWriter) == (procs == 2)
            for doc in docs:
                w.add_document(**to_fields(doc))
            w.commit(merge=False)
        segments = two._ix._segments()
        assert len(segments) == 2 and {type(s.codec()) for s in segments} == {BlockCodec}
        assert sum(s.doc_count_all() for s in segments) == 300
        # one segment each (merging re-totals lengths from their one-byte forms: both the same way)
        one.optimize()
        two.optimize()
        a, b = one._ix.reader(), two._ix.reader()
        assert sorted(a.all_terms()) == sorted(b.all_terms())
        ids_a = {d: f["id"] for d, f in a.iter_docs()}
        ids_b = {d: f["id"] for d, f in b.iter_docs()}
        for fieldname, text in a.all_terms():
            got = sorted((ids_b[d], w, v) for d, w, v in _postings(b, fieldname, text))
            assert got == sorted((ids_a[d], w, v) for d, w, v in _postings(a, fieldname, text)), (fieldname, text)
        for text in ("harbour", '"harbour ferry"', "title:report", "unique250"):
            got, expected = two.search(text, limit=400), one.search(text, limit=400)
            assert got.total == expected.total > 0, text
            assert sorted((h.id, round(h.score, 5)) for h in got.hits) == sorted(
                (h.id, round(h.score, 5)) for h in expected.hits)
    finally:
        one.close()
        two.close()


def test_the_parallel_writer_only_writes_a_segment_a_worker(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.try_acquire_writer()
        with pytest.raises(ValueError, match="multisegment"):
            BlockMpWriter(ix._ix, procs=2, codec=BlockCodec())
    finally:
        ix.close()


@st.composite
def _position_values(draw: Any) -> tuple[list[list[int]], list[Any]]:
    """Position lists, and the same given as TermPool.add_positions may give them: a list, one int, or bytes."""
    lists = draw(st.lists(st.sets(st.integers(0, 70_000), min_size=1, max_size=5).map(sorted), min_size=1,
                          max_size=40))
    forms = []
    for positions in lists:
        form = draw(st.sampled_from(["list", "int", "bytes"]))
        if form == "int" and len(positions) == 1:
            forms.append(positions[0])
        elif form == "bytes":
            forms.append(POSITIONS.encode(positions))
        else:
            forms.append(list(positions))
    return lists, forms


@settings(max_examples=120, deadline=None)
@given(_position_values(), st.sampled_from([1, 3, 512]))
def test_positions_given_as_lists_or_ints_write_what_encoded_positions_write(
    values: tuple[list[list[int]], list[Any]], blocklimit: int
) -> None:
    lists, forms = values
    encoded = [(d, float(len(p)), POSITIONS.encode(p), 5) for d, p in enumerate(lists)]
    pooled = [(d, float(len(p)), form, 5) for d, (p, form) in enumerate(zip(lists, forms, strict=True))]
    assert _written(pooled, blocklimit, len(pooled) // 2, whole=True) == _written(encoded, blocklimit, 0, whole=True)
    assert _written(pooled, blocklimit, 1, whole=False) == _written(encoded, blocklimit, 0, whole=False)
    assert [encoded_value(f) for f in forms] == [e[2] for e in encoded]


def test_a_first_word_is_found_where_it_stands(tmp_path: Path) -> None:
    # position 0 pooled as an int (falsy) must still be written
    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.try_acquire_writer()
        ix.apply([IndexDoc(1, "v", title="Zebras crossed", body_text="Zebras crossed the harbour at dawn"),
                  IndexDoc(2, "v", title="Crossed zebras", body_text="Dawn: the zebras crossed")])
        assert ix.search('"zebras crossed"').total == 2
        assert ix.search('title:"zebras crossed"').total == 1
        assert ix.search('"harbour at dawn"').total == 1
        reader = ix._ix.reader()
        m = reader.postings("body", b"zebra")
        assert m.id() == 0 and m.value_as("positions") == [0]
    finally:
        ix.close()


@settings(max_examples=150, deadline=None)
@given(_term_postings(), _position_values(), st.sampled_from([1, 3, 512]), st.sampled_from([1.0, 0.7, 2.5]),
       st.booleans(), st.binary(max_size=9))
def test_a_list_written_at_once_is_what_the_step_by_step_writer_writes(
    postings: list[tuple[int, float, bytes, int | None]], values: tuple[list[list[int]], list[Any]], blocklimit: int,
    boost: float, positions: bool, before: bytes
) -> None:
    # write_list (one block or more), after other bytes in the file: positions in any pooled form, or no values
    ids, weights, _, lengths = (list(col) for col in zip(*postings, strict=True))
    weights = [w * boost for w in weights]  # float32 sums must come out the same
    format_ = POSITIONS if positions else formats.Existence()
    forms = (values[1] * len(ids))[: len(ids)] if positions else [b""] * len(ids)
    outputs = []
    for at_once in (True, False):
        out = StructFile(io.BytesIO())
        out.write(before)
        writer = BlockPostingsWriter(out, blocklimit=blocklimit)
        if at_once:
            info = writer.write_list(format_, ids, weights, forms, lengths)
        else:
            writer.start_postings(format_, W3TermInfo())
            writer.add_list(ids, weights, forms, lengths)
            info = writer.finish_postings().to_bytes()
        outputs.append((out.file.getvalue(), info))
    assert outputs[0] == outputs[1]
    assert W3TermInfo.from_bytes(outputs[0][1]).doc_frequency() == len(ids)
