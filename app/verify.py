"""Check an archive end to end, and repair what can be repaired.

Checks: SQLite integrity and foreign keys, every blob re-hashed against its recorded SHA-256 and size,
missing blob files, orphan files in media/ (and leftover temp files), and the index against the
database (missing, stale or extra entries).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from app.errors import UnsafeBlobName
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.leftovers import clean_stale, find_stale
from app.media import TEMP_PREFIX

if TYPE_CHECKING:
    from app.archive import Archive


@dataclass
class Problem:
    kind: str  # integrity, foreign-key, blob-unsafe-name, blob-corrupt, stale-temp, blob-missing, orphan-file, temp-file, index-missing, index-stale, index-extra, index-unreadable
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
    report = VerifyReport()
    db = archive.reader
    _check_database(db, report)
    _check_blobs(archive, report, repair, progress, cancelled)
    _check_leftovers(archive, report, repair)
    _check_index(archive, report, repair, progress, cancelled)
    archive.log_event("verified", None, ok=report.ok, problems=len(report.problems), repaired=repair)
    return report


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
