"""Tags: hierarchy by '/', unique without regard to case, rename/merge/delete, counts and colours."""

from __future__ import annotations

import pytest

from app.archive import Archive
from app.errors import TagError
from tests.unit.test_archive import result


def _three(archive: Archive) -> list[int]:
    ids = []
    for n, word in enumerate(["seoul", "busan", "tokyo"]):
        ids.append(archive.add(result(title=f"Story {word}", body=f"Text about {word} number {n}.")).value.id or 0)
    return ids


def test_add_remove_on_many_and_case_insensitive(archive: Archive) -> None:
    a, b, c = _three(archive)
    archive.tag([a, b], add=["places/Korea/Seoul"])
    archive.tag([c], add=["PLACES/korea/seoul"])  # same tag, first spelling kept
    assert [(t.name, t.count) for t in archive.tags()] == [("places/Korea/Seoul", 3)]
    archive.tag([b], remove=["places/korea/seoul"])
    assert archive.get(b).tags == []
    with pytest.raises(TagError, match="no tag"):
        archive.tag([a], remove=["nope"])


def test_hierarchy_search_and_rename_moves_subtree(archive: Archive) -> None:
    a, b, c = _three(archive)
    archive.tag([a], add=["places/Korea/Seoul"])
    archive.tag([b], add=["places/Korea"])
    archive.tag([c], add=["places/Japan"])
    assert sorted(h.id for h in archive.search("tag:places/Korea").hits) == [a, b]
    assert archive.search("tag:places").total == 3
    archive.rename_tag("places/Korea", "asia/Korea")
    assert archive.get(a).tags == ["asia/Korea/Seoul"]
    assert sorted(h.id for h in archive.search("tag:asia/korea").hits) == [a, b]
    assert archive.search("tag:places/Korea").total == 0


def test_merge_delete_color(archive: Archive) -> None:
    a, b, _ = _three(archive)
    archive.tag([a], add=["ferries"])
    archive.tag([b], add=["Ferry"])
    archive.merge_tags("Ferry", "ferries")
    assert [(t.name, t.count) for t in archive.tags()] == [("ferries", 2)]
    archive.set_tag_color("ferries", "#3a7bd5")
    assert archive.tags()[0].color == "#3a7bd5"
    with pytest.raises(TagError, match="#rrggbb"):
        archive.set_tag_color("ferries", "blue")
    archive.delete_tag("ferries")
    assert archive.tags() == [] and archive.get(a).tags == []
    assert archive.search("tag:ferries").total == 0


def test_bad_names_are_refused(archive: Archive) -> None:
    a, *_ = _three(archive)
    with pytest.raises(TagError, match="not a tag name"):
        archive.tag([a], add=[" / "])
    archive.tag([a], add=[" places /  Korea "])
    assert archive.get(a).tags == ["places/Korea"]
