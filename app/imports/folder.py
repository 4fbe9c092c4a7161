"""Bulk import of folders of cuttings: text, Markdown, saved web pages and photos.

Extraction is pure and runs in worker processes when there is enough to do; the archive writes
in this process, one article per transaction, so a kill mid-run leaves every stored article whole.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.changes import OpChanges
from app.clip.dispatch import (
    HTML_SUFFIXES,
    IMAGE_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SCAN_SUFFIXES,
    clip_source,
    special_file_reason,
)
from app.duplicates import content_hash
from app.errors import Cancelled, CuttingsError, DuplicateArticle
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.lifeline import die_with_parent
from app.model import ClipResult

if TYPE_CHECKING:
    from app.archive import Archive

CLIPPABLE = {".txt", ".text"} | MARKDOWN_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | SCAN_SUFFIXES
EXPORT_SUFFIXES = {".csv", ".json", ".enex", ".jex"}  # other tools' exports, when they are recognised
PARALLEL_FROM = 16  # below this, worker processes cost more than they save
BATCH = 250  # articles per transaction at most: each makes its media durable with two os.sync() calls
BATCH_BYTES = 32 * 1024 * 1024  # ... and fewer when their captures and photos hold this many bytes


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # links out of the folder, FIFOs, devices
    cancelled: bool = False

    @property
    def changes(self) -> OpChanges:
        """What the import changed: the articles it added."""
        return OpChanges.added(self.added)

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.added,
            "duplicates": [{"path": p, "existing_id": i} for p, i in self.duplicates],
            "failed": [{"path": p, "error": e} for p, e in self.failed],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "cancelled": self.cancelled,
        }


def find_items(paths: Iterable[Path], skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """The clippable items under ``paths``: files, and saved pages (``x.html`` + ``x_files/``) as one item.

    An image beside a text or Markdown file of the same stem belongs to it and is not an item of its own.
    Inside a folder, a link to anything outside it and anything that is not a regular file (a FIFO, a socket,
    a device) is never opened: it goes to ``skipped`` with the reason.
    """
    items: list[Path] = []
    skipped = [] if skipped is None else skipped
    for path in paths:
        if path.is_dir():
            items.extend(_walk(path, skipped))
        elif path.exists() and not path.is_file():
            skipped.append((str(path), special_file_reason(path)))
        else:
            items.append(path)  # a file, or a missing path the clip step reports
    return items


def _walk(folder: Path, skipped: list[tuple[str, str]]) -> Iterator[Path]:
    top = folder.resolve()
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            if os.path.islink(os.path.join(root, d)) and not d.startswith("."):
                skipped.append((os.path.join(root, d), "a link to a folder; links are not followed."))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_page_files(Path(root), d))
        names = sorted(f for f in files if not f.startswith("."))
        stems_with_text = {Path(f).stem for f in names if Path(f).suffix.lower() in {".txt", ".text", ".md", ".markdown"}}
        for name in names:
            p = Path(root) / name
            suffix = p.suffix.lower()
            if suffix not in CLIPPABLE and suffix not in EXPORT_SUFFIXES:
                continue
            if suffix in IMAGE_SUFFIXES and (p.stem in stems_with_text or _inside_page_assets(p, folder)):
                continue
            reason = _unsafe_reason(p, top)
            if reason:
                skipped.append((str(p), reason))
                continue
            yield p


def _unsafe_reason(path: Path, top: Path) -> str:
    """Why ``path`` (found inside ``top``) must not be opened, or ""."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(top):
            return f"a link to {target}, outside the folder being imported; not read."
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a broken link; nothing to read."
    return "" if stat.S_ISREG(mode) else special_file_reason(path)


def _is_page_files(root: Path, name: str) -> bool:
    """``page_files`` next to ``page.html`` belongs to the saved page; so does an ``images`` folder beside HTML."""
    if name.endswith("_files"):
        stem = name[: -len("_files")]
        return any((root / f"{stem}{s}").exists() for s in HTML_SUFFIXES)
    return name in {"images", "img", "assets"} and any(root.glob("*.htm*"))


def _inside_page_assets(path: Path, top: Path) -> bool:
    return any(part.endswith("_files") for part in path.relative_to(top).parts[:-1])


def _extract(path: str) -> tuple[str, ClipResult | None, str]:
    """Clip one item (in a worker process): ``(path, result, "")`` or ``(path, None, error)``. The result's
    ``content_hash`` is filled in here, off the process that writes the archive (see ``Archive.add_many``)."""
    try:
        result = clip_source(Path(path), allow_network=False)
        result.content_hash = content_hash(result.article.title, result.article.body)
        return path, result, ""
    except CuttingsError as exc:
        return path, None, str(exc)
    except Exception as exc:  # one bad file must not stop an import of thousands
        return path, None, f"{Path(path).name}: could not be read ({type(exc).__name__}: {exc})."


def import_paths(archive: Archive, paths: Sequence[Path], *, tags: Sequence[str] = (), allow_duplicate: bool = False,
                 workers: int | None = None, progress: Progress = no_progress,
                 cancelled: CancelCheck = never_cancelled) -> ImportReport:
    """Clip every item under ``paths`` into ``archive``. Failures and duplicates are reported, not fatal.

    Exports of other tools (Pocket, bookmarks, Wallabag, Evernote, Joplin, Karakeep, Readwise) are recognised by
    themselves, given as files or found in the folders, and imported item by item.
    """
    from app.imports.exports import detect, import_export

    report = ImportReport()
    exports: list[tuple[Path, str]] = []
    items: list[Path] = []
    for item in [p for p in paths if p.is_dir() and detect(p)] + find_items(
            (p for p in paths if not (p.is_dir() and detect(p))), report.skipped):
        kind = detect(item) if item.is_dir() or item.suffix.lower() in EXPORT_SUFFIXES | HTML_SUFFIXES else None
        if kind:
            exports.append((item, kind))
        elif item.suffix.lower() not in EXPORT_SUFFIXES or item in paths:
            items.append(item)
    total = len(items)
    progress(0, total, f"Importing {total} items")
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if total >= PARALLEL_FROM else 0
    with archive.bulk_indexing(expected=total):
        _import_items(archive, items, workers, tags, allow_duplicate, report, progress, cancelled)
        for path, kind in exports:
            if report.cancelled:
                break
            try:
                import_export(archive, path, kind, report, tags=tags, allow_duplicate=allow_duplicate,
                              progress=progress, cancelled=cancelled)
            except Cancelled:
                report.cancelled = True
    return report


def _import_items(archive: Archive, items: Sequence[Path], workers: int, tags: Sequence[str], allow_duplicate: bool,
                  report: ImportReport, progress: Progress, cancelled: CancelCheck) -> None:
    total = len(items)
    batch: list[tuple[str, ClipResult]] = []
    held = 0  # bytes of media the batch holds in memory
    try:
        for n, (path, result, error) in enumerate(_results(items, workers), 1):
            check_cancel(cancelled)
            if result is None:
                report.failed.append((path, error))
            else:
                report.warnings.extend((path, w) for w in result.warnings)
                batch.append((path, result))
                held += _media_bytes(result)
            if len(batch) >= BATCH or held >= BATCH_BYTES or n == total:
                _store(archive, batch, tags, allow_duplicate, report)
                batch, held = [], 0
            progress(n, total, Path(path).name)
    except Cancelled:
        _store(archive, batch, tags, allow_duplicate, report)
        report.cancelled = True


def _media_bytes(result: ClipResult) -> int:
    """The bytes a clipped item brings to store in media/: its capture and its photos."""
    return len(result.capture.raw or b"") + sum(len(p.data or b"") for p in result.article.photos)


def _results(items: Sequence[Path], workers: int) -> Iterator[tuple[str, ClipResult | None, str]]:
    names = [str(p) for p in items]
    if workers <= 1:
        for name in names:
            yield _extract(name)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            yield from pool.map(_extract, names, chunksize=8)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _store(archive: Archive, batch: list[tuple[str, ClipResult]], tags: Sequence[str], allow_duplicate: bool,
           report: ImportReport) -> None:
    """Write one batch in one transaction: a kill loses at most the batch in flight, never half an article."""
    if not batch:
        return
    outcomes = archive.add_many([r for _, r in batch], tags_=tags, allow_duplicate=allow_duplicate)
    for (path, _), outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, DuplicateArticle):
            report.duplicates.append((path, outcome.existing_id))
        else:
            report.added.append(outcome)
