"""How many worker processes an index writer may start for a big rebuild, import or merge.

Whoosh's MpWriter writes one segment per process and batch: on 2 cores a rebuild is 1.8x faster. A GUI
process calls :func:`single_process` at start: it must not fork while Qt's threads run. This module is
light on purpose, so that the GUI can say so before it loads the search index (NumPy, Whoosh).
"""

from __future__ import annotations

import os

_single = False


def single_process() -> None:
    """From now on, every index writer of this process works in this process."""
    global _single
    _single = True


def writer_procs() -> int:
    """Worker processes for a new index's big writes: up to 2 (one per core), 1 after ``single_process``."""
    return 1 if _single else min(2, os.cpu_count() or 1)
