"""Hidden temporary files and folders that exports and backups make beside their destination.

While in use each one is locked (``flock`` on it, a folder included) by the process writing it; an interrupted
run (a kill, a crash, a power cut) leaves it unlocked. :func:`clean_stale` removes those: the next export or
backup into the same folder calls it, and ``verify --repair`` calls it for the archive's folder and the folder
beside it. Where locks are not available (Windows, some network shares) only the age tells: an hour.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PREFIXES = (".cuttings-export-", ".cuttings-backup-")
GRACE_SECONDS = 60.0  # an entry this young may be made but not locked yet
UNLOCKED_AGE_SECONDS = 3600.0  # where locks do not work: older than this is stale


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold a lock on the file or folder ``path`` while the block runs (marks it as in use by a live process)."""
    fd = _open(path)
    if fd is not None and fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def stale(path: Path, *, now: float | None = None) -> bool:
    """Whether ``path`` was left by an interrupted export or backup: no live process holds its lock (and it is
    over a minute old), or, where locks do not work, it is over an hour old."""
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    if age < GRACE_SECONDS:
        return False
    fd = _open(path)
    if fd is None or fcntl is None:
        return age > UNLOCKED_AGE_SECONDS
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a live process is writing it
    except OSError:
        return age > UNLOCKED_AGE_SECONDS  # this file system has no locks
    finally:
        os.close(fd)
    return True


def find_stale(folder: Path, *, now: float | None = None) -> list[Path]:
    """The stale temporary exports and backups directly in ``folder``."""
    try:
        entries = sorted(p for p in folder.iterdir() if p.name.startswith(PREFIXES))
    except OSError:
        return []
    return [p for p in entries if stale(p, now=now)]


def clean_stale(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the stale temporary exports and backups in ``folder``; returns what was removed. Best effort: a
    failure to remove one is no reason to stop the export that called this."""
    removed = []
    for path in find_stale(folder, now=now):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
