"""Check incoming images with Pillow and read what we keep of them (size, type, EXIF credit)."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from datetime import date

from PIL import ExifTags, Image, UnidentifiedImageError

from app.errors import BadImage, ImageTooLarge
from app.model import Photo

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_PIXELS = 80_000_000  # above this Pillow would warn; we refuse instead
MAX_BYTES = 50 * 1024 * 1024
EXIF_LIMITS = {"Artist": 200, "Copyright": 300, "ImageDescription": 2000, "DateTime": 40, "Make": 100, "Model": 100}
TITLE_LIMIT = 300  # a title taken from an image's description
# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that can disguise text
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_EXIF_DATE = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})")
EXIF_KEYS = {
    ExifTags.Base.Artist: "Artist",
    ExifTags.Base.Copyright: "Copyright",
    ExifTags.Base.ImageDescription: "ImageDescription",
    ExifTags.Base.DateTime: "DateTime",
    ExifTags.Base.Make: "Make",
    ExifTags.Base.Model: "Model",
}


def inspect_image(data: bytes, name: str = "image") -> Photo:
    """Validate ``data`` as a JPEG/PNG/GIF/WebP and return a Photo with its facts and the bytes.

    Raises :class:`BadImage` for truncated, fake or unsupported files and :class:`ImageTooLarge`
    for decompression bombs, each naming ``name`` so the user knows which image failed.
    """
    if len(data) > MAX_BYTES:
        raise ImageTooLarge(f"{name}: {len(data) // (1024 * 1024)} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for a photo.")
    if not data:
        raise BadImage(f"{name}: the file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format or ""
                if fmt not in ALLOWED_FORMATS:
                    raise BadImage(f"{name}: {fmt or 'unknown'} images are not kept; use JPEG, PNG, GIF or WebP.")
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise ImageTooLarge(
                        f"{name}: {width}x{height} pixels is too large (a decompression bomb?); the limit is {MAX_PIXELS:,} pixels."
                    )
                exif = _exif_subset(im)
                im.load()  # decodes fully: catches truncated files
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageTooLarge(f"{name}: too many pixels to open safely ({exc}).") from exc
    except UnidentifiedImageError as exc:
        raise BadImage(f"{name}: not an image Cuttings can read (is it really a picture?).") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadImage(f"{name}: the image is damaged or truncated ({exc}).") from exc
    photo = Photo(
        sha256=hashlib.sha256(data).hexdigest(),
        mime=ALLOWED_FORMATS[fmt],
        width=width,
        height=height,
        bytes=len(data),
        exif=exif,
        data=data,
    )
    fill_from_exif(photo)
    return photo


def _exif_subset(im: Image.Image) -> dict[str, str]:
    """The EXIF fields we keep, as clean text: a camera or an editor may write anything there (NUL, ESC,
    30,000 characters, a date of ``9999:99:99``), and these fields reach titles, captions, CSV and HTML."""
    out: dict[str, str] = {}
    try:
        exif = im.getexif()
    except Exception:  # a broken EXIF block must not lose the photo
        return out
    for key, label in EXIF_KEYS.items():
        value = exif.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        text = clean_exif_text(str(value), EXIF_LIMITS[label]) if value else ""
        if label == "DateTime" and text and not exif_date(text):
            text = ""
        if text:
            out[label] = text
    return out


def clean_exif_text(value: str, limit: int) -> str:
    """One line of text: control and bidi-override characters gone, spaces collapsed, at most ``limit``
    characters (cut at a word, with an ellipsis)."""
    text = " ".join(_UNSAFE_CHARS.sub(" ", value).split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return text


def exif_date(stamp: str) -> str:
    """``YYYY-MM-DD`` from an EXIF ``YYYY:MM:DD HH:MM:SS`` that is a real date (1800 to next year), else ""."""
    match = _EXIF_DATE.match(stamp)
    if not match:
        return ""
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return ""
    return day.isoformat() if 1800 <= day.year <= date.today().year + 1 else ""


def fill_from_exif(photo: Photo) -> None:
    """Fill an empty credit or caption from EXIF Artist/Copyright/ImageDescription."""
    if not photo.credit:
        artist = photo.exif.get("Artist", "")
        copyright_ = photo.exif.get("Copyright", "")
        photo.credit = artist or copyright_
    if not photo.caption:
        photo.caption = photo.exif.get("ImageDescription", "")


def attach_image(photo: Photo, image: Photo) -> None:
    """Give a caption-only ``photo`` the image facts and bytes of ``image`` (text and EXIF fill gaps)."""
    photo.sha256, photo.mime, photo.width, photo.height = image.sha256, image.mime, image.width, image.height
    photo.bytes, photo.exif, photo.data = image.bytes, image.exif, image.data
    fill_from_exif(photo)
