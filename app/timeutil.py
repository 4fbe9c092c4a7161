"""Timestamps as the archive stores them: ISO 8601, UTC, microseconds (so versions always change)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
