"""Recognise the dateline that opens a news story: place, date and source ("SEOUL, July 2 (Yonhap) --").

Year rule: a date written without a year takes one only from evidence. With a ``reference`` date (the
caller's, e.g. from the file name) it takes the year that puts it on or before the reference, allowing a
month of slack (so "Dec 30" against a January reference is last year). Without evidence ``published`` stays
``""`` (ISO 8601 has no month-day-only form we store), and the date as written is kept in ``date_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # EFE and other Spanish-language wires write "14 sep", "3 ene", "20 ago", "9 dic"
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}
_MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Ene|Abr|Ago|Dic)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_PATTERN = (
    rf"(?:{_WEEKDAY}{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|{_WEEKDAY}\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}\s*년\s*\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?"
    r"|\d{1,2}\s*월\s*\d{1,2}\s*일"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)

_NOT_DATE = rf"(?!{_MONTH}\s*\d)(?!(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b)"
_UPPER_PLACE = (
    r"[A-Z][A-Z'’.\-]*(?:(?:\s+|/)[A-Z][A-Z'’.\-]*){0,3}"
    rf"(?:,\s+{_NOT_DATE}[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?){{0,2}})?"
)
_MIXED_PLACE = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[\s/-][A-ZÀ-Ý][a-zà-ÿ]+){0,2}"
_HANGUL_PLACE = r"[가-힣]{1,10}(?:\s[가-힣]{1,10})?"
_DASH = r"(?:—|–|―|--|-)"

_LATIN = re.compile(
    rf"""^(?P<place>{_UPPER_PLACE}|{_MIXED_PLACE}|{_HANGUL_PLACE})
    (?:\s*,\s*(?P<date>{DATE_PATTERN}))?
    (?:
        (?(date)\s*,\s*(?P<src_comma>[^.,()\n/]{{2,60}}?)\.(?:\s+|$)|(?!))
      | \s*\((?P<src_paren>[^()\n]{{1,40}})\)\s*(?P<paren_dash>\.?{_DASH}|:)?\s*
      | \s*/(?P<src_slash>[^/\n]{{2,40}})/\s*(?:{_DASH}\s*)?
      | \s*{_DASH}\s+
      | \s+{_DASH}\s*
      | (?(date)(?P<period>\.)\s+|(?!))
    )
    (?P<rest>\S.*)?$""",
    re.VERBOSE | re.DOTALL,
)
# (서울=연합뉴스) 김민지 기자 = ...   /   서울=연합뉴스 ...
_KOREAN_WIRE = re.compile(
    r"^[(\[]?(?P<place>[가-힣]{1,10}(?:\s[가-힣]{1,10})?)\s*=\s*(?P<source>[가-힣A-Za-z0-9 ]{2,20}?)\s*[)\]]\s*"
    r"(?:(?P<reporters>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*(?:기자|특파원|통신원)\s*=\s*)?"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
# 【ワシントン＝田中太郎】 (place and reporter), 【北京共同】 (place and agency: Kyodo, Jiji)
_JAPANESE = re.compile(
    r"^【(?P<place>[^＝=】]{1,12}?)(?:[＝=](?P<who>[^】]{1,30})|(?P<source>共同|時事))】\s*(?P<rest>.*)$", re.DOTALL
)
# 新华社北京9月14日电（记者李明） ...: Xinhua / China News Service, place, date, reporters
_CHINESE_WIRE = re.compile(
    r"^(?P<source>新华社|新華社|中新社|中新网|人民网|央视网)(?:记者)?(?P<place>[\u4e00-\u9fff]{2,8}?)"
    r"(?P<date>\d{1,2}月\d{1,2}日)电\s*(?:[（(](?:记者)?\s*(?P<who>[^）)]{1,30})[）)])?\s*(?P<rest>.*)$",
    re.DOTALL,
)
_AGENCY_NAMES = {"共同": "Kyodo", "時事": "Jiji"}
_MAX_SOURCE_WORDS = 6
_SOURCE_SMALL_WORDS = {"of", "the", "and", "de", "du", "des", "la", "le", "der", "die", "das", "für", "y", "el", "on"}


@dataclass
class Dateline:
    """What a dateline says; ``rest`` is the paragraph after it (the start of the body)."""

    place: str = ""
    published: str = ""
    source: str = ""
    rest: str = ""
    date_text: str = ""
    authors: list[str] = field(default_factory=list)


def parse_dateline(paragraph: str, reference: date | None = None) -> Dateline | None:
    """Return the :class:`Dateline` opening ``paragraph``, or ``None`` if it does not open with one."""
    text = paragraph.strip()
    asian = _asian_wire(text, reference)
    if asian is not None:
        return asian
    wire = _KOREAN_WIRE.match(text)
    if wire and wire.group("rest").strip():
        reporters = wire.group("reporters") or ""
        return Dateline(
            place=wire.group("place"),
            source=wire.group("source").strip(),
            rest=wire.group("rest").strip(),
            authors=[n.strip() for n in re.split(r"[·,]", reporters) if n.strip()],
        )
    m = _LATIN.match(text)
    if m is None:
        return None
    place, date_text = m.group("place").strip(), m.group("date") or ""
    source = (m.group("src_comma") or m.group("src_paren") or m.group("src_slash") or "").strip()
    if not _plausible(place, date_text, source, m):
        return None
    return Dateline(
        place=place,
        published=resolve_date(date_text, reference) if date_text else "",
        source=source,
        rest=(m.group("rest") or "").strip(),
        date_text=date_text,
    )


def _asian_wire(text: str, reference: date | None) -> Dateline | None:
    """Japanese 【place＝reporter】 / 【place共同】 and Chinese 新华社place date电（记者 name） openings."""
    ja = _JAPANESE.match(text)
    if ja:
        source = ja.group("source") or ""
        who = [n for n in re.split(r"[、・,]\s*", ja.group("who") or "") if n]
        return Dateline(place=ja.group("place"), source=_AGENCY_NAMES.get(source, source),
                        rest=ja.group("rest").strip(), authors=who)
    zh = _CHINESE_WIRE.match(text)
    if zh:
        who = [n for n in re.split(r"[、,，\s]+", zh.group("who") or "") if n]
        date_text = zh.group("date")
        return Dateline(place=zh.group("place"), source=zh.group("source"), rest=zh.group("rest").strip(),
                        published=resolve_date(date_text, reference), date_text=date_text, authors=who)
    return None


def _plausible(place: str, date_text: str, source: str, m: re.Match[str]) -> bool:
    """Guard against ordinary sentences: a place in mixed case or Hangul needs a date or a source."""
    letters = re.sub(r"[^A-Za-z가-힣]", "", place.split(",")[0])
    if len(letters) < 2:
        return False
    is_upper = place.split(",")[0] == place.split(",")[0].upper() and re.search(r"[A-Z]", place)
    if m.group("period") and not date_text:
        return False
    if m.group("src_comma") and not date_text:
        return False
    if m.group("src_paren") and not m.group("paren_dash") and not is_upper:
        return False  # "Kathrin Göbel (Twitter) ist ...": a name and a remark, not "Berlin (dpa) -"
    if not m.group("rest") and not (date_text and source):
        return False  # a dateline on a line of its own says where, when and who
    if source and not _source_name(source, bracketed=not m.group("src_comma")):
        return False
    return bool(is_upper or date_text or source)


def _source_name(source: str, *, bracketed: bool) -> bool:
    """A publication or agency: a few capitalised words, digits allowed ("News1", "9News", "Channel 4 News",
    "뉴스1"); not a clause ("10 people died"). In brackets one word may be lower case ("(dpa)", "(epd)")."""
    words = source.split()
    if not words or len(words) > _MAX_SOURCE_WORDS or not re.search(r"[^\W\d_]", source):
        return False
    if bracketed and len(words) == 1:
        return True
    return all(
        w[0].isupper() or w[0].isdigit() or not w[0].isascii() or w.lower() in _SOURCE_SMALL_WORDS for w in words
    )


def date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a date as written ("Jul 2, 2020", "2 July", "2024년 3월 5일"); parts may be None."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    cjk = re.fullmatch(r"(?:(\d{4})\s*[년年]\s*)?(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日])?", text)
    if cjk:
        year, month, day = cjk.groups()
        return (int(year) if year else None, int(month), int(day) if day else None)
    month_name = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Ene|Abr|Ago|Dic)[a-z]*\.?", text, re.IGNORECASE)
    if month_name is None:
        return None, None, None
    month_num = MONTHS[month_name.group(1).lower()]
    without_month = text[: month_name.start()] + " " + text[month_name.end() :]
    day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", without_month)
    year_m = re.search(r"\b(\d{4})\b", without_month)
    return (int(year_m.group(1)) if year_m else None, month_num, int(day_m.group(1)) if day_m else None)


def resolve_date(text: str, reference: date | None = None) -> str:
    """ISO 8601 for a date as written, as complete as the evidence allows ("2020-07-02", "2024-03", "")."""
    year, month, day = date_parts(text)
    if month is None:
        return ""
    if year is None:
        if reference is None or day is None:
            return ""
        year = _year_near(reference, month, day)
        if year is None:
            return ""
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else f"{year:04d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}"


def _year_near(reference: date, month: int, day: int) -> int | None:
    """The year that puts month/day on or before ``reference`` (a month of slack), if such a day exists."""
    for year in (reference.year, reference.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference + timedelta(days=31):
            return year
    return None


def find_dates(text: str) -> list[str]:
    """Every complete date (with a year) written in ``text``, as ISO strings, in order."""
    found = []
    for match in DATE_RE.finditer(text):
        iso = resolve_date(match.group(0))
        if len(iso) == 10:
            found.append(iso)
    return found


def date_from_filename(name: str) -> date | None:
    """A date written in a file name ("story-2020-07-02.txt", "20200702_clip.txt"), if any."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", name)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
