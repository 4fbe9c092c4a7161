"""Whole-archive backups as one zip file, restoring them, and database snapshots on close.

A backup holds ``archive.sqlite3`` (a consistent copy made with ``VACUUM INTO`` while the archive may be
in use), every blob in ``media/`` and ``manifest.json`` with the SHA-256 and size of each file. Restoring
checks every checksum as it unpacks and refuses a target that already holds articles.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app import __version__
from app.archive import DB_NAME, Archive
from app.errors import CuttingsError, UnsafeBlobName, storage_error
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.leftovers import clean_stale, held
from app.media import EXT_RE, SHA256_RE, MediaStore, check_blob_name
from app.store.db import open_readonly

FORMAT = "cuttings-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA_TABLES = ("articles", "photos", "blobs", "captures", "tags", "article_tags", "saved_searches", "rules", "events")
STORED = {".jpg", ".jpeg", ".png", ".gif", ".webp"}  # already compressed
CHUNK = 1 << 20
SNAPSHOTS = "snapshots"
MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # a million files' entries fit many times over
RESTORE_PREFIX = ".restore-"
_SNAPSHOT = re.compile(r"^archive-(\d{8}T\d{6}Z)\.sqlite3$")


class BackupError(CuttingsError):
    """A backup cannot be made or restored (damaged file, wrong target, checksum mismatch)."""


@dataclass
class BackupReport:
    path: Path
    articles: int = 0
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "articles": self.articles, "files": self.files, "bytes": self.bytes,
                "missing": self.missing}


# ----- backup ------------------------------------------------------------------------------------


def _copy_hashing(source: IO[bytes], target: IO[bytes], *, limit: int | None = None) -> tuple[str, int]:
    """Copy and hash; with ``limit``, stop after ``limit + 1`` bytes (the size then tells the caller it was over)."""
    digest, size = hashlib.sha256(), 0
    while True:
        chunk = source.read(CHUNK if limit is None else min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def snapshot_database(db_path: Path, target: Path) -> None:
    """A consistent copy of a live database with ``VACUUM INTO`` (readers and writers may carry on)."""
    conn = open_readonly(db_path)  # also on a read-only medium
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in DATA_TABLES}


def backup(archive_path: Path, out: Path, *, progress: Progress = no_progress,
           cancelled: CancelCheck = never_cancelled) -> BackupReport:
    """Write the backup zip ``out`` (under a temporary name until it is complete)."""
    archive_path, out = Path(archive_path), Path(out).expanduser().absolute()
    if not (archive_path / DB_NAME).exists():
        raise BackupError(f"{archive_path} is not a Cuttings archive; there is nothing to back up.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give the backup a file name, e.g. {out / 'cuttings-backup.zip'}.")
    report = BackupReport(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(out.parent)  # what an interrupted backup or export left here
        fd, tmp_name = tempfile.mkstemp(prefix=".cuttings-backup-", suffix=".zip", dir=out.parent)
    except OSError as exc:
        raise storage_error(exc, "start the backup in", out.parent) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with held(tmp), tempfile.TemporaryDirectory(dir=out.parent, prefix=".cuttings-backup-") as work, held(Path(work)):
            snap = Path(work) / DB_NAME
            snapshot_database(archive_path / DB_NAME, snap)
            conn = sqlite3.connect(snap)
            try:
                counts = _counts(conn)
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                blobs = conn.execute("SELECT sha256, ext FROM blobs ORDER BY sha256").fetchall()
            finally:
                conn.close()
            files = _write_zip(tmp, snap, archive_path / "media", blobs, report, progress, cancelled)
            manifest = {"format": FORMAT, "version": VERSION, "created_at": _now_iso(), "app_version": __version__,
                        "schema_version": version, "archive_name": archive_path.name, "counts": counts,
                        "files": files, "missing": report.missing}
            with zipfile.ZipFile(tmp, "a") as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        if names and not any(n.startswith(str(out.parent)) for n in names):
            raise  # not a write into the backup (a photo that cannot be read): as it is
        raise storage_error(exc, "write the backup", out) from exc
    except sqlite3.OperationalError as exc:  # VACUUM INTO on a full disk
        raise BackupError(f"Could not write the backup {out}: copying the database failed ({exc}).") from exc
    finally:
        tmp.unlink(missing_ok=True)
    report.articles = counts["articles"]
    report.bytes = out.stat().st_size
    return report


def _write_zip(tmp: Path, snap: Path, media: Path, blobs: list[tuple[str, str]], report: BackupReport,
               progress: Progress, cancelled: CancelCheck) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
        db_info = zipfile.ZipInfo(DB_NAME, _zip_time())
        db_info.compress_type = zipfile.ZIP_DEFLATED
        with snap.open("rb") as src, zf.open(db_info, "w", force_zip64=True) as dst:
            sha, size = _copy_hashing(src, dst)
        files[DB_NAME] = {"sha256": sha, "bytes": size}
        for done, (blob_sha, ext) in enumerate(blobs):
            check_cancel(cancelled)
            path = MediaStore(media).path_for(blob_sha, ext)  # refuses a crafted name (UnsafeBlobName)
            name = f"media/{blob_sha[:2]}/{blob_sha}{ext}"
            if not path.is_file():
                report.missing.append(name)
                continue
            info = zipfile.ZipInfo(name, _zip_time())
            info.compress_type = zipfile.ZIP_STORED if ext.lower() in STORED else zipfile.ZIP_DEFLATED
            with path.open("rb") as src, zf.open(info, "w", force_zip64=True) as dst:
                sha, size = _copy_hashing(src, dst)
            if sha != blob_sha:
                raise BackupError(f"{path} is damaged (its checksum is wrong). Run `cuttings verify` first.")
            files[name] = {"sha256": sha, "bytes": size}
            progress(done + 1, len(blobs), name)
    report.files = len(files)
    return files


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = datetime.now()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# ----- restore -----------------------------------------------------------------------------------


def read_manifest(zf: zipfile.ZipFile, name: str) -> dict[str, Any]:
    """The backup's manifest, checked in full before anything is unpacked (see :func:`check_manifest`)."""
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError as exc:
        raise BackupError(f"{name} is not a Cuttings backup (it has no {MANIFEST}).") from exc
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{name}: its {MANIFEST} is {info.file_size:,} bytes, too large to be a real one.")
    try:
        with zf.open(info) as fh:
            manifest = json.loads(fh.read(MAX_MANIFEST_BYTES + 1))
    except (ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{name}: its {MANIFEST} is damaged ({exc}).") from exc
    check_manifest(manifest, name)
    return manifest


def check_manifest(manifest: object, name: str) -> None:
    """Refuse a manifest of the wrong shape with a message that says what is wrong, so restoring never meets a
    ``KeyError`` or a ``TypeError`` half way, and every file it names is a path inside the archive."""

    def bad(what: str) -> BackupError:
        return BackupError(f"{name}: its {MANIFEST} is damaged or not from Cuttings: {what}. Nothing was restored.")

    if not isinstance(manifest, dict):
        raise bad(f"it is a JSON {type(manifest).__name__}, not an object")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{name} is not a Cuttings backup.")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad('"version" is missing or not a number')
    if version > VERSION:
        raise BackupError(f"{name} was written by a newer Cuttings (backup format {version}); update Cuttings.")
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or set(counts) != set(DATA_TABLES) or not all(_count(v) for v in counts.values()):
        raise bad(f'"counts" must give a row count for each of {", ".join(DATA_TABLES)}')
    if not isinstance(manifest.get("created_at", ""), str):
        raise bad('"created_at" is not text')
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise bad('"files" is missing or not an object')
    if DB_NAME not in files:
        raise BackupError(f"{name} has no database in it.")
    for member, meta in files.items():
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str) \
                or not SHA256_RE.fullmatch(meta["sha256"]) or not _count(meta.get("bytes")):
            raise bad(f"the entry for {member[:80]!r} needs a \"sha256\" (64 hex digits) and a \"bytes\" count")
        if member != DB_NAME and media_name(member) != meta["sha256"]:
            raise bad(f"{member[:80]!r} is not a media file name (media/ab/<sha256>.ext) matching its checksum")


def media_name(member: str) -> str:
    """The SHA-256 a ``media/ab/<sha256><ext>`` member names, or "" for any other name (``..``, ``/``, ``\\``...)."""
    parts = member.split("/")
    if len(parts) != 3 or parts[0] != "media" or "\\" in member:
        return ""
    sha, ext = parts[2][:64], parts[2][64:]
    if not SHA256_RE.fullmatch(sha) or not EXT_RE.fullmatch(ext) or parts[1] != sha[:2]:
        return ""
    return sha


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_empty_target(target: Path) -> None:
    """Refuse a target that is a file, a folder of other things, or an archive that holds anything."""
    if target.is_file():
        raise BackupError(f"{target} is a file; restore into a new or empty archive folder.")
    if not target.exists() or not any(target.iterdir()):
        return
    db = target / DB_NAME
    if not db.exists():
        raise BackupError(f"{target} has other files in it; restore into a new or empty folder.")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        counts = _counts(conn)
    except sqlite3.Error:
        counts = {"articles": -1}
    finally:
        conn.close()
    if any(counts.values()):
        raise BackupError(
            f"{target} already holds an archive with {max(counts.get('articles', 0), 0)} articles; restoring "
            "would replace it. Restore into a new folder (e.g. --archive restored.cuttings) instead."
        )


def restore_backup(backup_file: Path, target: Path, *, progress: Progress = no_progress,
                   cancelled: CancelCheck = never_cancelled) -> dict[str, Any]:
    """Restore ``backup_file`` into the new or empty archive ``target``, checking every checksum; reindex.

    The manifest is checked first; no member is unpacked past its declared size; a failed restore removes
    what it unpacked (and ``target`` itself when the restore made it)."""
    backup_file, target = Path(backup_file), Path(target).expanduser().absolute()
    if not backup_file.is_file():
        raise BackupError(f"There is no backup file {backup_file}.")
    check_empty_target(target)
    try:
        zf = zipfile.ZipFile(backup_file)
    except zipfile.BadZipFile as exc:
        raise BackupError(f"{backup_file} is not a Cuttings backup (not a zip file, or damaged).") from exc
    made_target = not target.exists()
    written: list[Path] = []
    try:
        with zf:
            manifest = read_manifest(zf, backup_file.name)
            files: dict[str, dict[str, Any]] = manifest["files"]
            media = sorted(n for n in files if n != DB_NAME)
            for done, name in enumerate(media):
                check_cancel(cancelled)
                _extract_checked(zf, name, files[name], target / name, written)
                progress(done + 1, len(media) + 2, name)
            tmp_db = target / f"{RESTORE_PREFIX}{DB_NAME}"
            _extract_checked(zf, DB_NAME, files[DB_NAME], tmp_db, written)
        _check_database(tmp_db, manifest, backup_file.name)
        for suffix in ("", "-wal", "-shm"):
            (target / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_db, target / DB_NAME)
    except BaseException:
        _undo_restore(target, made_target, written)
        raise
    shutil.rmtree(target / "index", ignore_errors=True)
    progress(len(media) + 1, len(media) + 2, "indexing")
    with Archive.open(target) as archive:
        indexed = archive.reindex()
        archive.log_event("backup-restored", None, file=str(backup_file), created_at=manifest.get("created_at"))
    progress(len(media) + 2, len(media) + 2, "done")
    return {"archive": str(target), "articles": manifest["counts"]["articles"], "files": len(files),
            "indexed": indexed, "created_at": manifest.get("created_at")}


def _undo_restore(target: Path, made_target: bool, written: list[Path]) -> None:
    """Take back a failed restore: the folder it made, or else the files it unpacked into an empty archive."""
    if made_target:
        shutil.rmtree(target, ignore_errors=True)
        return
    for path in reversed(written):  # files, then the folders made for them
        with contextlib.suppress(OSError):
            path.rmdir() if path.is_dir() else path.unlink(missing_ok=True)


def _extract_checked(zf: zipfile.ZipFile, name: str, meta: dict[str, Any], path: Path, written: list[Path]) -> None:
    """Unpack one entry under a temporary name, never past its declared size; keep it only when its SHA-256
    and size are right. ``written`` collects the folders made and the files kept (a failed restore removes them)."""
    missing = [p for p in (path.parent.parent, path.parent) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    written.extend(missing)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    tmp = Path(tmp_name)
    limit = meta["bytes"]
    try:
        with os.fdopen(fd, "wb") as dst, zf.open(name) as src:
            sha, size = _copy_hashing(src, dst, limit=limit)
            dst.flush()
            os.fsync(dst.fileno())
        if size > limit:
            raise BackupError(f"{name} in the backup is larger than its manifest says ({limit:,} bytes); the backup "
                              "is damaged or crafted. Unpacking stopped there and nothing was restored.")
        if sha != meta["sha256"] or size != limit:
            raise BackupError(f"{name} in the backup is damaged (checksum mismatch); nothing was restored over it.")
        os.replace(tmp, path)
        written.append(path)
    except KeyError as exc:
        raise BackupError(f"The backup lacks {name}, listed in its manifest; it is incomplete.") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BackupError(f"{name} in the backup is damaged ({exc}).") from exc
    except OSError as exc:
        raise BackupError(f"Could not write {exc.filename or tmp} while restoring {name}: "
                          f"{exc.strerror or exc}. Nothing was restored.") from exc
    finally:
        tmp.unlink(missing_ok=True)


def _check_database(path: Path, manifest: dict[str, Any], name: str) -> None:
    """The restored database must be whole, hold the rows the manifest counts, and name only media files the
    store could have made (a crafted ``../../..`` blob would otherwise lead export, verify and purge outside)."""
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = _counts(conn) if ok == "ok" else {}
        names = conn.execute(
            "SELECT sha256, ext FROM blobs UNION ALL SELECT sha256, '' FROM photos WHERE sha256 IS NOT NULL "
            "UNION ALL SELECT raw_sha256, '' FROM captures WHERE raw_sha256 IS NOT NULL"
        ).fetchall() if ok == "ok" else []
    except sqlite3.DatabaseError as exc:
        ok = str(exc)
    finally:
        conn.close()
    if ok != "ok" or counts != manifest["counts"]:
        raise BackupError(f"The database in {name} is damaged (integrity check or row counts differ).")
    for sha, ext in names:
        try:
            check_blob_name(sha, ext)
        except UnsafeBlobName as exc:
            raise BackupError(f"{name} is refused: {exc}") from exc


# ----- snapshots on close ------------------------------------------------------------------------


def snapshot_on_close(archive_path: Path, *, now: datetime | None = None) -> Path:
    """``VACUUM INTO`` a snapshot of the database in ``<archive>/snapshots/``, then thin the old ones to
    7 daily, 4 weekly and 12 monthly. Returns the new snapshot. Cheap enough to call on every close."""
    now = now or datetime.now(UTC)
    folder = Path(archive_path) / SNAPSHOTS
    folder.mkdir(exist_ok=True)
    target = folder / f"archive-{now.strftime('%Y%m%dT%H%M%SZ')}.sqlite3"
    tmp = folder / f".tmp-{target.name}"
    tmp.unlink(missing_ok=True)
    try:
        snapshot_database(Path(archive_path) / DB_NAME, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    thin_snapshots(folder)
    return target


def snapshot_if_due(archive_path: Path, *, min_age_hours: float = 1.0, now: datetime | None = None) -> Path | None:
    """Snapshot on close when the database changed since the newest snapshot and that one is older than
    ``min_age_hours`` (a big archive takes seconds to copy; closing twice a minute should not). Returns the
    new snapshot, or None when none was due."""
    now = now or datetime.now(UTC)
    folder = Path(archive_path) / SNAPSHOTS
    newest: Path | None = None
    if folder.is_dir():
        found = sorted(p for p in folder.iterdir() if _SNAPSHOT.match(p.name))
        newest = found[-1] if found else None
    if newest is not None:
        taken = datetime.strptime(_SNAPSHOT.match(newest.name).group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)  # type: ignore[union-attr]
        db = Path(archive_path) / DB_NAME
        changed = max((p.stat().st_mtime for p in (db, db.with_name(DB_NAME + "-wal")) if p.exists()), default=0.0)
        if (now - taken).total_seconds() < min_age_hours * 3600 or changed <= newest.stat().st_mtime:
            return None
    return snapshot_on_close(archive_path, now=now)


def snapshots_to_keep(stamps: list[datetime], *, daily: int = 7, weekly: int = 4, monthly: int = 12) -> set[datetime]:
    """The newest snapshot of each of the last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months
    that have one."""
    ordered = sorted(stamps, reverse=True)
    keep: set[datetime] = set()
    rules: list[tuple[Any, int]] = [
        (lambda d: d.date(), daily), (lambda d: tuple(d.isocalendar())[:2], weekly), (lambda d: (d.year, d.month), monthly),
    ]
    for key, count in rules:
        seen: list[Any] = []
        for stamp in ordered:
            bucket = key(stamp)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.append(bucket)
            keep.add(stamp)
    return keep


def thin_snapshots(folder: Path) -> list[Path]:
    """Delete the snapshots the retention rule does not keep; returns the deleted files."""
    found = {}
    for path in folder.iterdir():
        match = _SNAPSHOT.match(path.name)
        if match:
            found[datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)] = path
    keep = snapshots_to_keep(list(found))
    removed = [path for stamp, path in found.items() if stamp not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return sorted(removed)
