"""The content-addressed media store: files under their SHA-256, written through temporary files that never
stay behind."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from app.media import TEMP_PREFIX, MediaStore


def _temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def test_a_blob_is_stored_under_its_hash_once(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    data = b"The harbour ferry resumed service on Tuesday."
    sha, ext = store.put(data, "text/plain")
    assert (sha, ext) == (hashlib.sha256(data).hexdigest(), ".txt")
    assert store.read(sha, ext) == data
    assert store.put(data, "text/plain") == (sha, ext)
    assert [p.name for p in store.walk()] == [f"{sha}.txt"]


def test_a_batch_is_named_at_finish_and_a_dropped_batch_leaves_nothing(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    pending: list[tuple[str, Path]] = []
    blobs = [store.put(f"cutting {i}".encode(), "text/plain", pending=pending) for i in range(5)]
    blobs.append(store.put(b"cutting 1", "text/plain", pending=pending))  # the same bytes twice in one batch
    assert len(_temps(store.root)) == 6 and not any(store.path_for(*b).exists() for b in blobs)
    store.finish(pending)
    assert not _temps(store.root) and all(store.path_for(*b).exists() for b in blobs)
    assert store.read(*blobs[1]) == b"cutting 1"

    dropped: list[tuple[str, Path]] = []
    store.put(b"never stored", "text/plain", pending=dropped)
    store.discard(dropped)
    assert not _temps(store.root)


def test_two_stores_of_one_folder_and_a_folder_removed_meanwhile(tmp_path: Path) -> None:
    first, second = MediaStore(tmp_path / "media"), MediaStore(tmp_path / "media")
    a = first.put(b"a" * 10, "image/jpeg")
    shutil.rmtree(tmp_path / "media")  # e.g. emptied by hand while the archive was open
    b = first.put(b"a" * 10, "image/jpeg")
    assert a == b and first.read(*a) == b"a" * 10
    pending_1: list[tuple[str, Path]] = []
    pending_2: list[tuple[str, Path]] = []
    # both stores count their temporary files from the same number in the same process
    x = first.put(b"x", "text/plain", pending=pending_1)
    y = second.put(b"y", "text/plain", pending=pending_2)
    assert pending_1[0][0] != pending_2[0][0]
    first.finish(pending_1)
    second.finish(pending_2)
    assert (first.read(*x), second.read(*y)) == (b"x", b"y")
    assert not _temps(tmp_path / "media")
