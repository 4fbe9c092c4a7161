"""Window layout and recent archives, in an INI file under the user config dir (tests point it elsewhere)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.paths import user_config_dir

MAX_RECENT = 8


def settings() -> QSettings:
    """The app's settings file (``CUTTINGS_CONFIG_DIR`` moves it)."""
    folder = user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "cuttings-gui.ini"), QSettings.Format.IniFormat)


def recent_archives() -> list[Path]:
    """Archives opened before, newest first (only those that still exist)."""
    value = settings().value("archives/recent", [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [Path(p) for p in items if p and Path(p).exists()]


def remember_archive(path: Path) -> None:
    """Put ``path`` first in the recent list and make it the one to open next time."""
    s = settings()
    items = [str(path)] + [str(p) for p in recent_archives() if Path(p) != Path(path)]
    s.setValue("archives/recent", items[:MAX_RECENT])
    s.setValue("archives/last", str(path))
    s.sync()


def last_archive() -> Path | None:
    value = settings().value("archives/last", "")
    return Path(str(value)) if value else None


def last_import_folder() -> Path:
    """Where the Import Folder dialog opens: the folder of the last import while it exists, else home."""
    value = str(settings().value("import/last_folder", "") or "")
    for candidate in (Path(value), Path(value).parent) if value else ():
        if candidate.is_dir():
            return candidate
    return Path.home()


def remember_import_folder(folder: Path) -> None:
    s = settings()
    s.setValue("import/last_folder", str(folder))
    s.sync()
