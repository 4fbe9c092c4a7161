"""The window on a read-only archive (the immutable attribute, which even root cannot write past): it shows the
cuttings and searches them; a change ends in a dialog that says "read-only", never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import wait_idle


@pytest.fixture
def read_only_archive(sample_archive: Path) -> Any:
    paths = [*sample_archive.rglob("*"), sample_archive]
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", *map(str, paths)]).returncode != 0:
            subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
            pytest.skip("the file system does not take the immutable attribute")
        yield sample_archive
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    else:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        yield sample_archive
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_archive_is_shown_and_a_change_says_read_only(qtbot: Any, open_window: Any,
                                                                   read_only_archive: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = open_window(read_only_archive)
    assert window.archive.read_only
    assert window.model.rowCount() == 3
    assert window.archive.search("harbour").total >= 1
    window.table.select_row(0)
    window.acts["star"].trigger()
    wait_idle(qtbot, window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "read-only" in boxes[-1].text() and "Traceback" not in boxes[-1].text()
    window.grab().save(str(read_only_archive.parent / "read-only-window.png"))
    boxes[-1].close()
