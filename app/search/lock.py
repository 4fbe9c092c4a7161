"""The index writer lock: an OS file lock that dies with the process holding it.

A forked child shares its parent's open files, and with them a ``flock``: a worker process outliving a parent
killed with ``kill -9`` kept the lock, and no process could index again. So a forked child closes its copies
of held locks at once (``os.register_at_fork``), and a lock whose recorded holder is dead is stale: it is
broken by moving the lock file aside (whoever still has the old file holds a lock on nothing anyone asks for).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import weakref
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)
_held: weakref.WeakSet[WriterLock] = weakref.WeakSet()


class WriterLock:
    """An exclusive, non-blocking lock on ``path`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows).

    Each object opens its own file description, so two objects in one process also exclude each other.
    The file records the holder's process id and host name, so that a lock left to a dead holder's
    children can be recognised and broken (see :meth:`try_acquire`).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        #: The process id of a dead holder whose stale lock this object broke (for reports), else None.
        self.broke_stale: int | None = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # interpreter shutdown: nothing useful to do
            self.release()

    @property
    def held(self) -> bool:
        return self._file is not None

    def try_acquire(self) -> bool:
        """Take the lock if free, or if its holder is dead (a stale lock is broken); True if this object holds
        it afterwards. A lock file that cannot be opened (a read-only archive) is never taken."""
        if self._file is not None:
            return True
        if self._try_once():
            return True
        holder = self.stale_holder()
        if holder is None or not self._break(holder):
            return False
        return self._try_once()

    def _try_once(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            f = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        except OSError:  # read-only medium or folder: this process only reads
            return False
        try:
            _lock(f)
        except OSError:
            f.close()
            return False
        try:
            f.seek(0)
            f.truncate()
            f.write(f"{os.getpid()} {socket.gethostname()}\n".encode())
            f.flush()
        except OSError:
            pass
        # Checked after our process id is written: a process that found the previous holder dead and moved the
        # file aside before then holds the new file; one that looks after this sees us alive and breaks nothing.
        if not _same_file(f, self.path):
            _unlock(f)
            f.close()
            return False
        self._file = f
        _held.add(self)
        return True

    def stale_holder(self) -> int | None:
        """The process id recorded by the lock's holder if that process is gone (on this host) though the lock
        is still held, which means processes it started hold it; else None."""
        if sys.platform == "win32":  # pragma: no cover - Windows locks die with their process, no fork
            return None
        try:
            pid_text, _, host = self.path.read_text("utf-8", errors="replace").strip().partition(" ")
            pid = int(pid_text)
        except (OSError, ValueError):
            return None
        if host != socket.gethostname() or pid <= 0 or _alive(pid):
            return None  # alive, or on another machine (a shared folder): not ours to judge
        return pid

    def _break(self, dead_pid: int) -> bool:
        """Move the stale lock file aside, under a second lock so that two processes never both break it."""
        guard_path = self.path.with_name(self.path.name + ".break")
        try:
            guard = open(guard_path, "a+b")  # noqa: SIM115 - closed below
        except OSError:
            return False
        with guard:
            try:
                _lock(guard)
            except OSError:
                return False
            try:
                if self.stale_holder() != dead_pid:  # someone broke it first and holds the new one
                    return False
                # Whoosh's own write lock (``MAIN_WRITELOCK``) is only ever taken by our lock's holder, and was
                # inherited by the same stray children: it goes aside too.
                for path in [self.path, *self.path.parent.glob("*_WRITELOCK")]:
                    aside = path.with_name(f"{path.name}.stale-{dead_pid}")
                    os.replace(path, aside)
                    with contextlib.suppress(OSError):
                        aside.unlink()
            except OSError:
                return False
            finally:
                _unlock(guard)
        log.warning("Broke the index writer lock of process %s, which is gone (its worker processes kept it).",
                    dead_pid)
        self.broke_stale = dead_pid
        return True

    def release(self) -> None:
        """Let go of the lock (no-op when not held)."""
        f, self._file = self._file, None
        _held.discard(self)
        if f is None:
            return
        try:
            _unlock(f)
        finally:
            f.close()

    def _forget_in_child(self) -> None:
        """In a forked child: close the inherited file without unlocking (which would unlock the parent too)."""
        f, self._file = self._file, None
        if f is not None:
            with contextlib.suppress(OSError):
                f.close()


def _after_fork_in_child() -> None:
    for lock in list(_held):
        lock._forget_in_child()
    _held.clear()


def _same_file(f: IO[bytes], path: Path) -> bool:
    try:
        a, b = os.fstat(f.fileno()), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # on Linux a killed holder not yet reaped by its parent is a zombie: dead all the same
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True


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

    os.register_at_fork(after_in_child=_after_fork_in_child)
