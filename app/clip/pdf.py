"""Clip a PDF: an e-paper PDF from its text layer, a scanned one by rendering each page and reading it (OCR).

pypdfium2 (not pypdf): one wheel with no other dependencies both extracts the text layer with each line's box
and renders pages to images, which an image-only PDF needs and pypdf cannot do; PDFium is also the faster and
the more forgiving reader of damaged files.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from statistics import median
from typing import Any

import numpy as np
from PIL import Image

from app import __version__
from app.clip.ocr.paragraphs import join_line
from app.errors import Cancelled, NoTextFound, PdfLocked, UnsupportedInput
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import Capture, ClipResult
from app.timeutil import now_iso

RENDER_DPI = 300
BLANK_CONTRAST = 30  # grey levels between the paper and its darkest patches below which a page is blank
MIN_TEXT_CHARS = 200  # a text layer with less than this (a scanner's stray label) does not count
_TERMINAL = tuple(".!?:;。”’\"')")


@dataclass
class _TextLine:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def open_pdf(data: bytes, name: str) -> Any:
    """Open a PDF with PDFium. One with only an owner password (printing or copying restricted) opens as any
    other; one that needs a password to open, or protected by a scheme PDFium cannot read, is refused."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise UnsupportedInput(f"{name}: not a PDF (it does not start with %PDF).")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfLocked(f"{name}: the PDF is locked with a password, so Cuttings cannot read it. Open it with "
                            "its password in a PDF reader, save a copy without the password, and clip that copy.") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise PdfLocked(f"{name}: the PDF is protected by a security scheme Cuttings cannot read. Save or print "
                            "an unprotected copy from the program that made it, and clip that copy.") from exc
        raise UnsupportedInput(f"{name}: the PDF is damaged and cannot be read ({exc}).") from exc


def clip_pdf(data: bytes, *, filename: str = "", lang: str = "auto", per_page: bool = False,
             progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> ClipResult:
    """One article from a PDF (its text layer, or OCR of its pages); see :func:`clip_pdf_pages` for one per page."""
    return clip_pdf_pages(data, filename=filename, lang=lang, per_page=per_page, progress=progress,
                          cancelled=cancelled)[0]


def clip_pdf_pages(data: bytes, *, filename: str = "", lang: str = "auto", per_page: bool = False,
                   progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> list[ClipResult]:
    """Articles from a PDF: one for the whole document, or (``per_page``) one for each page with text.

    ``progress(page, pages, ...)`` comes before each page (pages are rendered one at a time and let go before
    the next) and once at the end; a cancel stops before the next page and raises :class:`Cancelled`, so a
    PDF gives all its articles or none (nothing of a half-read document is stored)."""
    from app.clip.scan import article_from_text

    name = filename or "the PDF"
    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        if count == 0:
            raise UnsupportedInput(f"{name}: the PDF has no pages.")
        texts: list[tuple[str, str, str]] = []  # (body text, caption, hOCR) a page
        layered = _has_text_layer(pdf)
        for index in range(count):
            check_cancel(cancelled)
            progress(index, count, f"Page {index + 1} of {count}")
            page = pdf[index]
            try:
                if layered:
                    texts.append((_page_text(page), "", ""))
                else:
                    texts.append(_ocr_page(page, index, lang, cancelled))
            finally:
                page.close()
        progress(count, count, "Read")
    except Cancelled:
        raise
    finally:
        pdf.close()
    groups = [[t] for t in texts] if per_page else [texts]
    results = []
    for number, group in enumerate(groups, 1):
        body = "\n\n".join(t[0] for t in group if t[0].strip())
        if len(body.strip()) < 20:
            continue
        caption = next((t[1] for t in group if t[1]), "")
        article = article_from_text(body, caption, filename)
        hocr = "\n".join(t[2] for t in group if t[2])
        capture = Capture(method="pdf", raw=data, raw_sha256=hashlib.sha256(data).hexdigest(), mime="application/pdf",
                          filename=filename if not per_page else f"{filename}#page={number}", fetched_at=now_iso(),
                          tool_version=f"cuttings {__version__}; pdfium" + ("" if layered else "; tesseract"),
                          ocr=hocr.encode("utf-8") if hocr else None, ocr_mime="text/vnd.hocr+html" if hocr else "")
        results.append(ClipResult(article=article, capture=capture))
    if not results:
        raise NoTextFound(f"{name}: no text found on its {count} page(s).")
    return results


def _has_text_layer(pdf: Any) -> bool:
    chars = 0
    for index in range(min(len(pdf), 5)):
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range().strip())
            textpage.close()
        finally:
            page.close()
    return chars >= MIN_TEXT_CHARS


def _page_text(page: Any) -> str:
    """A page's text layer as paragraphs: lines from PDFium's text boxes, a paragraph break at a wider gap."""
    textpage = page.get_textpage()
    try:
        lines = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if text:
                lines.append(_TextLine(text, left, top, right, bottom))
    finally:
        textpage.close()
    if not lines:
        return ""
    height = median(ln.top - ln.bottom for ln in lines) or 10.0
    steps = [a.bottom - b.top for a, b in itertools.pairwise(lines) if 0 <= a.bottom - b.top < 2 * height]
    leading = sorted(steps)[len(steps) // 4] if steps else 0.3 * height  # most gaps are between lines
    right_edge = sorted(ln.right for ln in lines)[(len(lines) * 9) // 10]
    out, current = [], ""
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None:
            gap = prev.bottom - line.top
            full = prev.right >= right_edge - 1.5 * height
            if gap < -height:  # the next column
                new = prev.text.endswith(_TERMINAL) and not full
            else:
                new = gap > leading + 0.6 * height
            if new:
                out.append(current)
                current = ""
            current = join_line(current, line.text, full=full)
        else:
            current = line.text
    out.append(current)
    return "\n\n".join(p for p in out if p)


def _ocr_page(page: Any, index: int, lang: str, cancelled: CancelCheck) -> tuple[str, str, str]:
    from app.clip.ocr.hocr import to_hocr
    from app.clip.ocr.pipeline import read_page

    bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)  # one page at a time: about 8 MB for A4
    image = bitmap.to_pil()
    try:
        if _blank(image):  # the back of a sheet, a separator page: nothing to read
            return "", "", ""
        reading = read_page(image, lang, cancelled=cancelled)
    finally:
        bitmap.close()
    good = [w for w in reading.words() if w.conf >= 60]
    if len(good) < 5:
        return "", "", ""
    body = reading.body_text if index == 0 else "\n\n".join(reading.paragraphs)
    return body, reading.caption, to_hocr(reading, page_number=index + 1)


def _blank(image: Image.Image) -> bool:
    """A page with no ink: its darkest 8-pixel patches are within a few grey levels of its paper."""
    grey = np.asarray(image.convert("L").reduce(8), dtype=np.int16)
    paper, dark = np.percentile(grey, [90, 0.1])
    return float(paper - dark) < BLANK_CONTRAST
