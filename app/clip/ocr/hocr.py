"""The word boxes of a reading as hOCR (the scan's own pixel coordinates), and reading them back."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from app.clip.ocr.pipeline import Reading

HOCR_MIME = "text/vnd.hocr+html"
_WORD = re.compile(r"<span class=['\"]ocrx_word['\"][^>]*title=['\"]bbox (\d+) (\d+) (\d+) (\d+)[^'\"]*['\"][^>]*>(.*?)</span>",
                   re.S)
_PAGE = re.compile(r"class=['\"]ocr_page['\"][^>]*title=['\"][^'\"]*bbox 0 0 (\d+) (\d+)")


@dataclass
class WordBox:
    text: str
    box: tuple[int, int, int, int]


def to_hocr(reading: Reading, *, page_number: int = 1) -> str:
    """An hOCR page with every kept block, line and word, boxes mapped back onto the scan as stored."""
    width, height = reading.scan_size
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{reading.lang.split("+")[0]}"><head><title>scan</title>',
        '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
        '<meta name="ocr-system" content="tesseract (cuttings)"/>',
        "<meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word'/></head><body>",
        f"<div class='ocr_page' id='page_{page_number}' title='image \"scan\"; bbox 0 0 {width} {height}; "
        f"ppageno {page_number - 1}'>",
    ]
    n = 0
    for b_index, block in enumerate(reading.layout.blocks):
        if block.kind == "noise":
            continue
        out.append(f"<div class='ocr_carea' id='block_{page_number}_{b_index}' title='bbox {_box(reading, block.box)}'"
                   f" data-kind='{block.kind}'><p class='ocr_par'>")
        for line in block.lines:
            out.append(f"<span class='ocr_line' title='bbox {_box(reading, line.box)}'>")
            for word in line.words:
                n += 1
                out.append(f"<span class='ocrx_word' id='word_{page_number}_{n}' title='bbox {_box(reading, word.box)}; "
                           f"x_wconf {round(word.conf)}'>{html.escape(word.text, quote=False)}</span> ")
            out.append("</span>")
        out.append("</p></div>")
    if reading.layout.photo:
        out.append(f"<div class='ocr_photo' title='bbox {_box(reading, reading.layout.photo)}'></div>")
    out.append("</div></body></html>")
    return "\n".join(out)


def _box(reading: Reading, box: tuple[int, int, int, int]) -> str:
    corners = [reading.to_scan(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs = [c[0] for c in corners]
    ys = [c[1] for c in corners]
    return f"{max(0, round(min(xs)))} {max(0, round(min(ys)))} {round(max(xs))} {round(max(ys))}"


def word_boxes(hocr: str | bytes) -> list[WordBox]:
    """Every ``ocrx_word`` of an hOCR document with its box."""
    text = hocr.decode("utf-8", "replace") if isinstance(hocr, bytes) else hocr
    return [WordBox(html.unescape(re.sub(r"<[^>]+>", "", m.group(5))).strip(),
                    (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))))
            for m in _WORD.finditer(text)]


def page_size(hocr: str | bytes) -> tuple[int, int] | None:
    text = hocr.decode("utf-8", "replace") if isinstance(hocr, bytes) else hocr
    m = _PAGE.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None
