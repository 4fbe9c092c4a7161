"""Tesseract 5 through tesserocr: find the language data, recognise a page into blocks, lines and word boxes.

tesserocr (not pytesseract) because its wheels carry libtesseract itself (nothing to build, nothing to find on
PATH, one library for the bundle), it runs in-process (no subprocess and no temporary image file per page; the
language data is loaded once per engine and reused) and it walks Tesseract's result iterator directly, which
gives block types (text, heading, caption, image), lines and word boxes without parsing TSV.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from PIL import Image

from app.errors import UnsupportedInput

DEFAULT_LANG = "eng+kor"


@dataclass
class Word:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in page pixels
    conf: float


@dataclass
class Line:
    words: list[Word]
    box: tuple[int, int, int, int]
    block: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def conf(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0


def tessdata_dir() -> Path | None:
    """Where the ``*.traineddata`` files are: $TESSDATA_PREFIX, the bundle's copy, or the system's."""
    candidates: list[Path] = []
    if os.environ.get("TESSDATA_PREFIX"):
        env = Path(os.environ["TESSDATA_PREFIX"])
        candidates += [env, env / "tessdata"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "tessdata")
    candidates += [Path(__file__).resolve().parents[3] / "resources" / "tessdata"]
    for root in (Path("/usr/share/tesseract-ocr"), Path("/usr/share/tessdata"), Path("/usr/local/share/tessdata"),
                 Path("/opt/homebrew/share/tessdata"), Path("/usr/local/share/tesseract-ocr")):
        if root.name == "tesseract-ocr" and root.is_dir():
            candidates += sorted(root.glob("*/tessdata"), reverse=True)
        candidates.append(root)
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.traineddata")):
            return folder
    return None


def available_languages() -> list[str]:
    folder = tessdata_dir()
    if folder is None:
        return []
    return sorted(p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata") if p.stem != "osd")


def check_languages(lang: str) -> str:
    """Validate ``eng+kor``-style language codes against the installed data; return them normalised."""
    codes = [c.strip() for c in lang.replace(",", "+").split("+") if c.strip()]
    if not codes:
        raise UnsupportedInput("No OCR language given: use e.g. --lang eng or --lang eng+kor.")
    have = available_languages()
    if not have:
        raise UnsupportedInput(
            "OCR needs Tesseract's language data and none was found. Install tesseract-ocr-eng (and -kor), or set "
            "TESSDATA_PREFIX to a folder of .traineddata files."
        )
    missing = [c for c in codes if c not in have]
    if missing:
        raise UnsupportedInput(
            f"No OCR language data for {', '.join(missing)} (installed: {', '.join(have)}). Install it, e.g. "
            f"apt-get install tesseract-ocr-{missing[0]}, or put {missing[0]}.traineddata in {tessdata_dir()}."
        )
    return "+".join(codes)


def _tesserocr() -> Any:
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - the wheel is a dependency
        raise UnsupportedInput("OCR is not available: the tesserocr package is not installed.") from exc
    return tesserocr


class Engine:
    """One Tesseract instance per language set, kept for reuse (loading Korean data costs about a second)."""

    _cache: ClassVar[dict[str, Engine]] = {}
    _cache_lock = threading.Lock()

    def __init__(self, lang: str) -> None:
        tr = _tesserocr()
        self.lang = check_languages(lang)
        self._tr = tr
        self._lock = threading.Lock()
        self.api = tr.PyTessBaseAPI(path=f"{tessdata_dir()}{os.sep}", lang=self.lang, psm=tr.PSM.AUTO,
                                    oem=tr.OEM.LSTM_ONLY)
        # Re-reading every doubtful line as white-on-black costs a third of the time and gains nothing on paper
        self.api.SetVariable("tessedit_do_invert", "0")

    @classmethod
    def get(cls, lang: str = DEFAULT_LANG) -> Engine:
        key = check_languages(lang)
        with cls._cache_lock:
            engine = cls._cache.get(key)
            if engine is None:
                engine = cls._cache[key] = Engine(key)
            return engine

    def analyse(self, image: Image.Image) -> tuple[float, list[tuple[int, int, int, int]]]:
        """(skew in degrees, the boxes of the page's text lines) from Tesseract's layout analysis alone (no
        recognition: a tenth of the time). Positive skew: the text rises to the right."""
        tr = self._tr
        boxes: list[tuple[int, int, int, int]] = []
        with self._lock:
            self.api.SetPageSegMode(tr.PSM.AUTO)
            self.api.SetImage(image)
            layout = self.api.AnalyseLayout()
            if layout is None:
                return 0.0, boxes
            angle = float(layout.Orientation()[3])
            while True:
                box = layout.BoundingBox(tr.RIL.TEXTLINE)
                if box:
                    boxes.append(tuple(box))
                if not layout.Next(tr.RIL.TEXTLINE):
                    break
        return angle * 180.0 / math.pi, boxes

    def read_block(self, image: Image.Image, offset: tuple[float, float] = (0, 0), block: int = 0,
                   scale: float = 1.0) -> list[Line]:
        """Recognise one block of text (a paragraph or column cut out by the layout, with a margin of paper:
        Tesseract reads nothing from a box whose edge cuts through a rule); boxes come back in the page's
        pixels: divided by ``scale`` (how much the block was shrunk) and shifted by ``offset``.

        Words are rebuilt from the block's text: Tesseract's iterator cuts Korean into syllables but its text
        keeps the real spaces, so pieces with no space between them in the text are one word.
        """
        tr = self._tr
        lines: list[Line] = []
        with self._lock:
            self.api.SetPageSegMode(tr.PSM.SINGLE_BLOCK)
            self.api.SetImage(image)
            self.api.Recognize()
            text = self.api.GetUTF8Text() or ""
            it = self.api.GetIterator()
            if it is None:
                return lines
            pos = 0
            line: Line | None = None
            while True:
                if it.IsAtBeginningOf(tr.RIL.TEXTLINE) or line is None:
                    lbox = it.BoundingBox(tr.RIL.TEXTLINE) or (0, 0, image.width, image.height)
                    line = Line(words=[], box=_to_page(lbox, offset, scale), block=block)
                    lines.append(line)
                try:
                    piece = (it.GetUTF8Text(tr.RIL.WORD) or "").strip()
                except RuntimeError:  # an empty word ("No text returned")
                    piece = ""
                wbox = it.BoundingBox(tr.RIL.WORD)
                if piece and wbox:
                    found = text.find(piece, pos)
                    joined = found >= 0 and found == pos and bool(line.words)  # nothing between: one word
                    if found >= 0:
                        pos = found + len(piece)
                    word = Word(text=piece, box=_to_page(wbox, offset, scale), conf=float(it.Confidence(tr.RIL.WORD)))
                    if joined:
                        _merge(line.words[-1], word)
                    else:
                        line.words.append(word)
                if not it.Next(tr.RIL.WORD):
                    break
        return [ln for ln in lines if ln.words]


def _to_page(box: tuple[int, ...], offset: tuple[float, float], scale: float) -> tuple[int, int, int, int]:
    dx, dy = offset
    return (round(box[0] / scale + dx), round(box[1] / scale + dy), round(box[2] / scale + dx),
            round(box[3] / scale + dy))


def _merge(word: Word, more: Word) -> None:
    """Grow ``word`` by the piece that follows it with no space between."""
    word.conf = min(word.conf, more.conf)
    word.text += more.text
    word.box = (min(word.box[0], more.box[0]), min(word.box[1], more.box[1]), max(word.box[2], more.box[2]),
                max(word.box[3], more.box[3]))
