"""Partial ISO dates: ``2020``, ``2020-07``, ``2020-07-02``."""

from __future__ import annotations

import re
from datetime import date

from app.errors import CuttingsError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def normalise_partial_date(text: str) -> str:
    """Check and zero-pad a partial date; '' stays ''. Raises with an example on nonsense."""
    text = text.strip()
    if not text:
        return ""
    m = _PARTIAL.match(text[:10] if "T" in text else text)
    if not m:
        raise CuttingsError(f"{text!r} is not a date: write 2020, 2020-07 or 2020-07-02.")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            date(int(year), int(month), 1)
            return f"{year}-{int(month):02d}"
    except ValueError as exc:
        raise CuttingsError(f"{text!r} is not a real date ({exc}).") from exc
    return year
