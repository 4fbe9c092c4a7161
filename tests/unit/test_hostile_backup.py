"""Hostile backups and databases: a crafted ``../../..`` blob name, malformed manifests, a zip bomb member.

Every case uses a real backup zip made by ``backup()`` and then rewritten, or a real archive whose database
was edited with sqlite3, and a real file outside the archive that must stay untouched.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.archive import Archive
from app.backup import MANIFEST, BackupError, backup, restore_backup
from app.errors import UnsafeBlobName
from app.export.runner import run_export
from app.media import MediaStore
from app.reextract import reextract
from app.samples import add_samples
from app.verify import verify

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"the victim's private file, outside every archive\n"


def _evil_name(victim: Path) -> str:
    """A blob "SHA-256" that, joined under media/, walks up to ``victim``."""
    return "../" * 40 + str(victim.resolve()).lstrip("/")


def _point_outside(db: Path, photo_victim: Path, capture_victim: Path) -> None:
    """Rename article 1's photo blob and capture blob in the database to paths outside the archive."""
    conn = sqlite3.connect(db)
    try:
        photo = conn.execute("SELECT sha256 FROM photos WHERE article_id = 1 AND sha256 IS NOT NULL").fetchone()[0]
        raw = conn.execute("SELECT raw_sha256 FROM captures WHERE article_id = 1").fetchone()[0]
        for old, victim in ((photo, photo_victim), (raw, capture_victim)):
            new = _evil_name(victim)
            conn.execute("UPDATE blobs SET sha256 = ?, ext = '' WHERE sha256 = ?", (new, old))
            conn.execute("UPDATE photos SET sha256 = ? WHERE sha256 = ?", (new, old))
            conn.execute("UPDATE captures SET raw_sha256 = ? WHERE raw_sha256 = ?", (new, old))
        conn.commit()
    finally:
        conn.close()


def _rewrite(good: Path, bad: Path, *, manifest: Any = None, replace: dict[str, bytes] | None = None) -> None:
    """Copy the backup ``good`` to ``bad``, swapping members (and fixing their manifest entries) or the manifest."""
    replace = replace or {}
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        real = json.loads(src.read(MANIFEST))
        for name, data in replace.items():
            real["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        for item in src.infolist():
            if item.filename == MANIFEST:
                continue
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        dst.writestr(MANIFEST, json.dumps(real if manifest is None else manifest))


@pytest.fixture
def victims(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "elsewhere" / "home" / "victim"
    outside.mkdir(parents=True)
    photo, capture = outside / "photo-victim", outside / "capture-victim"
    photo.write_bytes(SECRET)
    capture.write_bytes(b"<html><body><p>" + SECRET + b"</p></body></html>")
    return photo, capture


@pytest.fixture
def good_backup(archive: Archive, tmp_path: Path) -> Path:
    add_samples(archive)
    out = tmp_path / "good.zip"
    backup(archive.path, out)
    return out


def _untouched(*victims: Path) -> None:
    assert victims[0].read_bytes() == SECRET
    for victim in victims:
        assert victim.is_file()


def test_a_backup_naming_blobs_outside_the_archive_is_refused(good_backup: Path, tmp_path: Path,
                                                              victims: tuple[Path, Path]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    with zipfile.ZipFile(good_backup) as zf:
        zf.extract("archive.sqlite3", work)
    _point_outside(work / "archive.sqlite3", *victims)
    crafted = tmp_path / "crafted.zip"
    _rewrite(good_backup, crafted, replace={"archive.sqlite3": (work / "archive.sqlite3").read_bytes()})
    target = tmp_path / "restored.cuttings"
    with pytest.raises(BackupError, match=r"crafted.zip is refused: .*not a SHA-256"):
        restore_backup(crafted, target)
    assert not target.exists()  # the half-restored folder is gone
    _untouched(*victims)


def test_export_reextract_verify_and_purge_never_touch_a_path_outside(archive: Archive, tmp_path: Path,
                                                                       victims: tuple[Path, Path]) -> None:
    add_samples(archive)
    _point_outside(archive.db_path, *victims)
    for fmt in ("markdown", "bagit", "html", "pdf"):
        with pytest.raises(UnsafeBlobName, match="not a SHA-256"):
            run_export(archive, [1], fmt, tmp_path / f"out-{fmt}")
    for found in tmp_path.rglob("*"):  # nothing the exports left behind holds the outside file's bytes
        if found.is_file() and found.parent.name != "victim":
            assert SECRET not in found.read_bytes()
    with pytest.raises(UnsafeBlobName):
        reextract(archive, 1)
    report = verify(archive, repair=True)
    unsafe = [p for p in report.problems if p.kind == "blob-unsafe-name"]
    assert len(unsafe) == 2 and not report.ok and not any(p.repaired for p in unsafe)
    archive.delete([1])
    assert archive.purge().value == 1
    _untouched(*victims)
    with pytest.raises(UnsafeBlobName):
        MediaStore(archive.path / "media").path_for("ab" * 32, "/../../x")
    with pytest.raises(UnsafeBlobName):
        MediaStore(archive.path / "media").path_for("AB" * 32, ".jpg")  # the store only makes lowercase names


@pytest.mark.parametrize(("manifest", "message"), [
    ([1, 2, 3], "JSON list, not an object"),
    ({"format": "cuttings-backup"}, '"version" is missing'),
    ({"format": "cuttings-backup", "version": "1"}, '"version" is missing or not a number'),
    ({"format": "cuttings-backup", "version": 1, "counts": []}, '"counts" must give a row count'),
    ({"format": "cuttings-backup", "version": 1, "counts": "FILL", "files": ["archive.sqlite3"]},
     '"files" is missing or not an object'),
    ({"format": "cuttings-backup", "version": 1, "counts": "FILL", "files": {"archive.sqlite3": "x"}},
     'needs a "sha256"'),
    ({"format": "cuttings-backup", "version": 1, "counts": "FILL",
      "files": {"archive.sqlite3": {"sha256": "0" * 64, "bytes": 1}, "media/../../evil": {"sha256": "0" * 64, "bytes": 1}}},
     "is not a media file name"),
    ({"format": "nope"}, "is not a Cuttings backup"),
])
def test_malformed_manifests_are_refused_clearly_and_leave_nothing(good_backup: Path, tmp_path: Path,
                                                                   manifest: Any, message: str) -> None:
    if isinstance(manifest, dict) and manifest.get("counts") == "FILL":
        with zipfile.ZipFile(good_backup) as zf:
            manifest["counts"] = json.loads(zf.read(MANIFEST))["counts"]
    bad = tmp_path / "bad.zip"
    _rewrite(good_backup, bad, manifest=manifest)
    target = tmp_path / "restored.cuttings"
    with pytest.raises(BackupError, match=message):
        restore_backup(bad, target)
    assert not target.exists()


def test_a_member_is_never_unpacked_past_its_declared_size(good_backup: Path, tmp_path: Path) -> None:
    """A zip bomb: a member that inflates to 64 MB under a manifest that declares 1,000 bytes."""
    with zipfile.ZipFile(good_backup) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        name = next(n for n in manifest["files"] if n.startswith("media/"))
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(good_backup) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == name:
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as out:
                    for _ in range(64):
                        out.write(b"\0" * (1 << 20))
            elif item.filename != MANIFEST:
                dst.writestr(item.filename, src.read(item.filename))
        manifest["files"][name]["bytes"] = 1000
        dst.writestr(MANIFEST, json.dumps(manifest))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    empty = tmp_path / "empty.cuttings"
    Archive.create(empty).close()  # an existing empty archive: it stays, what was unpacked goes
    before = (empty / "archive.sqlite3").read_bytes()
    with pytest.raises(BackupError, match="larger than its manifest says"):
        restore_backup(bomb, empty)
    assert (empty / "archive.sqlite3").read_bytes() == before
    assert not [p for p in (empty / "media").rglob("*")] and not list(empty.glob(".restore-*"))
    # The proof that unpacking stops at the declared size: with files capped at 8 MB (RLIMIT_FSIZE), a restore
    # that unpacked the 64 MB would fail with "File too large" (EFBIG); this one stops first, with its message.
    capped = subprocess.run([sys.executable, "-c", CAPPED_RESTORE, str(bomb), str(tmp_path / "capped.cuttings")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert capped.returncode == 1 and "larger than its manifest says" in capped.stderr, capped
    assert not (tmp_path / "capped.cuttings").exists()


CAPPED_RESTORE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024 * 1024, 8 * 1024 * 1024))
from app.cli import main
sys.exit(main(["--archive", sys.argv[2], "restore-backup", sys.argv[1]]))
"""
