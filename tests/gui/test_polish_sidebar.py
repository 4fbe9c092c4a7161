"""The sidebar: a tag's count is what clicking it lists; a tag's own menu; places shown one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.archive import Archive
from tests.gui.conftest import wait_idle
from ui.sidebar import CountRole


def _tagged(path: Path) -> list[int]:
    with Archive.open(path) as archive:
        ids = sorted(archive.ids())
        archive.tag(ids[:2], add=["places/Korea"])
        archive.tag(ids[2:], add=["places/Korea/Seoul"])
        return ids


def test_tag_count_is_what_clicking_lists(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    _tagged(sample_archive)
    window = open_window(sample_archive)
    korea = window.sidebar.find_item("tag", "places/Korea")
    places = window.sidebar.find_item("tag", "places")
    seoul = window.sidebar.find_item("tag", "places/Korea/Seoul")
    assert (places.data(0, CountRole), korea.data(0, CountRole), seoul.data(0, CountRole)) == (3, 3, 1)
    assert "2 tagged places/Korea itself" in korea.toolTip(0)
    for item, listed in ((korea, 3), (places, 3), (seoul, 1)):
        window.sidebar.setCurrentItem(item)
        wait_idle(qtbot, window)
        assert window.model.rowCount() == listed == item.data(0, CountRole)
