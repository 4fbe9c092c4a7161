"""Operations say what they changed (OpChanges) and the window redraws only that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.changes import OpChanges
from tests.gui.conftest import wait_idle
from ui.article_model import RowRole
from ui.sidebar import CountRole


def _resets(window: Any) -> list[int]:
    """A list that grows by one each time the article list is taken anew (its model reset)."""
    seen: list[int] = []
    window.model.modelReset.connect(lambda: seen.append(1))
    return seen


def _harbour(window: Any) -> int:
    return next(i for i in window.archive.ids() if window.archive.get(i).source == "The Coastal Ledger")


def test_op_changes_join_and_say_which_lists_change() -> None:
    both = OpChanges.flagged([1, 2]) | OpChanges.searches_saved() | OpChanges.tagged([3])
    assert both.articles == {1, 2, 3} and both.flags and both.saved_searches and both.tags and both.requery
    flagged = OpChanges.flagged([1])
    assert not flagged.list_changed("library", searching=False) and not flagged.list_changed("tag", searching=False)
    assert flagged.list_changed("starred", searching=False) and flagged.list_changed("unread", searching=False)
    assert flagged.list_changed("library", searching=True)  # a search may ask for starred:yes
    assert OpChanges.trashed([1]).list_changed("library", searching=False)
    assert not OpChanges.searches_saved().list_changed("starred", searching=True)
    everything = OpChanges.everything()
    assert all(getattr(everything, name) for name in ("requery", "flags", "counts", "trash", "tags", "facets",
                                                       "saved_searches"))


def test_starring_redraws_the_row_and_the_counts_not_the_list(qtbot: Any, open_window: Any,
                                                              sample_archive: Path) -> None:
    window = open_window(sample_archive)
    harbour = _harbour(window)
    window.table.select_ids([harbour])
    row = window.model.row_of(harbour)
    assert not window.model.index(row, 0).data(RowRole).starred
    resets = _resets(window)
    window.acts["star"].trigger()
    wait_idle(qtbot, window)
    assert window.archive.get(harbour).starred
    assert resets == []  # the library lists the same articles in the same order
    assert window.model.index(row, 0).data(RowRole).starred  # the row itself was read anew
    assert window.sidebar.item_for_view("starred").data(0, CountRole) == 1
    assert window.reader.article is not None and window.reader.article.starred
    assert window.acts["star"].iconText() == "Unstar"
    assert window.table.selected_ids() == [harbour]
    # In the starred view unstarring takes the article out of the list.
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("starred"))
    assert window.model.rowCount() == 1
    window.table.select_ids([harbour])
    window.acts["star"].trigger()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 0 and len(resets) >= 2
    assert window.sidebar.item_for_view("starred").data(0, CountRole) == 0


def test_saving_a_search_leaves_the_list_and_the_reader_alone(qtbot: Any, open_window: Any,
                                                              sample_archive: Path) -> None:
    window = open_window(sample_archive)
    harbour = _harbour(window)
    window.table.select_ids([harbour])
    shown = window.reader.article
    resets = _resets(window)
    window.ops.save_search_as("Harbour", "harbour")
    wait_idle(qtbot, window)
    assert window.sidebar.find_item("saved", "harbour") is not None
    assert resets == [] and window.reader.article is shown and window.table.selected_ids() == [harbour]
    window.ops.delete_saved_search("Harbour")
    wait_idle(qtbot, window)
    assert window.sidebar.find_item("saved", "harbour") is None and resets == []


def test_tagging_and_trashing_redraw_the_tags_and_the_list(qtbot: Any, open_window: Any,
                                                           sample_archive: Path) -> None:
    window = open_window(sample_archive)
    harbour = _harbour(window)
    window.ops.apply_tags([harbour], ["harbours"], [])
    wait_idle(qtbot, window)
    tag = window.sidebar.find_item("tag", "harbours")
    assert tag is not None and tag.data(0, CountRole) == 1
    assert "harbours" in window.model.index(window.model.row_of(harbour), 0).data(RowRole).tags
    window.table.select_ids([harbour])
    window.ops.delete()
    wait_idle(qtbot, window)
    assert window.model.row_of(harbour) is None and window.model.rowCount() == 2
    assert window.sidebar.find_item("tag", "harbours").data(0, CountRole) == 0  # trashed articles leave tags
    assert window.sidebar.item_for_view("trash").data(0, CountRole) == 1


def test_a_write_redraws_what_the_archive_returned_and_hands_on_its_value(qtbot: Any, open_window: Any,
                                                                         sample_archive: Path) -> None:
    window = open_window(sample_archive)
    harbour = _harbour(window)
    window.archive.delete([harbour])
    window.sidebar.setCurrentItem(window.sidebar.item_for_view("trash"))
    assert window.model.rowCount() == 1
    purged: list[Any] = []
    window.write("Deleting for good", lambda: window.archive.purge([harbour]), on_done=purged.append)
    wait_idle(qtbot, window)
    assert purged == [1]  # the count the archive gave back beside its changes
    assert window.model.rowCount() == 0  # OpChanges.purged: the trash list taken anew
    assert window.sidebar.item_for_view("trash").data(0, CountRole) == 0


def test_the_dialogs_pass_on_the_changes_the_archive_gave_back(qtbot: Any, open_window: Any,
                                                               sample_archive: Path) -> None:
    window = open_window(sample_archive)
    harbour = _harbour(window)
    window.table.select_ids([harbour])
    dialog = window.ops.edit()
    dialog.form.fields["place"].setText("Port Ellis")
    with qtbot.waitSignal(dialog.articleSaved, timeout=15_000) as saved:
        dialog.save()
    assert saved.args == [harbour, OpChanges.edited([harbour])]
    wait_idle(qtbot, window)
    assert window.reader.article is not None and window.reader.article.place == "Port Ellis"
    manager = window.ops.manage_tags()
    tagged = window.archive.reads.tags_of(window.archive.ids())
    with qtbot.waitSignal(manager.tagsChanged, timeout=15_000) as renamed:
        manager.rename("samples", "collections/samples")
    assert renamed.args == [OpChanges.tag_list([i for i, names in tagged.items() if "samples" in names])]
    wait_idle(qtbot, window)
    assert window.sidebar.find_item("tag", "collections/samples") is not None
    manager.reject()
