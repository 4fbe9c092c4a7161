"""Places as the user sees them: stored as written ("PORT ELLIS" from a wire dateline), shown in one form
("Port Ellis") in the sidebar, the list, the reader, the command line and the exports; and the few places
that are also written in another script ("Seoul" / "서울") known as one place, so they can be searched
together while they stay two rows, as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Words a place name keeps in lower case inside it (Rio de Janeiro, Port-au-Prince, Stratford-upon-Avon).
_PARTICLES = {"de", "da", "das", "do", "dos", "del", "della", "di", "du", "des", "la", "le", "les", "el", "en",
              "of", "the", "on", "upon", "am", "an", "im", "sur", "au", "aux", "y", "van", "von", "bin"}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$")  # D.C., U.S., U.K.

#: Places written in two scripts, one group each (Latin first). Extend as cuttings need it.
SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("Seoul", "서울"), ("Busan", "부산"), ("Incheon", "인천"), ("Daegu", "대구"), ("Daejeon", "대전"),
    ("Gwangju", "광주"), ("Ulsan", "울산"), ("Suwon", "수원"), ("Jeju", "제주"), ("Sejong", "세종"),
    ("Pyongyang", "평양"), ("Panmunjom", "판문점"), ("Tokyo", "東京", "도쿄"), ("Osaka", "大阪", "오사카"),
    ("Beijing", "北京", "베이징"), ("Shanghai", "上海", "상하이"), ("Hong Kong", "香港", "홍콩"),
    ("Taipei", "臺北", "台北", "타이베이"), ("Washington", "워싱턴"), ("New York", "뉴욕"), ("London", "런던"),
    ("Paris", "파리"), ("Moscow", "모스크바"),
)  # fmt: skip
_GROUP = {name.casefold(): group for group in SPELLINGS for name in group}


@lru_cache(maxsize=8192)  # places repeat: the list asks for the same few hundred while it scrolls
def display_place(place: str) -> str:
    """The one form a place is shown in: a place in capitals (a wire dateline's ``PORT ELLIS``,
    ``RIO DE JANEIRO``) in title case, abbreviations kept (``WASHINGTON, D.C.``); anything written in
    mixed case, or in a script without capitals (서울), exactly as written."""
    text = " ".join(place.split())
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or any(c.islower() for c in letters) or not any(c.isupper() for c in letters):
        return text
    out: list[str] = []
    first = True
    for token in re.split(r"(\s+|-|,)", text):
        if not token or token.isspace() or token in ("-", ","):
            out.append(token)
            continue
        if _ABBREVIATION.match(token):
            out.append(token)
        elif not first and token.lower() in _PARTICLES:
            out.append(token.lower())
        else:
            out.append(_WORD.sub(lambda m: _capitalise(m.group(0)), token))
        first = False
    return "".join(out)


def _capitalise(word: str) -> str:
    """``HAGUE`` -> ``Hague``; after a one-letter elision both parts: ``N'DJAMENA`` -> ``N'Djamena``."""
    head, mark, tail = word.partition("'") if "'" in word else word.partition("’")
    if mark and len(head) == 1:
        return head.upper() + mark + tail[:1].upper() + tail[1:].lower()
    return word[:1].upper() + word[1:].lower()


def same_place_key(place: str) -> str:
    """Two places with the same key are the same place written in the same script (PORT ELLIS, Port Ellis)."""
    return display_place(place).casefold()


def other_spellings(place: str) -> list[str]:
    """The same place in other scripts (``Seoul`` -> ``["서울"]``), from :data:`SPELLINGS`."""
    key = same_place_key(place)
    return [name for name in _GROUP.get(key, ()) if name.casefold() != key]


def all_spellings_query(place: str) -> str:
    """A search (a whole query) for every known spelling of ``place``: ``place:"Seoul" OR place:"서울"``.

    Without parentheses: the query parser refuses a group that ends in a quoted phrase as unbalanced."""
    names = [display_place(place), *other_spellings(place)]
    return " OR ".join(f'place:"{n}"' for n in names)
