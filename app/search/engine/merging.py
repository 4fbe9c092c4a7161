"""When to merge index segments: tiers of similar size, and never the big ones.

Whoosh's ``MERGE_SMALL`` (whoosh-reloaded 2.7.5) merges every segment below a Fibonacci point: on a
100,000-article index made of 4,000-document rebuild segments, one clip triggered a merge of 84,000
documents (15 minutes, 3.7 GB). Here segments are grouped by the number of digits of their size; a group
is merged when it has ``TIER_WIDTH`` members (or two, when idle), and segments of ``MAX_MERGE_DOCS`` or
more are left alone by commits; when idle, groups of them are merged too (``IDLE_BIG_MERGE_DOCS``).
Each document is rewritten about once per tier, so merging stays cheap as the index grows; segments are
merged by copying their posting blocks (``segment_merge``), about 0.5 ms a document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from whoosh.reading import SegmentReader

from app.search.engine.readahead import read_in_order

TIER_WIDTH = 10
MAX_MERGE_DOCS = 1000  # merged groups stay below about 10,000 documents (about 5 s of merging)
IDLE_MAX_DOCS = 100  # when idle, tidy up only the smallest segments
# When idle, and nothing smaller is to merge, big segments (an import's, a rebuild's batches) below this
# size are merged, smallest first, in groups of at least IDLE_BIG_WIDTH and at most this many documents
# (about 25 s of copying blocks; new work cancels it): a 100,000-article import ends in a few segments.
IDLE_BIG_MERGE_DOCS = 50_000
IDLE_BIG_WIDTH = 4


def merge_plan(segments: Sequence[Any], *, idle: bool = False) -> list[Any]:
    """The segments to merge into one now (empty: nothing worth merging)."""
    tiers: dict[int, list[Any]] = defaultdict(list)
    for seg in segments:
        count = seg.doc_count_all()
        if count < MAX_MERGE_DOCS:
            tiers[len(str(count))].append(seg)
    chosen: list[Any] = []
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) >= TIER_WIDTH or (idle and len(group) >= 2 and 10 ** (tier - 1) < IDLE_MAX_DOCS):
            chosen.extend(group)
    if len(chosen) > 1:
        return chosen
    return _big_group(segments) if idle else []


def _big_group(segments: Sequence[Any]) -> list[Any]:
    """The smallest big segments that together stay within ``IDLE_BIG_MERGE_DOCS``, if enough of them."""
    big = sorted((s for s in segments if MAX_MERGE_DOCS <= s.doc_count_all() < IDLE_BIG_MERGE_DOCS),
                 key=lambda s: s.doc_count_all())
    group: list[Any] = []
    total = 0
    for seg in big:
        if total + seg.doc_count_all() > IDLE_BIG_MERGE_DOCS:
            break
        group.append(seg)
        total += seg.doc_count_all()
    return group if len(group) >= IDLE_BIG_WIDTH else []


def tiered_merge(writer: Any, segments: Sequence[Any], *, idle: bool = False) -> list[Any]:
    """A Whoosh merge policy (``commit(mergetype=...)``): merge :func:`merge_plan`'s segments."""
    chosen = merge_plan(segments, idle=idle)
    if not chosen:
        return list(segments)
    ids = {id(s) for s in chosen}
    add_segments(writer, chosen)
    return [s for s in segments if id(s) not in ids]


def merge_all(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh merge policy: every segment merged into the writer's (Whoosh's ``OPTIMIZE``, reading in order)."""
    add_segments(writer, segments)
    return []


def add_segments(writer: Any, segments: Sequence[Any]) -> None:
    """Add every document of ``segments`` to ``writer``, each segment read in order and closed after."""
    for seg in segments:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        read_in_order(reader)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
