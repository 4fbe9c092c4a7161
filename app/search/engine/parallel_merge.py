"""Merging all segments with both cores: each worker process merges a share of them into one segment.

``optimize`` copies posting blocks in one process (``segment_merge``); at the end of a 100,000-article
rebuild that was the last 40-50 s, on one core. Here the segments are dealt into groups of about equal
size, a worker process merges each group into one segment, and one commit replaces the old segments with
the new ones: an index of ``procs`` segments (two on this kind of machine), which answers queries about as
fast as one. A failed or cancelled merge commits nothing: the index stays as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Sequence
from typing import Any

from app.errors import Cancelled, CuttingsError
from app.jobs import CancelCheck, never_cancelled
from app.lifeline import die_with_parent
from app.search.engine.codec import BlockCodec
from app.search.engine.merging import add_segments
from app.search.engine.segment_merge import CopyMergeWriter

POLL_S = 0.2  # how often the waiting process looks at the cancel check


def deal(segments: Sequence[Any], groups: int) -> list[list[Any]]:
    """``segments`` in ``groups`` of about equal document counts (largest first, each to the lightest group);
    empty groups left out."""
    dealt: list[list[Any]] = [[] for _ in range(max(1, groups))]
    sizes = [0] * len(dealt)
    for seg in sorted(segments, key=lambda s: s.doc_count_all(), reverse=True):
        lightest = sizes.index(min(sizes))
        dealt[lightest].append(seg)
        sizes[lightest] += seg.doc_count_all()
    return [group for group in dealt if group]


def merge_in_processes(writer: Any, segments: Sequence[Any], *, procs: int,
                       cancelled: CancelCheck = never_cancelled) -> list[Any]:
    """A Whoosh merge function (``commit(mergetype=...)``): every segment merged, ``procs`` at a time in
    worker processes; returns the merged segments (a group of one segment is kept as it is)."""
    groups = deal(segments, procs)
    kept = [group[0] for group in groups if len(group) == 1]
    work = [group for group in groups if len(group) > 1]
    if not work:
        return kept
    ctx = multiprocessing.get_context()
    results: Any = ctx.Queue()
    stop = ctx.Event()
    tasks = [ctx.Process(target=_merge_group, args=(writer.storage, writer.indexname, group, stop, results, os.getpid()),
                         daemon=True) for group in work]
    for task in tasks:
        task.start()
    merged: list[Any] = []
    try:
        while len(merged) < len(tasks):
            if cancelled():
                raise Cancelled("Merging the index was cancelled.")
            try:
                segment, error = results.get(timeout=POLL_S)
            except queue.Empty:
                if not any(task.is_alive() for task in tasks) and results.empty():
                    raise CuttingsError("A process merging the index stopped without a result; the index is unchanged. "
                                        "Run `cuttings reindex` if searches go wrong.") from None
                continue
            if error:
                raise CuttingsError(f"Merging the index failed in a worker process (the index is unchanged): {error}")
            merged.append(segment)
    except BaseException:
        stop.set()
        for task in tasks:
            task.join(timeout=10)
            if task.is_alive():
                task.terminate()
        raise
    for task in tasks:
        task.join()
    return kept + merged


def _merge_group(storage: Any, indexname: str, group: list[Any], stop: Any, results: Any, parent_pid: int) -> None:
    """In a worker process: merge ``group`` into one new segment and put ``(segment, "")`` on ``results``
    (``(None, error)`` if it failed). The writer takes no lock: the process that started it holds it."""
    # On failure the writer is left as it is, not cancelled: cancelling would delete the temporary folder
    # that every writer of the index shares. The waiting writer's commit or cancel removes that folder, and
    # Whoosh deletes the files of segments no table of contents names at the next commit.
    die_with_parent(parent_pid)  # never outlive a parent killed with kill -9
    try:
        ix = storage.open_index(indexname)
        writer = CopyMergeWriter(ix, cancelled=stop.is_set, _lk=False, codec=BlockCodec())
        add_segments(writer, group)
        results.put((writer._finalize_segment(), ""))
    except Cancelled:
        results.put((None, "cancelled"))
    except Exception as exc:
        results.put((None, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
