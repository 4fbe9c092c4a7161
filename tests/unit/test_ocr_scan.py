"""Scans and photographed cuttings read by OCR (real Tesseract on real scans), kept byte for byte."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import pytest

from app.clip.dispatch import clip_source
from app.clip.ocr.hocr import word_boxes
from app.clip.scan import clip_scan, open_scan
from app.clip.text import clip_text
from app.errors import ImageTooLarge, NoTextFound
from app.model import ClipResult
from tests.scans.compare import char_accuracy, field_differences
from tests.scans.generator import Options, parse_cutting_text, render

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
SEED_SCAN = SAMPLES / "scans" / "korea-herald-2020-07-02-scan.jpg"
KOREAN_SCAN = ROOT / "tests" / "data" / "scans" / "seoul-library-ko-scan.jpg"


@pytest.fixture(scope="module")
def seed() -> ClipResult:
    return clip_scan(SEED_SCAN.read_bytes(), filename=SEED_SCAN.name)


def test_the_seed_scan_gives_the_article_its_text_gives(seed: ClipResult) -> None:
    expected = clip_text((SAMPLES / "korea-herald-2020-07-02.txt").read_bytes(), filename="k.txt").article
    got = seed.article
    assert field_differences(got, expected) == []
    assert got.title == "S. Korean FM vows all-out efforts to resume dialogue with N. Korea"
    assert (got.place, got.published, got.source) == ("SEOUL", "2020-07-02", "The Korea Herald")
    assert char_accuracy(got.body, expected.body) >= 0.99
    paragraphs = got.body.split("\n\n")
    assert paragraphs[0].startswith("Foreign Minister Kang") and paragraphs[-1].startswith("Kang was referring")
    photo = got.photos[0]
    assert (photo.caption, photo.credit) == (expected.photos[0].caption, expected.photos[0].credit)
    assert "AP Photo/Ahn Young-joon" in photo.credit
    assert photo.data and photo.mime == "image/jpeg" and (photo.width or 0) > 900 and (photo.height or 0) > 600


def test_the_scan_is_the_capture_with_its_word_boxes(seed: ClipResult) -> None:
    capture = seed.capture
    assert capture.method == "scan" and capture.raw == SEED_SCAN.read_bytes()
    assert capture.raw_sha256 == hashlib.sha256(SEED_SCAN.read_bytes()).hexdigest()
    assert capture.ocr is not None
    words = word_boxes(capture.ocr)
    biegun = [w for w in words if w.text.startswith("Biegun")]
    assert biegun and all(1200 < w.box[0] < 2400 for w in biegun)  # in the right-hand column of the scan


def test_an_archive_keeps_the_scan_and_verify_covers_it(seed: ClipResult, archive: object, tmp_path: Path) -> None:
    from app.archive import Archive
    from app.verify import verify

    assert isinstance(archive, Archive)
    article = archive.add(seed).value
    assert article.id is not None
    capture = archive.captures(article.id)[0]
    assert capture.raw_sha256 == hashlib.sha256(SEED_SCAN.read_bytes()).hexdigest()
    assert archive.blob(capture.raw_sha256) == SEED_SCAN.read_bytes()
    assert capture.ocr_sha256 and word_boxes(archive.blob(capture.ocr_sha256))
    assert verify(archive).ok
    blob_count = archive.reader.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0]
    assert blob_count == 3  # the scan, its word boxes, the photo cut out of it
    from app.export.markdown import write_markdown_tree

    exported = tmp_path / "md"
    exported.mkdir()
    folder = write_markdown_tree(archive, [article.id], exported)[0]
    assert "[Original scan](assets/original-scan.jpg)" in (folder / "index.md").read_text(encoding="utf-8")
    assert (folder / "assets" / "original-scan.jpg").read_bytes() == SEED_SCAN.read_bytes()
    assert (folder / "assets" / "original-scan.hocr").exists()
    archive.delete([article.id])
    archive.purge()
    assert archive.reader.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


def test_the_korean_scan() -> None:
    expected = clip_text((SAMPLES / "seoul-library-ko.txt").read_bytes(), filename="k.txt").article
    got = clip_scan(KOREAN_SCAN.read_bytes(), filename=KOREAN_SCAN.name).article
    assert (got.title, got.place, got.published, got.source) == (
        expected.title, expected.place, expected.published, expected.source)
    assert got.language == "ko"
    assert char_accuracy(got.body, expected.body) >= 0.95


def test_three_columns_rotated_come_out_in_order() -> None:
    cutting = parse_cutting_text((SAMPLES / "korea-herald-2020-07-02.txt").read_text(encoding="utf-8"))
    scan = render(cutting, Options(columns=3, rotate=-1.5, noise=25, seed=3))
    text = "\n\n".join([cutting.headline, cutting.caption, *cutting.paragraphs]).encode()
    expected = clip_text(text, filename="k.txt").article
    got = clip_scan(scan, filename="three.jpg").article
    assert field_differences(got, expected) == []
    assert char_accuracy(got.body, expected.body) >= 0.99


def test_a_photo_without_text_stays_a_photo(tmp_path: Path) -> None:
    photo = SAMPLES / "korea-herald-2020-07-02.jpg"
    assert clip_source(photo).capture.method == "image"  # not mostly text: kept as a photo without OCR
    with pytest.raises(NoTextFound, match="no text found"):
        clip_source(photo, ocr=True)
    assert clip_source(SEED_SCAN, ocr=False).capture.method == "image"  # --no-ocr


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def test_huge_images_are_refused_before_they_are_decoded() -> None:
    with pytest.raises(ImageTooLarge, match="too many pixels"):
        open_scan(_png_header(20000, 10000), "bomb.png")  # 200 megapixels
    with pytest.raises(ImageTooLarge, match="save it as JPEG"):
        open_scan(_png_header(10000, 10000), "huge.png")  # 100 megapixels of PNG must decode whole: refused


def test_the_pdf_export_carries_the_original_scan_searchable(seed: ClipResult, archive: object,
                                                             tmp_path: Path) -> None:
    import shutil
    import subprocess

    from app.archive import Archive
    from app.export.pdf import export_pdf

    assert isinstance(archive, Archive)
    article = archive.add(seed).value
    assert article.id is not None
    plain, = export_pdf(archive, [article.id], tmp_path / "plain.pdf", single_file=True)
    scans, = export_pdf(archive, [article.id], tmp_path / "scans.pdf", single_file=True, original_scans=True)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(scans)
    pages = len(doc)
    assert pages == len(pdfium.PdfDocument(plain)) + 1
    last = doc[pages - 1].get_textpage().get_text_range()
    assert "Biegun" in last and "Panmunjom" in last  # the scan's words, searchable
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", str(pages), str(scans), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Biegun" in text
