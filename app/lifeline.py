"""Worker processes die with the process that started them.

A worker that outlives a parent killed with ``kill -9`` would wait forever for work that never comes, holding
whatever it inherited (once the index writer lock: every later change was stored but never indexed). On Linux
the kernel sends the worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread in
the worker watches for its parent to change (the orphan is adopted by another process).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a worker process; ``parent_pid`` is ``os.getpid()`` of the parent, taken before the
    worker started (if the parent died meanwhile, the worker exits at once)."""
    if sys.platform.startswith("linux") and _pdeathsig(signal.SIGKILL):
        if os.getppid() != parent_pid:  # the parent died before the signal was asked for
            os._exit(1)
        return
    if sys.platform == "win32":  # pragma: no cover - no fork on Windows; spawned workers see their pipes close
        return
    threading.Thread(target=_watch, args=(parent_pid,), name="cuttings-lifeline", daemon=True).start()


def _pdeathsig(sig: int) -> bool:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
