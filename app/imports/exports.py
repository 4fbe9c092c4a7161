"""Import another tool's export file (Pocket, Netscape bookmarks, Wallabag, Evernote, Joplin, Karakeep,
Readwise Reader): recognised by itself, streamed item by item, stored in batches, nothing imported twice.

The export file itself is kept in media/ as the capture of every article it brought, and each article records
its tool, its id there and where it stood in the file (``import_sources``). An item with only an address is
stored as a link-only article (``pending_fetch``) until :mod:`app.imports.pending` fetches its page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import Cancelled, CuttingsError, DuplicateArticle
from app.imports.formats import bookmarks, csv_exports, enex, joplin, json_exports
from app.imports.items import ImportItem, ItemError, to_clip_result
from app.jobs import CancelCheck, Progress, check_cancel
from app.model import Capture, ClipResult
from app.store import imports as rows
from app.timeutil import now_iso

if TYPE_CHECKING:
    from app.archive import Archive
    from app.imports.folder import ImportReport
    from app.store.db import Database

BATCH = 250


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what the user reads: "Pocket CSV"
    tool: str
    mime: str  # how the export file is kept
    read: Callable[[Path], Iterator[ImportItem | ItemError]]


FORMATS = {
    "pocket": ExportFormat("Pocket CSV", "pocket", "text/csv", csv_exports.read_pocket),
    "readwise": ExportFormat("Readwise Reader CSV", "readwise", "text/csv", csv_exports.read_readwise),
    "bookmarks": ExportFormat("browser bookmarks", "bookmarks", "text/html", bookmarks.read_bookmarks),
    "wallabag": ExportFormat("Wallabag JSON", "wallabag", "application/json", json_exports.read_wallabag),
    "karakeep": ExportFormat("Karakeep JSON", "karakeep", "application/json", json_exports.read_karakeep),
    "evernote": ExportFormat("Evernote ENEX", "evernote", "application/enex+xml", enex.read_enex),
    "joplin": ExportFormat("Joplin JEX", "joplin", "application/x-tar", joplin.read_jex),
    "joplin-raw": ExportFormat("Joplin RAW folder", "joplin", "", joplin.read_raw_folder),
}


def detect(path: Path) -> str | None:
    """The export format of ``path`` (a key of :data:`FORMATS`), or None for an ordinary cutting or folder."""
    if path.is_dir():
        return "joplin-raw" if joplin.is_raw_folder(path) else None
    if not path.is_file():
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = csv_exports.header_of(path)
        if header >= csv_exports.POCKET_COLUMNS:
            return "pocket"
        if {"title", "url"} <= header and header & {"document tags", "saved date", "reading progress", "location"}:
            return "readwise"
        return None
    if suffix == ".enex":
        return "evernote"
    if suffix == ".jex":
        return "joplin"
    if suffix == ".json":
        return json_exports.sniff_json(path)
    if suffix in (".html", ".htm"):
        with path.open("rb") as f:
            head = f.read(1024).decode("utf-8", "replace").lower()
        return "bookmarks" if bookmarks.SIGNATURE in head else None
    return None


def import_export(archive: Archive, path: Path, kind: str, report: ImportReport, *, tags: Sequence[str] = (),
                  allow_duplicate: bool = False, progress: Progress, cancelled: CancelCheck) -> None:
    """Import every item of one export file into ``archive``; failures and duplicates go into ``report``."""
    fmt = FORMATS[kind]
    size = max(path.stat().st_size, 1) if path.is_file() else 0
    export_sha = archive.imports.store_file(path, fmt.mime) if path.is_file() else None
    progress(0, size, f"Reading {fmt.name}: {path.name}")
    batch: list[ImportItem] = []
    for entry in fmt.read(path):
        if isinstance(entry, ItemError):
            report.failed.append((f"{path}: {entry.locator}", f"{path.name}, {entry.locator}: {entry.message}"))
            continue
        batch.append(entry)
        if len(batch) >= BATCH:
            _store(archive, path, fmt, export_sha, batch, report, tags, allow_duplicate)
            batch = []
            progress(entry.position, size, f"{path.name}: {entry.locator}")
        try:
            check_cancel(cancelled)
        except Cancelled:
            _store(archive, path, fmt, export_sha, batch, report, tags, allow_duplicate)
            raise
    _store(archive, path, fmt, export_sha, batch, report, tags, allow_duplicate)
    progress(size, size, f"{path.name}: done")


def _store(archive: Archive, path: Path, fmt: ExportFormat, export_sha: str | None, batch: list[ImportItem],
           report: ImportReport, tags: Sequence[str], allow_duplicate: bool) -> None:
    """One transaction for a batch: its articles, where they came from, and the link-only list."""
    if not batch:
        return
    known = {} if allow_duplicate else archive.imports.known_items(fmt.tool, [i.item_id for i in batch])
    todo: list[tuple[ImportItem, ClipResult, bool]] = []
    seen: set[str] = set()
    for item in batch:
        label = f"{path}: {item.label}"
        if item.item_id in known:
            report.duplicates.append((label, known[item.item_id]))
            continue
        if item.item_id in seen:
            continue  # the same item twice in one export
        seen.add(item.item_id)
        try:
            result, link_only = to_clip_result(item, _capture(path, fmt, export_sha, item))
        except CuttingsError as exc:
            report.failed.append((label, f"{path.name}, {item.label}: {exc}"))
            continue
        except Exception as exc:  # one odd item must not stop an import of thousands
            report.failed.append((label, f"{path.name}, {item.label}: could not be read ({type(exc).__name__}: {exc})"))
            continue
        report.warnings.extend((label, w) for w in result.warnings)
        todo.append((item, result, link_only))
    if not todo:
        return

    def provenance(db: Database, stored: list[tuple[int, int]]) -> None:
        rows.record_sources(db, (rows.SourceRow(fmt.tool, todo[slot][0].item_id, article_id, export_sha,
                                                todo[slot][0].locator, todo[slot][0].url) for slot, article_id in stored))
        rows.add_pending(db, ((article_id, todo[slot][1].article.url) for slot, article_id in stored
                              if todo[slot][2]))

    outcomes = archive.add_many([r for _, r, _ in todo], tags_=tags, allow_duplicate=allow_duplicate,
                                on_stored=provenance)
    for (item, _, _), outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, DuplicateArticle):
            report.duplicates.append((f"{path}: {item.label}", outcome.existing_id))
        else:
            report.added.append(outcome)


def _capture(path: Path, fmt: ExportFormat, export_sha: str | None, item: ImportItem) -> Capture:
    """The import's capture: the export file (or the item's own file), and the item's original address."""
    # trafilatura's version: imported here, not with ``detect`` (which the GUI calls on a drop)
    from app.clip.web import tool_version

    raw = item.raw
    return Capture(
        method=f"import:{fmt.tool}", raw=raw, raw_sha256=None if raw is not None else export_sha,
        mime="text/markdown" if raw is not None else fmt.mime, filename=path.name, url=item.url,
        fetched_at=now_iso(), tool_version=tool_version(),
    )
