"""How a mapped segment is read from disk when it is not in the page cache.

A search touches a segment in a few small places: a term's entry in the term table, its posting list, the
stored fields of the page of hits. With the kernel's default advice each page fault on a map reads the
device's whole read-ahead window around it: 8 MB on the machines we measured (``read_ahead_kb``), so a
first search of 'harbour' at 100,000 articles read 120 MB of index for about 2 MB it used. Searching maps
are advised random access instead (a fault reads its page), and every long read through them
(``MappedBufferFile.get``: a posting list, a length column) first asks for its exact range at once, as
does a matcher about to read a posting list block by block (a phrase's words).

A merge reads whole segments in order: its maps go back to the default advice (``read_in_order``).
"""

from __future__ import annotations

import mmap
from typing import Any

#: A read at least this long asks the kernel for its whole range first; a shorter one faults its few pages.
PREFETCH_BYTES = 16 * 1024

_CAN_ADVISE = hasattr(mmap.mmap, "madvise") and hasattr(mmap, "MADV_RANDOM") and hasattr(mmap, "MADV_WILLNEED")


def advise(source: Any, option: int, start: int = 0, length: int = 0) -> None:
    """``madvise`` on ``source`` (a map) from ``start`` for ``length`` bytes (0: to the end), page-aligned;
    a no-op where the platform has no advice or the map is closed (advice never changes what is read)."""
    if not _CAN_ADVISE or not isinstance(source, mmap.mmap):
        return
    try:
        aligned = start - start % mmap.PAGESIZE
        if length:
            size = len(source)
            source.madvise(option, aligned, min(size, start + length) - aligned)
        else:
            source.madvise(option, aligned)
    except (OSError, ValueError):  # closed, or a kernel that refuses this advice
        pass


def advise_random(source: Any) -> None:
    """A searching map: a page fault reads its page, not the read-ahead window around it."""
    if _CAN_ADVISE:
        advise(source, mmap.MADV_RANDOM)


def will_need(source: Any, start: int, length: int) -> None:
    """Ask for ``length`` bytes of ``source`` from ``start`` in one go (read ahead, asynchronously)."""
    if _CAN_ADVISE and length >= PREFETCH_BYTES:
        advise(source, mmap.MADV_WILLNEED, start, length)


def read_in_order(reader: Any) -> None:
    """A segment reader about to be read from start to end (a merge): its map back to the default advice."""
    storage = getattr(reader, "_storage", None)
    compound = getattr(storage, "a", storage)  # a compound segment's files, under Whoosh's overlay
    source = getattr(compound, "_source", None)
    if _CAN_ADVISE and source is not None:
        advise(source, mmap.MADV_NORMAL)
