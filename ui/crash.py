"""The crash handler: log uncaught exceptions to ``crash.log``, tell the user plainly, offer the log next time."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from app import __version__
from app.errors import CuttingsError
from app.paths import user_log_dir
from ui import dialogs
from ui.settings import settings


def crash_log_path() -> Path:
    return user_log_dir() / "crash.log"


def write_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path:
    """Append the traceback of ``exc`` to the crash log and return its path."""
    path = crash_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} · Cuttings {__version__} · Python {sys.version.split()[0]}\n")
        fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
        fh.write("\n")
    return path


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the exception and show a readable dialog; the app keeps running."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if not isinstance(exc, CuttingsError):
        write_crash(exc_type, exc, tb)
    if QApplication.instance() is not None:
        dialogs.show_error(QApplication.activeWindow(), exc)
    else:
        sys.__excepthook__(exc_type, exc, tb)


def install() -> None:
    sys.excepthook = excepthook


def unseen_crash_log() -> Path | None:
    """The crash log, if it changed since the user was last offered it."""
    path = crash_log_path()
    if not path.exists():
        return None
    mtime = path.stat().st_mtime
    seen = float(str(settings().value("crash/seen_mtime", 0.0)) or 0)
    return path if mtime > seen else None


def mark_seen(path: Path) -> None:
    s = settings()
    s.setValue("crash/seen_mtime", path.stat().st_mtime)
    s.sync()
