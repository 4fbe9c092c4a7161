"""Find an article's figures and images, split caption from credit, and load and check the image bytes."""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement

from app.clip.credits import clean_credit as clean_label
from app.clip.credits import split_credit
from app.clip.photos import attach_image, inspect_image
from app.errors import CuttingsError
from app.model import Photo

Resources = Callable[[str], bytes | None]

_SKIP_WORDS = {
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "sponsor",
    "sponsored",
    "logo",
    "avatar",
    "gravatar",
    "icon",
    "icons",
    "pixel",
    "tracking",
    "tracker",
    "spacer",
    "emoji",
    "badge",
    "favicon",
    "sprite",
    "beacon",
}
_CREDIT_CLASS = re.compile(
    r"(?:^|[\s_-])(credit|credits|byline|photo-credit|image-credit|copyright|"
    r"caption-credit|source|photographer)(?:$|[\s_-])",
    re.I,
)
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "src")
_IMG_TAGS = ("img", "amp-img")
MIN_SIDE = 50  # width/height attributes below this mark icons, pixels and spacers


@dataclass
class PhotoRef:
    """A photo found on the page, before its bytes are loaded."""

    photo: Photo
    element: HtmlElement  # the <figure> or <img> to remove from the body afterwards
    src: str  # absolute URL or data: URI


def find_photos(container: HtmlElement, base_url: str) -> list[PhotoRef]:
    """Every article image in document order: figures with their captions, then loose images."""
    refs: list[PhotoRef] = []
    seen: set[str] = set()
    for el in container.iter("figure", *_IMG_TAGS):
        if el.tag in _IMG_TAGS and el.xpath("ancestor::figure"):
            continue
        img = el if el.tag in _IMG_TAGS else _first_img(el)
        if img is None or _is_junk(img, container):
            continue
        src = _source(img, base_url)
        if not src or src in seen:
            continue
        seen.add(src)
        caption, credit = _caption_and_credit(el, img)
        alt = " ".join((img.get("alt") or "").split())
        photo = Photo(
            caption=caption,
            credit=credit,
            alt=alt,
            original_url="" if src.startswith("data:") else src,
            position=len(refs),
        )
        refs.append(PhotoRef(photo, el, src))
    return refs


def load_photos(refs: list[PhotoRef], resources: Resources | None, warnings: list[str]) -> list[Photo]:
    """Load and check each image; broken ones are dropped with a warning, unreachable ones keep their caption."""
    photos: list[Photo] = []
    for ref in refs:
        name = _display_name(ref.src)
        try:
            data = (
                decode_data_uri(ref.src)
                if ref.src.startswith("data:")
                else (resources(ref.src) if resources else None)
            )
        except CuttingsError as exc:
            data = None
            warnings.append(f"Photo {name} was not downloaded: {exc}")
        else:
            if data is None and resources is not None:
                warnings.append(f"Photo {name} could not be found; kept its caption only.")
        if data is not None:
            try:
                image = inspect_image(data, name)
            except CuttingsError as exc:
                warnings.append(f"Photo {name} was left out: {exc}")
                continue
            attach_image(ref.photo, image)
        elif not (ref.photo.caption or ref.photo.alt):
            continue  # nothing to keep of an image we could not load
        ref.photo.position = len(photos)
        photos.append(ref.photo)
    return photos


def decode_data_uri(uri: str) -> bytes:
    """Decode a ``data:`` URI (base64 or percent-encoded)."""
    header, _, payload = uri.partition(",")
    if ";base64" in header.lower():
        try:
            return base64.b64decode(re.sub(r"\s+", "", urllib.parse.unquote(payload)), validate=False)
        except ValueError:
            return b""
    return urllib.parse.unquote_to_bytes(payload)


def _display_name(src: str) -> str:
    if src.startswith("data:"):
        return f"embedded {src[5 : src.find(';') if ';' in src[:40] else 10]} image"
    path = urllib.parse.urlsplit(src).path
    return urllib.parse.unquote(path.rsplit("/", 1)[-1]) or src


def _first_img(figure: HtmlElement) -> HtmlElement | None:
    for img in figure.iter(*_IMG_TAGS):
        return img
    return None


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if w}


def _is_junk(img: HtmlElement, container: HtmlElement) -> bool:
    """Logos, avatars, icons, ads and tracking pixels, judged by size attributes and names."""
    for attr in ("width", "height"):
        value = re.match(r"\s*(\d+)", img.get(attr, ""))
        if value and int(value.group(1)) < MIN_SIDE:
            return True
    src = img.get("src", "") if not (img.get("src") or "").startswith("data:") else ""
    marks = f"{img.get('class', '')} {img.get('id', '')} {src}"
    el = img.getparent()
    while el is not None and el is not container:
        marks += f" {el.get('class', '')} {el.get('id', '')}"
        el = el.getparent()
    return bool(_words(marks) & _SKIP_WORDS)


def _source(img: HtmlElement, base_url: str) -> str:
    """The best URL for ``img``: lazy-loading attributes and srcset before a placeholder src."""
    candidates = [img.get(a, "").strip() for a in _LAZY_ATTRS]
    src = next((c for c in candidates if c and not _placeholder(c)), "")
    if not src:
        src = _largest_srcset(img.get("srcset") or img.get("data-srcset") or "")
    if not src and img.getparent() is not None and img.getparent().tag == "picture":
        for source in img.getparent().iter("source"):
            src = _largest_srcset(source.get("srcset") or source.get("data-srcset") or "")
            if src:
                break
    if not src:
        src = next((c for c in candidates if c), "")
    if not src or src.startswith("data:"):
        return src
    return urllib.parse.urljoin(base_url, src) if base_url else src


def _placeholder(src: str) -> bool:
    return src.startswith("data:") and len(src) < 200


def _largest_srcset(srcset: str) -> str:
    best, best_w = "", -1.0
    for part in srcset.split(","):
        bits = part.split()
        if not bits:
            continue
        size = bits[1] if len(bits) > 1 else "1x"
        try:
            w = float(size[:-1])
        except ValueError:
            w = 0
        if w > best_w:
            best, best_w = bits[0], w
    return best


def _caption_and_credit(el: HtmlElement, img: HtmlElement) -> tuple[str, str]:
    """Caption from <figcaption> (else alt, else title) with the credit split off."""
    caption, credit = "", ""
    figcaption = next(iter(el.iter("figcaption")), None) if el.tag == "figure" else None
    if el.tag == "figure":
        for part in list(el.iter()):
            if (
                part is not el
                and part is not figcaption
                and isinstance(part.tag, str)
                and part.tag not in _IMG_TAGS
                and _CREDIT_CLASS.search(f"{part.get('class', '')} {part.get('itemprop', '')}")
            ):
                credit = clean_credit(part.text_content())
                _remove_keep_tail(part)
                break
    if figcaption is not None:
        caption = " ".join(figcaption.text_content().split())
    if not caption:
        caption = " ".join((img.get("alt") or img.get("title") or "").split())
    if caption:
        rest, found = split_credit(caption)
        if found:
            caption, credit = rest.strip(), credit or clean_credit(found)
    return caption, credit


def clean_credit(text: str) -> str:
    """ "(Ledger Photo/Tomas Irving)" -> "Ledger Photo/Tomas Irving"; "Credit: X" -> "X"."""
    text = " ".join(text.split()).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return clean_label(text)


def _remove_keep_tail(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)
