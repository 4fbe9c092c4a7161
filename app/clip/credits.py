"""Split a photo caption into its text and its credit ("(AP Photo/Ahn Young-joon)", "Photo: Reuters", ...).

Pure functions, shared by the text parser and the web clipper. The credit keeps the photographer and
agency as written; pure labels ("Photo:", "Photo by", "사진=", "Credit:") are dropped, while "Courtesy of"
and "©" stay because they say something about the rights.
"""

from __future__ import annotations

import re

# Agencies and picture desks whose name alone (or before "/Name") is a credit.
AGENCIES = (
    "AP", "Associated Press", "Reuters", "AFP", "Getty Images", "Getty", "EPA", "EPA-EFE", "EFE", "Xinhua",
    "Yonhap", "Kyodo", "Jiji", "Bloomberg", "dpa", "ANSA", "UPI", "Pool", "Shutterstock", "Alamy", "SIPA",
    "NurPhoto", "Anadolu", "TASS", "Sputnik", "PA", "PA Images", "AAP", "Imaginechina", "ZUMA", "Kyodo News",
    "KCNA", "KCNA via KNS", "Newsis", "News1", "연합뉴스", "뉴시스", "뉴스1", "AFP via Getty Images",
)
_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))

# A label in front of the credit that we drop.
_LABEL = re.compile(
    r"^(?:(?:photo(?:graph)?s?|pictures?|images?|credits?|photo\s+credit)\s*(?::|\bby\b|=)|"
    r"사진\s*(?:제공)?\s*[=:]|사진\s*제공\s+)\s*",
    re.IGNORECASE,
)
_COURTESY = re.compile(r"^((?:photos?\s+)?courtesy\b.*)$", re.IGNORECASE | re.DOTALL)
# Inside parentheses: a credit if it has one of these shapes.
_PAREN_CREDIT = re.compile(
    rf"""^(?:
        (?:photos?|photograph|pictures?|images?|credits?)\s*(?::|\bby\b|=)   # Photo: Reuters / Photo by X
      | (?:photos?\s+)?courtesy\b                                          # (Photo) courtesy of X
      | [©ⓒ] | \(c\)\s | copyright\b                                        # © X
      | 사진\s*(?:제공)?\s*[=:]? | .*\s사진\s*/ | .*사진\s*제공              # 사진=연합뉴스 / 연합뉴스 사진/김민지
      | [^()/]{{1,40}}?\s(?:photos?|pictures?)\s*/                          # AP Photo/X, Ledger Photo/X
      | (?:{_AGENCY})(?:\s*/\s*[^()]{{1,60}})?$                             # Reuters/Jane Doe, EPA-EFE/X, Xinhua
      | [^()]{{1,40}}\s+via\s+(?:{_AGENCY})$                                # Jane Doe via Getty Images
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit that ends a caption without parentheses, after the end of a sentence.
_TAIL_CREDIT = re.compile(
    rf"""(?:^|(?<=[.!?。”"’)\]])\s+|\s+[|—–]\s+|\s+-\s+)
    (?P<credit>
        (?:photo(?:graph)?s?|pictures?|images?|credits?)\s*(?::|\bby\b|=)\s*\S.{{0,80}}
      | (?:photos?\s+)?courtesy\s+of\s+\S.{{0,100}}
      | [©ⓒ]\s*\S.{{0,80}}
      | 사진\s*(?:제공)?\s*[=:]\s*\S.{{0,40}}
      | /\s*(?:{_AGENCY})
      | (?:{_AGENCY})\s*/\s*[^\s/.][^/]{{0,50}}
      | [A-Z][\w.&' -]{{0,40}}\s(?:Photo|Pictures)\s*/\s*[^/]{{1,50}}
      | (?:{_AGENCY})
    )\s*$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
# A trailing parenthesised group (round, square or full-width) and what follows it.
_PARENS = re.compile(r"[(\[（]([^()\[\]（）]{1,160})[)\]）]")
_CAPTION_START = re.compile(
    r"^(?:FILE\s*[-–—:]\s*|FILE PHOTO\b|In this\b.{0,80}?\b(?:photo|image|picture|file photo)\b|"
    r"This\s+(?:undated\s+|handout\s+|file\s+)?(?:photo|image|picture)\b|"
    r"(?:Photo|Pictured|Above|Below|Caption|Top|Left|Right)\s*:|▲|사진은\s|사진\s*[=:])",
    re.IGNORECASE,
)
_MAX_TRAILING_NOTE = 160
# A note after the credit that is itself a credit: who drew, sketched, illustrated, filmed or supplied it.
_SECOND_CREDIT = re.compile(
    r"^(?:(?:sketch(?:ed)?|drawn|drawing|illustrat(?:ed|ion)|graphics?|map|video|filmed|photos?|photographed|"
    r"pictures?|image|colou?ri[sz]ed|retouched|edited|supplied|provided|handout|source|courtesy|archive|file)\b"
    r".{0,120}|[©ⓒ].{1,120}|(?:사진|그래픽|일러스트)\s*[=:/].{1,60})$",
    re.IGNORECASE,
)
_MAX_CAPTION = 1500


def split_credit(caption: str) -> tuple[str, str]:
    """Return ``(caption without its credit, credit)``; the credit is ``""`` when none is found.

    A trailing parenthesised credit wins ("... (AP Photo/Ahn Young-joon)"). A short note after it is
    kept: a second credit ("Sketched by the Pan Pacific Agency.") joins the credit after "; ", anything
    else stays in the caption. Otherwise a credit after the last sentence ("Photo: Getty Images",
    "Courtesy of ...", "Xinhua/Li Ming", "© ...") is split off.
    """
    text = " ".join(caption.split())
    if not text:
        return "", ""
    match = _last_paren_credit(text)
    if match is not None:
        before = _tidy_caption(text[: match.start()])
        credit = clean_credit(match.group(1))
        note = text[match.end() :].strip().lstrip(".;, ").strip()
        if not note:
            return before, credit
        if _SECOND_CREDIT.match(note):
            return before, f"{credit}; {clean_credit(note)}"
        return f"{before} {note}".strip(), credit
    tail = _TAIL_CREDIT.search(text)
    if tail is not None and _plausible_tail(tail.group("credit")):
        return _tidy_caption(text[: tail.start()]), clean_credit(tail.group("credit"))
    return text, ""


def clean_credit(credit: str) -> str:
    """Drop labels ("Photo:", "사진=", "Credit:") and stray punctuation from a credit."""
    text = " ".join(credit.split()).strip(" .;,:-–—/")
    courtesy = _COURTESY.match(text)
    if courtesy:
        text = courtesy.group(1)
        return text[0].upper() + text[1:]
    return _LABEL.sub("", text).strip(" .;,:-–—")


def is_credit(text: str) -> bool:
    """True when ``text`` (without its parentheses) reads like a photo credit."""
    return bool(_PAREN_CREDIT.match(" ".join(text.split())))


def looks_like_caption(paragraph: str) -> bool:
    """True for a paragraph that describes a photo: a credit in parentheses, or "In this ... photo" etc."""
    text = " ".join(paragraph.split())
    if not text or len(text) > _MAX_CAPTION:
        return False
    if _CAPTION_START.match(text):
        return True
    match = _last_paren_credit(text)
    return match is not None and _strong_credit(match.group(1))


def _last_paren_credit(text: str) -> re.Match[str] | None:
    """The last parenthesised credit followed by at most a short note (one sentence)."""
    found = None
    for match in _PARENS.finditer(text):
        trailing = text[match.end() :].strip()
        if len(trailing) > _MAX_TRAILING_NOTE:
            continue
        if is_credit(match.group(1)) and _is_note(trailing):
            found = match
    return found


def _is_note(trailing: str) -> bool:
    """What may follow a credit: nothing, punctuation, or one short sentence."""
    rest = trailing.lstrip(" .;,")
    if not rest:
        return True
    return len(re.findall(r"[.!?。](?:\s|$)", rest)) <= 1


def _plausible_tail(credit: str) -> bool:
    """A credit found without parentheses is a name, not a sentence ("Photo: The crowd gathers...")."""
    body = credit.rstrip(" .")
    return len(body.split()) <= 10 and not re.search(r"[a-z가-힣]{3,}[.!?]\s+\S", body)


def _strong_credit(inner: str) -> bool:
    """A credit that makes a paragraph a caption on its own: it mentions a photo, a slash, © or 사진."""
    return bool(re.search(r"photo|picture|image|courtesy|getty|사진|[©ⓒ/=]", inner, re.IGNORECASE))


def _tidy_caption(text: str) -> str:
    return text.rstrip(" ,;:-–—|").strip()
