"""The posting lists of a new segment (an import's, a rebuild's), written a term at a time with little per term.

A new segment's terms come from the pool (``TermPool.terms``), most with a handful of postings: writing one
through ``BlockPostingsWriter.write_list`` and Whoosh's term table took about 50 µs, most of it small calls
(a float32 array for the weights, a type check per value, ``tell`` and three writes per table entry, an MD5
hex string turned into an int). At about 40,000 terms a 1,000-article segment, that was half of indexing.

Here a list of one block with positions (or no values) and whole-number weights, which is nearly every list,
is encoded in one function from plain lists, and the term table's entries are written in one call a field.
The bytes are exactly those ``write_list`` and ``OrderedHashWriter.add`` write (tests compare them); any other
list goes through ``write_list``.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import struct
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

from app.jobs import CancelCheck, check_cancel, never_cancelled
from app.search.engine.array_postings import writable, write_field
from app.search.engine.codec import (
    _ALL_ONE,
    _HEADER,
    _LENGTH,
    _NO_VALUES,
    _ONE_VALUE,
    _POSITIONS,
    _POSITIONS_HEAD,
    _SMALL_INTS,
    _TERM_INFO,
    BLOCK_LIMIT,
    MAGIC,
    BlockPostingsWriter,
    _is_positions,
    _packed,
)
from app.search.engine.inversion import Inverted
from app.search.engine.storage import field_lengths, length_bytes
from app.search.engine.term_pool import Postings, TermPool

_ENTRY = struct.Struct("!ii")  # a term table entry's key and value lengths (``filetables._lengths``)
_ONE_FLOAT = struct.Struct("<f")
_LENGTH_BYTE: dict[int | None, int] = {}  # length -> length byte, as ``length_to_byte`` gives


def write_new_terms(fieldwriter: Any, schema: Any, perdoc: Any, pool: TermPool,
                    cancelled: CancelCheck = never_cancelled) -> None:
    """Write every pooled term's posting list and term table entry (the pool's terms only: no segment is
    being merged in). ``perdoc`` gives the documents' field lengths. A free-text field's lists are written
    from its arrays (``array_postings``) where they allow it, any other field's term by term."""
    table = fieldwriter._tindex
    fast_table = type(table) is OrderedHashWriter and table.hashfn is md5_hash
    for fieldname in pool.field_names():
        check_cancel(cancelled)
        fieldwriter.start_field(fieldname, schema[fieldname])
        prefix = pack_ushort(fieldwriter._fieldid)
        postwriter, format_ = fieldwriter._postwriter, fieldwriter._fieldobj.format
        blocks = isinstance(postwriter, BlockPostingsWriter)
        inverted = pool.inverted(fieldname) if blocks and _is_positions(format_) else None
        lengths = length_bytes(perdoc, fieldname)
        if inverted is not None and writable(inverted, lengths):
            general = functools.partial(_write_term, postwriter, format_, perdoc, fieldname, inverted)
            entries = write_field(postwriter._postfile, inverted, lengths, prefix, general)
        else:
            simple = blocks and (format_.fixed_value_size() == 0 or _is_positions(format_))
            entries = _term_by_term(postwriter, format_, perdoc, fieldname, prefix, simple,
                                    pool.field_terms(fieldname, inverted), cancelled)
        _add_entries(table, entries, fast_table)
        fieldwriter.finish_field()


def _write_term(postwriter: Any, format_: Any, perdoc: Any, fieldname: str, inverted: Inverted, t: int) -> bytes:
    """Write term ``t`` of an inverted field through ``write_list``; its term info."""
    docnums, weights, values = inverted.term_postings(t)
    return postwriter.write_list(format_, docnums, weights, values,
                                 field_lengths(perdoc, fieldname, docnums))


def _term_by_term(postwriter: Any, format_: Any, perdoc: Any, fieldname: str, prefix: bytes, simple: bool,
                  terms: Iterable[tuple[bytes, Postings]], cancelled: CancelCheck) -> list[tuple[bytes, bytes]]:
    """Write a field's lists one by one: ``_one_block`` where it covers the list, else ``write_list``."""
    positions = _is_positions(format_)
    entries = []
    for count, (btext, (docnums, weights, values)) in enumerate(terms):
        if count % 8192 == 8191:
            check_cancel(cancelled)
        lengths = field_lengths(perdoc, fieldname, docnums)
        info = _one_block(postwriter._postfile, docnums, weights, values, lengths, positions) if simple else None
        if info is None:
            info = postwriter.write_list(format_, docnums, weights, values, lengths)
        entries.append((prefix + btext, info))
    return entries


def _one_block(postfile: Any, ids: list[int], weights: list[float], values: list[Any], lengths: Sequence[int | None],
               positions: bool) -> bytes | None:
    """Write a list of one block, as ``write_list`` would, and return its term info; None (nothing written)
    for a list this does not cover (more than a block, weights that are not small whole numbers, values that
    are not positions)."""
    count = len(ids)
    if not 0 < count <= BLOCK_LIMIT:
        return None
    # weights: whole numbers (a word's count, with no boosts) are exact in the float32s write_list keeps
    whole = list(map(int, weights))
    if whole != weights or min(whole) < 0 or max(whole) >= 0x10000:
        return None
    first = whole[0]
    if whole.count(first) == count:
        weight_code, weight_bytes = (_ALL_ONE, b"") if first == 1 else (_ONE_VALUE, _ONE_FLOAT.pack(first))
    else:
        code, weight_bytes = _packed(whole)
        weight_code = _SMALL_INTS + code
    if positions:
        value_code, value_bytes = _positions(values)
        if value_code < 0:
            return None
    else:
        value_code, value_bytes = _NO_VALUES, b""
    id_code, id_bytes = _packed(list(map(operator.sub, ids[1:], ids[:-1]))) if count > 1 else (0, b"")
    known = [n for n in lengths if n]
    low = _length_byte(min(known)) if known else 0
    high = _length_byte(max(known)) if known else 0
    maxweight = float(max(0, max(whole)))
    header = _HEADER.pack(count, ids[0], ids[-1], maxweight, low, high, id_code, weight_code, value_code, 0)
    body = b"".join((header, id_bytes, weight_bytes, value_bytes))
    start = postfile.tell()
    postfile.write(b"".join((MAGIC, _LENGTH.pack(-len(body)), body)))
    info = _TERM_INFO.pack(False, float(sum(whole)), count, low, high, maxweight, ids[0], ids[-1])
    return info + pack_long(start) + pack_int(len(MAGIC) + _LENGTH.size + len(body))


def _positions(values: list[Any]) -> tuple[int, bytes]:
    """The positions value code and bytes of ``values`` (an int for one position, else a list), as
    ``BlockPostingsWriter._encode_values`` writes them; (-1, b"") for values of another kind."""
    counts: list[int] = []
    gaps: list[int] = []
    for value in values:
        if type(value) is int:
            counts.append(1)
            gaps.append(value)
        elif type(value) is list and value:
            counts.append(len(value))
            gaps.append(value[0])
            gaps.extend(map(operator.sub, value[1:], value[:-1]))
        else:
            return -1, b""
    if min(gaps) < 0 or max(gaps) > 0xFFFFFFFF:
        return -1, b""
    count_code, count_bytes = _packed(counts)
    gap_code, gap_bytes = _packed(gaps)
    return _POSITIONS, b"".join((_POSITIONS_HEAD.pack(len(gaps), count_code, gap_code), count_bytes, gap_bytes))


def _length_byte(length: int) -> int:
    byte = _LENGTH_BYTE.get(length)
    if byte is None:
        byte = _LENGTH_BYTE[length] = length_to_byte(length)
    return byte


def _add_entries(table: Any, entries: list[tuple[bytes, bytes]], fast: bool) -> None:
    """``table.add(key, value)`` for each entry (keys ascending), as Whoosh's ``OrderedHashWriter`` does: the
    entries written in one call, their hashes (the low 32 bits of the key's MD5) put in their buckets."""
    if not entries:
        return
    if not fast:
        for key, value in entries:
            table.add(key, value)
        entries.clear()
        return
    if entries[0][0] <= table.lastkey:
        raise ValueError(f"Keys must increase: {table.lastkey!r}..{entries[0][0]!r}")
    dbfile, index, buckets = table.dbfile, table.index, table.buckets
    pos = dbfile.tell()
    parts = []
    md5 = hashlib.md5
    for key, value in entries:
        index.append(pos)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
        buckets[h & 255].append((h, pos))
        parts.append(_ENTRY.pack(len(key), len(value)))
        parts.append(key)
        parts.append(value)
        pos += _ENTRY.size + len(key) + len(value)
    dbfile.write(b"".join(parts))
    table.lastkey = entries[-1][0]
    entries.clear()

