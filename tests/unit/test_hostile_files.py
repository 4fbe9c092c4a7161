"""Hostile files given to ``import`` and ``clip``: links out of the folder, FIFOs, SVG, huge texts."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.archive import Archive
from app.clip.dispatch import clip_source
from app.errors import UnsupportedInput
from app.imports.folder import import_paths
from tests.conftest import write_cutting

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@contextmanager
def unblocking(fifo: Path, after: float = 5.0) -> Iterator[None]:
    """Should the code under test open ``fifo`` for reading (the bug), a writer comes after ``after`` seconds and
    closes it at once, so the test fails on time instead of hanging."""
    done = threading.Event()

    def writer() -> None:
        if not done.wait(after):
            fd = os.open(fifo, os.O_RDWR)  # never blocks; a reader waiting in open() goes on
            os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def test_import_does_not_follow_links_out_of_the_folder(archive: Archive, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n\nThe secret body of a file outside the folder.\n")
    folder = tmp_path / "cuttings"
    write_cutting(folder, "one.txt", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    write_cutting(folder / "sub", "two.txt", "Ferry resumes", "The ferry service resumed on Tuesday morning.")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "inside-link.txt").symlink_to(folder / "sub" / "two.txt")  # a link within the folder is fine
    (folder / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    report = import_paths(archive, [folder])
    titles = sorted(archive.get(i).title for i in report.added)
    assert set(titles) == {"Ferry resumes", "Harbour reopens"}  # the link inside the folder is read
    skipped = dict(report.skipped)
    assert "outside the folder being imported" in skipped[str(folder / "passwd.txt")]
    assert "links are not followed" in skipped[str(folder / "linked-folder")]
    assert report.to_json()["skipped"][0]["reason"]
    assert not archive.search("secret").hits


@needs_fifo
def test_import_and_clip_skip_a_fifo_without_opening_it(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "cuttings"
    write_cutting(folder, "one.txt", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with unblocking(fifo):
        report = import_paths(archive, [folder], workers=0)
        with pytest.raises(UnsupportedInput, match=r"pipe.txt: a named pipe \(FIFO\), not a regular file"):
            clip_source(fifo)
        report_direct = import_paths(archive, [fifo], workers=0)
    assert time.monotonic() - started < 3
    assert len(report.added) == 1 and report.skipped == [(str(fifo), report.skipped[0][1])]
    assert "named pipe (FIFO)" in report.skipped[0][1] and not report.failed
    assert report_direct.skipped and not report_direct.added and not report_direct.failed


def test_clip_refuses_a_device(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(UnsupportedInput, match="a character device, not a regular file"):
        clip_source(Path("/dev/zero"))
