"""The reader's HTML for one article (Qt rich text): headline, dateline, photos, Markdown body, tags, notes.

Images are referenced by ``cuttings-photo:<sha256>`` and tag chips by ``cuttings-chip:<n>``; the reader view
resolves both itself, so nothing is ever loaded from the network or the file system.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from app.model import Article, Photo
from app.photo_layout import layout
from app.places import display_place
from ui import formatting
from ui.theme import Theme

SERIF = "'Iowan Old Style', Georgia, 'Source Serif 4', 'Noto Serif', 'Noto Serif CJK KR', 'DejaVu Serif', serif"
SANS = "'Segoe UI', 'Helvetica Neue', 'Noto Sans', 'Noto Sans CJK KR', 'DejaVu Sans', sans-serif"
PHOTO_SCHEME = "cuttings-photo"
CHIP_SCHEME = "cuttings-chip"
DROPPED_LINK = "cuttings-dropped:toggle"
MAX_PHOTO_HEIGHT = 420

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_html(text: str) -> str:
    """CommonMark to HTML, raw HTML in the source shown as text (never interpreted)."""
    return _md.render(text or "")


def stylesheet(t: Theme) -> str:
    """The default stylesheet of the reader's document."""
    return f"""
    body {{ color: {t.reader_text}; font-family: {SERIF}; }}
    p {{ margin-top: 0; margin-bottom: 11px; line-height: 150%; }}
    h1 {{ font-size: 21pt; font-weight: 700; margin-top: 2px; margin-bottom: 8px; line-height: 118%; }}
    h2 {{ font-size: 15pt; margin-top: 16px; margin-bottom: 6px; }}
    h3 {{ font-size: 13pt; margin-top: 14px; margin-bottom: 6px; }}
    blockquote {{ color: {t.muted}; margin-left: 18px; font-style: italic; }}
    a {{ color: {t.accent}; text-decoration: none; }}
    li {{ margin-bottom: 4px; line-height: 140%; }}
    .kicker {{ font-family: {SANS}; color: {t.accent}; font-size: 8.5pt; font-weight: 700; margin-bottom: 6px; }}
    .subtitle {{ font-size: 13.5pt; color: {t.muted}; margin-bottom: 10px; line-height: 135%; }}
    .byline {{ font-family: {SANS}; font-size: 9.5pt; margin-bottom: 2px; }}
    .dateline {{ font-family: {SANS}; font-size: 9pt; color: {t.muted}; margin-bottom: 10px; }}
    .chips {{ margin-bottom: 16px; line-height: 100%; }}
    .caption {{ font-family: {SANS}; font-size: 8.5pt; color: {t.muted}; margin-top: 6px; margin-bottom: 16px;
                line-height: 135%; }}
    .credit {{ color: {t.faint}; }}
    .nophoto {{ font-family: {SANS}; font-size: 8.5pt; color: {t.faint}; font-style: italic; }}
    .section {{ font-family: {SANS}; font-size: 8pt; font-weight: 700; color: {t.faint}; margin-top: 18px; }}
    .notes {{ font-family: {SANS}; font-size: 9.5pt; }}
    .dropped {{ font-family: {SANS}; font-size: 8.5pt; color: {t.faint}; }}
    .footer {{ font-family: {SANS}; font-size: 8pt; color: {t.faint}; margin-top: 18px; }}
    .empty {{ font-family: {SANS}; color: {t.faint}; font-size: 11pt; }}
    """


def photo_size(photo: Photo, width: int, max_height: int = MAX_PHOTO_HEIGHT) -> tuple[int, int]:
    """The photo's size on the page: as wide as the column (never upscaled), at most ``max_height`` tall."""
    pw, ph = photo.width or width, photo.height or int(width * 2 / 3)
    w = min(width, pw)
    h = round(w * ph / pw) if pw else ph
    if h > max_height:
        w, h = round(w * max_height / h), max_height
    return max(1, w), max(1, h)


def _photo(photo: Photo, width: int) -> str:
    parts = []
    if photo.sha256:
        w, h = photo_size(photo, width)
        alt = escape(photo.alt or photo.caption[:80], quote=True)
        parts.append(f'<p align="center" style="margin-bottom:0; line-height:100%"><img src="{PHOTO_SCHEME}:{photo.sha256}" '
                     f'width="{w}" height="{h}" alt="{alt}"></p>')
    else:
        parts.append('<p class="nophoto" style="margin-bottom:0">Photo not attached</p>')
    caption = escape(photo.caption)
    credit = f' <span class="credit">{escape(photo.credit)}</span>' if photo.credit else ""
    if caption or credit:
        parts.append(f'<p class="caption">{caption}{credit}</p>')
    return "\n".join(parts)


def _dropped(lines: list[str], shown: bool) -> list[str]:
    """A link that reveals (or hides) the lines extraction left out as boilerplate, and those lines."""
    if not lines:
        return []
    count = f"{len(lines)} line{'s' if len(lines) != 1 else ''}"
    if not shown:
        return [f'<p class="footer"><a href="{DROPPED_LINK}">Show the {count} left out as page furniture</a></p>']
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return [f'<p class="section">LEFT OUT AS PAGE FURNITURE · <a href="{DROPPED_LINK}">hide</a></p>',
            f'<ul class="dropped">{items}</ul>']


def article_html(article: Article, t: Theme, *, photo_width: int = 640, chip_sizes: list[tuple[int, int]] | None = None,
                 chip_prefix: str = "", show_dropped: bool = False) -> str:
    """The whole reader page for ``article``; ``chip_sizes`` are the logical sizes of the chip images;
    ``show_dropped`` lists the lines left out as boilerplate (else a link offers them)."""
    out = ["<html><body>"]
    if article.source:
        out.append(f'<p class="kicker">{escape(article.source.upper())}</p>')
    out.append(f"<h1>{escape(article.title or '(untitled)')}</h1>")
    if article.subtitle:
        out.append(f'<p class="subtitle">{escape(article.subtitle)}</p>')
    if article.authors:
        out.append(f'<p class="byline">By <b>{escape(formatting.authors(article.authors))}</b></p>')
    dateline = " · ".join(
        escape(x) for x in (display_place(article.place), formatting.published(article.published, long=True),
                            article.source) if x
    )
    if dateline:
        out.append(f'<p class="dateline">{dateline}</p>')
    if article.tags and chip_sizes:
        chips = "&nbsp;".join(
            f'<img src="{CHIP_SCHEME}:{chip_prefix}{n}" width="{w}" height="{h}" alt="{escape(name, quote=True)}">'
            for n, (name, (w, h)) in enumerate(zip(article.tags, chip_sizes, strict=False))
        )
        out.append(f'<p class="chips">{chips}</p>')
    photos = list(article.photos)
    order = layout(article.body, len(photos))
    for part in order.parts:
        out.append(_photo(photos[part], photo_width) if isinstance(part, int) else markdown_html(part))
    if order.more:
        out.append('<p class="section">MORE PHOTOS</p>')
        out.extend(_photo(photos[i], photo_width) for i in order.more)
    if article.notes:
        out.append('<p class="section">NOTES</p>')
        out.append(f'<div class="notes">{markdown_html(article.notes)}</div>')
    out.extend(_dropped(article.dropped, show_dropped))
    footer = [f"Clipped {formatting.clipped(article.clipped_at)}"] if article.clipped_at else []
    link = article.canonical_url or article.url
    if link.startswith(("http://", "https://")):
        footer.append(f'<a href="{escape(link, quote=True)}">{escape(_short_url(link))}</a>')
    if article.deleted_at:
        footer.append("In the trash")
    if footer:
        out.append(f'<p class="footer">{" · ".join(footer)}</p>')
    out.append("</body></html>")
    return "\n".join(out)


def placeholder_html(text: str) -> str:
    return f'<html><body><p class="empty" align="center"><br><br><br>{escape(text)}</p></body></html>'


def _short_url(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest if len(rest) <= 60 else rest[:57] + "…"
