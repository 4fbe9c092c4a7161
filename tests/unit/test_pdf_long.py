"""A 200-page PDF: progress page by page out of 200, cancel stops it within a page and keeps nothing, and the
pages are rendered one at a time (memory stays flat however far it gets)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from app.clip.pdf import clip_pdf, clip_pdf_pages
from app.errors import Cancelled
from tests.scans.pdfs import image_only_pdf, text_pdf_pages

PAGES = 200
A4_AT_300_DPI = 2480 * 3508  # bytes of one rendered greyscale page


def _minutes(page: int) -> list[list[str]]:
    return [[f"Harbour council minutes, sitting {page}"],
            [f"BUSAN, March {1 + page % 28}, 2021, Yonhap News. The council met for the {page}th time to hear",
             "the port authority on the old cranes and the museum that is to keep them."]]


def _resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_every_page_of_a_200_page_pdf_is_reported_and_read() -> None:
    pdf = text_pdf_pages([_minutes(n) for n in range(1, PAGES + 1)])
    seen: list[tuple[int, int]] = []
    results = clip_pdf_pages(pdf, filename="minutes.pdf", per_page=True,
                             progress=lambda done, total, _m: seen.append((done, total)))
    assert seen == [(n, PAGES) for n in range(PAGES + 1)]  # before each page, and once done
    assert len(results) == PAGES
    assert results[-1].article.title == f"Harbour council minutes, sitting {PAGES}"
    assert results[-1].capture.filename == f"minutes.pdf#page={PAGES}"
    whole = clip_pdf(pdf, filename="minutes.pdf")  # one article of the whole document
    assert f"{PAGES}th time" in whole.article.body


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the resident size from /proc")
def test_a_200_page_scanned_pdf_cancels_early_one_page_in_memory_at_a_time() -> None:
    pdf = image_only_pdf(Image.new("L", (1240, 1754), 236), PAGES)  # A4 at 150 dpi, rendered at 300
    seen: list[tuple[int, int]] = []
    resident: list[int] = []

    def progress(done: int, total: int, _message: str) -> None:
        seen.append((done, total))
        resident.append(_resident_bytes())

    with pytest.raises(Cancelled):
        clip_pdf_pages(pdf, filename="box.pdf", lang="eng", progress=progress, cancelled=lambda: len(seen) >= 8)
    assert seen == [(n, PAGES) for n in range(8)]  # stopped before the ninth page was rendered
    # six more pages rendered after the second: holding them would take 6 x 8.7 MB
    assert max(resident[2:]) - resident[2] < 2 * A4_AT_300_DPI
