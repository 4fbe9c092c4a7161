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


def _jpeg_with_exif(path: Path, **tags: str) -> Path:
    from PIL import Image

    numbers = {"Artist": 0x013B, "Copyright": 0x8298, "ImageDescription": 0x010E, "DateTime": 0x0132, "Make": 0x010F}
    exif = Image.Exif()
    for key, value in tags.items():
        exif[numbers[key]] = value
    Image.new("RGB", (32, 24), (10, 90, 160)).save(path, "JPEG", exif=exif.tobytes())
    return path


def test_exif_text_is_cleaned_capped_and_dates_checked(tmp_path: Path) -> None:
    from app.clip.image import clip_image_file
    from app.clip.photos import clean_exif_text

    hostile = "Harbour\x00 at dawn\x1b[2J\x1b]0;pwned\x07 evil " + "word " * 6000  # 30,000+ characters
    path = _jpeg_with_exif(tmp_path / "scan.jpg", ImageDescription=hostile, Artist="Ann\x00 Lee\x1b[31m",
                           DateTime="9999:99:99 99:99:99", Make="Cam\r\nera")
    result = clip_image_file(path)
    article, photo = result.article, result.article.photos[0]
    assert article.published == "" and "DateTime" not in photo.exif
    assert len(article.title) <= 300 and article.title.startswith("Harbour at dawn [2J ]0;pwned evil word")
    assert article.title.endswith("…") and len(photo.caption) <= 2000
    assert photo.credit == "Ann Lee [31m" and photo.exif["Make"] == "Cam era"
    texts = [article.title, photo.caption, photo.credit, *photo.exif.values()]
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for t in texts for c in t)
    assert clean_exif_text("a\u202egnp.exe\u2066 b\u0085c", 50) == "a gnp.exe b c"
    good = clip_image_file(_jpeg_with_exif(tmp_path / "good.jpg", DateTime="2019:05:04 10:11:12"))
    assert good.article.published == "2019-05-04"
    for stamp in ("2019:02:30 00:00:00", "0001:01:01 00:00:00", "nonsense"):
        assert clip_image_file(_jpeg_with_exif(tmp_path / "bad.jpg", DateTime=stamp)).article.published == ""


SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>
<image href="file:///etc/passwd"/><text x="0" y="5">Harbour</text></svg>
"""


def test_svg_is_refused_clearly_not_clipped_as_xml(tmp_path: Path) -> None:
    from app.clip.dispatch import clip_bytes

    for name in ("drawing.svg", "drawing.txt", "drawing"):
        (tmp_path / name).write_bytes(SVG)
        with pytest.raises(UnsupportedInput, match=rf"{name}: an SVG drawing is not clipped: .*Export it as PNG"):
            clip_source(tmp_path / name)
    with pytest.raises(UnsupportedInput, match="an SVG drawing is not clipped"):
        clip_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><text>Hi</text></svg>")


def test_a_huge_text_is_refused_quickly_with_a_clear_message(archive: Archive, tmp_path: Path) -> None:
    from app.clip.dispatch import MAX_BODY_CHARS, check_body, clip_bytes
    from app.model import Article, Capture, ClipResult

    para = b"The harbour authority said the ferry service would resume after repairs to the pier. " * 8 + b"\n\n"
    folder = tmp_path / "in"
    write_cutting(folder, "small.txt", "Harbour reopens", "The harbour reopened on Monday after repairs.")
    big = folder / "big.txt"
    big.write_bytes(b"A very long report\n\n" + para * (50 * 1024 * 1024 // len(para)))  # 50 MB
    started = time.monotonic()
    with pytest.raises(UnsupportedInput, match=r"big.txt: 50.0 MB is more than a text cutting may be \(2 MB\)"):
        clip_source(big)
    with pytest.raises(UnsupportedInput, match="Split it into smaller files"):
        clip_bytes(big.read_bytes())
    report = import_paths(archive, [folder], workers=0)
    assert time.monotonic() - started < 5
    assert len(report.added) == 1 and "more than a text cutting may be" in report.failed[0][1]
    with pytest.raises(UnsupportedInput, match="one cutting holds at most"):
        check_body(ClipResult(Article(title="t", body="x" * (MAX_BODY_CHARS + 1)), Capture(method="html")), "page.html")
