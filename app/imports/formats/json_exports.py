"""Wallabag's JSON export (an array of entries) and Karakeep's (``{"bookmarks": [...]}``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.imports.formats.common import epoch_to_iso, iso_date, open_text
from app.imports.formats.json_stream import TruncatedJSON, iter_array
from app.imports.items import ImportItem, ItemError


def sniff_json(path: Path) -> str | None:
    """"wallabag", "karakeep" or None, from the start of the file."""
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as f:
            head = f.read(8192)
    except OSError:
        return None
    start = head.lstrip()[:1]
    if start == "[" and ('"is_archived"' in head or '"is_starred"' in head or '"reading_time"' in head):
        return "wallabag"
    if start == "{" and '"bookmarks"' in head:
        return "karakeep"
    return None


def _entries(path: Path, key: str | None, noun: str, build: Callable[[Any, int, int], ImportItem | ItemError]
             ) -> Iterator[ImportItem | ItemError]:
    """Each element of the export's array through ``build``; a cut or broken file ends in one error."""
    counter, text = open_text(path)
    n = 0
    with text:
        try:
            for n, entry in enumerate(iter_array(text, key=key), 1):
                yield build(entry, n, counter.position)
        except TruncatedJSON as exc:
            yield ItemError(f"after {noun} {n}", str(exc), counter.position)


def read_wallabag(path: Path) -> Iterator[ImportItem | ItemError]:
    return _entries(path, None, "item", _wallabag_item)


def _wallabag_item(entry: Any, n: int, position: int) -> ImportItem | ItemError:
    locator = f"item {n}"
    if not isinstance(entry, dict):
        return ItemError(locator, "an entry must be a JSON object", position)
    locator = f"item {n}, id {entry.get('id')}" if entry.get("id") is not None else locator
    url = _text(entry.get("url")) or _text(entry.get("given_url"))
    content = _text(entry.get("content"))
    if not url and not content:
        return ItemError(locator, "the entry has neither url nor content", position)
    notes = []
    for note in entry.get("annotations") or []:
        if isinstance(note, dict):
            quote, remark = _text(note.get("quote")), _text(note.get("text"))
            if quote:
                notes.append("> " + quote.replace("\n", "\n> ") + (f"\n\n{remark}" if remark else ""))
            elif remark:
                notes.append(remark)
    preview = _text(entry.get("preview_picture"))
    if preview:
        notes.append(f"Preview picture: <{preview}>")
    authors = entry.get("published_by") or []
    return ImportItem(
        tool="wallabag", item_id=str(entry.get("id") if entry.get("id") is not None else url), locator=locator,
        position=position, title=_text(entry.get("title")), url=url, added=iso_date(_text(entry.get("created_at"))),
        updated=iso_date(_text(entry.get("updated_at"))), published=iso_date(_text(entry.get("published_at")))[:10],
        tags=_tags(entry.get("tags")), starred=bool(entry.get("is_starred")), read=bool(entry.get("is_archived")),
        authors=[_text(a) for a in authors if _text(a)] if isinstance(authors, list) else [_text(authors)],
        notes="\n\n".join(notes), html=content,
    )


def read_karakeep(path: Path) -> Iterator[ImportItem | ItemError]:
    return _entries(path, "bookmarks", "bookmark", _karakeep_item)


def _karakeep_item(entry: Any, n: int, position: int) -> ImportItem | ItemError:
    locator = f"bookmark {n}"
    if not isinstance(entry, dict):
        return ItemError(locator, "a bookmark must be a JSON object", position)
    raw_content = entry.get("content")
    content: dict[str, Any] = raw_content if isinstance(raw_content, dict) else {}
    kind = _text(content.get("type"))
    url = _text(content.get("url")) if kind == "link" else ""
    body = _text(content.get("text")) if kind == "text" else ""
    html = _text(content.get("htmlContent")) if kind == "link" else ""
    if not url and not body:
        return ItemError(locator, f"the bookmark holds no link or text (its content is {kind or 'empty'})", position)
    item_id = _text(entry.get("id")) or url or hashlib.sha256(body.encode()).hexdigest()
    title = _text(entry.get("title"))
    if body and not title:
        title = body.strip().split("\n", 1)[0][:120]
    return ImportItem(
        tool="karakeep", item_id=item_id, locator=locator, position=position, title=title, url=url,
        added=epoch_to_iso(entry.get("createdAt")) or iso_date(_text(entry.get("createdAt"))),
        tags=_tags(entry.get("tags")), starred=bool(entry.get("favourited")), read=bool(entry.get("archived")),
        notes=_text(entry.get("note")), html=html, text=body,
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _tags(value: Any) -> list[str]:
    tags: list[str] = []
    for tag in value if isinstance(value, list) else []:
        name = tag.get("label") or tag.get("name") if isinstance(tag, dict) else tag
        if isinstance(name, str) and name.strip():
            tags.append(name.strip())
    return tags
