"""A search reads from disk only what it uses of a segment that is not in the page cache, and a merge reads
its segments in order (``app/search/engine/readahead.py``). Linux: the kernel's own page-cache residency and
``/proc/self/smaps`` tell."""

from __future__ import annotations

import ctypes
import os
import random
import re
import sys
from pathlib import Path

import pytest

from app.search.documents import IndexDoc
from app.search.engine.readahead import read_in_order
from app.search.engine.storage import index_storage, segments
from app.search.index import SearchIndex

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="page-cache residency is read on Linux")

WORDS = [f"{a}{b}{c}" for a in ("har", "fer", "cou", "min", "riv", "sto", "pol", "lib") for b in "aeiou"
         for c in ("n", "st", "ld", "mber", "rk", "te")]


def _index(folder: Path, count: int = 1000) -> SearchIndex:
    rnd = random.Random(7)
    ix = SearchIndex(folder)
    assert ix.try_acquire_writer()
    docs = [IndexDoc(i, "v1", title=" ".join(rnd.choices(WORDS, k=8)),
                     body_text=" ".join(rnd.choices(WORDS, k=600)) + (" zanzibarite" if i == 321 else ""))
            for i in range(1, count + 1)]
    ix.apply(docs, merge=True)
    return ix


def _segment_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.seg"))
    assert files, "the index has no compound segment"
    return files


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    return libc


def resident_bytes(path: Path) -> int:
    """How much of ``path`` is in the page cache now (mincore over a fresh map, which reads nothing)."""
    libc, page = _libc(), os.sysconf("SC_PAGE_SIZE")
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        addr = libc.mmap(None, size, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
        assert addr not in (None, ctypes.c_void_p(-1).value)
        try:
            pages = (size + page - 1) // page
            vec = (ctypes.c_ubyte * pages)()
            assert libc.mincore(addr, size, vec) == 0
            return sum(v & 1 for v in vec) * page
        finally:
            libc.munmap(addr, size)
    finally:
        os.close(fd)


def evict(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def map_flags(path: Path) -> list[set[str]]:
    """The ``VmFlags`` of every map of ``path`` in this process (``rr``: random-read advice)."""
    flags, current = [], False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):  # a map's first line: its addresses ... its file
            current = line.rstrip().endswith(str(path))
        elif current and line.startswith("VmFlags:"):
            flags.append(set(line.split()[1:]))
    return flags


def test_a_cold_search_reads_only_what_it_uses(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    _index(folder).close()
    segs = _segment_files(folder)
    size = sum(seg.stat().st_size for seg in segs)
    for seg in segs:
        evict(seg)
    if sum(map(resident_bytes, segs)) > size // 10:
        pytest.skip("this file system keeps the segments in memory (tmpfs?)")
    ix = SearchIndex(folder, readonly=True)
    try:
        result = ix.search("zanzibarite")
        assert [h.id for h in result.hits] == [321]
        read = sum(map(resident_bytes, segs))
    finally:
        ix.close()
    # Each segment's term entry, posting list, length bytes and (in one) a stored document: a few pages, 5-7%
    # of 2.3 MB here. With the kernel's default read-around (128 KB to 8 MB a fault) it read all of them.
    assert size > 1_500_000
    assert read < size * 0.25, f"a search of one rare word read {read:,} bytes of {size:,} in segments"


def test_searching_maps_are_random_access_and_a_merge_reads_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ix = _index(folder, count=60)
    try:
        assert ix.search("zanzibarite").total == 0 and ix.search(WORDS[0]).total > 0
        seg = _segment_files(folder)[0]
        searching = map_flags(seg)
        if not searching:
            pytest.skip("no /proc/self/smaps here")
        assert all("rr" in f for f in searching)
    finally:
        ix.close()

    from whoosh.reading import SegmentReader

    storage = index_storage(str(folder))
    index = storage.open_index("MAIN")
    segment = segments(index)[0]
    seg = folder / segment.make_filename(".seg")
    reader = SegmentReader(storage, index.schema, segment)
    try:
        assert map_flags(seg) and all("rr" in f for f in map_flags(seg))  # opened as a searcher would
        read_in_order(reader)
        assert map_flags(seg) and not any("rr" in f for f in map_flags(seg))
    finally:
        reader.close()
