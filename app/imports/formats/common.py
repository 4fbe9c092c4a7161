"""What the export readers share: a file that counts the bytes read (progress), and date parsing."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO


class CountingReader(io.RawIOBase):
    """A binary file that remembers how many bytes were read from it (for progress over a stream)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.position += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(path: Path) -> tuple[CountingReader, io.TextIOWrapper]:
    """``path`` as text (UTF-8, a BOM skipped, bad bytes replaced) over a :class:`CountingReader`."""
    counter = CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding="utf-8-sig", errors="replace", newline="")
    return counter, text


def epoch_to_iso(value: str | int | float | None) -> str:
    """Unix seconds (or milliseconds) as ISO 8601 UTC; empty for anything else."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if number > 1e11:  # milliseconds
        number /= 1000
    if not 0 < number < 32503680000:  # up to the year 3000
        return ""
    return datetime.fromtimestamp(number, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_date(value: str | None) -> str:
    """An ISO-ish timestamp (``2024-03-05T08:00:00+0100``, ``2024-03-05 08:00:00``, ``20240305T080000Z``) as
    ISO 8601 UTC, a bare date as itself; empty when it is not a date."""
    if not value or not isinstance(value, str):
        return ""
    text = value.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if len(text) == 10:
        return parsed.date().isoformat()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
