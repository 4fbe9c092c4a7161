"""Backup and restore: every table and blob comes back; damaged backups and non-empty targets are refused;
snapshots on close are thinned to 7 daily, 4 weekly, 12 monthly."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.archive import Archive
from app.backup import (
    DATA_TABLES,
    BackupError,
    backup,
    restore_backup,
    snapshot_if_due,
    snapshot_on_close,
    snapshots_to_keep,
)
from app.samples import add_samples


def _rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in DATA_TABLES}
    finally:
        conn.close()


@pytest.fixture
def full_archive(archive: Archive) -> Archive:
    add_samples(archive)
    archive.tag([1, 2], add=["places/Korea/Seoul"])
    archive.set_tag_color("samples", "#3a7bd5")
    archive.save_search("korea", "Korea")
    archive.db.conn.execute("INSERT INTO rules(name, query, tag, created_at) VALUES ('k', 'Korea', 'places/Korea', 'x')")
    archive.delete([3])
    return archive


def test_round_trip_loses_nothing(full_archive: Archive, tmp_path: Path) -> None:
    report = backup(full_archive.path, tmp_path / "b.zip")
    blobs = full_archive.reader.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0]
    assert report.articles == 3 and not report.missing and report.files == 1 + blobs == 1 + 3 + 3  # photos, captures
    target = tmp_path / "restored.cuttings"
    result = restore_backup(tmp_path / "b.zip", target)
    assert result["articles"] == 3 and result["indexed"] == 2  # the trashed one stays out of search
    before, after = _rows(full_archive.db_path), _rows(target / "archive.sqlite3")
    after["events"] = [e for e in after["events"] if e[2] != "backup-restored"]
    assert before == after
    for sha, ext in [(r[0], r[3]) for r in before["blobs"]]:
        assert (target / "media" / sha[:2] / f"{sha}{ext}").read_bytes() == full_archive.blob(sha)
    with Archive.open(target) as restored:
        assert [h.id for h in restored.search("Kang Kyung-wha").hits] == [1]
        assert restored.get(1).uid == full_archive.get(1).uid


def test_refuses_a_non_empty_target_and_accepts_an_empty_archive(full_archive: Archive, tmp_path: Path) -> None:
    backup(full_archive.path, tmp_path / "b.zip")
    with pytest.raises(BackupError, match="already holds an archive with 3 articles"):
        restore_backup(tmp_path / "b.zip", full_archive.path)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("x")
    with pytest.raises(BackupError, match="other files"):
        restore_backup(tmp_path / "b.zip", tmp_path / "junk")
    Archive.create(tmp_path / "empty.cuttings").close()
    assert restore_backup(tmp_path / "b.zip", tmp_path / "empty.cuttings")["articles"] == 3


def test_damaged_backup_is_refused(full_archive: Archive, tmp_path: Path) -> None:
    good = tmp_path / "b.zip"
    backup(full_archive.path, good)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith(".jpg"):
                data = data[:-10] + b"0123456789"
            dst.writestr(item, data)
    with pytest.raises(BackupError, match="checksum mismatch"):
        restore_backup(bad, tmp_path / "r.cuttings")
    assert not (tmp_path / "r.cuttings" / "archive.sqlite3").exists()
    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    assert manifest["counts"]["articles"] == 3 and all(len(v["sha256"]) == 64 for v in manifest["files"].values())
    (tmp_path / "notzip.zip").write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a Cuttings backup"):
        restore_backup(tmp_path / "notzip.zip", tmp_path / "r2.cuttings")


def test_snapshots_are_thinned(archive: Archive) -> None:
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    for day in range(400):
        snapshot_on_close(archive.path, now=start + timedelta(days=day, hours=day % 3))
    names = sorted(p.name for p in (archive.path / "snapshots").iterdir())
    assert names[-1] == "archive-20250203T120000Z.sqlite3" and not [n for n in names if n.startswith(".")]
    assert 12 <= len(names) <= 7 + 4 + 12
    conn = sqlite3.connect(archive.path / "snapshots" / names[-1])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_snapshot_on_close_only_when_changed_and_not_too_soon(archive: Archive) -> None:
    now = datetime.now(UTC)
    first = snapshot_if_due(archive.path, now=now)
    assert first is not None and first.exists()
    assert snapshot_if_due(archive.path, now=now + timedelta(hours=3)) is None  # nothing changed since
    add_samples(archive)
    assert snapshot_if_due(archive.path, now=now + timedelta(minutes=10)) is None  # too soon
    second = snapshot_if_due(archive.path, now=now + timedelta(hours=3))
    assert second is not None and second != first
    conn = sqlite3.connect(second)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 0
    conn.close()


def test_retention_rule() -> None:
    now = datetime(2024, 12, 31, tzinfo=UTC)
    stamps = [now - timedelta(hours=6 * i) for i in range(4 * 400)]
    keep = snapshots_to_keep(stamps)
    days = {s.date() for s in keep}
    assert max(keep) == now and len({(s.year, s.month) for s in keep}) == 12
    assert {(now - timedelta(days=d)).date() for d in range(7)} <= days
    assert len(keep) <= 7 + 4 + 12
