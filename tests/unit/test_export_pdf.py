"""PDF export read back with poppler and pypdf: text (English and Korean), embedded photos, metadata, bookmarks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.archive import Archive
from app.errors import Cancelled
from app.export.pdf import export_pdf
from app.samples import add_samples

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(autouse=True)
def _qapp(qapp: object) -> None:
    """A QApplication first, so the exporter does not make a bare QGuiApplication the GUI tests cannot use."""


@pytest.fixture
def sample_archive(archive: Archive) -> Archive:
    add_samples(archive)
    return archive


def poppler(*args: str) -> str:
    proc = subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=True)
    assert "Syntax Error" not in proc.stderr, proc.stderr
    return proc.stdout


def _id_of(archive: Archive, lang: str) -> int:
    return next(i for i in archive.ids() if archive.get(i).language == lang)


def test_english_article_text_photo_metadata(sample_archive: Archive, tmp_path: Path) -> None:
    article_id = next(i for i in sample_archive.ids() if sample_archive.get(i).source == "The Korea Herald")
    out = tmp_path / "herald.pdf"
    assert export_pdf(sample_archive, [article_id], out, single_file=True) == [out]
    text = poppler("pdftotext", "-layout", str(out), "-")
    flat = " ".join(text.split())
    assert "S. Korean FM vows all-out efforts to" in flat
    assert "Foreign Minister Kang Kyung-wha on Thursday said" in flat
    assert "AP Photo/Ahn Young-joon" in flat and "Panmunjom" in flat  # caption and credit, as written
    assert "AP PHOTO" not in flat
    assert "THE KOREA HERALD · JULY 2, 2020" in flat and "Seoul, July 2, 2020" in flat  # the place shown one way
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(out))).group(1))
    assert pages >= 2 and f"Page 1 of {pages}" in flat and f"Cuttings · article {article_id}" in flat
    images = poppler("pdfimages", "-list", str(out)).splitlines()[2:]
    assert len(images) == 1
    cols = images[0].split()
    assert (cols[3], cols[4]) == ("1200", "800") and int(cols[12]) >= 150  # native pixels, print resolution
    info = poppler("pdfinfo", str(out))
    assert "Title:           S. Korean FM vows all-out efforts to resume dialogue with N. Korea" in info
    assert "Subject:         Press cutting from The Korea Herald, July 2, 2020" in info
    assert "Keywords:        samples" in info and "Creator:         Cuttings" in info
    assert "Page size:       595" in info  # A4
    fonts = poppler("pdffonts", str(out))
    assert "NotoSerif" in fonts and all(" yes " in line for line in fonts.splitlines()[2:])  # embedded


def test_korean_text_is_extractable(sample_archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "ko.pdf"
    export_pdf(sample_archive, [_id_of(sample_archive, "ko")], out, single_file=True, page_size="Letter")
    flat = " ".join(poppler("pdftotext", str(out), "-").split())
    assert "서울도서관, 근대 신문 스크랩 10만 건 디지털 공개" in flat
    assert "일제강점기부터 1980년대까지 모은 신문 스크랩" in flat
    assert "연합뉴스 사진/김민지" in flat  # credit of a caption whose photo is not attached
    assert "CJK" in poppler("pdffonts", str(out))
    assert "Page size:       612 x 792" in poppler("pdfinfo", str(out))  # Letter
    assert PdfReader(out).root_object["/Lang"] == "ko"


def test_many_in_one_file_contents_bookmarks_and_look(sample_archive: Archive, tmp_path: Path) -> None:
    ids = sample_archive.ids()
    out = tmp_path / "all.pdf"
    export_pdf(sample_archive, ids, out, single_file=True)
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(out))).group(1))
    first = poppler("pdftotext", "-f", "1", "-l", "1", str(out), "-")
    assert "Contents" in first and "서울도서관" in first and f"Page 1 of {pages}" in first
    xml = poppler("pdftohtml", "-xml", "-i", "-stdout", "-q", str(out))
    outline = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
    titles = [t for _, t in outline]
    assert titles[0] == "Contents" and len(outline) == 4
    assert "Harbour town opens its newspaper morgue to the public" in titles
    assert [int(p) for p, _ in outline] == sorted(int(p) for p, _ in outline)
    assert len(poppler("pdfimages", "-list", str(out)).splitlines()[2:]) == 3
    # Read back with pypdf too: the same bookmarks, each at the top of its page, and the clickable contents.
    reader = PdfReader(out)
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    marks = [(item.title, reader.get_destination_page_number(item), item.top) for item in reader.outline]
    assert [(title, page) for title, page, _ in marks] == [(t, int(p) - 1) for p, t in outline]
    assert {top for _, _, top in marks} == {842}  # A4's top edge
    assert reader.root_object["/PageMode"] == "/UseOutlines"
    links = [annot.get_object() for annot in reader.pages[0]["/Annots"]]
    assert [link["/Subtype"] for link in links] == ["/Link"] * 3 and all(link["/Border"] == [0, 0, 0] for link in links)
    assert [page_of[link["/Dest"][0].idnum] for link in links] == [page for _, page, _ in marks[1:]]
    assert reader.metadata is not None and reader.metadata.subject.startswith("3 press cuttings")
    assert out.read_bytes().count(b"%%EOF") == 2  # Qt's file, and one incremental update after it
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(out), str(ARTIFACTS / "export-all")],
                   check=True, timeout=60)


def test_one_file_per_article_and_cancel(sample_archive: Archive, tmp_path: Path) -> None:
    files = export_pdf(sample_archive, sample_archive.ids(), tmp_path / "pdfs")
    assert len(files) == 3 and all(f.suffix == ".pdf" and f.stat().st_size > 1000 for f in files)
    with pytest.raises(Cancelled):
        export_pdf(sample_archive, sample_archive.ids(), tmp_path / "x.pdf", single_file=True, cancelled=lambda: True)
    assert not (tmp_path / "x.pdf").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_pypdf_is_imported_only_when_a_pdf_is_written() -> None:
    script = ("import sys, app.archive, app.cli, app.export.pdf, app.search, ui.main_window\n"
              "assert not [m for m in sys.modules if m.split('.')[0] == 'pypdf'], 'pypdf imported'\nprint('ok')")
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
