"""The sidebar: a tag's count is what clicking it lists; a tag's own menu; places shown one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor

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


def _menu(window: Any, tag: str) -> dict[str, Any]:
    menu = window.sidebar.menu_for(window.sidebar.find_item("tag", tag))
    return {a.text(): a for a in menu.actions() if a.text()}


def test_tag_menu_renames_merges_colours_and_deletes_that_tag(qtbot: Any, open_window: Any, sample_archive: Path,
                                                               monkeypatch: Any) -> None:
    _tagged(sample_archive)
    window = open_window(sample_archive)
    actions = _menu(window, "places")
    assert list(actions) == ["Rename…", "Merge Into…", "Colour…", "Delete…", "Manage Tags…"]
    assert not actions["Merge Into…"].isEnabled() and not actions["Colour…"].isEnabled()  # a level, not a tag
    actions = _menu(window, "places/Korea")
    assert all(a.isEnabled() for a in actions.values())
    opened: list[Any] = []
    monkeypatch.setattr(window.extras.tag_actions, "rename", lambda tag: opened.append(
        type(window.extras.tag_actions).rename(window.extras.tag_actions, tag)))
    actions["Rename…"].trigger()
    dialog = opened[0]
    assert dialog.textValue() == "places/Korea"
    dialog.setTextValue("asia/Korea")
    dialog.accept()
    wait_idle(qtbot, window)
    names = sorted(t.name for t in window.archive.tags())
    assert "asia/Korea" in names and "asia/Korea/Seoul" in names and "places/Korea" not in names
    colour = window.extras.tag_actions.colour("asia/Korea")
    colour.setCurrentColor(QColor("#336699"))
    colour.accept()
    wait_idle(qtbot, window)
    assert next(t.color for t in window.archive.tags() if t.name == "asia/Korea") == "#336699"
    merge = window.extras.tag_actions.merge("asia/Korea/Seoul")
    merge.setTextValue("asia/Korea")
    merge.accept()
    wait_idle(qtbot, window)
    assert "asia/Korea/Seoul" not in [t.name for t in window.archive.tags()]
    assert next(t.count for t in window.archive.tags() if t.name == "asia/Korea") == 3
    monkeypatch.setattr("ui.dialogs.ask", lambda *a, **k: True)
    _menu(window, "asia/Korea")["Delete…"].trigger()
    wait_idle(qtbot, window)
    assert [t.name for t in window.archive.tags()] == ["samples"]
    assert window.sidebar.find_item("tag", "asia") is None


def test_places_are_shown_one_way_and_linked_across_scripts(qtbot: Any, open_window: Any,
                                                            sample_archive: Path) -> None:
    with Archive.open(sample_archive) as archive:
        harbour = next(i for i in archive.ids() if archive.get(i).place == "PORT ELLIS")
        herald = next(i for i in archive.ids() if archive.get(i).place == "SEOUL")
        ko = next(i for i in archive.ids() if archive.get(i).place == "서울")
        archive.update(herald, place="Port Ellis")  # one PORT ELLIS, one Port Ellis, one 서울
    window = open_window(sample_archive)
    places = window.sidebar._facet_headers["place"]
    qtbot.waitUntil(lambda: places.childCount() > 0, timeout=10_000)
    rows = {places.child(i).text(0): places.child(i).data(0, CountRole) for i in range(places.childCount())}
    assert rows == {"Port Ellis": 2, "서울": 1}
    assert window.archive.get(harbour).place == "PORT ELLIS"  # stored as written
    window.table.select_ids([harbour])
    assert "Port Ellis" in window.reader.toPlainText() and "PORT ELLIS" not in window.reader.toPlainText()
    row = window.model.row_of(harbour)
    assert window.model.index(row, 2).data() == "Port Ellis"
    window.write("Editing", lambda: window.archive.update(herald, place="SEOUL"))
    qtbot.waitUntil(lambda: window.sidebar.find_item("facet", "place\tSeoul") is not None, timeout=10_000)
    seoul = window.sidebar.find_item("facet", "place\tSeoul")
    assert "Also written 서울" in seoul.toolTip(0)
    both = _menu_actions(window.sidebar.menu_for(seoul))
    assert list(both) == ["Search All Spellings (Seoul / 서울)"]
    both["Search All Spellings (Seoul / 서울)"].trigger()
    wait_idle(qtbot, window)
    assert window.query == 'place:"Seoul" OR place:"서울"'
    assert sorted(window.model.article_id(r) for r in range(window.model.rowCount())) == sorted([herald, ko])


def _menu_actions(menu: Any) -> dict[str, Any]:
    return {a.text(): a for a in menu.actions() if a.text()}


def test_tag_counts_leave_out_the_trash(qtbot: Any, open_window: Any, sample_archive: Path) -> None:
    ids = _tagged(sample_archive)
    with Archive.open(sample_archive) as archive:
        archive.delete([ids[2]])  # the one tagged places/Korea/Seoul
        from app import listing

        counts = listing.tag_view_counts(archive.reader, archive.tags())
        assert counts["places"] == counts["places/korea"] == 2 == len(listing.list_ids(archive.reader, "tag", "places"))
