"""Check an archive end to end, and repair what can be repaired.

Checks: SQLite integrity and foreign keys, every blob re-hashed against its recorded SHA-256 and size,
missing blob files, orphan files in media/ (and leftover temp files), and the index against the
database (missing, stale or extra entries).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UnsafeBlobName
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.leftovers import clean_stale, find_stale
from app.media import TEMP_PREFIX
from app.store.db import damaged_error, is_damage, read_only_error

if TYPE_CHECKING:
    from app.archive import Archive

# Queued changes this old, with no index commit for as long, are not being indexed by anyone (a live writer drains
# the queue within seconds; an import at least every few thousand articles).
QUEUE_STUCK_SECONDS = 600.0


@dataclass
class Problem:
    # database-damaged, integrity, foreign-key, blob-unsafe-name, blob-corrupt, stale-temp, blob-missing, orphan-file,
    # temp-file, index-missing, index-stale, index-extra, index-unreadable, index-queue
    kind: str
    message: str
    target: str = ""
    repaired: bool = False


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    checked_blobs: int = 0
    checked_articles: int = 0

    @property
    def ok(self) -> bool:
        return not any(not p.repaired for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [asdict(p) for p in self.problems],
            "checked_blobs": self.checked_blobs,
            "checked_articles": self.checked_articles,
        }


def verify(archive: Archive, *, repair: bool = False, progress: Progress = no_progress,
           cancelled: CancelCheck = never_cancelled) -> VerifyReport:
    if repair and archive.read_only:
        raise read_only_error(archive.db_path)
    report = VerifyReport()
    db = archive.reader
    try:
        _check_database(db, report)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        report.problems.append(damaged_problem(archive.db_path, str(exc)))
    kinds = {p.kind for p in report.problems}
    if kinds & {"integrity", "database-damaged"}:
        # Nothing else is checked or repaired: a damaged blobs table would make every photo an "orphan" to delete.
        if "database-damaged" not in kinds:
            report.problems.append(damaged_problem(archive.db_path))
        return report
    _check_blobs(archive, report, repair, progress, cancelled)
    _check_leftovers(archive, report, repair)
    _check_index(archive, report, repair, progress, cancelled)
    _check_queue(archive, report)
    archive.log_event("verified", None, ok=report.ok, problems=len(report.problems), repaired=repair)
    return report


def verify_unopened(archive_path: Path, exc: sqlite3.DatabaseError) -> VerifyReport:
    """The report for an archive whose database is too damaged to open (other SQLite errors are raised)."""
    if not is_damage(exc):
        raise exc
    return VerifyReport(problems=[damaged_problem(Path(archive_path) / "archive.sqlite3", str(exc))])


def damaged_problem(db_path: Path, detail: str = "") -> Problem:
    """The problem that names a damaged database and the ways to recover."""
    return Problem("database-damaged", str(damaged_error(db_path, detail)), db_path.name)


def _check_database(db: Any, report: VerifyReport) -> None:
    for (line,) in db.conn.execute("PRAGMA integrity_check").fetchall():
        if line != "ok":
            report.problems.append(Problem("integrity", f"SQLite integrity check: {line}", "archive.sqlite3"))
    for row in db.conn.execute("PRAGMA foreign_key_check").fetchall():
        report.problems.append(
            Problem("foreign-key", f"Row {row[1]} of table {row[0]} points to a missing {row[2]} row.", str(row[0]))
        )


def _check_blobs(archive: Archive, report: VerifyReport, repair: bool, progress: Progress,
                 cancelled: CancelCheck) -> None:
    rows = archive.reader.conn.execute("SELECT sha256, bytes, ext FROM blobs").fetchall()
    known = {}
    for sha, size, ext in rows:
        try:
            known[archive.media.path_for(sha, ext)] = (sha, size)
        except UnsafeBlobName as exc:  # never hash (or repair) a path built from such a name
            report.problems.append(Problem("blob-unsafe-name", str(exc), str(sha)[:80]))
    total = len(rows)
    for n, (path, (sha, size)) in enumerate(known.items(), 1):
        check_cancel(cancelled)
        rel = str(path.relative_to(archive.path))
        if not path.exists():
            report.problems.append(Problem("blob-missing", f"{rel} is missing (recorded {size} bytes).", rel))
        else:
            actual = archive.media.hash_file(path)
            if actual != sha or path.stat().st_size != size:
                report.problems.append(
                    Problem("blob-corrupt", f"{rel} has changed: its SHA-256 is now {actual[:12]}…, not {sha[:12]}…. "
                            "Restore it from a backup.", rel)
                )
        report.checked_blobs = n
        progress(n, total, f"Checking media {n}/{total}")
    for path in archive.media.walk():
        if path in known:
            continue
        rel = str(path.relative_to(archive.path))
        kind = "temp-file" if path.name.startswith(TEMP_PREFIX) else "orphan-file"
        problem = Problem(kind, f"{rel} is not recorded in the database (left by an interrupted write).", rel)
        if repair:
            path.unlink(missing_ok=True)
            problem.repaired = True
        report.problems.append(problem)


def _check_leftovers(archive: Archive, report: VerifyReport, repair: bool) -> None:
    """Hidden folders and files of interrupted exports and backups, in the archive's folder and beside it."""
    for folder in dict.fromkeys((archive.path, archive.path.parent)):
        found = find_stale(folder)
        removed = set(clean_stale(folder)) if repair and found else set()
        for path in found:
            report.problems.append(Problem("stale-temp", f"{path} was left by an interrupted export or backup.",
                                           str(path), repaired=path in removed))


def _check_index(archive: Archive, report: VerifyReport, repair: bool, progress: Progress,
                 cancelled: CancelCheck) -> None:
    db = archive.reader
    expected = dict(db.conn.execute("SELECT id, updated_at FROM articles WHERE deleted_at IS NULL").fetchall())
    report.checked_articles = len(expected)
    queued = {r[0] for r in db.conn.execute("SELECT article_id FROM index_queue")}
    try:
        indexed = archive.index.versions()
    except Exception as exc:  # a damaged index is a problem to report, then rebuild
        report.problems.append(Problem("index-unreadable", f"The search index cannot be read ({exc}).", "index"))
        indexed = {}
    problems = []
    for aid, version in expected.items():
        if aid not in indexed and aid not in queued:
            problems.append(Problem("index-missing", f"Article {aid} is not in the search index.", str(aid)))
        elif aid in indexed and indexed[aid] != version and aid not in queued:
            problems.append(Problem("index-stale", f"Article {aid} is indexed in an older version.", str(aid)))
    for aid in indexed.keys() - expected.keys():
        if aid not in queued:
            problems.append(Problem("index-extra", f"The index holds article {aid}, which is not live in the database.",
                                    str(aid)))
    report.problems.extend(problems)
    index_bad = any(p.kind.startswith("index") for p in report.problems)
    if repair and index_bad:
        archive.reindex(progress=progress, cancelled=cancelled)
        for p in report.problems:
            if p.kind.startswith("index"):
                p.repaired = True
    elif repair and queued:
        archive.flush_index()


def _check_queue(archive: Archive, report: VerifyReport) -> None:
    """Report an ``index_queue`` that does not drain: changes stored but never indexed because the process
    holding the index writer lock does not index (it hangs, or it is a stray process that inherited the lock)."""
    if archive.read_only:  # nothing can index there; search used an index built from the database
        return
    if archive.index.is_writer:
        archive.flush_index()
    row = archive.reader.conn.execute("SELECT COUNT(*), MIN(queued_at) FROM index_queue").fetchone()
    count, oldest = int(row[0]), row[1]
    if not count or not oldest:
        return
    waited = time.time() - datetime.fromisoformat(oldest.replace("Z", "+00:00")).timestamp()
    tocs = list(archive.index.index_dir.glob("_*.toc"))
    last_commit = max((p.stat().st_mtime for p in tocs), default=0.0)
    idle = time.time() - last_commit
    if waited < QUEUE_STUCK_SECONDS or idle < QUEUE_STUCK_SECONDS:
        return
    holder = _lock_holder(archive)
    report.problems.append(Problem(
        "index-queue",
        f"{count} changes have waited {waited / 60:.0f} minutes for the search index, and the index has not "
        f"changed for {idle / 60:.0f} minutes: the process holding the index lock{holder} is not indexing. Close "
        "other Cuttings windows and commands; if none is running, end that process. The changes are stored, and "
        "the next Cuttings to take the lock indexes them.",
        "index_queue",
    ))


def _lock_holder(archive: Archive) -> str:
    try:
        text = (archive.index.index_dir / "writer.lock").read_text("utf-8", errors="replace").split()
    except OSError:
        return ""
    return f" (process {text[0]})" if text else ""
