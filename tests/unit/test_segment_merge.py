"""Merging segments by copying posting blocks gives the index Whoosh's own merge gives."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import BufferFile, StructFile

from app.errors import Cancelled
from app.search import IndexDoc, SearchIndex
from app.search.engine.codec import MAGIC, BlockCodec, BlockMatcher, BlockPostingsWriter, joined_lists
from app.search.engine.segment_merge import CopyMergeWriter

POSITIONS = formats.Positions()
WORDS = ["harbour", "ferry", "strike", "council", "museum", "flood", "court", "archive", "storm", "vote"]


def _docs(count: int, start: int = 0) -> list[IndexDoc]:
    docs = []
    for i in range(start, start + count):
        body = " ".join(WORDS[(i * k + k // 2) % len(WORDS)] for k in range(3 + i % 40)) + f" unique{i}"
        docs.append(IndexDoc(i, "v1", title=f"{WORDS[i % 10]} report {i}", body_text=body,
                             source=["Reuters", "AFP"][i % 2], tags=["news"] if i % 3 else []))
    return docs


def _build(path: Path, monkeypatch: pytest.MonkeyPatch, writer: Any) -> SearchIndex:
    """Segments in both formats, one with deletions, merged by ``writer`` (a ``_writer`` replacement)."""
    ix = SearchIndex(path)
    assert ix.try_acquire_writer()
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "_writer", lambda self, **o: self._ix.writer(codec=W3Codec(), **o))
        ix.apply(_docs(150))  # an index written before the array codec
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "_writer", writer)
        ix.apply(_docs(120, 150))
        ix.apply(_docs(90, 270))
        ix.apply([], deletes=[5, 151, 152, 300])  # deletions in three segments
        ix.apply(_docs(30, 400))
        assert len(ix._ix._segments()) == 4
        ix.apply(_docs(7, 500), merge=True)  # new documents and a merge in one commit
        ix.optimize()
    return ix


def _whoosh_writer(self: SearchIndex, **options: Any) -> Any:
    return self._ix.writer(codec=BlockCodec(), **options)


def _postings(reader: Any, fieldname: str, text: bytes) -> list[tuple[int, float, Any]]:
    m = reader.postings(fieldname, text)
    found = []
    while m.is_active():
        found.append((m.id(), m.weight(), m.value()))
        m.next()
    return found


def _stats(info: Any) -> tuple[Any, ...]:
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
            info.min_id(), info.max_id())


def test_copied_blocks_make_the_index_whooshs_merge_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = _build(tmp_path / "whoosh", monkeypatch, _whoosh_writer)
    ours = _build(tmp_path / "copied", monkeypatch, SearchIndex._writer)
    try:
        a, b = theirs._ix.reader(), ours._ix.reader()
        assert len(theirs._ix._segments()) == len(ours._ix._segments()) == 1
        assert b.doc_count_all() == a.doc_count_all() == 397 - 4
        assert sorted(b.all_terms()) == sorted(a.all_terms())
        for fieldname, text in a.all_terms():
            assert _postings(b, fieldname, text) == _postings(a, fieldname, text), (fieldname, text)
            assert _stats(b.term_info(fieldname, text)) == _stats(a.term_info(fieldname, text)), (fieldname, text)
        assert list(b.all_stored_fields()) == list(a.all_stored_fields())
        for field in ("title", "body"):
            assert [b.doc_field_length(d, field) for d in range(393)] == [a.doc_field_length(d, field) for d in range(393)]
        for text in ("harbour", '"harbour ferry"', "title:report", "har*", "tag:news -flood", "unique420"):
            got, expected = ours.search(text, limit=50), theirs.search(text, limit=50)
            assert got.total == expected.total > 0, text
            assert [(h.id, round(h.score, 6)) for h in got.hits] == [(h.id, round(h.score, 6)) for h in expected.hits]
    finally:
        theirs.close()
        ours.close()


def test_merging_writer_is_what_the_index_writes_with(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.try_acquire_writer()
        writer = ix._writer()
        assert isinstance(writer, CopyMergeWriter)
        writer.cancel()
        ix.apply(_docs(20))
        ix.apply(_docs(20, 20))
        ix.optimize()
        assert [s.doc_count_all() for s in ix._ix._segments()] == [40]
        assert ix.search("unique33").total == 1
    finally:
        ix.close()


@st.composite
def _lists(draw: Any) -> list[list[tuple[int, float, list[int]]]]:
    """Posting lists of a few segments (document numbers from 0 in each), each one or more blocks."""
    segments = []
    for _ in range(draw(st.integers(1, 4))):
        ids = sorted(draw(st.sets(st.integers(0, 3000), min_size=2, max_size=40)))
        segments.append([(d, float(draw(st.integers(1, 5))), sorted(draw(st.sets(st.integers(0, 900), min_size=1,
                                                                                   max_size=4)))) for d in ids])
    return segments


@settings(max_examples=40, deadline=None)
@given(_lists(), st.lists(st.integers(0, 5000), max_size=3, unique=True), st.integers(0, 1))
def test_copied_lists_read_back_moved_up(lists: Any, pooled: list[int], pool_first: int) -> None:
    """Blocks copied from several lists (after or before postings written one by one) read back as the
    postings moved up by each list's base, with the statistics of them all."""
    sources = []
    for postings in lists:  # each list as its own segment would hold it
        out = StructFile(io.BytesIO())
        writer = BlockPostingsWriter(out, blocklimit=8)
        writer.start_postings(POSITIONS, W3TermInfo())
        for docnum, weight, positions in postings:
            writer.add_posting(docnum, weight, POSITIONS.encode(positions), length=len(positions) * 3)
        info = writer.finish_postings()
        data = out.file.getvalue()
        assert data.startswith(MAGIC)
        sources.append((data, info, postings))

    out = StructFile(io.BytesIO())
    out.write(b"pad!")
    writer = BlockPostingsWriter(out, blocklimit=8)
    writer.start_postings(POSITIONS, W3TermInfo())
    expected: list[tuple[int, float, bytes]] = []
    pool = [(d, 2.0, POSITIONS.encode([d % 7])) for d in sorted(pooled)]

    def add_pool(base: int) -> int:
        for d, w, v in pool:
            writer.add_posting(base + d, w, v, length=9)
            expected.append((base + d, w, v))
        return base + 5001

    base = add_pool(0) if pool_first else 0
    for data, info, postings in sources:
        writer.copy_blocks(data, base, info)
        expected.extend((base + d, w, POSITIONS.encode(p)) for d, w, p in postings)
        base += 3001
    if not pool_first:
        add_pool(base)
    info = writer.finish_postings()

    offset, length = info.extent()
    m = BlockMatcher(BufferFile(memoryview(out.file.getvalue())), offset, length, POSITIONS)
    got = []
    while m.is_active():
        got.append((m.id(), m.weight(), m.value()))
        m.next()
    assert got == expected
    assert info.doc_frequency() == len(expected)
    assert (info.min_id(), info.max_id()) == (expected[0][0], expected[-1][0])
    assert info.weight() == sum(w for _, w, _ in expected)
    assert info.max_weight() == max(w for _, w, _ in expected)

    # whole lists joined at once (a term no new document holds) read back the same
    joined = bytes(joined_lists([(data, i * 3001) for i, (data, _, _) in enumerate(sources)]))
    m = BlockMatcher(BufferFile(memoryview(joined)), 0, len(joined), POSITIONS)
    got = []
    while m.is_active():
        got.append((m.id(), m.weight(), m.value()))
        m.next()
    assert got == [(i * 3001 + d, w, POSITIONS.encode(p)) for i, (_, _, postings) in enumerate(sources)
                   for d, w, p in postings]


def test_a_rebuild_ends_as_one_segment_and_a_cancelled_merge_keeps_it_whole(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.try_acquire_writer()
        ix.rebuild(_docs(230), total=230, batch=50)
        assert [(type(s.codec()).__name__, s.doc_count_all()) for s in ix._ix._segments()] == [("BlockCodec", 230)]
        assert ix.search("unique229").total == 1 and not ix.needs_rebuild

        calls = iter(range(100))
        with pytest.raises(Cancelled):  # cancelled while merging: the built segments stay, complete
            ix.rebuild(_docs(230), total=230, batch=50, cancelled=lambda: next(calls) > 8)
        assert len(ix._ix._segments()) == 5 and not ix.needs_rebuild
        assert ix.search("unique7").total == 1 and ix.search("harbour").total > 100
    finally:
        ix.close()
