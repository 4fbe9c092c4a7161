"""A full disk (a real 2 MB tmpfs, mounted where the machine allows) and what interrupted exports and backups
leave behind (a real process killed inside an export, a real lock held by another live process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.archive import Archive
from app.backup import backup
from app.cli import main
from app.clip.image import clip_image_file
from app.errors import CuttingsError, StorageError
from app.export.runner import run_export
from app.imports.folder import import_paths
from app.leftovers import clean_stale
from app.samples import add_samples
from app.verify import verify

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system of its own: writes past it fail with ENOSPC, as on a full disk."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not permitted here ({done.stderr.decode().strip()})")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _noise_jpeg(path: Path, width: int, height: int) -> Path:
    """A real JPEG that does not compress (random pixels): about ``width * height * 2`` bytes."""
    from PIL import Image

    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(path, "JPEG", quality=95)
    return path


def _fill(disk: Path, leave: int = 64 * 1024) -> None:
    """Fill ``disk`` up to ``leave`` free bytes (one more filler file each time)."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / f"filler-{len(list(disk.glob('filler-*')))}").write_bytes(b"\0" * max(0, free - leave))


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith((".tmp-", ".cuttings-export-", ".cuttings-backup-"))]


def test_a_photo_on_a_full_disk_names_the_path_and_leaves_no_temp_file(small_disk: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    big = _noise_jpeg(tmp_path / "big.jpg", 1800, 1300)
    assert big.stat().st_size > 2 * 1024 * 1024
    path = small_disk / "full.cuttings"
    with Archive.create(path) as archive:
        with pytest.raises(StorageError, match=r"Could not write a [\d,]+-byte image/jpeg into .*/full.cuttings/media/"
                                               r"[0-9a-f]{2}: No space left on device\. Free some space"):
            archive.add(clip_image_file(big))
        assert not archive.ids() and not _temp_files(path)
    assert main(["--archive", str(path), "clip", str(big)]) == 1
    err = capsys.readouterr().err
    assert "full.cuttings/media/" in err and "No space left on device" in err and "cuttings: : " not in err
    assert not _temp_files(path)


def test_an_import_batch_on_a_full_disk_leaves_no_temp_files(small_disk: Path, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    for n in range(4):
        _noise_jpeg(folder / f"scan-{n}.jpg", 640, 480)  # about 600 KB each: the third or fourth cannot fit
    path = small_disk / "full.cuttings"
    with Archive.create(path) as archive:
        with pytest.raises(StorageError, match="No space left on device"):
            import_paths(archive, [folder], workers=0)
        assert not archive.ids() and not _temp_files(path)  # the batch was stored whole or not at all


def test_an_export_or_backup_to_a_full_disk_names_it_and_leaves_nothing(small_disk: Path, archive: Archive) -> None:
    add_samples(archive)
    _fill(small_disk)
    for fmt, out in (("markdown", small_disk / "md"), ("csv", small_disk / "big.csv"), ("html", small_disk / "one.html")):
        if fmt == "csv":
            _fill(small_disk, leave=0)
        with pytest.raises(StorageError, match=rf"Could not write the export {out}: No space left on device"):
            run_export(archive, archive.ids(), fmt, out)
        assert not out.exists()
    with pytest.raises(CuttingsError, match=rf"Could not write the backup {small_disk / 'b.zip'}"):
        backup(archive.path, small_disk / "b.zip")
    assert not _temp_files(small_disk) and sorted(p.name for p in small_disk.iterdir()) == ["filler-0", "filler-1"]


KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from app.export.atomic import atomic_folder
with atomic_folder(Path(sys.argv[1])) as tmp:
    (tmp / "article.md").write_text("half an export")
    os.kill(os.getpid(), signal.SIGKILL)
"""
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def test_leftovers_of_a_killed_export_are_cleaned_by_the_next_export_and_by_verify(archive: Archive,
                                                                                   tmp_path: Path) -> None:
    add_samples(archive)
    exports = tmp_path / "exports"
    exports.mkdir()
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(exports / "md")], cwd=ROOT)
    assert killed.returncode == -9
    (left,) = exports.glob(".cuttings-export-*")
    assert (left / "article.md").read_text() == "half an export"
    busy = exports / ".cuttings-backup-busy.zip"
    busy.write_bytes(b"another process is writing this backup")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(busy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        two_hours_ago = time.time() - 2 * 3600
        for path in (left, busy):
            os.utime(path, (two_hours_ago, two_hours_ago))
        assert clean_stale(exports, now=two_hours_ago + 30) == []  # under a minute old: left alone
        run_export(archive, archive.ids(), "csv", exports / "meta.csv")
        assert not left.exists() and busy.exists()  # the dead one goes; the locked one is in use
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert clean_stale(exports) == [busy]  # once its process is gone
    near = archive.path.parent / ".cuttings-backup-abc123"
    near.mkdir()
    os.utime(near, (two_hours_ago, two_hours_ago))
    report = verify(archive)
    assert [p.kind for p in report.problems] == ["stale-temp"] and not report.ok
    report = verify(archive, repair=True)
    assert report.problems[0].repaired and report.ok and not near.exists()


def test_clips_on_a_full_disk_say_what_failed_and_the_archive_recovers(small_disk: Path, samples: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = small_disk / "full.cuttings"
    page = samples / "web" / "harbour-archive.html"
    assert main(["--archive", str(path), "clip", str(page)]) == 0
    _fill(small_disk, leave=0)
    capsys.readouterr()
    for _ in range(3):  # the index, then the database, cannot grow: each time a message that names them
        assert main(["--archive", str(path), "clip", str(page), "--allow-duplicate"]) == 1
        err = capsys.readouterr().err
        assert str(path) in err and ("No space left on device" in err or "Is the disk full?" in err), err
    for filler in small_disk.glob("filler-*"):
        filler.unlink()
    with Archive.open(path) as archive:
        assert verify(archive, repair=True).ok
        ids = archive.ids()
        assert len(archive.search("harbour", limit=10).hits) == len(ids) >= 1
