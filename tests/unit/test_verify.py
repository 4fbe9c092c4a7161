"""verify: a flipped byte, a missing file, an orphan, a deleted or stale index; --repair fixes what it can."""

from __future__ import annotations

from app.archive import Archive
from app.model import Photo
from app.verify import verify
from tests.conftest import make_jpeg
from tests.unit.test_archive import result


def test_clean_archive_verifies(archive: Archive) -> None:
    archive.add(result(photos=[Photo(caption="c", mime="image/jpeg", data=make_jpeg())]))
    report = verify(archive)
    assert report.ok, report.problems
    assert report.checked_blobs == 2 and report.checked_articles == 1


def test_flipped_byte_in_a_photo_is_caught(archive: Archive) -> None:
    art = archive.add(result(photos=[Photo(caption="c", mime="image/jpeg", data=make_jpeg())])).value
    path = archive.blob_path(art.photos[0].sha256 or "")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify(archive)
    assert not report.ok
    [problem] = report.problems
    assert problem.kind == "blob-corrupt" and path.name in problem.message


def test_missing_and_orphan_files(archive: Archive) -> None:
    art = archive.add(result(photos=[Photo(caption="c", mime="image/jpeg", data=make_jpeg())])).value
    archive.blob_path(art.photos[0].sha256 or "").unlink()
    orphan = archive.media.root / "ab" / ".tmp-123"
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"half a photo")
    kinds = sorted(p.kind for p in verify(archive).problems)
    assert kinds == ["blob-missing", "temp-file"]
    report = verify(archive, repair=True)
    assert not orphan.exists()
    assert [p.kind for p in report.problems if not p.repaired] == ["blob-missing"]


def test_entries_missing_from_the_index_are_reported_and_restored(archive_path) -> None:  # type: ignore[no-untyped-def]
    arc = Archive.create(archive_path)
    ids = [arc.add(result(title=f"Story {n}", body=f"Body {n} about the harbour.")).value.id for n in range(5)]
    arc.close()
    arc = Archive.open(archive_path)
    arc.index.apply([], ids)  # the entries vanish behind the database's back (a damaged or old index)
    try:
        report = verify(arc)
        assert sorted(p.kind for p in report.problems) == ["index-missing"] * 5
        assert verify(arc, repair=True).ok
        assert verify(arc).ok
        assert sorted(h.id for h in arc.search("harbour", limit=10).hits) == sorted(ids)
    finally:
        arc.close()


def test_stale_index_entry_is_found(archive: Archive) -> None:
    art = archive.add(result()).value
    # change the database behind the index's back (as a crash before the queue row would)
    archive.db.conn.execute("UPDATE articles SET updated_at = 'x' WHERE id = ?", (art.id,))
    assert [p.kind for p in verify(archive).problems] == ["index-stale"]
    assert verify(archive, repair=True).ok and verify(archive).ok
