"""GUI fixtures: a real archive in tmp_path, the main window on it, and a check that Qt stayed quiet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QtMsgType

from app.archive import Archive
from app.samples import add_samples

# Messages the offscreen platform prints for every top-level window; not our bugs.
BENIGN = ("propagateSizeHints", "This plugin does not support", "QFont::setPointSizeF")


@pytest.fixture(autouse=True)
def _fail_on_qt_warnings(qtlog: Any) -> Iterator[None]:
    """Qt warnings and criticals fail the test (qutebrowser does the same), known offscreen noise aside."""
    yield
    bad = [
        r.message for r in qtlog.records
        if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not any(b in r.message for b in BENIGN)
    ]
    if bad:
        pytest.fail("Qt warnings:\n" + "\n".join(bad))


@pytest.fixture(autouse=True)
def _clipboard_emptied(qapp: Any) -> Iterator[None]:
    """Nothing a test put on the clipboard outlives it: Qt crashes at exit on clipboard data left behind."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def empty_archive(tmp_path: Path) -> Path:
    path = tmp_path / "empty.cuttings"
    Archive.create(path).close()
    return path


@pytest.fixture
def sample_archive(tmp_path: Path) -> Path:
    path = tmp_path / "samples.cuttings"
    with Archive.create(path) as archive:
        add_samples(archive)
    return path


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[[Path], Any]]:
    """Open the main window on an archive; it is closed (and the archive with it) after the test."""
    from ui.main import create_main_window

    windows = []

    def make(path: Path) -> Any:
        window = create_main_window(path)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        # the sidebar's counts and tag tree come from the lookups thread just after the window is shown
        qtbot.waitUntil(window.lookups.is_idle, timeout=15_000)
        return window

    yield make
    for window in windows:
        window.close()


def wait_idle(qtbot: Any, window: Any, timeout: int = 15_000) -> None:
    """Wait until the writer, the extractor and the lookups have finished and delivered their results."""
    qtbot.waitUntil(
        lambda: window.writer.is_idle() and window.extractor.is_idle() and window.lookups.is_idle(), timeout=timeout
    )
