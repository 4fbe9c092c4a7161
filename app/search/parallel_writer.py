"""Whoosh's multi-process writer with our segment writer in each worker process.

``MpWriter`` farms documents out to worker processes, each writing a segment of its own
(``multisegment=True``), but every worker builds a plain ``SegmentWriter``: Whoosh's sorting pool and a call
per posting. Ours build a :class:`~app.search.segment_merge.CopyMergeWriter`, which pools postings by term
and writes them a list at a time (writing a segment took about a fifth less time).
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

from app.lifeline import die_with_parent
from app.search.segment_merge import CopyMergeWriter


class _BlockSubWriterTask(SubWriterTask):
    """A worker process: Whoosh's ``SubWriterTask.run`` for ``multisegment`` writers, with our writer."""

    parent_pid = 0  # set by the parent before the process starts

    def run(self) -> None:
        die_with_parent(self.parent_pid)  # never outlive a parent killed with kill -9
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = CopyMergeWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class BlockMpWriter(MpWriter):
    """``MpWriter`` whose worker processes write their segments with ``CopyMergeWriter``; only with
    ``multisegment=True`` (each worker's segment joins the index as it is, nothing is re-merged)."""

    def __init__(self, ix: Any, procs: int, **kwargs: Any) -> None:
        if not kwargs.get("multisegment"):
            raise ValueError("BlockMpWriter writes one segment a worker: pass multisegment=True")
        super().__init__(ix, procs=procs, **kwargs)

    def _new_task(self) -> SubWriterTask:
        task = _BlockSubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                                   self.multisegment)
        task.parent_pid = os.getpid()
        self.tasks.append(task)
        task.start()
        return task
