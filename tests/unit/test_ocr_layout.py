"""The layout's geometry without OCR: reading order of blocks cut from a page's ink, and joining lines."""

from __future__ import annotations

import numpy as np

from app.clip.ocr.layout import find_photo, segment
from app.clip.ocr.paragraphs import join_line


def _text(ink: np.ndarray, x0: int, y0: int, x1: int, lines: int, pitch: int = 50, height: int = 36) -> None:
    """Draw ``lines`` lines of "words" (ink with word spaces) into ``ink``."""
    for n in range(lines):
        top = y0 + n * pitch
        shift = (n * 53) % 90  # word spaces do not line up from line to line
        ink[top : top + height, x0 : x0 + shift] = True
        for x in range(x0 + shift, x1, 120):
            ink[top : top + height, x + 20 : min(x + 120, x1)] = True


def test_columns_are_read_one_after_the_other_below_a_headline() -> None:
    ink = np.zeros((1400, 1600), dtype=bool)
    _text(ink, 100, 60, 1500, 1, height=90)  # the headline, across both columns
    _text(ink, 100, 250, 760, 6)  # left column, paragraph 1
    _text(ink, 100, 620, 760, 6)  # left column, paragraph 2 (its gap lines up with the right column's)
    _text(ink, 840, 250, 1500, 6)
    _text(ink, 840, 620, 1500, 6)
    blocks = segment(ink, 40)
    tops = [(box[0] < 800, box[1]) for box, _ in blocks]
    assert tops[0][1] == 60  # the headline first
    left = [t for t in tops[1:] if t[0]]
    right = [t for t in tops[1:] if not t[0]]
    assert tops[1:] == left + right and len(left) == 2 and len(right) == 2  # the whole left column, then the right


def test_a_photo_is_a_solid_patch_of_grey_and_text_is_not() -> None:
    grey = np.full((1200, 1200), 235, dtype=np.uint8)
    grey[200:700, 100:800] = 150  # a photo
    grey[230:300, 150:600] = 90
    for top in range(800, 1150, 50):  # lines of black text
        grey[top : top + 30 : 3, 100:1100] = 20
    box = find_photo(grey)
    assert box is not None
    assert abs(box[0] - 100) <= 16 and abs(box[1] - 200) <= 16 and abs(box[2] - 800) <= 16 and abs(box[3] - 700) <= 16


def test_lines_join_the_way_they_were_cut() -> None:
    assert join_line("an all-", "out effort", full=True) == "an all-out effort"
    assert join_line("the talks", "resumed", full=True) == "the talks resumed"
    assert join_line("일제강점", "기부터", full=True) == "일제강점기부터"  # Korean wraps inside a word
    assert join_line("스크랩북", "1,200여", full=True) == "스크랩북 1,200여"
    assert join_line("밝혔다.", "이번에", full=False) == "밝혔다. 이번에"
