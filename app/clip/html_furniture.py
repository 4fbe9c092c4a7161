"""Page furniture that trafilatura keeps inside an article's text: photo captions and credit lines, promotion
lines (newsletters, "follow us"), "read also" links and reading-time or last-updated stamps.

Each rule looks at one short block (a paragraph of the body) on its own and matches its shape, never a site:
a long paragraph is article text whatever words it holds. What matches goes to the article's dropped list,
where the reader can reveal it; nothing is lost.
"""

from __future__ import annotations

import re

_SHORT = 300  # characters: a longer block is prose
_PROMO_SHORT = 220

# A caption's credit at the block's end: "… Ski star. © AFP / Jo Roe", "… (AP Photo/Ahn Young-joon)",
# "… | Photo: Jo Roe".
_ENDS_WITH_CREDIT = re.compile(
    r"[©ⓒ]\s*[^.!?©]{2,80}$"
    r"|\([^()]*\b(?:(?:photo|photos|foto|fotos|image|bild|imagen)\s*(?:[/:]|by\b)|credit|crédit)[^()]*\)\.?$"
    r"|(?:^|[|.•·/]\s*|\s)(?:photo|photos|foto|fotos|fot\.|bild|credit|crédit|crédits|image|imagen)"
    r"(?:\s+credit)?\s*:\s*[^.!?:]{2,60}$",
    re.I,
)
# A credit line on its own: "Photo: Jo Roe", "Fot. Jo Roe / Agencja Gazeta", "Titelbild: …", "Crédits photos : …"
_CREDIT_LINE = re.compile(
    r"^(?:photo|photos|photograph|foto|fotos|fot\.|fotografía|bild|titelbild|image|images|picture|credit|credits|"
    r"crédit|crédits|photo credit|image credit|crédits? photos?|source de l'image|imagen|[©ⓒ])"
    r"\s*[:.]?\s*\S.{0,100}$",
    re.I,
)
# Calls to sign up, subscribe or follow, in the languages of the papers we clip.
_PROMO = re.compile(
    r"\bnewsletters?\b|\bsign(?:ing)?[\s-]up\b|\bsubscri(?:be|ption)\b|\bsuscr[ií]b|\bsubskryp|\babonn"
    r"|\bfollow us\b|\bs[ií]guenos\b|\bsuivez[\s-]nous\b|\bfolgen sie uns\b|\bfolge uns\b|\bseguici\b"
    r"|\bobserwuj nas\b|\bvolg ons\b",
    re.I,
)
_PROMO_CONTEXT = re.compile(
    r"\b(?:here|today|now|free|daily|weekly|email|inbox|hier|jetzt|kostenlos|gratis|ici|gratuit\w*|aqu[ií]|"
    r"tutaj|zapraszamy|newsletters?|telegram|facebook|twitter|instagram|whatsapp|youtube|tiktok|linkedin)\b",
    re.I,
)
# "Read also: <headline>" and its kin, or the label alone.
_READ_ALSO = re.compile(
    r"^[^\w\"“”„«»]*(?:(?:read (?:more|also|next)|also read|see also|more on this(?: story)?|"
    r"lesen sie (?:auch|hier|mehr|weiter)|auch lesen|zum weiterlesen|mehr (?:zum thema|themen)|"
    r"weitere (?:aktuelle )?(?:artikel|themen|infos?|beiträge)|"
    r"schon gelesen|auch interessant|das könnte sie (?:auch )?interessieren|à lire (?:aussi|également)|"
    r"lire aussi|voir aussi|lea (?:también|más)|lee (?:también|más)|leer más|ver también|"
    r"(?:le |te )?puede interesar|notas relacionadas|noticias relacionadas|más sobre|"
    r"czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|dowiedz się więcej|leggi anche|"
    r"vedi anche|leia (?:também|mais)|veja também|lees ook|läs också|læs også|les også)\b[^.!?,\"“”„«»]{0,40}"
    r"|related(?: stories| articles| news)?)\s*(?:[:»›→|?]|$|\s[-–—]\s)",
    re.I,
)
# Advertising labels ("Anzeige", "Advertisement") and app or channel pitches.
_AD_LABEL = re.compile(
    r"^\W*(?:anzeige|advertisement|advertising|werbung|publicidad|publicité|reklama|gesponsert|sponsored)\b",
    re.I,
)
_APP_PITCH = re.compile(r"\bdownload (?:the|our)\b.{0,40}\bapps?\b|\bios and android\b|\b(?:canal de|our) youtube\b",
                        re.I)
_STAMP = re.compile(
    r"^(?:\d{1,3}\s*(?:min|mins|minutes?)\.?\s*(?:read|lesezeit|de lecture|de lectura)"
    r"|(?:reading time|lesezeit|temps de lecture|tiempo de lectura|czas czytania)\s*:?\s*\d.{0,30}"
    r"|ten tekst przeczytasz\b.{0,40}"
    r"|(?:last )?(?:updated|modified|published|posted)(?: on)?\s*:?\s*\S.{0,50}"
    r"|(?:zuletzt )?(?:aktualisiert|geändert|veröffentlicht)(?: am)?\s*:?\s*\S.{0,50}|letzte änderung\s*:?\s*\S.{0,40}"
    r"|(?:mis à jour|publié) le\s.{0,50}|(?:actualizado|publicado)(?: el)?\s*:?\s*\S.{0,50})$",
    re.I,
)


def furniture_kind(block: str) -> str:
    """What kind of furniture the plain-text ``block`` is ("caption", "promo", "read-also", "stamp"), or ""."""
    text = " ".join(block.split())
    if not text or len(text) > _SHORT:
        return ""
    if _READ_ALSO.match(text):
        return "read-also"
    if len(text) <= 100 and _AD_LABEL.match(text):
        return "promo"
    if _CREDIT_LINE.match(text) or _ENDS_WITH_CREDIT.search(text):
        return "caption"
    if len(text) <= _PROMO_SHORT and ((_PROMO.search(text) and _PROMO_CONTEXT.search(text)) or _APP_PITCH.search(text)):
        return "promo"
    if len(text) <= 80 and _STAMP.match(text) and (re.search(r"\d", text) or "przeczytasz" in text.lower()):
        return "stamp"
    return ""


def drop_furniture(blocks: list[str], plain: list[str], dropped: list[str]) -> list[str]:
    """``blocks`` (Markdown) without the furniture ones; ``plain`` are their texts, which go to ``dropped``."""
    kept = []
    for block, text in zip(blocks, plain, strict=True):
        if furniture_kind(text):
            dropped.append(text)
        else:
            kept.append(block)
    return kept
