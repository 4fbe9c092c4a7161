"""Read the objects of a JSON array one at a time, so a large export never sits in memory whole."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK = 1 << 20
_WS = re.compile(r"[\s,]*")


class TruncatedJSON(Exception):
    """The array ended early or an element is not valid JSON; items before it were read."""


def iter_array(stream: TextIO, key: str | None = None) -> Iterator[Any]:
    """Each element of the top-level array, or of the array under ``key`` in the top-level object.

    Raises :class:`TruncatedJSON` (after yielding what came before) when the array is cut off or broken.
    """
    decoder = json.JSONDecoder()
    buf, pos, eof = "", 0, False

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = stream.read(CHUNK)
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    more()
    opening = re.compile(r"\s*\[") if key is None else re.compile(r'\s*\{.*?"' + re.escape(key) + r'"\s*:\s*\[', re.S)
    while (match := opening.match(buf, pos)) is None:
        if eof or len(buf) > 64 * CHUNK or not more():
            what = "an array" if key is None else f'an object with a "{key}" array'
            raise TruncatedJSON(f"the file is not {what}")
    pos = match.end()
    count = 0
    while True:
        pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
        if pos >= len(buf) and not more():
            raise TruncatedJSON(f"the file ends after item {count} without closing its list (truncated?)")
        if pos >= len(buf):
            continue
        if buf[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if not eof and more():
                continue
            if exc.pos >= len(buf.rstrip()) - 1 or exc.msg.startswith("Unterminated"):
                raise TruncatedJSON(f"the file ends in the middle of item {count + 1} (truncated?); "
                                    "the items before it were read") from exc
            raise TruncatedJSON(f"item {count + 1} is not valid JSON ({exc.msg}); the items after it were not read") from exc
        count += 1
        pos = end
        yield value
        if pos > CHUNK:
            buf, pos = buf[pos:], 0
