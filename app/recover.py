"""``cuttings recover``: salvage a damaged archive into a new one, never touching the damaged one.

The rows are read from the pages of a copy of the database (see ``store/pages``): each table's b-tree as far as
it is sound, and leaf pages cut off by a damaged page placed by their shape. SQLite's own ``.recover`` does the
same, but the ``sqlite3`` shell of Debian 12 cannot run it (its SQLite lacks the ``sqlite_dbpage`` table: "SQL
logic error" on every file), Windows and macOS ship no shell, and Python's ``sqlite3`` has no recovery API; a
salvage through SQL (``iterdump``) loses every row below a damaged interior page.

The new archive gets the rows, a copy of media/, and an index built from what was recovered. The report says
what came back, and which articles the old search index knew that did not.
"""

from __future__ import annotations

import mmap
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.errors import CuttingsError
from app.jobs import Progress, no_progress
from app.media import TEMP_PREFIX
from app.store import pages
from app.store.db import connect, transaction
from app.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

DB_NAME = "archive.sqlite3"
WORK = ".recover-work"
# Parents first, so that a child row's parent is there when it is checked; the index queue is not kept (the new
# archive's index is built from the recovered rows).
TABLES = ["articles", "blobs", "photos", "captures", "tags", "article_tags", "saved_searches", "rules", "events",
          "meta"]
_MIME = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
         ".gif": "image/gif", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}


@dataclass
class RecoverReport:
    out: Path
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the new archive
    from_cut_off_pages: int = 0  # rows found on leaf pages a damaged page cut off, placed by their shape
    unplaced: int = 0  # rows of cut-off pages whose table could not be told
    dropped: dict[str, int] = field(default_factory=dict)  # rows left out: their article or tag was lost
    blobs_rebuilt: int = 0  # blob records remade from files in media/
    media_files: int = 0
    index_knew: int | None = None  # articles the old search index held, if it could be read
    missing_ids: list[int] = field(default_factory=list)  # of those, the ones not recovered

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["out"] = str(self.out)
        return data


def default_out(source: Path) -> Path:
    """``My Archive.cuttings`` -> ``My Archive (recovered).cuttings`` (or ``… (recovered 2)…``)."""
    source = Path(source).absolute()
    for n in range(1, 100):
        label = " (recovered)" if n == 1 else f" (recovered {n})"
        candidate = source.with_name(f"{source.stem}{label}{source.suffix}")
        if not candidate.exists():
            return candidate
    raise CuttingsError(f"Too many recovered copies beside {source}; give --out.")


def recover(source: Path, out: Path, *, progress: Progress = no_progress) -> RecoverReport:
    """Salvage the archive at ``source`` into the new folder ``out`` (which must not exist or be empty)."""
    source, out = Path(source).absolute(), Path(out).absolute()
    _check_paths(source, out)
    out.mkdir(parents=True, exist_ok=True)
    work = out / WORK
    work.mkdir()
    report = RecoverReport(out)
    try:
        progress(0, 4, "Reading the damaged database")
        copy = _copy_database(source / DB_NAME, work / DB_NAME)
        with copy.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            roots = pages.schema_roots(data) or _fresh_roots(work)
            found = pages.salvage(data, {t: r for t, r in roots.items() if t in TABLES})
            version = _version(data[:100])
        progress(1, 4, "Writing the recovered rows")
        _write(out / DB_NAME, version, found, report)
        progress(2, 4, "Copying photos and captures")
        report.media_files = _copy_media(source / "media", out / "media")
        report.blobs_rebuilt = _rebuild_blobs(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(3, 4, "Building the search index")
    _build_index(out, report)
    _compare_with_old_index(source, report)
    progress(4, 4, "Done")
    return report


def _check_paths(source: Path, out: Path) -> None:
    if not (source / DB_NAME).is_file():
        raise CuttingsError(f"{source} is not a Cuttings archive (no {DB_NAME}): there is nothing to recover.")
    if out == source or source in out.parents or out in source.parents:
        raise CuttingsError(f"Recover into a new folder outside {source}, not {out}: the damaged archive is left "
                            "as it is.")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CuttingsError(f"{out} already exists and is not an empty folder; give --out a new folder.")


def _copy_database(db_file: Path, copy: Path) -> Path:
    """A copy of the damaged file with its WAL folded in (the original is only read)."""
    shutil.copyfile(db_file, copy)
    wal = db_file.with_name(db_file.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        try:
            conn = sqlite3.connect(str(copy))
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except sqlite3.Error:  # too damaged to checkpoint: the main file as it is
            pass
    if copy.stat().st_size < 100:
        raise CuttingsError(f"{db_file} is too short to be a database ({copy.stat().st_size} bytes): nothing to recover.")
    return copy


def _version(data: bytes) -> int:
    version = int.from_bytes(data[60:64], "big") if len(data) >= 64 else 0
    return version if 0 < version <= SCHEMA_VERSION else SCHEMA_VERSION


def _fresh_roots(work: Path) -> dict[str, int]:
    """Root pages of a database made by the same migrations (where the damaged schema table is unreadable)."""
    path = work / "fresh.sqlite3"
    db = connect(path)
    try:
        migrate(db, path)
        return {r[0]: r[1] for r in db.conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.conn.close()


def _write(path: Path, version: int, found: pages.Salvage, report: RecoverReport) -> None:
    """A new database at the damaged one's schema version with every salvaged row, then migrated to this one's."""
    db = connect(path)
    try:
        conn = db.conn
        migrate(db, path, MIGRATIONS[:version])  # the schema the damaged archive had, made as it was made
        shapes = {t: _columns(conn, t) for t in [*TABLES, "index_queue"]}
        conn.execute("PRAGMA foreign_keys = OFF")  # rows land in any order; dangling ones are dropped below
        with transaction(db):
            for table in TABLES:
                for rowid, values in found.rows.get(table, []):
                    _insert(conn, table, shapes[table], rowid, values)
            for rowid, values in found.orphans:
                fits = [t for t in shapes if _fits(shapes[t], values)]
                if fits == ["index_queue"]:  # not kept: the new index is built from the recovered rows
                    continue
                if len(fits) == 1:
                    report.from_cut_off_pages += _insert(conn, fits[0], shapes[fits[0]], rowid, values)
                else:
                    report.unplaced += 1
            report.dropped = _drop_dangling(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(db, path)
        report.rows = {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in TABLES}
    finally:
        db.conn.close()
    for leftover in path.parent.glob(f"{path.stem}.v*.bak.sqlite3"):  # the migration's backup of a new file
        leftover.unlink()


Column = tuple[str, str, bool, bool]  # name, declared type, not null, the INTEGER PRIMARY KEY


def _columns(conn: sqlite3.Connection, table: str) -> list[Column]:
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    keys = [r for r in info if r[5]]
    return [(r[1], str(r[2]).upper(), bool(r[3]), len(keys) == 1 and r[5] == 1 and str(r[2]).upper() == "INTEGER")
            for r in info]


def _fits(shape: list[Column], values: list[Any]) -> bool:
    """Whether a row from a cut-off page has the shape of this table (count and kinds of its values)."""
    if len(values) != len(shape) or not any(col[3] for col in shape):
        return False  # only rowid tables with an integer key are placed: the page gives the key
    for value, (_, kind, notnull, ipk) in zip(values, shape, strict=True):
        if ipk:
            if value is not None:
                return False
        elif value is None:
            if notnull:
                return False
        elif (kind == "INTEGER" and not isinstance(value, int)) or (kind == "TEXT" and not isinstance(value, str)):
            return False
    return True


def _insert(conn: sqlite3.Connection, table: str, shape: list[Column], rowid: int, values: list[Any]) -> int:
    values = values[: len(shape)]
    names = [col[0] for col in shape[: len(values)]]
    values = [rowid if col[3] and v is None else v for col, v in zip(shape, values, strict=False)]
    try:
        cur = conn.execute(f"INSERT OR IGNORE INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                           values)
    except sqlite3.Error:  # a value the table refuses (NOT NULL, CHECK): the row is lost
        return 0
    return cur.rowcount


def _drop_dangling(conn: sqlite3.Connection) -> dict[str, int]:
    """Remove rows whose article or tag was not recovered (a photo of nothing, a tag on nothing)."""
    dropped = {}
    for table, where in (
        ("photos", "article_id NOT IN (SELECT id FROM articles)"),
        ("captures", "article_id NOT IN (SELECT id FROM articles)"),
        ("article_tags", "article_id NOT IN (SELECT id FROM articles) OR tag_id NOT IN (SELECT id FROM tags)"),
    ):
        n = conn.execute(f"DELETE FROM {table} WHERE {where}").rowcount
        if n:
            dropped[table] = n
    return dropped


def _copy_media(source: Path, target: Path) -> int:
    count = 0
    target.mkdir(exist_ok=True)
    if not source.is_dir():
        return 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name.startswith(TEMP_PREFIX):
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
        count += 1
    return count


def _rebuild_blobs(out: Path) -> int:
    """A photo or capture whose blob record was lost gets it back from its file (named by its SHA-256)."""
    files = {p.stem: p for p in (out / "media").rglob("*") if p.is_file()}
    db = connect(out / DB_NAME)
    try:
        wanted = [r[0] for r in db.conn.execute(
            "SELECT sha256 FROM photos WHERE sha256 IS NOT NULL UNION SELECT raw_sha256 FROM captures "
            "WHERE raw_sha256 IS NOT NULL EXCEPT SELECT sha256 FROM blobs")]
        rows = [(sha, files[sha].stat().st_size, _MIME.get(files[sha].suffix.lower(), ""), files[sha].suffix.lstrip("."))
                for sha in wanted if sha in files]
        db.conn.executemany("INSERT INTO blobs(sha256, bytes, mime, ext, created_at) VALUES (?, ?, ?, ?, "
                            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", rows)
    finally:
        db.conn.close()
    return len(rows)


def _build_index(out: Path, report: RecoverReport) -> None:
    from app.archive import Archive

    with Archive.open(out, catch_up=False) as archive:
        archive.reindex()
        archive.log_event("recovered", None, rows=report.rows, from_cut_off_pages=report.from_cut_off_pages)


def _compare_with_old_index(source: Path, report: RecoverReport) -> None:
    """Which articles the damaged archive's search index knew that were not recovered (read only, if readable)."""
    from app.search import SearchIndex

    if not (source / "index").is_dir():
        return
    try:
        index = SearchIndex(source / "index", readonly=True)
        try:
            known = set(index.versions())
        finally:
            index.close()
    except Exception:  # a damaged index only means there is nothing to compare with
        return
    db = connect(report.out / DB_NAME, readonly=True)
    try:
        have = {r[0] for r in db.conn.execute("SELECT id FROM articles")}
    finally:
        db.conn.close()
    report.index_knew = len(known)
    report.missing_ids = sorted(known - have)
