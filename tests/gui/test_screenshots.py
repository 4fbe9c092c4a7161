"""Screenshots of the main window and the Clip dialog, light and dark, for people to look at.

Written to ``tests/artifacts/`` (not committed): main-light.png, main-dark.png, clip-light.png, clip-dark.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.archive import Archive
from tests.conftest import SAMPLES
from tests.gui.conftest import wait_idle
from ui import theme
from ui.main import setup_application

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def dressed_archive(sample_archive: Path) -> Path:
    """The samples with the tags, colours and flags an archivist would have given them."""
    with Archive.open(sample_archive) as archive:
        ids = {archive.get(i).source: i for i in archive.ids()}
        harbour, herald, yonhap = ids["The Coastal Ledger"], ids["The Korea Herald"], ids["연합뉴스"]
        archive.tag([harbour, yonhap], add=["archives", "libraries"])
        archive.tag([herald], add=["politics/korea", "places/Korea/Seoul"])
        archive.tag([yonhap], add=["places/Korea/Seoul"])
        archive.set_tag_color("archives", "#d9534f")
        archive.set_tag_color("politics/korea", "#3a7bd5")
        archive.set_flags([harbour], starred=True)
        archive.set_flags([herald], read=True)
        archive.save_search("Korea", "korea OR 서울")
        archive.flush_index()
    return sample_archive


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    setup_application(app, request.param)
    yield str(request.param)
    manager = theme.manager()
    assert manager is not None
    manager.force(None)


def test_main_window_screenshot(qtbot: Any, open_window: Any, dressed_archive: Path, scheme: str) -> None:
    window = open_window(dressed_archive)
    window.resize(1280, 800)
    harbour = next(i for i in window.archive.ids() if window.archive.get(i).source == "The Coastal Ledger")
    window.table.select_ids([harbour])
    window.search_bar.set_text("")
    qtbot.wait(150)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"main-{scheme}.png"
    assert window.grab().save(str(target))
    assert target.stat().st_size > 20_000


def test_clip_dialog_screenshot(qtbot: Any, open_window: Any, dressed_archive: Path, scheme: str) -> None:
    window = open_window(dressed_archive)
    dialog = window.ops.clip()
    dialog.start_file(SAMPLES / "web" / "harbour-archive.html")
    qtbot.waitUntil(dialog.has_preview, timeout=15_000)
    dialog.tags.setText("archives, libraries")
    dialog.resize(1060, 740)
    qtbot.wait(150)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"clip-{scheme}.png"
    assert dialog.grab().save(str(target))
    dialog.reject()
    wait_idle(qtbot, window)
