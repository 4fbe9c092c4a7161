"""Index storage: Whoosh's file storage with memory-mapped segments that are not copied.

whoosh 2.7 maps a segment file and hands out ``BufferFile`` objects over it, but ``BufferFile`` wraps its
memoryview in a ``BytesIO``, which copies it: at 100,000 articles that was 1.9 GB of private memory after
one search. Without mmap every read is a seek and a read call: a term lookup (a binary search in the term
table) costs dozens of them, and a search looks up each word in every field of every segment. Here the
buffer files read straight from the map: no copy, and the pages stay shared, reclaimable page cache.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound, structfile
from whoosh.filedb.filestore import FileStorage

_NEWLINE = b"\n"


class MemoryFile:
    """A read-only file over a memoryview, without copying it (what ``StructFile`` and pickle need)."""

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0
        self._size = len(buf)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(self._size, start + size)
        self._pos = max(start, end)
        return bytes(self._buf[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        start = self._pos
        limit = self._size if size is None or size < 0 else min(self._size, start + size)
        end = start
        step = 64
        while end < limit:
            chunk = bytes(self._buf[end : min(limit, end + step)])
            found = chunk.find(_NEWLINE)
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
            step *= 2
        self._pos = end
        return bytes(self._buf[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def write(self, data: Any) -> int:
        raise OSError("index segment files are read-only")

    def truncate(self, size: int | None = None) -> int:
        raise OSError("index segment files are read-only")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._buf = memoryview(b"")


class MappedBufferFile(structfile.BufferFile):
    """``BufferFile`` reading from the mapped segment itself instead of a ``BytesIO`` copy of it."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = MemoryFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedBufferFile:
        return MappedBufferFile(self._buf[position : position + length], name=name or self._name)


def index_storage(folder: str) -> FileStorage:
    """The storage for an index folder: segments memory-mapped, read without copies."""
    compound.BufferFile = MappedBufferFile  # the name CompoundStorage.open_file uses for mapped segments
    return FileStorage(folder, supports_mmap=True)
