"""The rich text (Qt's HTML subset) of one article as the PDF sets it: headline, byline, dateline,
photos with caption and credit, the body.

Qt's rich text takes font sizes in points, but margins and image sizes in CSS pixels (1/96 inch, scaled
to the printer's resolution), so every length here goes through :class:`Box`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.export.body_html import body_html
from app.export.labels import byline, clipped_date, dateline
from app.model import Article, Photo
from app.photo_layout import layout

INK = "#1a1a1a"
GREY = "#5f5f5f"


@dataclass(frozen=True)
class Box:
    """The printable area in layout units (device pixels of a writer of ``dpi`` dots per inch)."""

    width: float
    height: float
    dpi: int = 1200

    @staticmethod
    def px(points: float) -> int:
        """A length in points as CSS pixels (for margins)."""
        return round(points * 96 / 72)

    @property
    def image_scale(self) -> float:
        return 96 / self.dpi


def stylesheet(box: Box) -> str:
    """The default style sheet: paragraph rhythm of the body text."""
    return f"""
p {{ margin-top: 0; margin-bottom: {box.px(6)}px; line-height: 138%; }}
h1, h2, h3, h4, h5, h6 {{ font-size: 11.5pt; font-weight: 700; margin-top: {box.px(12)}px; margin-bottom: {box.px(4)}px; }}
blockquote {{ margin-left: {box.px(16)}px; margin-right: {box.px(10)}px; margin-top: {box.px(4)}px; margin-bottom: {box.px(8)}px; }}
li {{ margin-bottom: {box.px(3)}px; line-height: 138%; }}
ul, ol {{ margin-top: 0; margin-bottom: {box.px(6)}px; }}
a {{ color: {INK}; text-decoration: none; }}
"""


def photo_size(photo: Photo, box: Box) -> tuple[int, int]:
    """Full column width, but never taller than 55% of the page (portraits are centred, narrower);
    returned in Qt's image units."""
    w, h = photo.width or 4, photo.height or 3
    width = box.width
    height = width * h / w
    if height > box.height * 0.55:
        height = box.height * 0.55
        width = height * w / h
    return int(width * box.image_scale), int(height * box.image_scale)


def figure(photo: Photo, index: int, box: Box) -> str:
    """A photo with its caption, then its credit (small, grey, as written), under it."""
    if photo.sha256:
        w, h = photo_size(photo, box)
        picture = (f'<p align="center" style="margin-top:{box.px(10)}px; margin-bottom:0; line-height:100%">'
                   f'<img src="photo:{index}" width="{w}" height="{h}"></p>')
    else:
        picture = (f'<p style="margin-top:{box.px(10)}px; margin-bottom:0; font-size:8pt; font-style:italic; '
                   f'color:{GREY}">[Photo not in the archive]</p>')
    caption = escape(photo.caption)
    # The credit as written: capitals drawn by the font would reach the PDF's text layer as capitals
    # (a copy or a search would not give what the photographer's agency wrote).
    credit = (f'<span style="font-size:7pt; letter-spacing:0.3px; color:{GREY}">{escape(photo.credit)}</span>'
              if photo.credit else "")
    text = caption + ("&nbsp;&nbsp;" if caption and credit else "") + credit
    if not text:
        return picture
    return picture + (f'<p style="margin-top:{box.px(4)}px; margin-bottom:{box.px(12)}px; font-size:8.5pt; '
                      f'line-height:128%; color:{INK}">{text}</p>')


def article_rich_text(article: Article, box: Box) -> str:
    """Everything printed for one article, in reading order."""
    parts = [f'<p style="margin-top:0; margin-bottom:{box.px(5)}px; font-size:22pt; font-weight:700; '
             f'line-height:110%; color:{INK}">{escape(article.title or "Untitled")}</p>']
    if article.subtitle:
        parts.append(f'<p style="margin-top:{box.px(2)}px; margin-bottom:{box.px(6)}px; font-size:13pt; '
                     f'font-style:italic; line-height:122%; color:#333333">{escape(article.subtitle)}</p>')
    if byline(article):
        parts.append(f'<p style="margin-top:{box.px(6)}px; margin-bottom:0; font-size:9.5pt; font-weight:700; '
                     f'color:{INK}">{escape(byline(article))}</p>')
    if dateline(article):
        parts.append(f'<p style="margin-top:{box.px(2)}px; margin-bottom:0; font-size:8.5pt; color:{GREY}">'
                     f"{escape(dateline(article))}</p>")
    parts.append(f'<hr style="margin-top:{box.px(8)}px; margin-bottom:{box.px(4)}px; background-color:#8c8c8c">')
    order = layout(article.body, len(article.photos))
    parts += [figure(article.photos[part], part, box) if isinstance(part, int) else body_html(part)
              for part in order.parts]
    parts += [figure(article.photos[i], i, box) for i in order.more]
    parts.append(_provenance(article, box))
    return "".join(parts)


def _provenance(article: Article, box: Box) -> str:
    link = article.url or article.canonical_url
    lines = []
    if link:
        lines.append(f'Source: <a href="{escape(link)}" style="color:{GREY}">{escape(link)}</a>')
    lines.append(f"Clipped {escape(clipped_date(article))} · Cuttings article {article.id} · {escape(article.uid)}")
    if article.tags:
        lines.append("Tags: " + escape(", ".join(article.tags)))
    return (f'<hr style="margin-top:{box.px(14)}px; margin-bottom:{box.px(3)}px; background-color:#8c8c8c">'
            f'<p style="font-size:7.5pt; line-height:135%; color:{GREY}">' + "<br>".join(lines) + "</p>")
