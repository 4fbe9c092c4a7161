"""Whoosh's W3 codec with posting blocks laid out as plain arrays, which NumPy reads without unpickling.

Whoosh 2.7 pickles each block of postings (protocol 2) as a tuple of ids, weights and values: a Python int
per id, an 8-byte float per weight and, for every posting's positions, a ``_codecs.encode`` call on load.
Reading the postings of a common word of a 100,000-article archive meant unpickling ~800,000 of them
(~100 ms), and checking a phrase meant unpickling every position list (~3 million numbers).

Here a block is a small fixed header and arrays: id deltas (1, 2 or 4 bytes), weights (none, one, small
integers or float32) and, for ``Positions`` values, a position count per posting and the position deltas
(1, 2 or 4 bytes). ``posting_arrays`` reads a whole posting list into NumPy arrays; Whoosh's own matcher
interface still works (``BlockMatcher``), giving back the same values Whoosh wrote, so every query and the
merging of segments behave as before. Everything else (terms, columns, stored fields) is Whoosh's W3.

Each segment records its codec in the index's table of contents, so old W3 segments stay readable and are
rewritten in this format as they merge (``cuttings reindex`` converts all at once). The codec is pickled
there by name: keep this module and the class names stable.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import pickle
import struct
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter, W3TermInfo, W3TermsReader
from whoosh.formats import Positions
from whoosh.matching import ReadTooFar
from whoosh.reading import TermNotFound
from whoosh.system import pack_int, pack_long, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from app.search.engine.positions import PostingPositions

MAGIC = b"CuB1"  # at the start of each posting list written by this codec
BLOCK_LIMIT = 512  # postings a block: fewer blocks to walk; Whoosh's block skipping is not what we rely on
# block header: count, first id, last id, max weight, min/max length byte, id/weight/value codes, spare
_HEADER = struct.Struct("<IIIfBBBBBB")
_FIRST_IDS = struct.Struct("<III")  # the start of a block header: count, first id, last id
_LENGTH = struct.Struct("<i")  # block length (header + data), negative for a list's last block
_U32 = struct.Struct("<I")
_COUNT = struct.Struct("!I")  # the count at the start of a Positions value (whoosh's pack_uint)
_POSITIONS_HEAD = struct.Struct("<IBB")  # total positions, count width code, delta width code
_TERM_INFO = W3TermInfo._struct  # inlined flag, weight, doc freq, min/max length byte, max weight, first/last id

_WIDTHS = (np.dtype("<u1"), np.dtype("<u2"), np.dtype("<u4"))
_TYPECODES = ("B", "H", "I" if array("I").itemsize == 4 else "L")
_BIG_ENDIAN = sys.byteorder == "big"
# weight codes
_ALL_ONE, _ONE_VALUE, _SMALL_INTS, _INTS, _FLOATS = range(5)
# value codes
_NO_VALUES, _FIXED, _VARIABLE, _POSITIONS = range(4)


def _width_code(largest: int) -> int:
    return 0 if largest < 0x100 else 1 if largest < 0x10000 else 2


def _packed(numbers: Sequence[int]) -> tuple[int, bytes]:
    """(width code, little-endian bytes) of integers in 0..2**32-1, in the narrowest unsigned type.

    Plain ``array`` rather than NumPy: most blocks hold a handful of postings, where NumPy's call
    overhead is most of the cost."""
    if not numbers:
        return 0, b""
    code = _width_code(max(numbers))
    packed = array(_TYPECODES[code], numbers)
    if _BIG_ENDIAN:
        packed.byteswap()
    return code, packed.tobytes()


def _is_positions(format_: Any) -> bool:
    """Whether the format's values are ``Positions.encode`` output (a count and pickled deltas)."""
    return isinstance(format_, Positions) and type(format_).encode is Positions.encode


def _position_lists(values: list[bytes]) -> list[list[int]] | None:
    """The delta lists inside ``Positions`` values, all unpickled in one call; None if any is not one."""
    bodies = []
    for v in values:
        if v[4:6] != b"\x80\x02" or not v.endswith(b"."):
            return None
        bodies.append(v[6:-1])
    lists = pickle.loads(b"\x80\x02](" + b"".join(bodies) + b"e.")
    # Positions.encode wrote a count and then the list: one spot check is enough
    if type(lists[0]) is not list or _COUNT.unpack_from(values[0])[0] != len(lists[0]):
        return None
    return lists


_POSITIONS_FORMAT = Positions()


def encode_positions(positions: Sequence[int]) -> bytes:
    """A list of positions as ``Positions.encode`` writes it (a count, then the pickled gaps)."""
    return bytes(_POSITIONS_FORMAT.encode(positions))


def encoded_value(value: Any) -> Any:
    """A posting value as Whoosh keeps it: positions given as a list or as one int (``TermPool.add_positions``)
    encoded as ``Positions.encode`` does; bytes as they are."""
    if type(value) is int:
        return encode_positions([value])
    return encode_positions(value) if type(value) is list else value


def _position_gaps(values: list[Any]) -> tuple[list[int], list[int]] | None:
    """(position count of each value, all their position gaps in a row) for values given as lists of
    positions, single positions (ints) or ``Positions.encode`` bytes; None if some bytes are not
    ``Positions.encode`` output."""
    kinds = set(map(type, values))
    if kinds == {int}:  # one position each (most blocks of rare words): the gaps are the positions
        return [1] * len(values), list(values)
    if bytes in kinds:
        lists = _position_lists([encoded_value(v) for v in values] if len(kinds) > 1 else values)
        if lists is None:
            return None
        return list(map(len, lists)), list(itertools.chain.from_iterable(lists))
    if int in kinds:
        values = [[v] if type(v) is int else v for v in values]
    counts = list(map(len, values))
    flat = list(itertools.chain.from_iterable(values))
    gaps = list(map(operator.sub, flat, [0, *flat[:-1]]))
    start = 0
    for count in counts:  # each list's first gap is from 0, not from the list before
        if count:
            gaps[start] = flat[start]
        start += count
    return counts, gaps


class BlockCodec(W3Codec):
    """W3 with array posting blocks (see the module docstring); used for every segment we write."""

    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = 0, inlinelimit: int = 1) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors: ids are terms, Whoosh's format serves
            return super().postings_writer(dbfile, byteids=True)
        return BlockPostingsWriter(dbfile, blocklimit=self._blocklimit, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = _extent(terminfo)
        prefetch = getattr(dbfile, "prefetch", None)  # a mapped segment's file: the list is read block by block
        if prefetch is not None:
            prefetch(offset, length)
        return BlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class BlockPostingsWriter(W3PostingsWriter):
    """Writes a term's postings as array blocks."""

    _maxweight: float
    _values: list[Any]
    _minlength: int | None
    _maxlength: int

    def __init__(self, postfile: Any, blocklimit: int, inlinelimit: int = 1) -> None:
        super().__init__(postfile, blocklimit, byteids=False, compression=0, inlinelimit=inlinelimit)
        self._copied: bytearray | None = None  # a copied list's last block (with its length), written when
        # we know whether the list ends with it

    def copy_blocks(self, data: bytes, shift: int, source: W3TermInfo) -> None:
        """Append another segment's posting list of this term (``data``: magic and blocks) with its document
        numbers moved up by ``shift``. The blocks are copied, only their headers' first and last ids change:
        merging segments this way reads no posting. ``source`` is its term info."""
        if self._ids:
            self._write_block()
        elif not self._blockcount:
            self._postfile.write(MAGIC)
        self._write_copied(last=False)
        blocks = bytearray(memoryview(data)[len(MAGIC):])
        final, count = _move_blocks(blocks, 0, shift, last=False)
        self._postfile.write(memoryview(blocks)[:final])
        self._copied = blocks[final:]
        self._blockcount += count
        _add_list_stats(self._terminfo, source, shift)

    def _write_copied(self, last: bool) -> None:
        if self._copied is not None:
            if last:
                _LENGTH.pack_into(self._copied, 0, -_LENGTH.unpack_from(self._copied)[0])
            self._postfile.write(self._copied)
            self._copied = None

    def finish_postings(self) -> Any:
        if not self._ids:
            self._write_copied(last=True)
        elif not self.written() and len(self) < self._inlinelimit:  # inlined in the term info: as Whoosh keeps them
            self._values = [encoded_value(v) for v in self._values]
        return super().finish_postings()

    def add_posting(self, id_: int, weight: float, vbytes: bytes, length: int | None = None) -> None:
        """As Whoosh's, less its per-posting type assertions (a million calls a 3,000-article commit)."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes or type(vbytes) is int:  # no empty values; position 0 given as an int is a value
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_list(self, ids: Sequence[int], weights: Sequence[float], values: Sequence[Any],
                 lengths: Sequence[int | None]) -> None:
        """``add_posting`` for each of many postings (one term's, in id order), a block's worth at a time:
        the same blocks and statistics, without a call per posting."""
        start, count = 0, len(ids)
        while start < count:
            room = self._blocklimit - len(self._ids)
            if room <= 0:
                self._write_block()
                continue
            end = min(count, start + room)
            chunk = weights[start:end]
            self._ids.extend(ids[start:end])
            self._weights.extend(chunk)
            self._maxweight = max(self._maxweight, max(chunk))
            self._values.extend(v for v in values[start:end] if v or type(v) is int)
            known = [n for n in lengths[start:end] if n]
            if known:
                low, high = min(known), max(known)
                if self._minlength is None or low < self._minlength:
                    self._minlength = low
                if high > self._maxlength:
                    self._maxlength = high
            start = end

    def write_list(self, format_: Any, ids: Sequence[int], weights: Sequence[float], values: Sequence[Any],
                   lengths: Sequence[int | None]) -> bytes:
        """A whole posting list (one term's, ids ascending) written between terms: its term info as bytes.
        The same bytes as ``start_postings``, ``add_list`` and ``finish_postings`` write and return; a list
        of one block (most terms of a new segment: a handful of postings) is written in one step."""
        if not ids or len(ids) > self._blocklimit or self._terminfo is not None:
            self.start_postings(format_, W3TermInfo())
            self.add_list(ids, weights, values, lengths)
            return cast(bytes, self.finish_postings().to_bytes())
        self._format = format_
        postfile = self._postfile
        start = postfile.tell()
        block_weights = array("f", weights)  # as add_list keeps them: the stored sum is of float32s
        known = [n for n in lengths if n]
        minlength = min(known) if known else None
        maxlength = max(known) if known else 0
        maxweight = max(0, max(weights))
        body = self._block_body(ids, block_weights, [v for v in values if v or type(v) is int], maxweight,
                                minlength, maxlength)
        postfile.write(b"".join((MAGIC, _LENGTH.pack(-len(body)), body)))
        info = _TERM_INFO.pack(False, sum(block_weights), len(ids), length_to_byte(minlength),
                               length_to_byte(maxlength), maxweight, ids[0], ids[-1])
        return info + pack_long(start) + pack_int(postfile.tell() - start)

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(MAGIC)
        self._write_copied(last=False)
        self._terminfo.add_block(self)
        body = self._block_body(self._ids, self._weights, self._values, self._maxweight, self._minlength,
                                self._maxlength)
        self._postfile.write(_LENGTH.pack(-len(body) if last else len(body)))
        self._postfile.write(body)
        self._blockcount += 1
        self._new_block()

    def _block_body(self, ids: Sequence[int], weights: Any, values: list[Any], maxweight: float,
                    minlength: int | None, maxlength: int) -> bytes:
        """A block's header and arrays (without its length); ``weights`` an ``array("f")``."""
        count = len(ids)
        id_code, id_bytes = _packed([b - a for a, b in itertools.pairwise(ids)])
        weight_code, weight_bytes = _encode_weights(weights)
        value_code, value_bytes = self._encode_values(values, count)
        header = _HEADER.pack(
            count, ids[0], ids[-1], maxweight, length_to_byte(minlength), length_to_byte(maxlength),
            id_code, weight_code, value_code, 0,
        )
        return b"".join((header, id_bytes, weight_bytes, value_bytes))

    def _encode_values(self, values: list[Any], count: int) -> tuple[int, bytes]:
        fixed = self._format.fixed_value_size()
        if fixed == 0 or not values:
            return _NO_VALUES, b""
        if fixed is not None and fixed > 0:
            joined = b"".join(values)
            return _FIXED, _U32.pack(len(joined)) + joined
        gaps = _position_gaps(values) if len(values) == count and _is_positions(self._format) else None
        counts, deltas = gaps if gaps is not None else ([], [])
        if gaps is None or (deltas and (min(deltas) < 0 or max(deltas) > 0xFFFFFFFF)):  # kept as written
            values = [encoded_value(v) for v in values]
            joined = b"".join(values)
            lengths = array("I", map(len, values))
            if _BIG_ENDIAN:
                lengths.byteswap()
            return _VARIABLE, _U32.pack(len(values)) + lengths.tobytes() + joined
        count_code, count_bytes = _packed(counts)
        delta_code, delta_bytes = _packed(deltas)
        return _POSITIONS, _POSITIONS_HEAD.pack(len(deltas), count_code, delta_code) + count_bytes + delta_bytes


def joined_lists(lists: list[tuple[bytes, int]]) -> bytearray:
    """One posting list made of whole lists (magic and blocks) of the same term in segments being merged,
    each with its blocks' first and last ids moved up by its shift: the blocks are copied, not decoded."""
    out = bytearray(MAGIC)
    for i, (data, shift) in enumerate(lists):
        at = len(out)
        out += memoryview(data)[len(MAGIC):]
        final = i == len(lists) - 1
        if not final or shift:
            _move_blocks(out, at, shift, last=final)
    return out


def _move_blocks(blocks: bytearray, at: int, shift: int, last: bool) -> tuple[int, int]:
    """Move up the first and last ids of the blocks in ``blocks[at:]`` (one list's) by ``shift``, and mark
    the final one as a list's last or not; (the final block's offset, the number of blocks)."""
    end, count, final = len(blocks), 0, at
    while at < end:
        length = _LENGTH.unpack_from(blocks, at)[0]
        if (length < 0) != last and at + _LENGTH.size + abs(length) >= end:
            _LENGTH.pack_into(blocks, at, -length)
        if shift:
            ids = _FIRST_IDS.unpack_from(blocks, at + _LENGTH.size)
            _FIRST_IDS.pack_into(blocks, at + _LENGTH.size, ids[0], ids[1] + shift, ids[2] + shift)
        final, count = at, count + 1
        at += _LENGTH.size + abs(length)
    return final, count


def _add_list_stats(terminfo: W3TermInfo, source: W3TermInfo, shift: int) -> None:
    """Fold a copied posting list's statistics (``source``, its ids moved up by ``shift``) into ``terminfo``,
    as ``W3TermInfo.add_block`` does for a written block."""
    terminfo._weight += source._weight
    terminfo._df += source._df
    if source._minlength:  # 0 read back from disk: a field without lengths, whose blocks give None
        mine = terminfo._minlength
        terminfo._minlength = source._minlength if mine is None else min(mine, source._minlength)
    terminfo._maxlength = max(terminfo._maxlength, source._maxlength)
    terminfo._maxweight = max(terminfo._maxweight, source._maxweight)
    if source._minid is not None:
        if terminfo._minid is None:
            terminfo._minid = source._minid + shift
        terminfo._maxid = source._maxid + shift


def _encode_weights(weights: Any) -> tuple[int, bytes]:
    """Weights (an ``array("f")``): none if all 1, one if all equal, small integers, or float32s."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return (_ALL_ONE, b"") if first == 1.0 else (_ONE_VALUE, struct.pack("<f", first))
    if min(weights) >= 0 and max(weights) < 0x10000 and all(map(float.is_integer, weights)):
        code, packed = _packed([int(w) for w in weights])
        return _SMALL_INTS + code, packed
    as_floats = array("f", weights)
    if _BIG_ENDIAN:
        as_floats.byteswap()
    return _FLOATS, as_floats.tobytes()


@dataclass
class Block:
    """One decoded block: absolute ids, weights and (per value code) its values."""

    ids: np.ndarray
    weights: np.ndarray
    value_code: int
    values: Any  # bytes for _FIXED; (lengths, bytes) for _VARIABLE; (counts, deltas) for _POSITIONS


def _decode_block(buf: bytes, at: int, end: int, count: int, first: int, codes: tuple[int, int, int]) -> Block:
    id_code, weight_code, value_code = codes
    width = _WIDTHS[id_code]
    deltas = np.frombuffer(buf, dtype=width, count=count - 1, offset=at)
    at += (count - 1) * width.itemsize
    ids = np.empty(count, dtype=np.int64)
    ids[0] = first
    ids[1:] = deltas
    np.cumsum(ids, out=ids)
    weights, at = _decode_weights(buf, at, count, weight_code)
    values: Any = None
    if value_code == _FIXED:
        size = _U32.unpack_from(buf, at)[0]
        values = buf[at + 4 : at + 4 + size]
    elif value_code == _VARIABLE:
        n = _U32.unpack_from(buf, at)[0]
        lengths = np.frombuffer(buf, dtype="<u4", count=n, offset=at + 4)
        values = (lengths, buf[at + 4 + 4 * n : end])
    elif value_code == _POSITIONS:
        total, count_code, delta_code = _POSITIONS_HEAD.unpack_from(buf, at)
        at += _POSITIONS_HEAD.size
        counts = np.frombuffer(buf, dtype=_WIDTHS[count_code], count=count, offset=at)
        at += count * _WIDTHS[count_code].itemsize
        values = (counts, np.frombuffer(buf, dtype=_WIDTHS[delta_code], count=total, offset=at))
    return Block(ids, weights, value_code, values)


def _decode_weights(buf: bytes, at: int, count: int, code: int) -> tuple[np.ndarray, int]:
    if code == _ALL_ONE:
        return np.ones(count, dtype=np.float64), at
    if code == _ONE_VALUE:
        return np.full(count, struct.unpack_from("<f", buf, at)[0], dtype=np.float64), at + 4
    dtype = np.dtype("<f4") if code == _FLOATS else _WIDTHS[code - _SMALL_INTS]
    weights = np.frombuffer(buf, dtype=dtype, count=count, offset=at).astype(np.float64)
    return weights, at + count * dtype.itemsize


class BlockMatcher(W3LeafMatcher):
    """Whoosh's matcher interface over array blocks (for queries the NumPy ranking leaves to Whoosh)."""

    _data: Block | None
    _ids: Any
    _weights: Any
    _values: Any

    def _read_header(self) -> None:
        postfile = self._postfile
        postfile.seek(self._startoffset)
        magic = postfile.read(4)
        if magic != MAGIC:
            raise ValueError(f"Posting list at {self._startoffset} is not in the array block format ({magic!r})")
        self._baseoffset = self._startoffset + 4

    def _goto(self, position: int) -> None:
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        raw = self._postfile.get(position, _LENGTH.size + _HEADER.size)
        length = _LENGTH.unpack_from(raw)[0]
        self._lastblock = length < 0
        self._nextoffset = position + _LENGTH.size + abs(length)
        (count, self._firstid, self._maxid, self._maxweight, mnlen, mxlen,
         *codes, _) = _HEADER.unpack_from(raw, _LENGTH.size)
        self._blocklength = count
        self._codes = tuple(codes)
        self._compression = 0
        self._minlength = byte_to_length(mnlen)
        self._maxlength = byte_to_length(mxlen)
        self._dataoffset = position + _LENGTH.size + _HEADER.size

    def _read_data(self) -> None:
        buf = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._data = _decode_block(buf, 0, len(buf), self._blocklength, self._firstid, self._codes)

    def _loaded(self) -> Block:
        if self._data is None:
            self._read_data()
        assert self._data is not None
        return self._data

    def _read_ids(self) -> None:
        self._ids = self._loaded().ids.tolist()

    def _read_weights(self) -> None:
        self._weights = self._loaded().weights.tolist()

    def _read_values(self) -> None:
        block = self._loaded()
        fixed = self._fixedsize
        if block.value_code == _NO_VALUES:
            self._values = (None,) * self._blocklength if fixed == 0 else ()
        elif block.value_code == _FIXED:
            data = block.values
            self._values = tuple(data[i : i + fixed] for i in range(0, len(data), fixed))
        elif block.value_code == _VARIABLE:
            lengths, data = block.values
            ends = np.cumsum(lengths).tolist()
            self._values = tuple(data[e - n : e] for e, n in zip(ends, lengths.tolist(), strict=True))
        else:
            counts, deltas = block.values
            self._values = tuple(_positions_value(d) for d in np.split(deltas, np.cumsum(counts)[:-1]))

    def block_min_id(self) -> int:
        return int(self._firstid)

    def skip_to(self, targetid: int) -> None:
        """As Whoosh's, but a binary search inside the block (blocks here are long)."""
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        while self.is_active() and targetid > self._maxid:
            self._next_block()
        if not self.is_active():
            return
        if self._ids is None:
            self._read_ids()
        self._i = bisect.bisect_left(self._ids, targetid, self._i)  # < the block's length: target <= last id

    def all_arrays(self, with_positions: bool) -> tuple[np.ndarray, np.ndarray, PostingPositions | None] | None:
        """The whole posting list from the start: ids, weights and (on request) positions; see
        ``posting_arrays``."""
        return posting_arrays(self._postfile, self._baseoffset, self._startoffset + self._length, with_positions)


def _positions_value(deltas: np.ndarray) -> bytes:
    """The ``Positions.encode`` bytes of a posting whose position deltas are ``deltas``."""
    as_list = deltas.tolist()
    return pack_uint(len(as_list)) + pickle.dumps(as_list, 2)


def raw_postings(
    reader: Any, fieldname: str, text: bytes, with_positions: bool = False, info: bytes | None = None
) -> tuple[np.ndarray, np.ndarray, PostingPositions | None] | None:
    """A term's postings read straight from a segment reader's files, deleted documents included: one term
    table lookup, no matcher. None when the segment is not in this format, the term is inlined or its
    positions are not stored as arrays. ``info`` is the term's raw term info, when the caller has it."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        return None
    try:
        terminfo = W3TermInfo.from_bytes(info) if info is not None else terms.term_info(fieldname, text)
    except TermNotFound:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(np.float64), PostingPositions(empty, empty) if with_positions else None
    if terminfo.is_inlined():
        return None
    offset, length = _extent(terminfo)
    postfile = terms._postfile
    if postfile.get(offset, len(MAGIC)) != MAGIC:
        return None
    return posting_arrays(postfile, offset + len(MAGIC), offset + length, with_positions)


def _extent(terminfo: Any) -> tuple[int, int]:
    """A posting list's offset and length (whoosh 2.7 reads the length back from disk as a 1-tuple)."""
    offset, length = terminfo.extent()
    return offset, length[0] if isinstance(length, tuple) else length


def posting_arrays(
    postfile: Any, start: int, end: int, with_positions: bool
) -> tuple[np.ndarray, np.ndarray, PostingPositions | None] | None:
    """Every posting of one list (its blocks from ``start`` to ``end`` in ``postfile``) as arrays.

    None when positions are asked for and a block holds its values as written (positions out of order,
    which our analyzers never give): the caller then reads them through Whoosh's matcher."""
    buf = postfile.get(start, end - start)
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    count_parts: list[np.ndarray] = []
    delta_parts: list[np.ndarray] = []
    at = 0
    size = len(buf)
    while at < size:
        length = _LENGTH.unpack_from(buf, at)[0]
        block_end = at + _LENGTH.size + abs(length)
        count, first, _, _, _, _, *codes, _ = _HEADER.unpack_from(buf, at + _LENGTH.size)
        block = _decode_block(buf, at + _LENGTH.size + _HEADER.size, block_end, count, first, tuple(codes))
        id_parts.append(block.ids)
        weight_parts.append(block.weights)
        if with_positions:
            if block.value_code != _POSITIONS:
                return None
            count_parts.append(block.values[0])
            delta_parts.append(block.values[1])
        at = block_end
        if length < 0:
            break
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int64)
    weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, dtype=np.float64)
    positions = None
    if with_positions:
        counts = np.concatenate(count_parts).astype(np.int64) if count_parts else np.zeros(0, np.int64)
        deltas = np.concatenate(delta_parts) if delta_parts else np.zeros(0, np.uint8)  # summed as int64
        positions = PostingPositions(counts, deltas)
    return ids, weights, positions
