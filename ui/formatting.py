"""How dates, people and counts read in the interface."""

from __future__ import annotations

from datetime import UTC, date, datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip


def published(value: str, *, long: bool = False) -> str:
    """``2020-07-02`` -> ``2 Jul 2020``; ``2020-07`` -> ``Jul 2020``; ``2020`` stays; anything else as is."""
    months = LONG_MONTHS if long else MONTHS
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return value
    return value


def clipped(value: str, today: date | None = None) -> str:
    """A UTC timestamp as local time: ``14:03`` today, ``28 Nov`` this year, ``28 Nov 2024`` before."""
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    local = stamp.astimezone()
    today = today or datetime.now().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.day} {MONTHS[local.month - 1]}"
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 article``, ``2 articles``, with thousands separators."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def authors(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
