"""Joplin's JEX (a tar) and RAW (a folder) exports: Markdown notes with their metadata block, folders
(notebooks become tags), tags, and resources referenced as ``:/id``."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.imports.formats.common import iso_date
from app.imports.items import ImportItem, ItemError

_META_LINE = re.compile(r"^([a-z_]+): ?(.*)$")
_RESOURCE_REF = re.compile(r"\]\(:/([0-9a-f]{32})\)")
NOTE, FOLDER, RESOURCE, TAG, NOTE_TAG = 1, 2, 4, 5, 6


@dataclass
class _Entry:
    title: str
    body: str
    meta: dict[str, str]

    @property
    def type(self) -> int:
        return int(self.meta.get("type_", "0") or 0)


@dataclass
class _Index:
    folders: dict[str, _Entry] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    note_tags: dict[str, list[str]] = field(default_factory=dict)
    resources: dict[str, _Entry] = field(default_factory=dict)


def parse_entry(text: str) -> _Entry | None:
    """A Joplin RAW item: title, a blank line, the body, a blank line, then ``key: value`` lines."""
    lines = text.rstrip("\n").split("\n")
    end = len(lines)
    while end > 0 and lines[end - 1].strip():
        end -= 1  # the metadata block is everything after the last blank line
    matches = [_META_LINE.match(line) for line in lines[end:]]
    if not matches or not all(matches):
        return None
    meta = {m.group(1): m.group(2) for m in matches if m}
    if "id" not in meta or "type_" not in meta:
        return None
    content = "\n".join(lines[:end]).rstrip("\n")
    title, _, body = content.partition("\n")
    return _Entry(title=title.strip(), body=body.strip("\n"), meta=meta)


def is_raw_folder(folder: Path) -> bool:
    """A folder Joplin's RAW export wrote: Markdown items ending in a metadata block with ``type_``."""
    for md in list(folder.glob("*.md"))[:5]:
        try:
            tail = md.read_text(encoding="utf-8", errors="replace")[-400:]
        except OSError:
            continue
        if re.search(r"^type_: \d+\s*$", tail, re.M) and re.search(r"^id: [0-9a-f]{32}\s*$", tail, re.M):
            return True
    return False


def read_jex(path: Path) -> Iterator[ImportItem | ItemError]:
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the with below; opening may fail on its own
    except (tarfile.TarError, OSError) as exc:
        yield ItemError("the file", f"not a Joplin JEX archive ({exc})")
        return
    with tar:
        try:
            members = {m.name.lstrip("./"): m for m in tar.getmembers() if m.isfile()}
        except (tarfile.TarError, EOFError) as exc:
            yield ItemError("the file", f"the JEX archive is damaged or truncated ({exc})")
            return

        def read(name: str) -> bytes | None:
            member = members.get(name)
            if member is None:
                return None
            handle = tar.extractfile(member)
            return handle.read() if handle else None

        yield from _read_items(sorted(n for n in members if n.endswith(".md") and "/" not in n), read)


def read_raw_folder(folder: Path) -> Iterator[ImportItem | ItemError]:
    root = folder.resolve()

    def read(name: str) -> bytes | None:
        target = (root / name).resolve()
        if not target.is_relative_to(root) or not target.is_file():  # never outside the export's folder
            return None
        return target.read_bytes()

    yield from _read_items(sorted(p.name for p in root.glob("*.md") if p.is_file()), read, keep_raw=True)


def _read_items(names: list[str], read: Callable[[str], bytes | None], *, keep_raw: bool = False
                ) -> Iterator[ImportItem | ItemError]:
    index = _Index()
    notes: list[str] = []
    for name in names:  # first pass: everything but the notes' bodies
        entry = _entry(read(name))
        if entry is None:
            continue
        kind = entry.type
        if kind == NOTE:
            notes.append(name)
        elif kind == FOLDER:
            index.folders[entry.meta["id"]] = entry
        elif kind == TAG:
            index.tags[entry.meta["id"]] = entry.title
        elif kind == NOTE_TAG:
            index.note_tags.setdefault(entry.meta.get("note_id", ""), []).append(entry.meta.get("tag_id", ""))
        elif kind == RESOURCE:
            index.resources[entry.meta["id"]] = entry
    for n, name in enumerate(notes, 1):
        raw = read(name)
        entry = _entry(raw)
        if entry is None:
            yield ItemError(f"{name}", "the note's metadata block is missing or damaged")
            continue
        yield _note_item(entry, name, n, index, read, raw if keep_raw else None)


def _entry(data: bytes | None) -> _Entry | None:
    return parse_entry(data.decode("utf-8", "replace")) if data else None


def _note_item(entry: _Entry, name: str, n: int, index: _Index, read: Callable[[str], bytes | None],
               raw: bytes | None) -> ImportItem:
    meta = entry.meta
    images: dict[str, bytes] = {}
    for rid in dict.fromkeys(_RESOURCE_REF.findall(entry.body)):
        resource = index.resources.get(rid)
        if resource is None or not resource.meta.get("mime", "").startswith("image/"):
            continue
        ext = resource.meta.get("file_extension", "") or "bin"
        data = read(f"resources/{rid}.{ext}")
        if data:
            images[f":/{rid}"] = data
    tags = [index.tags[t] for t in index.note_tags.get(meta["id"], []) if t in index.tags]
    folder = _folder_path(meta.get("parent_id", ""), index)
    if folder:
        tags.insert(0, folder)
    author = meta.get("author", "").strip()
    return ImportItem(
        tool="joplin", item_id=meta["id"], locator=f"note {n} ({name})", title=entry.title,
        url=meta.get("source_url", "").strip(), added=iso_date(meta.get("created_time")),
        updated=iso_date(meta.get("updated_time")), tags=tags, authors=[author] if author else [],
        read=meta.get("is_todo") == "1" and meta.get("todo_completed", "0") not in ("", "0"),
        markdown=entry.body, images=images, raw=raw,
    )


def _folder_path(folder_id: str, index: _Index) -> str:
    names: list[str] = []
    seen: set[str] = set()
    while folder_id and folder_id in index.folders and folder_id not in seen:
        seen.add(folder_id)
        folder = index.folders[folder_id]
        names.append(folder.title.replace("/", "∕"))
        folder_id = folder.meta.get("parent_id", "")
    return "/".join(reversed(names))
