"""One page image in, the reading out: orientation, deskew, recognition, layout and paragraphs."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from statistics import median

import numpy as np
from PIL import Image, ImageOps

from app.clip.ocr.engine import Engine, Line, Word, check_languages, tessdata_dir
from app.clip.ocr.layout import (
    Block,
    Layout,
    classify,
    erase_specks,
    find_photo,
    ink_mask,
    line_height_of,
    segment,
)
from app.clip.ocr.paper import flatten_light
from app.clip.ocr.paragraphs import join_line, paragraphs
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress

# Tesseract reads 300 dpi best; a page bigger than this (a 600 dpi scan, a 48-megapixel phone photo) is read
# at about 300 dpi for an A4 page, which also keeps memory bounded.
MAX_OCR_PIXELS = 12_000_000
AUTO = "auto"
_MARGIN = 24  # paper around each block handed to Tesseract
_SURE = 80  # a block read with less mean confidence is read again from our own black and white
# Big type is read best shrunk to about the height of 300 dpi body lines (measured on the generated phone photos:
# read at 90-120 px a line, blur and grain turn 서 into 셔 and FM into EM; at 40-48 px every headline was right)
_BIG_LINE = 64
_BODY_LINE = 40


@dataclass
class Reading:
    """What OCR made of one page; boxes are in ``image``'s pixels (the page turned upright and deskewed)."""

    image: Image.Image
    lang: str
    layout: Layout
    headline: str = ""
    caption: str = ""
    paragraphs: list[str] = field(default_factory=list)
    rotation: float = 0.0  # degrees counter-clockwise applied to the scan (orientation + deskew)
    scale: float = 1.0  # reading pixels per scan pixel
    scan_size: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        """The recognised cutting as plain text, in the order a text cutting is written (caption after title)."""
        parts = [self.headline, self.caption, *self.paragraphs]
        return "\n\n".join(p for p in parts if p) + "\n"

    @property
    def body_text(self) -> str:
        return "\n\n".join(p for p in [self.headline, *self.paragraphs] if p) + "\n"

    def words(self) -> list[Word]:
        return [w for b in self.layout.blocks if b.kind != "noise" for ln in b.lines for w in ln.words]

    @property
    def word_count(self) -> int:
        return len(self.words())

    def to_scan(self, x: float, y: float) -> tuple[float, float]:
        """A point of the upright reading back in the original scan's pixels."""
        return unrotate_point(x, y, self.rotation, self.image.size, self.scan_size, self.scale)


_osd_lock = threading.Lock()


def orientation_and_script(image: Image.Image) -> tuple[int, str]:
    """(degrees to turn the page counter-clockwise to stand it up, script name) from Tesseract's OSD."""
    folder = tessdata_dir()
    if folder is None or not (folder / "osd.traineddata").exists():
        return 0, ""
    import tesserocr

    small = image if image.width * image.height <= 4_000_000 else ImageOps.contain(image, (1600, 2000))
    with _osd_lock, tesserocr.PyTessBaseAPI(path=f"{folder}/", lang="osd", psm=tesserocr.PSM.OSD_ONLY) as api:
        api.SetImage(small)
        found = api.DetectOrientationScript()
    if not found:
        return 0, ""
    degrees = int(found.get("orient_deg") or 0) if float(found.get("orient_conf") or 0) >= 2.0 else 0
    return degrees, str(found.get("script_name") or "")


def language_for(script: str, lang: str) -> str:
    """The language set to read with: the user's, or (``auto``) one chosen from the script OSD saw."""
    if lang and lang != AUTO:
        return check_languages(lang)
    if script in {"Korean", "Hangul"}:
        # Korean alone: with English beside it, Tesseract reads blurred Hangul as Latin letters ("Bo}" for 찢어);
        # the Korean model knows Latin letters and digits itself
        return check_languages("kor")
    if script in {"Japanese", "Han", "Katakana", "Hiragana"}:
        for guess in ("jpn+eng", "chi_sim+eng", "kor+eng"):
            try:
                return check_languages(guess)
            except Exception:
                continue
    return check_languages("eng")


def read_page(image: Image.Image, lang: str = AUTO, *, progress: Progress = no_progress,
              cancelled: CancelCheck = never_cancelled) -> Reading:
    """Recognise one page: stand it up, straighten it, find its regions, read each block, order the text."""
    grey = ImageOps.exif_transpose(image).convert("L")
    scan_size = grey.size
    scale = 1.0
    if grey.width * grey.height > MAX_OCR_PIXELS:
        scale = math.sqrt(MAX_OCR_PIXELS / (grey.width * grey.height))
        grey = grey.resize((max(1, int(grey.width * scale)), max(1, int(grey.height * scale))), Image.Resampling.BOX)
    grey = flatten_light(grey)  # a phone photo's shadow would look like a photo, or like ink
    progress(0, 10, "Finding the page's orientation")
    turn, script = orientation_and_script(grey)
    check_cancel(cancelled)
    lang = language_for(script, lang)
    engine = Engine.get(lang)
    if turn:
        grey = grey.rotate(turn, expand=True, fillcolor=_paper(grey))
    progress(1, 10, "Straightening the page")
    skew, _ = engine.analyse(grey)
    if abs(skew) >= 0.15:
        grey = grey.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=_paper(grey))
    else:
        skew = 0.0
    check_cancel(cancelled)
    progress(2, 10, "Finding the columns, the headline and the photo")
    pixels = np.array(grey)
    layout = Layout(photo=find_photo(pixels))
    ink = ink_mask(pixels)
    if erase_specks(pixels, ink):
        grey = Image.fromarray(pixels)
    if layout.photo is not None:
        x0, y0, x1, y1 = layout.photo
        ink[max(0, y0 - 4) : y1 + 4, max(0, x0 - 4) : x1 + 4] = False
    line_height = line_height_of(ink)
    leaves = segment(ink, line_height)
    paper = _paper(grey)
    for n, (box, column) in enumerate(leaves):
        check_cancel(cancelled)
        progress(2 + (7 * n) // max(1, len(leaves)), 10, f"Reading the text ({lang})")
        if box[3] - box[1] < 0.4 * line_height:
            continue  # a rule or a speck
        lines = _read_block(engine, grey, box, paper, n)
        layout.blocks.append(Block(box=box, column=column, lines=lines))
    layout.body_height = classify(layout.blocks, layout.photo)
    reading = Reading(image=grey, lang=lang, layout=layout, rotation=turn + skew, scale=scale, scan_size=scan_size)
    reading.headline = _joined([ln for b in layout.of_kind("headline") for ln in b.lines])
    reading.caption = _joined([ln for b in layout.of_kind("caption") for ln in b.lines])
    reading.paragraphs = paragraphs(layout.of_kind("body"), layout.body_height)
    progress(10, 10, "Read")
    return reading


def read_regions(reading: Reading, regions: list[tuple[str, tuple[int, int, int, int]]], *,
                 cancelled: CancelCheck = never_cancelled) -> Reading:
    """Read a page again with regions the user drew (boxes in ``reading.image``'s pixels): "headline",
    "photo", "caption" and "column" (each column read top to bottom, the columns left to right)."""
    grey = reading.image
    engine = Engine.get(reading.lang)
    paper = _paper(grey)
    layout = Layout(photo=next((box for kind, box in regions if kind == "photo"), None))
    ordered = [r for r in regions if r[0] == "headline"] + [r for r in regions if r[0] == "caption"] + sorted(
        (r for r in regions if r[0] == "column"), key=lambda r: r[1][0])
    for n, (kind, box) in enumerate(ordered):
        check_cancel(cancelled)
        x0, y0 = max(0, box[0]), max(0, box[1])
        x1, y1 = min(grey.width, box[2]), min(grey.height, box[3])
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        lines = _read_block(engine, grey, (x0, y0, x1, y1), paper, n)
        layout.blocks.append(Block(box=(x0, y0, x1, y1), column=n, lines=lines, kind="body" if kind == "column" else kind))
    body = [ln.height for b in layout.of_kind("body") for ln in b.lines]
    layout.body_height = sorted(body)[len(body) // 2] if body else 0.0
    again = Reading(image=grey, lang=reading.lang, layout=layout, rotation=reading.rotation, scale=reading.scale,
                    scan_size=reading.scan_size)
    again.headline = _joined([ln for b in layout.of_kind("headline") for ln in b.lines])
    again.caption = _joined([ln for b in layout.of_kind("caption") for ln in b.lines])
    again.paragraphs = paragraphs(layout.of_kind("body"), layout.body_height)
    return again


def _read_block(engine: Engine, grey: Image.Image, box: tuple[int, int, int, int], paper: int, n: int) -> list[Line]:
    """Read one block; a block in big type (a headline) is read again shrunk to body size, and kept so."""
    piece = grey.crop(box)
    lines = _read_piece(engine, piece, box, paper, n, 1.0)
    height = median(ln.height for ln in lines) if lines else 0
    if height > _BIG_LINE:
        scale = _BODY_LINE / height
        small = piece.resize((max(1, round(piece.width * scale)), max(1, round(piece.height * scale))),
                             Image.Resampling.LANCZOS)
        lines = _read_piece(engine, small, box, paper, n, scale) or lines
    for line in lines:
        line.words = [w for w in line.words if not _speck_word(w, line.height)]
    return [ln for ln in lines if ln.words]


def _speck_word(word: Word, line_height: int) -> bool:
    """A "word" Tesseract made of a speck beside the text: far lower than the line's letters (a word in small
    letters, "a" or "on", stands half the line's height) and read without confidence, or a lone dot of a mark
    (":", ".", "_" on its own between spaces)."""
    height, width = word.box[3] - word.box[1], word.box[2] - word.box[0]
    if height >= 0.35 * line_height:
        return False
    alone = not any(ch.isalnum() for ch in word.text) and width < 0.2 * line_height
    return word.conf < 70 or alone


def _read_piece(engine: Engine, piece: Image.Image, box: tuple[int, int, int, int], paper: int, n: int,
                scale: float) -> list[Line]:
    """Read a block's pixels (``piece``, shrunk by ``scale``) with a margin of paper; a doubtful reading is tried
    again on the block made black and white by our own threshold (Tesseract's own sometimes loses a short block
    of Hangul) and the surer kept."""
    offset = (box[0] - _MARGIN / scale, box[1] - _MARGIN / scale)
    lines = engine.read_block(ImageOps.expand(piece, _MARGIN, fill=paper), offset, n, scale)
    if _confidence(lines) >= _SURE:
        return lines
    low = piece.getextrema()[0]
    dark = min(int(low) if isinstance(low, (int, float)) else 0, paper - 60)
    cut = (paper + dark) // 2
    binary = piece.point(lambda v: 255 if v > cut else 0)
    again = engine.read_block(ImageOps.expand(binary, _MARGIN, fill=255), offset, n, scale)
    return again if _confidence(again) > _confidence(lines) else lines


def _confidence(lines: list[Line]) -> float:
    """The mean confidence of a block's words, weighted by their length (0 for no words)."""
    words = [w for ln in lines for w in ln.words]
    chars = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / chars if chars else 0.0


def _joined(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        text = join_line(text, ln.text, full=True)
    return text


def _paper(grey: Image.Image) -> int:
    """The paper's grey level (the page's bright majority), to fill corners that rotation uncovers."""
    hist = grey.histogram()
    return int(max(range(128, 256), key=lambda v: hist[v]))


def unrotate_point(x: float, y: float, degrees: float, upright_size: tuple[int, int], scan_size: tuple[int, int],
                   scale: float) -> tuple[float, float]:
    """Map a point of the upright image back through the rotation (about the centres) into the scan."""
    uw, uh = upright_size
    sw, sh = scan_size[0] * scale, scan_size[1] * scale
    dx, dy = x - uw / 2, y - uh / 2
    rad = math.radians(degrees)
    # PIL's rotate(degrees) turns the picture counter-clockwise; undo it by turning the point back clockwise
    sx = dx * math.cos(rad) - dy * math.sin(rad)
    sy = dx * math.sin(rad) + dy * math.cos(rad)
    return (sx + sw / 2) / scale, (sy + sh / 2) / scale
