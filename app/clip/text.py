"""Turn a plain-text news cutting into an Article: headline, standfirst, byline, captions, dateline, body."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from app import __version__
from app.clip.boilerplate import trim_boilerplate
from app.clip.credits import looks_like_caption, split_credit
from app.clip.datelines import Dateline, date_from_filename, date_parts, find_dates, parse_dateline
from app.clip.encoding import decode_text
from app.clip.photos import attach_image, inspect_image
from app.clip.wire import contributors, split_end_matter
from app.errors import BadImage, ImageTooLarge, UnsupportedInput
from app.model import Article, Capture, ClipResult, Photo

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
_CJK_LETTER = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf]")
_MAX_STANDFIRST = 300
_MAX_BYLINE = 150
_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_BY = re.compile(r"^(?:by|written\s+by|words\s+by|story\s+by|reporting\s+by)\s+(?P<names>\S.*)$", re.IGNORECASE)
_KO_BYLINE = re.compile(
    r"^(?:(?:글\s*[·/]\s*사진|글|사진|취재)\s+)?(?P<names>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*"
    r"(?:선임|수석|객원|인턴|전문)?\s*(?:기자|특파원|통신원)(?:\s+[\w.+-]+@[\w.-]+)?$"
)
_ORG_WORDS = re.compile(
    r"\b(?:press|news|times|herald|post|journal|reuters|ap|afp|agency|bloomberg|yonhap|xinhua|kyodo|tribune|"
    r"guardian|daily|weekly|magazine|gazette|ledger|service|network|media|wire|chronicle|telegraph|"
    r"independent|observer|economist|bbc|cnn|npr)\b|연합뉴스|뉴시스|뉴스1|신문|일보|방송",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|columnist|contributor|special\s+to|bureau|chief|"
    r"photographer|senior|associate)\b",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"de", "da", "del", "der", "van", "von", "bin", "al", "el", "la", "le", "di", "du", "dos"}


@dataclass
class _Front:
    """What the parser learnt before the body started."""

    authors: list[str] = field(default_factory=list)
    source: str = ""
    subtitle: str = ""
    photos: list[Photo] = field(default_factory=list)
    dateline: Dateline | None = None


def parse_text_cutting(text: str, *, reference: date | None = None) -> Article:
    """Parse decoded cutting text into an :class:`Article` (no I/O; never raises on odd text)."""
    blocks, dropped = trim_boilerplate(_blocks(text))
    article = Article(dropped=dropped)
    if not blocks:
        return article
    head, *rest = blocks
    article.title = _heading_text(head[0])
    head_lines = head[1:]
    if head_lines and _SETEXT.match(head_lines[0]):
        head_lines = head_lines[1:]
    units = [(line, True) for line in head_lines] + [(u, False) for block in rest for u in _split_block(block)]
    front, body = _read_units(units, text, reference)
    article.subtitle = front.subtitle
    article.authors = front.authors
    article.photos = front.photos
    for position, photo in enumerate(article.photos):
        photo.position = position
    if front.dateline is not None:
        article.place = front.dateline.place
        article.published = front.dateline.published
        article.source = front.dateline.source
        if not article.authors:
            article.authors = list(front.dateline.authors)
    if not article.source:
        article.source = front.source
    body, footer, end_dropped = split_end_matter([p for p in body if p.strip()])
    _add_contributors(article, footer)
    article.dropped = [*article.dropped, *end_dropped]
    article.body = "\n\n".join(escape_markdown(p) for p in body)
    sample = " ".join([article.title, article.body, *(p.caption for p in article.photos)])
    article.language = guess_language(sample)
    return article


def _add_contributors(article: Article, lines: list[str]) -> None:
    """Wire footers ("Reporting by ...; Editing by ...") go to the notes, their writers to the authors."""
    for line in lines:
        found = contributors(line)
        for name in found[0] if found else []:
            if name not in article.authors:
                article.authors.append(name)
    if lines:
        article.notes = "\n\n".join(escape_markdown(line) for line in lines)


def _read_units(units: list[tuple[str, bool]], text: str, reference: date | None) -> tuple[_Front, list[str]]:
    """Walk the paragraphs after the headline: front matter until the body starts, captions anywhere."""
    front = _Front()
    body: list[str] = []
    started = False
    for index, (unit, in_head) in enumerate(units):
        if started:
            if looks_like_caption(unit) and parse_dateline(unit) is None:
                front.photos.append(_photo(unit))
            else:
                body.append(unit)
            continue
        if _take_byline(unit, front):
            continue
        dateline = parse_dateline(unit, reference) if not in_head else None
        if dateline is not None and dateline.rest:
            _fill_year(dateline, text, reference)
            front.dateline = dateline
            body.append(dateline.rest)
            started = True
        elif dateline is not None and front.dateline is None:  # "부산, 2023년 9월 14일, 뉴스1." on its own
            front.dateline = dateline
        elif looks_like_caption(unit):
            front.photos.append(_photo(unit))
        elif _is_standfirst(index, units, in_head, front):
            front.subtitle = f"{front.subtitle} {unit}".strip()
        else:
            body.append(unit)
            started = True
    return front, body


def _is_standfirst(index: int, units: list[tuple[str, bool]], in_head: bool, front: _Front) -> bool:
    """A short paragraph right under the headline, or one followed closely by a byline/caption/dateline."""
    unit = units[index][0]
    if len(unit) > _MAX_STANDFIRST or front.dateline is not None:
        return False
    if in_head:
        return True
    if front.subtitle:
        return False
    for later, _ in units[index + 1 : index + 3]:
        if _byline_names(later) is not None or looks_like_caption(later) or parse_dateline(later) is not None:
            return True
    return False


def _take_byline(unit: str, front: _Front) -> bool:
    parsed = _byline_names(unit)
    if parsed is None:
        return False
    names, org = parsed
    front.authors.extend(n for n in names if n not in front.authors)
    if org and not front.source:
        front.source = org
    return True


def _byline_names(line: str) -> tuple[list[str], str] | None:
    """(names, organisation) for "By Jane Doe and John Roe, Reuters" or "김민지 기자"; None if not a byline."""
    text = " ".join(line.split())
    if not text or len(text) > _MAX_BYLINE:
        return None
    korean = _KO_BYLINE.match(text)
    if korean:
        return [n.strip() for n in re.split(r"[·,]", korean.group("names")) if n.strip()], ""
    by = _BY.match(text)
    if by is None:
        return None
    names: list[str] = []
    org = ""
    for part in re.split(r"\s*[,|;/]\s*|\s+and\s+|\s*&\s*", by.group("names").strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        if _ORG_WORDS.search(part):
            org = org or part
        elif _ROLE_WORDS.search(part):
            continue
        elif _is_name(part):
            names.append(part)
        else:
            return None
    return (names, org) if names else None


def _is_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES or not w[0].isalpha() for w in words)


def _fill_year(dateline: Dateline, text: str, reference: date | None) -> None:
    """A dateline without a year borrows one from a full date in the text with the same month and day."""
    if dateline.published or not dateline.date_text or reference is not None:
        return
    _, month, day = date_parts(dateline.date_text)
    if month is None or day is None:
        return
    for iso in find_dates(text):
        if iso[5:] == f"{month:02d}-{day:02d}":
            dateline.published = iso
            return


def _photo(paragraph: str) -> Photo:
    caption, credit = split_credit(paragraph)
    return Photo(caption=caption, credit=credit)


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs (separated by blank lines) as lists of stripped, non-empty lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _split_block(block: list[str]) -> list[str]:
    """A paragraph as one string; a byline on its own first line is split off."""
    if len(block) > 1 and _byline_names(block[0]) is not None:
        return [block[0], *_split_block(block[1:])]
    return [join_lines(block)]


def _heading_text(line: str) -> str:
    m = _HEADING.match(line)
    return (m.group(1) if m else line).strip()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph; no space between two Chinese/Japanese characters."""
    out = ""
    for line in lines:
        if out and not (_is_cjk(out[-1]) and _is_cjk(line[0])):
            out += " "
        out += line
    return " ".join(out.split(" ")) if out else out


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "。、"


_INLINE = re.compile(r"([\\`*\[\]<~])")
_LOOSE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_markdown(paragraph: str) -> str:
    """Make one paragraph of plain text literal CommonMark (one line; list/heading/quote markers escaped)."""
    text = " ".join(paragraph.split())
    text = _INLINE.sub(r"\\\1", text)
    if "_" in text:  # the look-behind pattern costs a step per character: most paragraphs have no "_"
        text = _LOOSE_UNDERSCORE.sub(r"\\_", text)
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    if text[:1] in ("#", ">", "-", "+", "=", "|"):
        text = "\\" + text
    return text


def guess_language(text: str) -> str:
    """"ko" for Hangul, "ja" for Kana, "zh" for Han, else "en" (by share of letters, simply)."""
    if not _CJK_LETTER.search(text):
        return "en"
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff")
    kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff")
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    if hangul / letters > 0.2:
        return "ko"
    if kana and (kana + han) / letters > 0.2:
        return "ja"
    if han / letters > 0.2:
        return "zh"
    return "en"


def clip_text(data: bytes, *, filename: str = "", image: bytes | None = None, image_name: str = "") -> ClipResult:
    """Clip the bytes of a text cutting; ``image`` (if given) is attached to the first caption.

    Raises :class:`UnsupportedInput` for binary or empty input. A bad image only adds a warning.
    """
    name = filename or "the text"
    text = decode_text(data, name)
    if not text.strip():
        raise UnsupportedInput(f"{name} is empty: there is no text to clip.")
    reference = date_from_filename(Path(filename).name) if filename else None
    article = parse_text_cutting(text, reference=reference)
    warnings: list[str] = []
    if image is not None:
        add_image(article, image, image_name or "image", warnings)
    capture = Capture(
        method="text",
        raw=data,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        mime="text/plain",
        filename=filename,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
    )
    return ClipResult(article=article, capture=capture, warnings=warnings)


def add_image(article: Article, data: bytes, name: str, warnings: list[str]) -> None:
    """Attach an image to the first caption without one (or add it as a new photo); a bad image warns."""
    try:
        image = inspect_image(data, name)
    except (BadImage, ImageTooLarge) as exc:
        warnings.append(f"The photo was not attached: {exc}")
        return
    for photo in article.photos:
        if photo.sha256 is None:
            attach_image(photo, image)
            return
    image.position = len(article.photos)
    article.photos.append(image)


def clip_text_file(path: Path) -> ClipResult:
    """Clip a text file; an image with the same stem beside it (.jpg/.jpeg/.png/.gif/.webp) is attached."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnsupportedInput(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    companion = find_companion_image(path)
    image = companion.read_bytes() if companion is not None else None
    return clip_text(data, filename=path.name, image=image, image_name=companion.name if companion else "")


def find_companion_image(path: Path) -> Path | None:
    """The image beside ``path`` with the same stem, in the order of IMAGE_SUFFIXES (any case)."""
    try:
        folder = path.parent
        images = _images_in(str(folder), folder.stat().st_mtime_ns)
    except OSError:
        return None
    siblings = images.get(path.stem, {})
    for suffix in IMAGE_SUFFIXES:
        if suffix in siblings:
            return folder / siblings[suffix]
    return None


@lru_cache(maxsize=16)
def _images_in(folder: str, _mtime_ns: int) -> dict[str, dict[str, str]]:
    """Stem -> {lowercase suffix: file name} of the images in ``folder``, listed once per folder state (a
    bulk import of thousands of cuttings from one folder would otherwise list it once per file)."""
    found: dict[str, dict[str, str]] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if dot and stem and f".{suffix.lower()}" in IMAGE_SUFFIXES and entry.is_file():
                found.setdefault(stem, {})[f".{suffix.lower()}"] = entry.name
    return found
