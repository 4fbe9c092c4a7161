"""A folder import stores in transactions bounded by count and by the media bytes they hold."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from app import indexing
from app.archive import Archive, content_hash
from app.clip.text import clip_text
from app.imports import folder
from app.imports.folder import import_paths
from app.model import ClipResult
from app.verify import verify


def _folder(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "cuttings"
    root.mkdir()
    for i in range(count):
        (root / f"c{i:03}.txt").write_text(f"Storm report {i}\n\nThe storm{i} closed the port. " * 20 + "\n",
                                           encoding="utf-8")
    return root


def _batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real = Archive.add_many

    def add_many(self: Archive, results: Any, **kwargs: Any) -> Any:
        sizes.append(len(results))
        return real(self, results, **kwargs)

    monkeypatch.setattr(Archive, "add_many", add_many)
    return sizes


def test_items_are_stored_in_few_transactions(tmp_path: Path, archive: Archive,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = _batches(monkeypatch)
    monkeypatch.setattr(folder, "BATCH", 12)
    report = import_paths(archive, [_folder(tmp_path, 30)], workers=0)
    assert len(report.added) == 30
    assert sizes == [12, 12, 6]


def test_a_batch_holding_many_bytes_is_stored_early(tmp_path: Path, archive: Archive,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = _batches(monkeypatch)
    root = _folder(tmp_path, 10)
    one = (root / "c000.txt").stat().st_size
    monkeypatch.setattr(folder, "BATCH_BYTES", 3 * one)  # each capture keeps the file's bytes
    report = import_paths(archive, [root], workers=0)
    assert len(report.added) == 10
    assert sum(sizes) == 10 and max(sizes) == 3
    assert archive.search("storm7").total == 1


def test_worker_processes_hash_the_content_the_archive_would(tmp_path: Path, archive: Archive) -> None:
    root = _folder(tmp_path, 20)
    (root / "c019.txt").write_text("Storm report 3\n\nThe storm3 closed the port. " * 20 + "\n", encoding="utf-8")
    report = import_paths(archive, [root], workers=2)  # the hashes come from the worker processes
    assert len(report.added) == 19 and len(report.duplicates) == 1  # c019 repeats c003
    for article_id in report.added:
        article = archive.get(article_id)
        assert article.content_hash == content_hash(article.title, article.body)
    again = import_paths(archive, [root], workers=2)
    assert not again.added and len(again.duplicates) == 20


def test_an_import_without_a_background_indexer_tidies_a_fragmented_index(
    tmp_path: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.model import Article, Capture, ClipResult
    from app.search import index as search_index

    for i in range(8):  # one commit, one small segment each (no idle moments to merge them)
        archive.add(ClipResult(article=Article(title=f"Tide table {i}", body=f"High water at {i} o'clock."),
                               capture=Capture(method="text", raw=f"tide {i}".encode(), mime="text/plain")))
        archive.flush_index()
    assert archive.index.segment_count() >= 8
    monkeypatch.setattr(search_index, "TIDY_SEGMENTS", 4)
    report = import_paths(archive, [_folder(tmp_path, 3)], workers=0)
    assert len(report.added) == 3
    assert archive.index.segment_count() <= 4
    assert archive.search("tide").total == 8 and archive.search("storm1").total == 1


def _stories(count: int, start: int = 0) -> list[ClipResult]:
    return [clip_text(f"Harbour story {n}\n\nPORT ELLIS (AP) — The harbour{n} reopened after the storm.\n".encode())
            for n in range(start, start + count)]


def _indexed(archive: Archive) -> int:
    return archive.index.doc_count()


def test_a_big_import_is_indexed_while_it_stores(tmp_path: Path) -> None:
    # A big import feeds each stored batch to one open index writer (with its worker processes): nothing is
    # searchable before the end, then everything once, with the latest copy of an article changed meanwhile.
    with Archive.open(tmp_path / "a.cuttings", create=True) as archive:
        with archive.bulk_indexing(expected=1000):
            first = archive.add_many(_stories(300))
            assert archive.search("harbour").total == 0  # fed to the writer, not committed
            assert indexing.queue_length(archive.db) == 300
            archive.update(first[5], title="Lighthouse story")  # queued again after it was fed
            archive.add_many(_stories(300, start=300))
        assert indexing.queue_length(archive.db) == 0
        assert _indexed(archive) == 600
        assert archive.search("harbour").total == 599  # the title of one says lighthouse now
        assert [h.id for h in archive.search("lighthouse").hits] == [first[5]]
        assert [h.id for h in archive.search("harbour5").hits] == [first[5]]
        assert archive.search("harbour599").total == 1


def test_a_failed_big_import_keeps_what_it_stored_queued_then_indexes_it(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "a.cuttings", create=True) as archive:
        with pytest.raises(RuntimeError), archive.bulk_indexing(expected=1000):
            archive.add_many(_stories(200))
            raise RuntimeError("the import stops")
        # the open writer was dropped and what it held indexed from the queue, once each
        assert indexing.queue_length(archive.db) == 0
        assert _indexed(archive) == 200
        assert archive.search("harbour123").total == 1


def test_a_big_import_commits_every_bulk_drain_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexing, "BULK_DRAIN", 250)
    with Archive.open(tmp_path / "a.cuttings", create=True) as archive:
        with archive.bulk_indexing(expected=1000):
            archive.add_many(_stories(150))
            archive.add_many(_stories(150, start=150))  # 300 fed: committed
            assert archive.search("harbour").total == 300
            assert indexing.queue_length(archive.db) == 0
            archive.add_many(_stories(100, start=300))
            archive.flush_index()  # what the open writer holds is committed, not indexed a second time
            assert archive.search("harbour").total == 400
            archive.add_many(_stories(100, start=400))
        assert archive.search("harbour").total == 500
        assert archive.index.doc_count() == 500


def test_a_batch_takes_a_recorded_blob_from_the_table_and_an_orphan_file_again(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "a.cuttings", create=True) as archive:
        first = archive.add_many(_stories(1))[0]
        capture = archive.db.conn.execute("SELECT raw_sha256 FROM captures WHERE article_id = ?", (first,)).fetchone()[0]
        ext = archive.db.conn.execute("SELECT ext FROM blobs WHERE sha256 = ?", (capture,)).fetchone()[0]
        kept = archive.media.path_for(capture, ext)
        before = kept.stat().st_mtime_ns
        # the same capture bytes again (another article): the table records the blob, its file is not written
        again = _stories(1)
        again[0].article.title = "Another headline"
        archive.add_many(again, allow_duplicate=True)
        assert kept.stat().st_mtime_ns == before
        # a file left by a killed import (in media/, not recorded) is written again and recorded
        orphan_result = _stories(1, start=7)
        sha = hashlib.sha256(orphan_result[0].capture.raw or b"").hexdigest()
        orphan = archive.media.path_for(sha, ext)
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(b"half")
        archive.add_many(orphan_result)
        assert orphan.read_bytes() == orphan_result[0].capture.raw
        assert archive.db.conn.execute("SELECT bytes FROM blobs WHERE sha256 = ?", (sha,)).fetchone()[0] == orphan.stat().st_size
        report = verify(archive)
        assert report.ok, report.to_json()
