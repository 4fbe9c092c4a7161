"""Content-addressed blob store: ``media/ab/abcd….ext``, written once, never changed."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.errors import UnsafeBlobName, storage_error

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "text/html": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
    "application/pdf": ".pdf",
    "text/vnd.hocr+html": ".hocr",
    # exports of other tools, kept as the capture of what was imported from them
    "text/csv": ".csv",
    "application/json": ".json",
    "application/enex+xml": ".enex",
    "application/x-tar": ".tar",
}
TEMP_PREFIX = ".tmp-"
SHA256_RE = re.compile(r"[0-9a-f]{64}")
EXT_RE = re.compile(r"(\.[a-z0-9]{1,8})?")  # "" or a short suffix: never a separator, never ".."


def check_blob_name(sha256: object, ext: object) -> None:
    """Refuse anything but 64 lowercase hex digits and a short safe suffix, so a path built from them stays in
    ``media/`` whatever the database says."""
    if not isinstance(sha256, str) or not SHA256_RE.fullmatch(sha256):
        raise UnsafeBlobName(f"The database names a media file {str(sha256)[:80]!r}, which is not a SHA-256 "
                             "(64 hex digits); the archive is damaged or crafted. Cuttings does not touch that path.")
    if not isinstance(ext, str) or not EXT_RE.fullmatch(ext):
        raise UnsafeBlobName(f"The database gives media file {sha256[:12]}… the extension {str(ext)[:40]!r}, which "
                             "is not a short suffix; the archive is damaged or crafted. Cuttings does not touch it.")


def ext_for(mime: str) -> str:
    return EXTENSIONS.get(mime.split(";")[0].strip().lower(), ".bin")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MediaStore:
    """Blobs under ``root`` named by their SHA-256. The database records each blob's hash and size."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: set[Path] = set()  # blob folders made (or found) by this store
        self._temps = itertools.count()

    def _temp_file(self, folder: Path) -> tuple[int, str]:
        """A new temporary file in ``folder``, open for writing: named by this process and a counter
        (``tempfile.mkstemp``'s random names cost more than writing a text cutting's capture)."""
        while True:
            path = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{next(self._temps)}")
            try:
                return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), path
            except FileExistsError:  # left by an earlier process of the same number
                continue
            except FileNotFoundError:  # the folder went away since this store made it
                Path(folder).mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str, ext: str) -> Path:
        """The blob's path; raises :class:`UnsafeBlobName` for a name the store would never make."""
        check_blob_name(sha256, ext)
        return self.root / sha256[:2] / f"{sha256}{ext}"

    def put(self, data: bytes, mime: str, *, pending: list[tuple[str, Path]] | None = None,
            recorded: Callable[[str, int, str], bool] | None = None) -> tuple[str, str]:
        """Store ``data`` (if not already there) and return ``(sha256, ext)``.

        Written to a temporary file in the same folder, fsynced, then renamed: a crash leaves at
        worst an orphan temp file, never a half file under a real name. With ``pending`` (a batch) the
        temporary file is only written and listed there; :meth:`finish` makes the batch durable with one
        ``sync`` and renames it (a bulk import would otherwise wait for two fsyncs per file).

        ``recorded(sha256, size, ext)`` says whether the archive's database records the blob, whose file is
        then taken to be there (``verify`` checks that) instead of looking: on a slow disk that look took
        longer than storing the rest of a text cutting. Without it the file system is asked.
        """
        sha = sha256_of(data)
        ext = ext_for(mime)
        target = self.path_for(sha, ext)
        if recorded is not None:
            if recorded(sha, len(data), ext):
                return sha, ext
        elif target.exists() and target.stat().st_size == len(data):
            return sha, ext
        tmp = ""
        batched = pending is not None and hasattr(os, "sync")
        try:
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            fd, tmp = self._temp_file(target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if not batched:
                    fh.flush()
                    os.fsync(fh.fileno())
            if batched:
                pending.append((tmp, target))  # type: ignore[union-attr]
                return sha, ext
            os.replace(tmp, target)
        except BaseException as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            if pending:
                self.discard(pending)  # the batch will not be stored: none of its temporary files may stay
            if isinstance(exc, OSError):
                raise storage_error(exc, f"write a {len(data):,}-byte {mime or 'file'} into", target.parent) from exc
            raise
        _fsync_dir(target.parent)
        return sha, ext

    def put_file(self, source: Path, mime: str) -> tuple[str, str, int]:
        """Store a file of any size, streamed (an export of gigabytes never sits in memory whole).

        Returns ``(sha256, ext, size)``. Copied to a temporary file beside its target while hashing, fsynced,
        then renamed under its hash.
        """
        ext = ext_for(mime)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        h, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    h.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = h.hexdigest()
            target = self.path_for(sha, ext)
            if target.exists() and target.stat().st_size == size:
                Path(tmp).unlink()
                return sha, ext, size
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha, ext, size

    @staticmethod
    def discard(pending: list[tuple[str, Path]]) -> None:
        """Remove the temporary files of a batch that will not be stored."""
        for tmp, _ in pending:
            Path(tmp).unlink(missing_ok=True)
        pending.clear()

    @staticmethod
    def finish(pending: list[tuple[str, Path]]) -> None:
        """Make a batch written with ``put(pending=...)`` durable, then give the files their names (durably)."""
        if not pending:
            return
        os.sync()
        try:
            for tmp, target in pending:
                os.replace(tmp, target)
        except OSError as exc:
            MediaStore.discard(pending)  # those renamed already are orphans that verify reports and removes
            raise storage_error(exc, "give a stored file its name in", target.parent) from exc
        os.sync()
        pending.clear()

    def read(self, sha256: str, ext: str) -> bytes:
        return self.path_for(sha256, ext).read_bytes()

    def hash_file(self, path: Path) -> str:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    def walk(self) -> Iterator[Path]:
        """Every file under the store, temp files included (verify reports those)."""
        if not self.root.exists():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from sorted(p for p in sub.iterdir() if p.is_file())
            elif sub.is_file():
                yield sub


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
