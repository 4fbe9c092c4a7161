"""The archive façade on a real SQLite file, media folder and Whoosh index."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from app import indexing
from app.archive import DB_NAME, Archive
from app.errors import ArchiveNotFound, ArchiveTooNew, ArticleNotFound, CuttingsError, DuplicateArticle
from app.model import Article, Capture, ClipResult, Photo
from app.store.schema import SCHEMA_VERSION
from tests.conftest import make_jpeg


def result(title: str = "Ferry strike ends", body: str = "The ferry strike ended on Monday.", **kw: object) -> ClipResult:
    article = Article(title=title, body=body, **kw)  # type: ignore[arg-type]
    return ClipResult(article=article, capture=Capture(method="text", raw=f"{title}\n\n{body}".encode(), mime="text/plain"))


def test_create_sets_up_folder_and_settings(archive: Archive, archive_path: Path) -> None:
    assert (archive_path / DB_NAME).exists()
    assert (archive_path / "media").is_dir() and (archive_path / "index").is_dir()
    conn = archive.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_open_missing_archive_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFound, match="cuttings --archive"):
        Archive.open(tmp_path / "nothing")


def test_create_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(ArchiveNotFound, match="empty folder"):
        Archive.create(tmp_path)


def test_newer_schema_is_refused(archive_path: Path) -> None:
    Archive.create(archive_path).close()
    conn = sqlite3.connect(archive_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(ArchiveTooNew, match="newer Cuttings"):
        Archive.open(archive_path)


def test_add_stores_article_photos_capture_and_blobs(archive: Archive) -> None:
    jpeg = make_jpeg()
    photo = Photo(caption="Pickets at the pier", credit="Ledger Photo", sha256=None, mime="image/jpeg", data=jpeg,
                  width=64, height=48)
    res = result(authors=["Maren Holt"], place="PORT ELLIS", published="2023-11-14", photos=[photo])
    article = archive.add(res, tags_=["transport/ferries"]).value
    assert article.id and article.uid and article.clipped_at
    assert article.authors == ["Maren Holt"]
    assert article.tags == ["transport/ferries"]
    [stored] = article.photos
    assert stored.caption == "Pickets at the pier" and stored.bytes == len(jpeg)
    assert archive.blob(stored.sha256 or "") == jpeg  # byte for byte
    [capture] = archive.captures(article.id)
    assert capture.method == "text" and archive.blob(capture.raw_sha256 or "").startswith(b"Ferry strike ends")
    kinds = [e["kind"] for e in archive.events(article.id)]
    assert "captured" in kinds and "tagged" in kinds


def test_duplicates_are_refused_by_content_and_by_canonical_url(archive: Archive) -> None:
    first = archive.add(result(canonical_url="https://ledger.example/a")).value
    with pytest.raises(DuplicateArticle, match=f"article {first.id}") as info:
        archive.add(result(body="The   FERRY strike ended on *Monday*."))
    assert info.value.existing_id == first.id
    with pytest.raises(DuplicateArticle):
        archive.add(result(title="Other", body="Other text", canonical_url="https://ledger.example/a"))
    second = archive.add(result(), allow_duplicate=True).value
    assert second.id != first.id
    third = archive.add(result(title="Third", body="Third text", url="https://ledger.example/b")).value
    with pytest.raises(DuplicateArticle, match=f"article {third.id}"):  # its address, as another's canonical one
        archive.add(result(title="Fourth", body="Fourth text", canonical_url="https://ledger.example/b"))


def test_update_logs_and_reindexes(archive: Archive) -> None:
    a = archive.add(result()).value
    b = archive.update(a.id or 0, title="Ferry strike is over", place="PORT ELLIS", published="2023-11").value
    assert (b.title, b.place, b.published) == ("Ferry strike is over", "PORT ELLIS", "2023-11")
    assert b.updated_at > a.updated_at
    assert archive.events(a.id)[0]["detail"]["fields"] == ["place", "published", "title"]
    assert [h.id for h in archive.search("title:over").hits] == [a.id]


def test_trash_restore_purge(archive: Archive) -> None:
    jpeg = make_jpeg(color=(1, 2, 3))
    a = archive.add(result(photos=[Photo(caption="c", mime="image/jpeg", data=jpeg)])).value
    keep = archive.add(result(title="Cannery closes", body="The cannery closed after eighty years.")).value
    assert archive.search("ferry").total == 1
    archive.delete([a.id or 0])
    assert archive.search("ferry").total == 0
    assert archive.ids(trashed=True) == [a.id]
    archive.restore([a.id or 0])
    assert archive.search("ferry").total == 1
    archive.delete([a.id or 0])
    photo_path = archive.blob_path(a.photos[0].sha256 or "")
    assert photo_path.exists()
    assert archive.purge().value == 1
    assert not photo_path.exists()
    with pytest.raises(ArticleNotFound):
        archive.get(a.id or 0)
    assert archive.ids() == [keep.id]
    assert [e["kind"] for e in archive.events(a.id)][:3] == ["purged", "deleted", "restored"]


def test_set_photos_reorders_edits_adds_and_removes(archive: Archive) -> None:
    one, two = make_jpeg(color=(9, 9, 9)), make_jpeg(color=(90, 90, 90))
    a = archive.add(result(photos=[Photo(caption="one", mime="image/jpeg", data=one),
                                   Photo(caption="two", mime="image/jpeg", data=two)])).value
    _p1, p2 = a.photos
    p2.caption = "two, edited"
    three = Photo(caption="three (caption only)")
    b = archive.set_photos(a.id or 0, [p2, three]).value
    assert [p.caption for p in b.photos] == ["two, edited", "three (caption only)"]
    assert b.photos[0].id == p2.id and b.photos[1].sha256 is None
    assert archive.search("caption:edited").total == 1


def test_set_photos_can_remove_every_photo(archive: Archive) -> None:
    a = archive.add(result(photos=[Photo(caption="one", mime="image/jpeg", data=make_jpeg())])).value
    assert archive.set_photos(a.id or 0, []).value.photos == []
    assert archive.reader.conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0


def test_set_photos_refuses_another_articles_photo(archive: Archive) -> None:
    a = archive.add(result(photos=[Photo(caption="mine")])).value
    b = archive.add(result(title="Cannery closes", body="The cannery closed.", photos=[Photo(caption="theirs")])).value
    with pytest.raises(CuttingsError, match=f"not one of article {a.id}'s photos"):
        archive.set_photos(a.id or 0, [*a.photos, b.photos[0]])
    assert [p.caption for p in archive.get(a.id or 0).photos] == ["mine"]
    assert [p.caption for p in archive.get(b.id or 0).photos] == ["theirs"]


def test_a_missing_id_changes_nothing(archive: Archive) -> None:
    a = archive.add(result()).value
    before = len(archive.events())
    for change in (lambda: archive.tag([a.id or 0, 999], add=["x"]), lambda: archive.delete([a.id or 0, 999]),
                   lambda: archive.restore([999])):
        with pytest.raises(ArticleNotFound, match="no article 999"):
            change()
    assert archive.get(a.id or 0).tags == [] and archive.ids() == [a.id]
    assert len(archive.events()) == before


def test_add_many_logs_each_articles_events_in_order(archive: Archive) -> None:
    outcomes = archive.add_many([result(title=f"Story {n}", body=f"Body number {n}.", tags=["own"]) for n in range(3)],
                                tags_=["batch"])
    ids = [o for o in outcomes if isinstance(o, int)]
    assert len(ids) == 3 and ids == sorted(ids)
    log = [(e["kind"], e["article_id"]) for e in reversed(archive.events())]
    assert log == [(kind, i) for i in ids for kind in ("captured", "tagged")]
    assert all(archive.get(i).tags == ["batch", "own"] for i in ids)


def test_writes_keep_the_schema_as_the_migrations_made_it(archive: Archive) -> None:
    def schema() -> list[tuple[str, str]]:
        return archive.reader.conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()

    made = schema()
    a = archive.add(result(), tags_=["ports"]).value  # lookup() creates a unique index when it finds none: not here
    archive.tag([a.id or 0], add=["more"])
    archive.save_search("Ferries", "ferry")
    archive.set_tag_color("ports", "#3a7bd5")
    assert schema() == made


def test_flags_and_saved_searches(archive: Archive) -> None:
    a = archive.add(result()).value
    archive.set_flags([a.id or 0], starred=True, read=True)
    got = archive.get(a.id or 0)
    assert got.starred and got.read
    archive.set_flags([a.id or 0], starred=False)  # read stays as it was
    got = archive.get(a.id or 0)
    assert not got.starred and got.read
    archive.save_search("Ferries", "ferry")
    assert archive.saved_searches() == [("Ferries", "ferry")]
    saved_at = archive.reader.conn.execute("SELECT created_at FROM saved_searches").fetchone()[0]
    archive.save_search("FERRIES", "ferry OR boat")  # the same search (names ignore case): its query changes
    assert archive.saved_searches() == [("Ferries", "ferry OR boat")]
    assert archive.reader.conn.execute("SELECT created_at FROM saved_searches").fetchone()[0] == saved_at


def test_two_archives_in_one_process_share_the_index_through_the_queue(archive_path: Path) -> None:
    first = Archive.create(archive_path)
    second = Archive.open(archive_path)
    assert first.index.is_writer and not second.index.is_writer
    art = second.add(result()).value
    assert first.search("ferry").total == 0  # queued: the writer has not drained yet
    first.flush_index()
    assert [h.id for h in first.search("ferry").hits] == [art.id]
    second.close()
    first.close()


def test_background_worker_indexes_after_commit(archive_path: Path) -> None:
    arc = Archive.create(archive_path, background_index=True)
    try:
        art = arc.add(result()).value
        arc.flush_index(timeout=30)
        assert [h.id for h in arc.search("ferry").hits] == [art.id]
    finally:
        arc.close()


def _crash_with_one_queued(archive_path: Path) -> int:
    """An archive whose one article waits in the index queue, as a crash before the drain leaves it."""
    arc = Archive.create(archive_path)
    arc.index.release_writer()  # as if this process never held the writer
    art = arc.add(result()).value
    arc.db.conn.close()  # "crash": no close(), no drain
    arc.index.close()
    assert art.id is not None
    return art.id


@pytest.mark.parametrize("background", [False, True])
def test_queue_left_by_a_crash_is_drained_on_open(archive_path: Path, background: bool) -> None:
    art_id = _crash_with_one_queued(archive_path)
    again = Archive.open(archive_path, background_index=background)  # a window drains it in its worker
    try:
        assert [h.id for h in again.search("ferry").hits] == [art_id]
        assert indexing.queue_length(again.db) == 0
    finally:
        again.close()


def test_a_window_opens_its_index_once_whichever_thread_asks_first(archive_path: Path) -> None:
    with Archive.create(archive_path) as arc:
        art = arc.add(result()).value
    window = Archive.open(archive_path, background_index=True)
    try:
        got: list[object] = []
        threads = [threading.Thread(target=lambda: got.append(window.index)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(got) == 4 and all(index is got[0] for index in got)
        assert window.index.is_writer and window.index_rebuild_progress is None
        assert [h.id for h in window.search("ferry").hits] == [art.id]
    finally:
        window.close()


def test_a_window_closed_before_it_needed_the_index_leaves_the_queue_to_the_next_open(archive_path: Path) -> None:
    art_id = _crash_with_one_queued(archive_path)
    window = Archive.open(archive_path, background_index=True)
    window.close()  # never searched nor wrote: its index was never opened
    window.prepare_search()  # a late preparing thread: the closed archive opens nothing
    with pytest.raises(CuttingsError, match="is closed"):
        _ = window.index
    again = Archive.open(archive_path)
    try:
        assert [h.id for h in again.search("ferry").hits] == [art_id]
    finally:
        again.close()


@pytest.mark.parametrize("background", [False, True])
def test_a_lost_index_is_rebuilt_from_the_database_on_open(archive_path: Path, background: bool) -> None:
    with Archive.create(archive_path) as arc:
        ids = [arc.add(result(f"Ferry strike day {n}", f"The ferry strike went on, day {n}.")).value.id for n in range(3)]
    shutil.rmtree(archive_path / "index")
    again = Archive.open(archive_path, background_index=background)
    try:
        if background:
            again.flush_index(timeout=60)
        assert sorted(h.id for h in again.search("ferry", limit=10).hits) == sorted(ids)
        assert not again.index.needs_rebuild
    finally:
        again.close()


def test_a_first_schema_archive_migrates_to_covering_indexes_keeping_its_articles(archive_path: Path) -> None:
    from app.store.schema import MIGRATIONS
    from tests.unit.schema_sql_v6 import SQL_MIGRATIONS

    archive_path.mkdir()
    conn = sqlite3.connect(archive_path / DB_NAME)  # an archive as the first schema wrote it, nothing later
    conn.executescript(SQL_MIGRATIONS[0])
    stamp = "2020-07-02T00:00:00Z"
    conn.executemany(
        "INSERT INTO articles(id, uid, title, body, deleted_at, clipped_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(1, "u1", "Harbour reopens", "The harbour reopened on Monday.", None, stamp, stamp),
         (2, "u2", "Old news", "Nothing to see here at all.", stamp, stamp, stamp)],
    )
    conn.execute("INSERT INTO tags(id, name) VALUES (1, 'ports')")
    conn.executemany("INSERT INTO article_tags(article_id, tag_id) VALUES (?, 1)", [(1,), (2,)])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    assert len(MIGRATIONS) >= 3
    with Archive.open(archive_path) as arc:
        assert arc.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert arc.get(1).title == "Harbour reopens"
        assert arc.get(1).dropped == []  # the column migration 5 added
        assert [t.count for t in arc.tags() if t.name == "ports"] == [1]  # the trashed one is not counted
        plan = " ".join(r[3] for r in arc.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FILTER (WHERE deleted_at IS NULL AND starred != 0) FROM articles"))
        assert "COVERING INDEX articles_listing" in plan
        plan = " ".join(r[3] for r in arc.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE url = ? AND url != '' LIMIT 1", ("x",)))
        assert "articles_url" in plan
        assert arc.search("harbour").total == 1  # the index was built from the migrated database
    assert list(archive_path.glob(f"{Path(DB_NAME).stem}.v1-*.bak.sqlite3"))  # backed up before migrating


def test_stats_count_what_is_there(archive: Archive) -> None:
    a = archive.add(result(photos=[Photo(caption="one", mime="image/jpeg", data=make_jpeg()), Photo(caption="two")]),
                    tags_=["ports"]).value
    b = archive.add(result(title="Cannery closes", body="The cannery closed.")).value
    archive.set_flags([a.id or 0], starred=True, read=True)
    archive.delete([b.id or 0])
    stats = archive.stats()
    assert (stats["articles"], stats["trashed"], stats["starred"], stats["unread"]) == (1, 1, 1, 0)
    assert (stats["photos"], stats["photos_with_image"], stats["tags"], stats["blobs"]) == (2, 1, 1, 3)
    assert stats["media_bytes"] > 0 and stats["index_queue"] == 0


def test_writing_is_one_transaction_under_the_write_lock(archive: Archive) -> None:
    a = archive.add(result()).value
    with archive.writing() as db:
        db.table("articles").update(a.id, {"title": "Renamed"})
        assert archive._write_lock._is_owned()  # type: ignore[attr-defined]  # the writer's lock, held
        assert db.conn.in_transaction
    assert archive.get(a.id or 0).title == "Renamed"
    with pytest.raises(RuntimeError, match="stop"), archive.writing() as db:
        db.table("articles").update(a.id, {"title": "Lost"})
        with pytest.raises(sqlite3.IntegrityError), archive.writing() as inner:  # nested: a savepoint
            inner.conn.execute("INSERT INTO articles(uid, clipped_at, updated_at) VALUES (?, 'x', 'x')", (a.uid,))
        raise RuntimeError("stop")
    assert archive.get(a.id or 0).title == "Renamed"  # all of it rolled back
    assert not archive.db.conn.in_transaction


def test_only_the_archive_touches_its_write_lock() -> None:
    """Everything else writes through ``archive.writing()``, the one transaction helper."""
    root = Path(__file__).resolve().parents[2]
    users = sorted(p.relative_to(root).as_posix() for folder in ("app", "ui") for p in (root / folder).rglob("*.py")
                   if "_write_lock" in p.read_text(encoding="utf-8"))
    assert users == ["app/archive.py"]
