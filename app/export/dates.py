"""Dates as people read them in exports: ``July 2, 2020``, ``July 2020``, ``2020``."""

from __future__ import annotations

from app.dates import PARTIAL_DATE

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def human_date(iso: str, language: str = "") -> str:
    """``2020-07-02`` -> ``July 2, 2020`` (``2020년 7월 2일`` in Korean, ``2020年7月2日`` in Japanese and
    Chinese); partial dates stay partial; anything else is returned as is."""
    match = PARTIAL_DATE.match(iso or "")
    if not match:
        return iso or ""
    year, month, day = match.groups()
    lang = (language or "").lower()[:2]
    if lang in ("ko", "ja", "zh") and month and 1 <= int(month) <= 12:
        units = ("년", "월", "일") if lang == "ko" else ("年", "月", "日")
        parts = [f"{year}{units[0]}", f"{int(month)}{units[1]}"] + ([f"{int(day)}{units[2]}"] if day else [])
        return (" " if lang == "ko" else "").join(parts)
    if not month or not 1 <= int(month) <= 12:
        return year
    name = MONTHS[int(month) - 1]
    return f"{name} {int(day)}, {year}" if day else f"{name} {year}"


def date_prefix(iso: str) -> str:
    """The ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) part of an ISO date, or ``""``."""
    match = PARTIAL_DATE.match(iso or "")
    return match.group(0) if match else ""
