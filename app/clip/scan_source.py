"""Clip an image or PDF file that may be a scanned cutting: decide (or obey --ocr/--no-ocr), then read it."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

from app.errors import NoTextFound, UnsupportedInput
from app.jobs import CancelCheck, Progress, never_cancelled, no_progress
from app.model import ClipResult

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def clip_scan_file(path: Path, *, ocr: bool | None = None, lang: str = "auto", pages: str = "one",
                   progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> ClipResult:
    """``ocr`` True: read it as a scan; None: read it when it looks like a page of text, else keep it as a
    photo. A PDF is always read (from its text layer when it has one)."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnsupportedInput(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if suffix == ".pdf":
        from app.clip.pdf import clip_pdf

        return clip_pdf(data, filename=path.name, lang=lang, progress=progress, cancelled=cancelled)
    from app.clip.scan import clip_scan

    photo = suffix in PHOTO_SUFFIXES
    if ocr is None and photo and not looks_like_scan(data):
        from app.clip.image import clip_image_file

        return clip_image_file(path)
    try:
        return clip_scan(data, filename=path.name, lang=lang, progress=progress, cancelled=cancelled)
    except NoTextFound as exc:
        if ocr or not photo:
            raise
        from app.clip.image import clip_image_file

        result = clip_image_file(path)
        result.warnings.append(f"{exc} It was kept as a photo.")
        return result


def looks_like_scan(data: bytes) -> bool:
    """A quick look (a 600-pixel thumbnail, no OCR): mostly plain paper, some dark ink in many thin rows of
    text. A photograph is mostly mid tones; a drawing has few rows."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data))
            source.draft("L", (600, 600))
            im = source.convert("L")
            im.thumbnail((600, 600))
    except Exception:  # not an image we can read: let the photo path give the precise error
        return False
    grey = np.asarray(im, dtype=np.int16)
    if min(grey.shape) < 100:
        return False
    paper, dark = np.percentile(grey, [90, 1])
    if paper - dark < 80:
        return False
    plain = float((np.abs(grey - paper) <= 25).mean())
    ink = grey < (paper + dark) / 2
    inked = float(ink.mean())
    if plain < 0.5 or not 0.02 <= inked <= 0.3:
        return False
    rows = ink.mean(axis=1) > 0.01
    lines = int(np.count_nonzero(rows[1:] & ~rows[:-1]))  # runs of inked rows: lines of text
    return lines >= 8
