"""Partial ISO dates: ``2020``, ``2020-07``, ``2020-07-02``."""

from __future__ import annotations

import re
from datetime import date

from app.errors import CuttingsError

#: A partial ISO date at the start of a string: year, then month and day if there (two digits each).
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def normalise_partial_date(text: str) -> str:
    """Check and zero-pad a partial date (``2020-7-2`` -> ``2020-07-02``); '' stays ''. Raises with an example
    on nonsense."""
    text = text.strip()
    if not text:
        return ""
    year, *rest = (text[:10] if "T" in text else text).split("-")
    m = PARTIAL_DATE.fullmatch("-".join([year, *(p.zfill(2) for p in rest)])) if all(rest) else None
    if not m:
        raise CuttingsError(f"{text!r} is not a date: write 2020, 2020-07 or 2020-07-02.")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            date(int(year), int(month), 1)
            return f"{year}-{month}"
    except ValueError as exc:
        raise CuttingsError(f"{text!r} is not a real date ({exc}).") from exc
    return year
