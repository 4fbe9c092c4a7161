"""Index storage: Whoosh's file storage with memory-mapped segments that are not copied.

whoosh 2.7 maps a segment file and hands out ``BufferFile`` objects over it, but ``BufferFile`` wraps its
memoryview in a ``BytesIO``, which copies it: at 100,000 articles that was 1.9 GB of private memory after
one search. Without mmap every read is a seek and a read call: a term lookup (a binary search in the term
table) costs dozens of them, and a search looks up each word in every field of every segment. Here the
buffer files read straight from the map: no copy, and the pages stay shared, reclaimable page cache.
"""

from __future__ import annotations

import functools
import mmap
import tempfile
from collections.abc import Sequence
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.filedb import compound, structfile
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length

from app.search.engine.readahead import advise_random, will_need

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
    """``BufferFile`` reading from the mapped segment itself instead of a ``BytesIO`` copy of it; a long
    read asks the kernel for its whole range first (``readahead``)."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = MemoryFile(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self._source: Any = None  # the map this file lies in, and where (set by ``_open_file``)
        self._base = 0

    def subset(self, position: int, length: int, name: str | None = None) -> MappedBufferFile:
        part = MappedBufferFile(self._buf[position : position + length], name=name or self._name)
        part.place(self._source, self._base + position)
        return part

    def place(self, source: Any, base: int) -> None:
        """Where this file lies: in the map ``source``, from byte ``base``."""
        self._source, self._base = source, base

    def prefetch(self, position: int, length: int) -> None:
        """Ask for ``length`` bytes from ``position`` at once, if that is long enough to be worth it."""
        if self._source is not None:
            will_need(self._source, self._base + position, length)

    def get(self, position: int, length: int) -> bytes:
        self.prefetch(position, length)
        return bytes(self._buf[position : position + length])


_whoosh_open_file = compound.CompoundStorage.open_file


def _open_file(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """``CompoundStorage.open_file``, with the map advised for searching and the file told where it lies."""
    f = _whoosh_open_file(self, name, *args, **kwargs)
    source = getattr(self, "_source", None)
    if isinstance(f, MappedBufferFile) and source is not None:
        if self.__dict__.get("_cuttings_advised") is not source:
            advise_random(source)
            self._cuttings_advised = source
        f.place(source, self.range(name)[0])
    return f


_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
_whoosh_doc_field_length = W3PerDocReader.doc_field_length
NO_COLUMN = object()  # the field has no length column: Whoosh answers the default
OTHER_COLUMN = object()  # a column class we do not know: Whoosh answers


def length_bytes(perdoc: Any, fieldname: str) -> Any:
    """A segment's encoded field lengths, one byte a document, read once per per-document reader: the
    bytes, or ``NO_COLUMN`` (the field has no lengths) or ``OTHER_COLUMN`` (a column not read raw here)."""
    cache = perdoc.__dict__.setdefault("_cuttings_lengths", {})
    lengths = cache.get(fieldname)
    if lengths is None:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            lengths = NO_COLUMN
        elif all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count")):
            lengths = column._dbfile.get(column._basepos, column._count)
        else:
            lengths = OTHER_COLUMN
        cache[fieldname] = lengths
    return lengths


def _doc_field_length(self: Any, docnum: int, fieldname: str, default: Any = 0) -> Any:
    """``W3PerDocReader.doc_field_length`` from the whole length column (``length_bytes``).

    Whoosh reads the column from the file for every call; writing a segment calls it for every posting
    (380,000 calls, 13% of indexing time, for 1,000 articles). Same values, same ``None`` for zero.
    """
    lengths = length_bytes(self, fieldname)
    if lengths is NO_COLUMN:
        return default
    if lengths is OTHER_COLUMN:
        return _whoosh_doc_field_length(self, docnum, fieldname, default)
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    lbyte = lengths[docnum] if docnum < len(lengths) else 0
    return _LENGTH_OF_BYTE[lbyte] if lbyte else None


def field_lengths(perdoc: Any, fieldname: str, docnums: Sequence[int]) -> list[Any]:
    """``doc_field_length`` of each of ``docnums`` (a term's postings being written), in one pass."""
    lengths = length_bytes(perdoc, fieldname)
    if lengths is NO_COLUMN:
        return [0] * len(docnums)
    if lengths is OTHER_COLUMN or (docnums and docnums[-1] >= len(lengths)):
        return [perdoc.doc_field_length(d, fieldname) for d in docnums]
    table = _LENGTH_OF_BYTE
    return [table[lengths[d]] for d in docnums]


def install_fixes() -> None:
    """Put the reading fixes above in place (idempotent; they change no results)."""
    compound.BufferFile = MappedBufferFile  # the name CompoundStorage.open_file uses for mapped segments
    compound.CompoundStorage.open_file = _open_file
    W3PerDocReader.doc_field_length = _doc_field_length


def index_storage(folder: str) -> FileStorage:
    """The storage for an index folder: segments memory-mapped and read without copies where the folder's
    file system can map files (else read with seek and read, as Whoosh does without mmap)."""
    install_fixes()
    return FileStorage(folder, supports_mmap=can_map(folder))


@functools.lru_cache(maxsize=16)
def can_map(folder: str) -> bool:
    """Whether files in ``folder`` can be memory-mapped: Whoosh fails to open a segment where mmap fails for
    any reason but lack of memory (some network and FUSE file systems), and a read-only folder is safer unmapped."""
    try:
        with tempfile.TemporaryFile(dir=folder) as f:
            f.write(b"\0" * 64)
            f.flush()
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            mapped.close()
        return True
    except (OSError, ValueError):
        return False


def segments(ix: Any) -> list[Any]:
    """The segments of the index's latest generation."""
    return list(ix._segments())


def check_segments(ix: Any) -> None:
    """Open each segment's table of files (what a searcher reads first): a truncated or missing segment file
    raises here, when the archive opens, and the index is then treated as lost and rebuilt."""
    for segment in segments(ix):
        if segment.is_compound():
            segment.open_compound_file(ix.storage).close()
        else:
            for name in segment.list_files(ix.storage):
                ix.storage.file_length(name)
