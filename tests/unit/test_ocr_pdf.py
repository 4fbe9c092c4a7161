"""PDFs: from the text layer when there is one, by OCR of the rendered pages when not; bad PDFs are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.clip.dispatch import clip_source
from app.clip.pdf import clip_pdf, clip_pdf_pages
from app.errors import Cancelled, UnsupportedInput
from tests.scans.pdfs import image_pdf, text_pdf

ROOT = Path(__file__).resolve().parents[2]
SEED_SCAN = ROOT / "resources" / "samples" / "scans" / "korea-herald-2020-07-02-scan.jpg"

PARAGRAPHS = [
    ["Harbour cranes return to the old port"],
    ["BUSAN, March 3, 2021, Yonhap News. The city council voted on Tuesday to bring", "two historic cranes back to the old port as a museum."],
    ["The cranes were taken down in 1998 when the container terminal moved", "to the new harbour, the council said."],
]


def test_a_pdf_with_a_text_layer_clips_from_its_text(tmp_path: Path) -> None:
    path = tmp_path / "e-paper.pdf"
    path.write_bytes(text_pdf(PARAGRAPHS))
    result = clip_source(path)
    article = result.article
    assert article.title == "Harbour cranes return to the old port"
    assert (article.place, article.published) == ("BUSAN", "2021-03-03")
    assert article.body.split("\n\n")[0].startswith("The city council voted on Tuesday to bring two historic cranes")
    assert len(article.body.split("\n\n")) == 2
    assert result.capture.method == "pdf" and result.capture.raw == path.read_bytes()
    assert result.capture.ocr is None  # no OCR needed


def test_an_image_only_pdf_is_rendered_and_read() -> None:
    result = clip_pdf(image_pdf([SEED_SCAN.read_bytes()]), filename="scanned.pdf")
    assert result.article.title == "S. Korean FM vows all-out efforts to resume dialogue with N. Korea"
    assert result.article.source == "The Korea Herald"
    assert result.capture.ocr and b"ocrx_word" in result.capture.ocr


def test_a_long_pdf_reports_progress_and_can_be_cancelled() -> None:
    seen: list[tuple[int, int]] = []
    pdf = image_pdf([SEED_SCAN.read_bytes()] * 3)
    with pytest.raises(Cancelled):
        clip_pdf_pages(pdf, filename="long.pdf", progress=lambda d, t, m: seen.append((d, t)),
                       cancelled=lambda: len(seen) >= 1)
    assert seen == [(0, 3)]


def test_one_article_per_page_on_request() -> None:
    two = text_pdf(PARAGRAPHS)  # one page; per_page gives one article for it
    assert len(clip_pdf_pages(two, filename="x.pdf", per_page=True)) == 1


def test_damaged_and_fake_pdfs_are_named(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInput, match="damaged"):
        clip_pdf(text_pdf(PARAGRAPHS)[:200], filename="cut.pdf")
    with pytest.raises(UnsupportedInput, match="not a PDF"):
        clip_pdf(b"GIF89a....", filename="fake.pdf")
