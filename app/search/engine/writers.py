"""Whoosh writers with our codec and merges (imported when an index is written: a search needs none)."""

from __future__ import annotations

from typing import Any

from whoosh.writing import CLEAR, NO_MERGE

from app.search.engine.codec import BlockCodec
from app.search.engine.segment_merge import CopyMergeWriter

__all__ = ["CLEAR", "NO_MERGE", "new_writer"]


def new_writer(ix: Any, procs: int = 1, **options: Any) -> Any:
    """A Whoosh writer that writes segments with array posting blocks (see ``codec``) and merges segments
    by copying those blocks (see ``segment_merge``); with ``procs`` > 1, worker processes write a segment
    each (see ``parallel_writer``)."""
    if procs > 1:
        from app.search.engine.parallel_writer import BlockMpWriter  # loads multiprocessing: writers only

        return BlockMpWriter(ix, procs=procs, codec=BlockCodec(), **options)
    return CopyMergeWriter(ix, codec=BlockCodec(), **options)
