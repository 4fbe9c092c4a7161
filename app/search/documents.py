"""IndexDoc (what the archive hands to the index) and its translation into Whoosh field values."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.dates import PARTIAL_DATE
from app.search.analysis import TAG_SEPARATOR, normalize_tag, tag_with_ancestors

# Indexed for a missing date so that "newest first" puts undated articles last; ranges start after it.
MISSING_DATE = datetime(1, 1, 1)
EARLIEST_DATE = datetime(1, 1, 2)


@dataclass
class IndexDoc:
    """One article as the index sees it; ``version`` lets ``verify`` spot stale entries."""

    id: int
    version: str
    title: str = ""
    subtitle: str = ""
    body_text: str = ""
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    source: str = ""
    place: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    url: str = ""
    published: str = ""  # ISO, maybe partial: "2020", "2020-07", "2020-07-02"
    clipped: str = ""  # ISO datetime UTC
    starred: bool = False
    read: bool = False


def date_bounds(text: str) -> tuple[datetime, datetime] | None:
    """First and last instant of a partial ISO date ("2020", "2020-07", "2020-07-02"); None if invalid."""
    m = PARTIAL_DATE.fullmatch(text.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59, 999999)
        mon = int(month)
        if day is None:
            last = calendar.monthrange(year, mon)[1]
            return datetime(year, mon, 1), datetime(year, mon, last, 23, 59, 59, 999999)
        start = datetime(year, mon, int(day))
    except ValueError:
        return None
    return start, start.replace(hour=23, minute=59, second=59, microsecond=999999)


def date_keys(text: str) -> list[str]:
    """``"2020-07-02"`` -> ``["2020", "2020-07", "2020-07-02"]``; leniently reads longer ISO strings."""
    m = PARTIAL_DATE.fullmatch(text.strip()[:10])
    if not m or date_bounds(m[0]) is None:
        return []
    parts = [p for p in m.groups() if p]
    return ["-".join(parts[: i + 1]) for i in range(len(parts))]


def parse_instant(text: str) -> datetime | None:
    """An ISO date or datetime as a naive UTC datetime (partial dates give their start); None if invalid."""
    text = text.strip()
    if not text:
        return None
    bounds = date_bounds(text)
    if bounds:
        return bounds[0]
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        keys = date_keys(text)
        bounds = date_bounds(keys[-1]) if keys else None
        return bounds[0] if bounds else None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def _join(values: list[str]) -> str:
    return "\n\n".join(v for v in values if v)


def to_fields(doc: IndexDoc) -> dict[str, Any]:
    """The keyword arguments for ``writer.add_document`` / ``update_document``."""
    tags = [normalize_tag(t) for t in doc.tags if normalize_tag(t)]
    paths: dict[str, None] = {}
    for tag in tags:
        paths.update(dict.fromkeys(tag_with_ancestors(tag)))
    keys = date_keys(doc.published)
    fields: dict[str, Any] = {
        "id": str(doc.id),
        "version": doc.version,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "body": doc.body_text,
        "caption": _join(doc.captions),
        "credit": _join(doc.credits),
        "authors": _join(doc.authors),
        "source": doc.source,
        "place": doc.place,
        "tag_text": _join([t.replace("/", " ") for t in tags]),
        "tags": TAG_SEPARATOR.join(paths),
        "tag_name": TAG_SEPARATOR.join(dict.fromkeys(tags)),
        "notes": doc.notes,
        "url": doc.url,
        "published_key": TAG_SEPARATOR.join(keys),
        "published_text": doc.published,
        "clipped_text": doc.clipped,
        "starred": bool(doc.starred),
        "read": bool(doc.read),
        "lead": next((c for c in doc.captions if c), "")[:300],
    }
    if doc.source.strip():
        fields["source_key"] = doc.source.strip()
    if doc.place.strip():
        fields["place_key"] = doc.place.strip()
    if keys:
        fields["year"] = keys[0]
    fields["published"] = parse_instant(doc.published) or MISSING_DATE
    fields["clipped"] = parse_instant(doc.clipped) or MISSING_DATE
    return fields
