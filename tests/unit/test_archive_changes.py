"""Each write of the Archive that the GUI uses gives back what it changed (``OpChanges``, or ``OpChangesWith``
carrying the value it used to return), so that the window redraws from what the core says."""

from __future__ import annotations

from app.archive import Archive
from app.changes import OpChanges, OpChangesWith
from app.model import Photo
from tests.conftest import make_jpeg
from tests.unit.test_archive import result


def _two(archive: Archive) -> tuple[int, int]:
    a = archive.add(result(), tags_=["ports"]).value
    b = archive.add(result(title="Cannery closes", body="The cannery closed after eighty years."), tags_=["ports"]).value
    assert a.id and b.id
    return a.id, b.id


def test_adding_gives_back_the_article_and_that_it_is_new(archive: Archive) -> None:
    saved = archive.add(result(), tags_=["ports"])
    assert isinstance(saved, OpChangesWith)
    assert saved.value.id and saved.value.tags == ["ports"]
    assert saved.changes == OpChanges.added([saved.value.id])
    assert saved.changes.requery and saved.changes.counts and saved.changes.tags


def test_editing_says_edited_or_only_flagged_or_nothing(archive: Archive) -> None:
    a, _ = _two(archive)
    edited = archive.update(a, title="Ferry strike is over")
    assert edited.value.title == "Ferry strike is over"
    assert edited.changes == OpChanges.edited([a])
    flagged = archive.update(a, starred=True)
    assert flagged.value.starred and flagged.changes == OpChanges.flagged([a])
    same = archive.update(a, starred=True)
    assert same.changes == OpChanges() and same.value.starred  # nothing changed: nothing to redraw
    photos = archive.set_photos(a, [Photo(caption="Pier", mime="image/jpeg", data=make_jpeg())])
    assert [p.caption for p in photos.value.photos] == ["Pier"]
    assert photos.changes == OpChanges.edited([a])


def test_flags_tags_and_trash_name_their_articles(archive: Archive) -> None:
    a, b = _two(archive)
    assert archive.set_flags([a, b], starred=True) == OpChanges.flagged([a, b])
    assert archive.set_flags([a], read=None) == OpChanges()  # no flag given: no write
    assert archive.set_flags([], read=True) == OpChanges()
    assert archive.tag([b], add=["ferries"], remove=["ports"]) == OpChanges.tagged([b])
    assert archive.delete([a]) == OpChanges.trashed([a])
    assert archive.get(a).deleted_at
    assert archive.restore([a]) == OpChanges.trashed([a])
    assert archive.get(a).deleted_at is None


def test_purging_counts_and_says_the_trash_changed(archive: Archive) -> None:
    a, b = _two(archive)
    assert archive.purge() == OpChangesWith(OpChanges(), 0)  # an empty trash: nothing changed
    archive.delete([a, b])
    purged = archive.purge([a])
    assert purged == OpChangesWith(OpChanges.purged(), 1)
    assert purged.changes.trash and purged.changes.counts
    assert archive.ids(trashed=True) == [b]


def test_tag_list_changes_name_the_articles_that_had_the_tag(archive: Archive) -> None:
    a, b = _two(archive)
    archive.tag([a], add=["ferries"])
    assert archive.rename_tag("ports", "harbours") == OpChanges.tag_list([a, b])
    assert archive.merge_tags("ferries", "harbours") == OpChanges.tag_list([a])
    assert archive.set_tag_color("harbours", "#3a7bd5") == OpChanges.tag_list()
    assert archive.delete_tag("harbours") == OpChanges.tag_list([a, b])
    assert archive.get(a).tags == [] and archive.tags() == []


def test_saved_searches_change_only_the_saved_searches(archive: Archive) -> None:
    assert archive.save_search("Ferries", "ferry") == OpChanges.searches_saved()
    assert archive.saved_searches() == [("Ferries", "ferry")]
    assert archive.delete_saved_search("ferries") == OpChanges.searches_saved()
    assert archive.saved_searches() == []
    changes = OpChanges.searches_saved()
    assert changes.saved_searches and not (changes.requery or changes.counts or changes.tags or changes.articles)


def test_a_clip_from_the_browser_hands_on_the_changes_of_storing_it(archive: Archive) -> None:
    from app.connector.request import ClipRequest
    from app.connector.sink import ArchiveSink

    told: list[tuple[int, OpChanges]] = []
    sink = ArchiveSink(lambda: archive, allow_network=False, on_clipped=lambda aid, changes: told.append((aid, changes)))
    page = "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>" \
           "<p>The harbour at Port Ellis reopened on Monday after a month of repairs to the pier.</p></article></body></html>"
    answer = sink.clip(ClipRequest(url="https://ledger.example/harbour", html=page, title="Harbour reopens"))
    assert told == [(answer["id"], OpChanges.added([answer["id"]]))]
