"""Evernote's ENEX export, streamed note by note: ENML content, images matched to ``<en-media hash>`` by MD5,
``note-attributes`` (source URL, author), tags, created and updated dates."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from app.imports.formats.common import CountingReader, iso_date
from app.imports.items import ImportItem, ItemError

_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?", re.I)
_MEDIA = re.compile(r"<en-media\b([^>]*?)/?>(?:\s*</en-media>)?", re.I)
_ATTR = re.compile(r'(\w[\w-]*)\s*=\s*"([^"]*)"')


def read_enex(path: Path) -> Iterator[ImportItem | ItemError]:
    counter = CountingReader(path.open("rb"))
    n = 0
    try:
        # No entities, no DTD, no network: an export file is data, never instructions to fetch anything.
        events = etree.iterparse(counter, events=("end",), tag="note", huge_tree=True, resolve_entities=False,
                                 no_network=True, load_dtd=False, recover=False)
        for _, note in events:
            n += 1
            try:
                yield _item(note, n, counter.position)
            except (ValueError, binascii.Error) as exc:
                yield ItemError(f"note {n} (line {note.sourceline})", str(exc), counter.position)
            note.clear()
            while note.getprevious() is not None:
                del note.getparent()[0]
    except etree.XMLSyntaxError as exc:
        yield ItemError(f"after note {n}", f"the file is not valid ENEX from line {exc.lineno or '?'} on ({exc.msg}); "
                        "the notes before it were read (a truncated export?)", counter.position)
    finally:
        counter.close()


def _item(note: Any, n: int, position: int) -> ImportItem:
    title = (note.findtext("title") or "").strip()
    locator = f"note {n} (line {note.sourceline})"
    attrs = note.find("note-attributes")
    url = (attrs.findtext("source-url") or "").strip() if attrs is not None else ""
    author = (attrs.findtext("author") or "").strip() if attrs is not None else ""
    images: dict[str, tuple[str, bytes]] = {}
    for resource in note.iter("resource"):
        data_el = resource.find("data")
        mime = (resource.findtext("mime") or "").strip()
        if data_el is None or not (data_el.text or "").strip():
            continue
        data = base64.b64decode("".join((data_el.text or "").split()), validate=False)
        images[hashlib.md5(data).hexdigest()] = (mime, data)  # ENEX names resources by their MD5
    content = note.findtext("content") or ""
    created = iso_date(note.findtext("created"))
    return ImportItem(
        tool="evernote", item_id=_note_id(title, created, url, content), locator=locator, position=position,
        title=title, url=url, added=created, updated=iso_date(note.findtext("updated")),
        tags=[t.strip() for t in (el.text or "" for el in note.iter("tag")) if t.strip()],
        authors=[author] if author else [], html=_enml_to_html(content, images),
    )


def _note_id(title: str, created: str, url: str, content: str) -> str:
    """ENEX has no note ids: the note's title, date, address and content stand for one."""
    return hashlib.sha256("\n".join((title, created, url, content)).encode("utf-8", "replace")).hexdigest()


def _enml_to_html(content: str, images: dict[str, tuple[str, bytes]]) -> str:
    """ENML is XHTML in ``<en-note>``: images of ``<en-media hash>`` become inline ``data:`` images."""
    body = _PROLOGUE.sub("", content, count=1)
    body = re.sub(r"<(/?)en-note\b", r"<\1div", body)

    def media(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        found = images.get(attrs.get("hash", "").lower())
        if found is None or not found[0].startswith("image/"):
            return ""
        mime, data = found
        size = "".join(f' {k}="{attrs[k]}"' for k in ("width", "height", "alt") if k in attrs)
        return f'<img src="data:{mime};base64,{base64.b64encode(data).decode()}"{size}>'

    body = _MEDIA.sub(media, body)
    return f"<html><body><article>{body}</article></body></html>"
