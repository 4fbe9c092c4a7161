"""Write exports under a temporary name in the destination's folder, then rename into place.

A cancelled or failed export leaves nothing under the final name: files go through ``os.replace``,
folders are built beside their destination and renamed when complete. Missing parent folders are created,
and what is put in place has the permissions of any file the user saves (the umask), not the private
ones of a temporary file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import CuttingsError, storage_error
from app.leftovers import clean_stale, held

TEMP_PREFIX = ".cuttings-export-"  # one of leftovers.PREFIXES


class DestinationExists(CuttingsError):
    """The export's destination is already there and is not ours to overwrite."""


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, so no other thread sees it change)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_parent(path: Path) -> None:
    """Create the folders above ``path`` that are missing (the user asked for them by naming them)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise DestinationExists(f"{exc.filename or path.parent} is a file, not a folder; choose another place "
                                "for the export.") from exc
    except NotADirectoryError as exc:
        raise DestinationExists(f"A part of {path.parent} is a file, not a folder; choose another place "
                                "for the export.") from exc


def check_file_destination(path: Path) -> None:
    """Refuse a destination that is a folder (a file we may replace)."""
    if path.is_dir():
        raise DestinationExists(f"{path} is a folder; give a file name (e.g. {path / 'export'}{path.suffix or '.pdf'}).")
    if not path.parent.is_dir():
        raise DestinationExists(f"The folder {path.parent} does not exist; create it first or choose another place.")


def check_folder_destination(path: Path) -> None:
    """Refuse a destination folder that has anything in it, or a file of that name."""
    if path.is_file():
        raise DestinationExists(f"{path} is a file; give the name of a new folder for the export.")
    if path.is_dir() and any(path.iterdir()):
        raise DestinationExists(f"{path} already has files in it; choose a new or empty folder for the export.")
    if not path.parent.is_dir():
        raise DestinationExists(f"The folder {path.parent} does not exist; create it first or choose another place.")


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    Missing folders above it are created. Stale temporary files and folders of interrupted exports in that
    folder are removed first. A write that fails (a full disk) is raised as :class:`StorageError` naming the
    destination."""
    make_parent(path)
    check_file_destination(path)
    clean_stale(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise storage_error(exc, "start the export in", path.parent) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~current_umask())  # mkstemp makes it private (0600)
    try:
        with held(tmp_path):
            yield tmp_path
            _fsync_file(tmp_path)
        os.replace(tmp_path, path)
    except OSError as exc:
        if not _is_write_error(exc, tmp_path, path):
            raise
        raise storage_error(exc, "write the export", path) from exc
    finally:
        tmp_path.unlink(missing_ok=True)


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it is renamed to ``path``, else removed (missing
    folders above it are created, and stale ones of interrupted exports in that folder go first, as for
    :func:`atomic_file`)."""
    make_parent(path)
    check_folder_destination(path)
    clean_stale(path.parent)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=path.parent))
    except OSError as exc:
        raise storage_error(exc, "start the export in", path.parent) from exc
    os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes it private (0700)
    try:
        with held(tmp):
            yield tmp
        if path.is_dir():
            path.rmdir()  # empty (checked above); rename cannot replace a folder on every platform
        os.replace(tmp, path)
    except OSError as exc:
        if not _is_write_error(exc, tmp, path):
            raise
        raise storage_error(exc, "write the export", path) from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _is_write_error(exc: OSError, tmp: Path, path: Path) -> bool:
    """Whether ``exc`` is a failed write into the export (no file named, or one inside it), to be raised as a
    :class:`StorageError` naming the destination; any other (a photo that cannot be read) stays as it is."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]  # a copy names its target second
    return not names or any(n.startswith(str(tmp)) or n == str(path) for n in names)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())
