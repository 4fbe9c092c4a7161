"""Clip a scan or a photographed page: OCR it into the same article a text cutting gives, cut its photo out, and
keep the scan byte for byte as the capture with its word boxes (hOCR)."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError

from app import __version__
from app.clip.credits import split_credit
from app.clip.text import add_image, parse_text_cutting
from app.errors import BadImage, ImageTooLarge, NoTextFound
from app.jobs import CancelCheck, Progress, never_cancelled, no_progress
from app.model import Article, Capture, ClipResult, Photo
from app.timeutil import now_iso

if TYPE_CHECKING:
    from app.clip.ocr.pipeline import Reading

SCAN_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "WEBP": "image/webp",
                "BMP": "image/bmp", "GIF": "image/gif"}
MAX_SCAN_BYTES = 200 * 1024 * 1024
# A 100-megapixel page is read from a JPEG's reduced decode (a quarter of the pixels or fewer, so about 50 MB of
# memory); other formats must decode whole, so above this they are refused rather than cost gigabytes.
MAX_SCAN_PIXELS = 120_000_000
MAX_DECODED_PIXELS = 40_000_000
MIN_WORDS = 12  # fewer confident words than this is a photo, not a cutting


def open_scan(data: bytes, name: str) -> Image.Image:
    """Decode a scan, reducing a huge JPEG while decoding; refuse damaged files and decompression bombs."""
    if len(data) > MAX_SCAN_BYTES:
        raise ImageTooLarge(f"{name}: {len(data) // 2**20} MB is over the {MAX_SCAN_BYTES // 2**20} MB limit for a scan.")
    if not data:
        raise BadImage(f"{name}: the file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            if im.format not in SCAN_FORMATS:
                raise BadImage(f"{name}: {im.format or 'unknown'} images cannot be read as scans; use JPEG, PNG or TIFF.")
            pixels = im.width * im.height
            if pixels > MAX_SCAN_PIXELS:
                raise ImageTooLarge(f"{name}: {im.width}x{im.height} pixels is too large to read (the limit is "
                                    f"{MAX_SCAN_PIXELS // 1_000_000} megapixels); scan at 300-600 dpi.")
            if pixels > MAX_DECODED_PIXELS:
                if im.format != "JPEG":
                    raise ImageTooLarge(f"{name}: {im.width}x{im.height} pixels is too large to read as "
                                        f"{im.format}; save it as JPEG or scan at 300-600 dpi.")
                im.draft("L", (im.width // 2, im.height // 2))
            im.load()
            return ImageOps.exif_transpose(im)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"{name}: too many pixels to open safely ({exc}).") from exc
    except UnidentifiedImageError as exc:
        raise BadImage(f"{name}: not an image Cuttings can read (is it really a scan?).") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadImage(f"{name}: the image is damaged or truncated ({exc}).") from exc


def clip_scan(data: bytes, *, filename: str = "", lang: str = "auto", progress: Progress = no_progress,
              cancelled: CancelCheck = never_cancelled) -> ClipResult:
    """OCR a scan into an article; raise :class:`NoTextFound` when it is a photo rather than a cutting."""
    from app.clip.ocr.pipeline import read_page

    name = filename or "the scan"
    image = open_scan(data, name)
    reading = read_page(image, lang, progress=progress, cancelled=cancelled)
    good = [w for w in reading.words() if w.conf >= 60 and sum(ch.isalnum() for ch in w.text) >= 2]
    if len(good) < MIN_WORDS or not reading.paragraphs:
        raise NoTextFound(f"{name}: no text found in the image ({len(good)} readable words). Clip it as a photo "
                          "(--no-ocr), or scan the cutting at 300 dpi.")
    return scan_result(data, filename, image, reading)


def scan_result(data: bytes, filename: str, image: Image.Image, reading: Reading,
                text: str | None = None) -> ClipResult:
    """The clip of a read scan: the parsed article (from ``text`` when the user corrected it), the photo cut
    out, and the scan with its word boxes as the capture."""
    from app.clip.ocr.hocr import HOCR_MIME, to_hocr

    name = filename or "the scan"
    article = article_from_text(text if text is not None else reading.body_text, reading.caption, filename)
    warnings_: list[str] = []
    if reading.layout.photo is not None:
        crop = _photo_crop(image, reading)
        if crop is not None:  # to the caption read beside it (text.py's own rule for a cutting's image)
            add_image(article, crop, f"photo of {name}", warnings_)
    article.language = article.language or reading.lang[:2]
    fmt = Image.open(io.BytesIO(data)).format or "JPEG"
    capture = Capture(
        method="scan",
        raw=data,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        mime=SCAN_FORMATS.get(fmt, "application/octet-stream"),
        filename=filename,
        fetched_at=now_iso(),
        tool_version=f"cuttings {__version__}; tesseract ({reading.lang})",
        ocr=to_hocr(reading).encode("utf-8"),
        ocr_mime=HOCR_MIME,
    )
    return ClipResult(article=article, capture=capture, warnings=warnings_)


def article_from_text(text: str, caption: str, filename: str = "") -> Article:
    """The cutting parser's article for recognised text; a caption read beside the photo becomes its photo."""
    from app.clip.datelines import date_from_filename

    reference = date_from_filename(Path(filename).name) if filename else None
    article = parse_text_cutting(text, reference=reference)
    if caption:
        caption_text, credit = split_credit(caption)
        article.photos.insert(0, Photo(caption=caption_text, credit=credit))
        for position, photo in enumerate(article.photos):
            photo.position = position
    return article


def _photo_crop(image: Image.Image, reading: Reading) -> bytes | None:
    """The photo region cut out of the scan in colour, turned upright, as JPEG."""
    box = reading.layout.photo
    if box is None:
        return None
    corners = [reading.to_scan(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    scan_box = (max(0, int(min(xs))), max(0, int(min(ys))), min(image.width, int(max(xs)) + 1),
                min(image.height, int(max(ys)) + 1))
    if scan_box[2] - scan_box[0] < 16 or scan_box[3] - scan_box[1] < 16:
        return None
    piece = image.crop(scan_box).convert("RGB")
    if reading.rotation:
        piece = piece.rotate(reading.rotation, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
        w, h = (box[2] - box[0]) / reading.scale, (box[3] - box[1]) / reading.scale
        cx, cy = piece.width / 2, piece.height / 2
        piece = piece.crop((int(cx - w / 2), int(cy - h / 2), int(cx + w / 2), int(cy + h / 2)))
    out = io.BytesIO()
    piece.save(out, "JPEG", quality=90)
    return out.getvalue()
