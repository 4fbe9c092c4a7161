"""Where the default archive lives; every path can be overridden (``--archive``, ``CUTTINGS_ARCHIVE``).

platformdirs is imported when a default is needed (~5 ms a command given ``--archive`` does not pay)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Cuttings"
ARCHIVE_SUFFIX = ".cuttings"


def default_archive_path() -> Path:
    """``$CUTTINGS_ARCHIVE`` if set, else ``<user data dir>/Cuttings/My Archive.cuttings``."""
    env = os.environ.get("CUTTINGS_ARCHIVE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / f"My Archive{ARCHIVE_SUFFIX}"


def user_config_dir() -> Path:
    env = os.environ.get("CUTTINGS_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    env = os.environ.get("CUTTINGS_CONFIG_DIR")
    if env:
        return Path(env).expanduser() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
