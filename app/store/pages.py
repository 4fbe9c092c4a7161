"""Read rows straight from the pages of a damaged SQLite file (the salvage behind ``cuttings recover``).

SQLite finds a row through the b-tree of its table; one damaged interior page hides every row below it, though
the leaf pages that hold them are intact. This reads the file format itself (https://sqlite.org/fileformat.html):
each table's b-tree is walked from its root as far as it is sound, and the table leaf pages no sound path reaches
(nor the freelist: deleted rows stay deleted) are returned apart, for the caller to place by their shape.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

TABLE_LEAF, TABLE_INTERIOR, INDEX_LEAF, INDEX_INTERIOR = 0x0D, 0x05, 0x0A, 0x02
DEFAULT_PAGE_SIZE = 4096  # SQLite's default, which Cuttings never changes
Row = tuple[int, list[Any]]  # (rowid, values); a WITHOUT ROWID table's rows have rowid 0


class PageError(ValueError):
    """A page that is not what the format says it must be."""


@dataclass
class Salvage:
    rows: dict[str, list[Row]] = field(default_factory=dict)  # table -> rows found from its root
    orphans: list[Row] = field(default_factory=list)  # rows of table leaves no sound path reaches


class PageFile:
    """A SQLite database file (its bytes, or a memory map of it), read page by page."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        """A damaged file header is read as the one Cuttings writes (4096-byte pages, UTF-8, nothing reserved)."""
        if len(data) < 512:
            raise PageError("too short to be an SQLite database")
        self.data = data
        size = struct.unpack(">H", data[16:18])[0]
        self.page_size = 65536 if size == 1 else size
        sound = data[0:16] == b"SQLite format 3\x00" and self.page_size >= 512 and not self.page_size & (self.page_size - 1)
        if not sound:
            self.page_size = DEFAULT_PAGE_SIZE
        self.usable = self.page_size - (data[20] if sound and data[20] < 64 else 0)
        self.page_count = len(data) // self.page_size
        if sound and data[56:60] not in (b"\x00\x00\x00\x00", b"\x00\x00\x00\x01"):
            raise PageError("the text encoding is not UTF-8")

    def page(self, number: int) -> bytes:
        if not 1 <= number <= self.page_count:
            raise PageError(f"page {number} is outside the file")
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    # ----- b-trees ------------------------------------------------------------------------

    def walk(self, root: int, seen: set[int]) -> Iterator[Row]:
        """The rows of the b-tree at ``root``, as far as its pages are sound; reached pages go into ``seen``."""
        stack = [root]
        while stack:
            number = stack.pop()
            if number in seen:
                continue
            try:
                kind, cells, right = self._cells(number)
            except PageError:
                continue
            seen.add(number)
            if kind in (TABLE_INTERIOR, INDEX_INTERIOR):
                children = [struct.unpack(">I", self.page(number)[c : c + 4])[0] for c in cells]
                stack.extend(reversed([*children, right]))
            if kind in (TABLE_LEAF, INDEX_LEAF, INDEX_INTERIOR):
                page = self.page(number)
                for offset in cells:
                    row = self._row(kind, page, offset)
                    if row is not None:
                        yield row

    def leaf_rows(self, number: int) -> list[Row]:
        """The rows of a table leaf page (an orphan), or [] if it is not one or is unsound."""
        try:
            kind, cells, _ = self._cells(number)
        except PageError:
            return []
        if kind != TABLE_LEAF:
            return []
        page = self.page(number)
        return [row for offset in cells if (row := self._row(kind, page, offset)) is not None]

    def freelist(self) -> set[int]:
        """Pages on the freelist (their old rows were deleted), as far as the list is sound."""
        free: set[int] = set()
        trunk = struct.unpack(">I", self.data[32:36])[0]
        while trunk and trunk not in free and trunk <= self.page_count:
            free.add(trunk)
            page = self.page(trunk)
            count = min(struct.unpack(">I", page[4:8])[0], (self.usable - 8) // 4)
            free.update(struct.unpack(f">{count}I", page[8 : 8 + 4 * count]))
            trunk = struct.unpack(">I", page[0:4])[0]
        return free

    def _cells(self, number: int) -> tuple[int, list[int], int]:
        page = self.page(number)
        head = 100 if number == 1 else 0
        kind = page[head]
        if kind not in (TABLE_LEAF, TABLE_INTERIOR, INDEX_LEAF, INDEX_INTERIOR):
            raise PageError(f"page {number} is of no b-tree kind ({kind})")
        count = struct.unpack(">H", page[head + 3 : head + 5])[0]
        interior = kind in (TABLE_INTERIOR, INDEX_INTERIOR)
        pointers = head + (12 if interior else 8)
        if pointers + 2 * count > self.usable:
            raise PageError(f"page {number} claims {count} cells")
        cells = list(struct.unpack(f">{count}H", page[pointers : pointers + 2 * count]))
        if any(not pointers + 2 * count <= c < self.usable for c in cells):
            raise PageError(f"page {number} points outside itself")
        right = struct.unpack(">I", page[head + 8 : head + 12])[0] if interior else 0
        return kind, cells, right

    def _row(self, kind: int, page: bytes, offset: int) -> Row | None:
        try:
            pos = offset + (4 if kind == INDEX_INTERIOR else 0)
            size, pos = _varint(page, pos)
            rowid = 0
            if kind == TABLE_LEAF:
                rowid, pos = _varint(page, pos)
            payload = self._payload(page, pos, size, table=kind == TABLE_LEAF)
            return rowid, _record(payload)
        except (PageError, IndexError, struct.error, UnicodeDecodeError, ValueError):
            return None

    def _payload(self, page: bytes, pos: int, size: int, *, table: bool) -> bytes:
        u = self.usable
        most = u - 35 if table else ((u - 12) * 64 // 255) - 23
        if size <= most:
            return page[pos : pos + size]
        least = ((u - 12) * 32 // 255) - 23
        local = least + (size - least) % (u - 4)
        if local > most:
            local = least
        parts = [page[pos : pos + local]]
        got, nxt = local, struct.unpack(">I", page[pos + local : pos + local + 4])[0]
        hops = 0
        while got < size:
            hops += 1
            if not nxt or hops > self.page_count:
                raise PageError("an overflow chain ends early")
            over = self.page(nxt)
            take = min(size - got, u - 4)
            parts.append(over[4 : 4 + take])
            got += take
            nxt = struct.unpack(">I", over[0:4])[0]
        return b"".join(parts)


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = buf[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise PageError("bad varint")  # pragma: no cover - the loop always returns


def _record(payload: bytes) -> list[Any]:
    header, pos = _varint(payload, 0)
    if not 0 < header <= len(payload):
        raise PageError("bad record header")
    types = []
    while pos < header:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    values: list[Any] = []
    pos = header
    for serial in types:
        if serial in (0, 8, 9):
            values.append(None if serial == 0 else serial - 8)
            continue
        if serial in (10, 11):
            raise PageError("reserved serial type")
        width = (1, 2, 3, 4, 6, 8, 8)[serial - 1] if serial < 8 else (serial - 12 - serial % 2) // 2
        chunk = payload[pos : pos + width]
        if len(chunk) != width:
            raise PageError("a record runs past its payload")
        pos += width
        if serial == 7:
            values.append(struct.unpack(">d", chunk)[0])
        elif serial < 7:
            values.append(int.from_bytes(chunk, "big", signed=True))
        elif serial % 2:
            values.append(chunk.decode("utf-8"))
        else:
            values.append(bytes(chunk))
    return values


def schema_roots(data: bytes | mmap.mmap) -> dict[str, int]:
    """Table name -> root page, from the file's own schema table (page 1); {} where that is unreadable."""
    try:
        rows = list(PageFile(data).walk(1, set()))
    except PageError:
        return {}
    return {v[1]: v[3] for _, v in rows if len(v) == 5 and v[0] == "table" and isinstance(v[3], int) and v[3] > 1}


def salvage(data: bytes | mmap.mmap, roots: dict[str, int]) -> Salvage:
    """Every row reachable from each table's root (``roots``: name -> root page), and the rows of table leaf pages
    nothing reaches that are not on the freelist."""
    pf = PageFile(data)
    found = Salvage()
    seen: set[int] = set()
    for _ in pf.walk(1, seen):  # the schema table's own pages are not rows to place
        pass
    for name, root in roots.items():
        found.rows[name] = list(pf.walk(root, seen))
    try:
        free = pf.freelist()
    except (PageError, struct.error):
        free = set()
    for number in range(1, pf.page_count + 1):
        if number in seen or number in free:
            continue
        found.orphans.extend(pf.leaf_rows(number))
    return found
