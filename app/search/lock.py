"""The index writer lock: an OS file lock that dies with the process holding it."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO


class WriterLock:
    """An exclusive, non-blocking lock on ``path`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows).

    Each object opens its own file description, so two objects in one process also exclude each other.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # interpreter shutdown: nothing useful to do
            self.release()

    @property
    def held(self) -> bool:
        return self._file is not None

    def try_acquire(self) -> bool:
        """Take the lock if free; True if this object holds it afterwards."""
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        try:
            _lock(f)
        except OSError:
            f.close()
            return False
        try:
            f.seek(0)
            f.truncate()
            f.write(f"{os.getpid()}\n".encode())
            f.flush()
        except OSError:
            pass
        self._file = f
        return True

    def release(self) -> None:
        """Let go of the lock (no-op when not held)."""
        f, self._file = self._file, None
        if f is None:
            return
        try:
            _unlock(f)
        finally:
            f.close()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(f: IO[bytes]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(f: IO[bytes]) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
