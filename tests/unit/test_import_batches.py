"""A folder import stores in transactions bounded by count and by the media bytes they hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.archive import Archive, content_hash
from app.imports import folder
from app.imports.folder import import_paths


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
