"""Start the desktop app: ``cuttings-gui [--archive PATH]`` or ``python -m ui``."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from app import __version__
from app.archive import DB_NAME, Archive
from app.paths import APP_NAME, default_archive_path, user_log_dir
from ui import crash, dialogs, icons
from ui.display_check import missing_display
from ui.preferences import startup_archive
from ui.settings import last_archive, remember_archive, settings
from ui.theme import ThemeManager

log = logging.getLogger(__name__)


def create_main_window(archive_path: Path | str) -> QMainWindow:
    """The main window on the archive at ``archive_path`` (created if missing), for an existing QApplication."""
    from ui.main_window import SETTLE_MS, MainWindow

    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create a QApplication first")
    if not isinstance(app, QApplication):
        raise RuntimeError("Cuttings needs a QApplication (widgets), not a QCoreApplication")
    setup_application(app)
    path = Path(archive_path)
    archive = Archive.open(path, create=True, background_index=True)
    window = MainWindow(archive)
    QTimer.singleShot(SETTLE_MS, _freeze_startup_objects)
    return window


def _freeze_startup_objects() -> None:
    """What start-up built (modules, Qt wrappers, the window) lives as long as the app: frozen, it stays out of
    later full collections, each of which walked it for 20-30 ms, a stall while scrolling or typing. Done once
    the window is on screen: the collection before it takes as long."""
    gc.collect()
    gc.freeze()


def setup_application(app: QApplication, theme: str | None = None) -> None:
    """Names, icon, Fusion style and the light/dark palette (once per application)."""
    from ui import theme as theme_module

    if theme_module.manager() is not None:
        if theme:
            theme_module.manager().force(theme)  # type: ignore[union-attr]
        return
    from app.search.procs import single_process

    single_process()  # never fork a process that runs Qt threads
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("cuttings")
    ThemeManager(app, forced=theme)
    app.setWindowIcon(QIcon(icons.icon("app", "#000000")))


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cuttings-gui", description="Cuttings: a desktop archive for press cuttings.")
    parser.add_argument("--archive", type=Path, help="the archive folder to open (created if missing)")
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="force light or dark")
    parser.add_argument("--version", action="version", version=f"Cuttings {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (clip, search, render, PDF, verify) and exit 0 if it works")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def choose_archive(given: Path | None) -> tuple[Path, bool]:
    """The archive to open and whether it is the first start (default archive missing: add the samples)."""
    if given:
        return given.expanduser(), False
    pinned = startup_archive()  # Preferences ▸ General: always this archive
    if pinned is not None and (pinned / DB_NAME).exists():
        return pinned, False
    last = last_archive()
    if last is not None and (last / DB_NAME).exists():
        return last, False
    path = default_archive_path()
    return path, not (path / DB_NAME).exists()


def create_with_samples(path: Path) -> None:
    """First start: create the default archive and clip the sample cuttings into it."""
    from app.samples import add_samples

    with Archive.create(path) as fresh:
        add_samples(fresh)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in argv or "--startup-probe" in argv:
        from ui import self_test

        return self_test.main(argv)
    args = _parse(argv)
    problem = missing_display()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    user_log_dir().mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=str(user_log_dir() / "cuttings.log"), level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    crash.install()
    app = QApplication([sys.argv[0], *argv])
    saved_theme = str(settings().value("appearance/theme", "system"))
    choice = args.theme or saved_theme
    setup_application(app, None if choice == "system" else choice)
    path, first_start = choose_archive(args.archive)
    try:
        if first_start:
            create_with_samples(path)
        window = create_main_window(path)
    except Exception as exc:
        box = dialogs.show_error(None, exc, "Cuttings could not open the archive")
        if box is not None:
            box.exec()
        return 1
    remember_archive(path)
    window.show()
    QTimer.singleShot(300, lambda: _offer_crash_log(window))
    return app.exec()


def _offer_crash_log(window: QMainWindow) -> None:
    path = crash.unseen_crash_log()
    if path is None:
        return
    crash.mark_seen(path)
    if dialogs.ask(window, "Cuttings", "Cuttings ran into an unexpected error last time. Show the crash log?",
                   "Show Log"):
        dialogs.show_text(window, "Crash Log", path.read_text("utf-8", "replace")[-100_000:])


if __name__ == "__main__":
    sys.exit(main())
