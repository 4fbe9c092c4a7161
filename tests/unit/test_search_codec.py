"""The array posting blocks hold exactly what Whoosh's W3 blocks hold, read through either interface."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.system import pack_uint

from app.search import IndexDoc, SearchIndex
from app.search.engine.codec import BlockCodec, BlockMatcher, BlockPostingsWriter

POSITIONS = formats.Positions()
FREQUENCY = formats.Frequency()
EXISTENCE = formats.Existence()


@st.composite
def posting_lists(draw: Any) -> tuple[list[int], list[float], list[list[int]]]:
    """Sorted document numbers, weights of one of the shapes the writer special-cases, and positions."""
    ids = sorted(draw(st.sets(st.integers(0, 2**32 - 2), min_size=1, max_size=1200)))
    shape = draw(st.sampled_from(["ones", "same", "small", "ints", "floats"]))
    n = len(ids)
    if shape == "ones":
        weights = [1.0] * n
    elif shape == "same":
        weights = [draw(st.sampled_from([2.0, 0.5, 3.25]))] * n
    elif shape == "small":
        weights = [float(w) for w in draw(st.lists(st.integers(0, 255), min_size=n, max_size=n))]
    elif shape == "ints":
        weights = [float(w) for w in draw(st.lists(st.integers(0, 70_000), min_size=n, max_size=n))]
    else:
        weights = [float(np.float32(w)) for w in draw(st.lists(st.floats(0, 1e6, width=32), min_size=n, max_size=n))]
    gaps = st.integers(0, 70_000) if draw(st.booleans()) else st.integers(0, 30)
    positions = []
    for _ in ids:
        deltas = draw(st.lists(gaps, min_size=1, max_size=6))
        positions.append([int(p) for p in np.cumsum(deltas)])
    return ids, weights, positions


def _write(writer_class: Any, format_: Any, postings: list[tuple[int, float, bytes]], **options: Any) -> tuple[bytes, Any]:
    out = StructFile(io.BytesIO())
    out.write(b"pad!")  # a posting list does not start at offset 0
    writer = writer_class(out, blocklimit=options.pop("blocklimit", 128), **options)
    writer.start_postings(format_, W3TermInfo())
    for docnum, weight, value in postings:
        writer.add_posting(docnum, weight, value, length=3)
    terminfo = writer.finish_postings()
    return out.file.getvalue(), terminfo


def _read(matcher_class: Any, data: bytes, terminfo: Any, format_: Any) -> Any:
    offset, length = terminfo.extent()
    return matcher_class(BufferFile(memoryview(data)), offset, length, format_)


def _items(m: Any) -> list[tuple[int, float, Any]]:
    found = []
    while m.is_active():
        found.append((m.id(), m.weight(), m.value()))
        m.next()
    return found


@settings(max_examples=60, deadline=None)
@given(posting_lists(), st.sampled_from(["positions", "frequency", "existence"]), st.sampled_from([4, 128, 512]))
def test_blocks_give_back_what_w3_blocks_give(data: Any, kind: str, blocklimit: int) -> None:
    ids, weights, positions = data
    format_ = {"positions": POSITIONS, "frequency": FREQUENCY, "existence": EXISTENCE}[kind]
    if kind == "positions":
        values = [POSITIONS.encode(p) for p in positions]
    elif kind == "frequency":
        values = [pack_uint(len(p)) for p in positions]
    else:
        values = [b""] * len(ids)
    postings = list(zip(ids, weights, values, strict=True))
    w3_bytes, w3_info = _write(W3PostingsWriter, format_, postings, blocklimit=blocklimit)
    our_bytes, our_info = _write(BlockPostingsWriter, format_, postings, blocklimit=blocklimit)
    theirs = _items(_read(W3LeafMatcher, w3_bytes, w3_info, format_))
    ours = _items(_read(BlockMatcher, our_bytes, our_info, format_))
    assert ours == theirs
    assert (our_info.doc_frequency(), our_info.max_weight(), our_info.min_id(), our_info.max_id()) == (
        w3_info.doc_frequency(), w3_info.max_weight(), w3_info.min_id(), w3_info.max_id())

    arrays = _read(BlockMatcher, our_bytes, our_info, format_).all_arrays(kind == "positions")
    assert arrays is not None
    got_ids, got_weights, got_positions = arrays
    assert got_ids.tolist() == ids
    assert got_weights.tolist() == [float(np.float32(w)) for w in weights]
    if kind == "positions":
        pick = np.arange(0, len(ids), 3)
        span = 7 * 70_000 + 1
        keys = got_positions.chosen(pick).keys(span)
        assert keys.tolist() == [i * span + p for i, at in enumerate(pick.tolist()) for p in positions[at]]


@settings(max_examples=40, deadline=None)
@given(posting_lists(), st.lists(st.integers(0, 2**32), min_size=1, max_size=20))
def test_skipping_lands_where_whooshs_matcher_lands(data: Any, targets: list[int]) -> None:
    ids, weights, positions = data
    postings = [(d, w, POSITIONS.encode(p)) for d, w, p in zip(ids, weights, positions, strict=True)]
    w3_bytes, w3_info = _write(W3PostingsWriter, POSITIONS, postings)
    our_bytes, our_info = _write(BlockPostingsWriter, POSITIONS, postings, blocklimit=512)
    theirs = _read(W3LeafMatcher, w3_bytes, w3_info, POSITIONS)
    ours = _read(BlockMatcher, our_bytes, our_info, POSITIONS)
    for target in sorted(targets):
        if not theirs.is_active():
            break
        theirs.skip_to(target)
        ours.skip_to(target)
        assert ours.is_active() == theirs.is_active()
        if theirs.is_active():
            assert (ours.id(), ours.value()) == (theirs.id(), theirs.value())


WORDS = ["harbour", "ferry", "strike", "council", "museum", "flood", "court", "archive", "storm", "vote"]


def _docs(count: int, start: int = 0) -> list[IndexDoc]:
    docs = []
    for i in range(start, start + count):
        body = " ".join(WORDS[(i * k + k // 2) % len(WORDS)] for k in range(3 + i % 40))
        docs.append(IndexDoc(i, "v1", title=f"{WORDS[i % 10]} report {i}", body_text=body,
                             source=["Reuters", "AFP"][i % 2], tags=["news"] if i % 3 else []))
    return docs


def _index(path: Path, codec: Any, batches: list[list[IndexDoc]], monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "_writer", lambda self, **o: self._ix.writer(codec=codec, **o))
        ix = SearchIndex(path)
        assert ix.try_acquire_writer()
        for batch in batches:
            ix.apply(batch)
    return ix


def test_an_index_in_either_format_holds_the_same_postings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    batches = [_docs(300), _docs(40, 300)]
    old = _index(tmp_path / "w3", W3Codec(), batches, monkeypatch)
    new = _index(tmp_path / "block", BlockCodec(), batches, monkeypatch)
    try:
        old_reader, new_reader = old._ix.reader(), new._ix.reader()
        assert sorted(old_reader.all_terms()) == sorted(new_reader.all_terms())
        for fieldname, text in old_reader.all_terms():
            pair = (old_reader.postings(fieldname, text), new_reader.postings(fieldname, text))
            assert _items(pair[1]) == _items(pair[0]), (fieldname, text)
        for text in ("harbour", '"harbour ferry"', "title:report", "har*", "tag:news -flood"):
            got, expected = new.search(text, limit=50), old.search(text, limit=50)
            assert got.total == expected.total and [h.id for h in got.hits] == [h.id for h in expected.hits], text
    finally:
        old.close()
        new.close()


def test_old_segments_stay_readable_and_convert_when_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "index"
    _index(path, W3Codec(), [_docs(200)], monkeypatch).close()
    ix = SearchIndex(path)  # an archive indexed before this codec: new commits write array blocks
    try:
        assert ix.try_acquire_writer()
        ix.apply(_docs(50, 200))
        kinds = {type(s.codec()).__name__ for s in ix._ix._segments()}
        assert kinds == {"W3Codec", "BlockCodec"}
        mixed = ix.search('"harbour ferry" OR museum', limit=500)
        ix.optimize()
        assert {type(s.codec()).__name__ for s in ix._ix._segments()} == {"BlockCodec"}
        merged = ix.search('"harbour ferry" OR museum', limit=500)
        assert merged.total == mixed.total > 0
        assert {h.id for h in merged.hits} == {h.id for h in mixed.hits}
        # Whoosh re-totals field lengths from their one-byte form when it merges, so scores move a little
        scores = {h.id: h.score for h in mixed.hits}
        assert all(h.score == pytest.approx(scores[h.id], rel=0.01) for h in merged.hits)
    finally:
        ix.close()


def test_positions_out_of_order_are_kept_as_written() -> None:
    """Negative deltas cannot be packed as unsigned arrays: such a block keeps Whoosh's value bytes."""
    values = [POSITIONS.encode([5, 2]), POSITIONS.encode([1]), POSITIONS.encode([3, 3, 2**33])]
    postings = [(docnum, 1.0, value) for docnum, value in zip((3, 9, 40), values, strict=True)]
    data, info = _write(BlockPostingsWriter, POSITIONS, postings)
    assert [v for _, _, v in _items(_read(BlockMatcher, data, info, POSITIONS))] == values
    assert _read(BlockMatcher, data, info, POSITIONS).all_arrays(True) is None  # read through Whoosh then
    arrays = _read(BlockMatcher, data, info, POSITIONS).all_arrays(False)
    assert arrays is not None and arrays[0].tolist() == [3, 9, 40]
    from app.search.engine.ranking import _whoosh_postings

    ids, _, read_values = _whoosh_postings(_read(BlockMatcher, data, info, POSITIONS), True)
    assert ids.tolist() == [3, 9, 40] and read_values == values
