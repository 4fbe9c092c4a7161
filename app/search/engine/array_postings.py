"""A new segment's free-text posting lists written from their arrays (``inversion.Inverted``) a field at a time.

Nearly every list of a new segment fits one block. Its header figures (counts, first and last ids, widest
gap, lowest and highest length byte) are computed for all terms at once with NumPy, and its arrays are
slices of the field's arrays converted once to each byte width; what is left per term is two ``struct``
calls and a join. The bytes are exactly those ``BlockPostingsWriter.write_list`` writes (tests compare
them); a list of more than a block goes through ``write_list``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh.system import pack_int, pack_long

from app.search.engine.codec import (
    _ALL_ONE,
    _HEADER,
    _LENGTH,
    _ONE_VALUE,
    _POSITIONS,
    _POSITIONS_HEAD,
    _SMALL_INTS,
    _TERM_INFO,
    _WIDTHS,
    BLOCK_LIMIT,
    MAGIC,
)
from app.search.engine.inversion import Inverted

_ONE_FLOAT = struct.Struct("<f")
_ENTRY_END = len(MAGIC) + _LENGTH.size  # a one-block list's bytes before its block's header
_MAX_SMALL_WEIGHT = 0xFFFF  # write_list keeps larger whole weights as other ints


def writable(inverted: Inverted, length_bytes: Any) -> bool:
    """Whether a field's lists can be written here: whole-number weights (no boosts), and a length byte
    (not zero) for every document with a posting."""
    if not isinstance(length_bytes, bytes | memoryview) or not len(inverted.docs):
        return False
    if inverted.format_boost != 1.0 or not bool((inverted.boosts == 1.0).all()):
        return False
    if int(inverted.docs.max()) >= len(length_bytes):
        return False
    return bool(np.frombuffer(length_bytes, dtype=np.uint8)[inverted.docs].all())


def write_field(postfile: Any, inverted: Inverted, length_bytes: Any, prefix: bytes,
                write_list: Callable[[int], bytes]) -> list[tuple[bytes, bytes]]:
    """Write every term's posting list to ``postfile``; the term table entries (key, term info) in term order.
    ``write_list(t)`` writes term ``t`` the general way (at the file's position) and returns its info."""
    term_starts, docs = inverted.term_starts, inverted.docs
    firsts, ends = term_starts[:-1], term_starts[1:]
    counts = inverted.counts()
    lbytes = np.frombuffer(length_bytes, dtype=np.uint8)[docs]
    gaps = _position_gaps(inverted)
    doc_gaps = np.diff(docs, prepend=0)
    doc_gaps[firsts] = 0  # a list's first id is in its header, not among its gaps

    # per term: its postings' figures (each term has at least one posting and one position)
    position_firsts = inverted.post_starts[firsts]
    columns = (
        (ends - firsts).tolist(),
        docs[firsts].tolist(),
        docs[ends - 1].tolist(),
        np.minimum.reduceat(counts, firsts).tolist(),
        np.maximum.reduceat(counts, firsts).tolist(),
        np.add.reduceat(counts, firsts).tolist(),
        _width_codes(np.maximum.reduceat(doc_gaps, firsts)).tolist(),
        _width_codes(np.maximum.reduceat(gaps, position_firsts)).tolist(),
        np.minimum.reduceat(lbytes, firsts).tolist(),
        np.maximum.reduceat(lbytes, firsts).tolist(),
        firsts.tolist(),
        position_firsts.tolist(),
    )
    id_bytes, count_bytes, gap_bytes = _ByWidth(doc_gaps), _ByWidth(counts), _ByWidth(gaps)
    entries: list[tuple[bytes, bytes]] = []
    parts: list[bytes] = []
    at = postfile.tell()
    for t, (size, first_id, last_id, least, most, total, id_code, gap_code, low, high, first, pos_first) in enumerate(
            zip(*columns, strict=True)):
        key = prefix + inverted.terms[t]
        if size > BLOCK_LIMIT or most > _MAX_SMALL_WEIGHT:
            postfile.write(b"".join(parts))
            parts.clear()
            entries.append((key, write_list(t)))
            at = postfile.tell()
            continue
        end, pos_end = first + size, pos_first + total
        count_code = 0 if most < 0x100 else 1  # the counts are the weights: one width for both
        if least == most:
            weight_code, weight_bytes = (_ALL_ONE, b"") if most == 1 else (_ONE_VALUE, _ONE_FLOAT.pack(most))
        else:
            weight_code, weight_bytes = _SMALL_INTS + count_code, count_bytes.slice(count_code, first, end)
        header = _HEADER.pack(size, first_id, last_id, float(most), low, high, id_code, weight_code, _POSITIONS, 0)
        body = b"".join((
            header,
            id_bytes.slice(id_code, first + 1, end),
            weight_bytes,
            _POSITIONS_HEAD.pack(total, count_code, gap_code),
            count_bytes.slice(count_code, first, end),
            gap_bytes.slice(gap_code, pos_first, pos_end),
        ))
        parts.append(MAGIC)
        parts.append(_LENGTH.pack(-len(body)))
        parts.append(body)
        length = _ENTRY_END + len(body)
        info = _TERM_INFO.pack(False, float(total), size, low, high, float(most), first_id, last_id)
        entries.append((key, info + pack_long(at) + pack_int(length)))
        at += length
    postfile.write(b"".join(parts))
    return entries


def _position_gaps(inverted: Inverted) -> np.ndarray:
    """Each position's gap from the one before it in its posting; a posting's first position as it is."""
    positions = inverted.positions
    gaps = np.diff(positions, prepend=0)
    firsts = inverted.post_starts[:-1]
    gaps[firsts] = positions[firsts]
    return gaps


def _width_codes(largest: np.ndarray) -> np.ndarray:
    """``codec._width_code`` of each number."""
    return (largest >= 0x100).astype(np.int8) + (largest >= 0x10000)


class _ByWidth:
    """An array's bytes in each width it is asked for (converted once), sliced by element."""

    def __init__(self, numbers: np.ndarray) -> None:
        self._numbers = numbers
        self._bytes: dict[int, bytes] = {}

    def slice(self, code: int, start: int, end: int) -> bytes:
        data = self._bytes.get(code)
        if data is None:
            data = self._bytes[code] = self._numbers.astype(_WIDTHS[code]).tobytes()
        width = _WIDTHS[code].itemsize
        return data[start * width : end * width]
