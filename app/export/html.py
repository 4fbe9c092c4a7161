"""Self-contained HTML: photos as ``data:`` URIs, the style sheet inline, nothing loaded from anywhere.

A Content-Security-Policy in the page forbids every outside resource, so even a stray reference could
not load. The only outside address is the article's own link to where it was published (an ``<a>``).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.export.atomic import atomic_file, atomic_folder
from app.export.body_html import body_html
from app.export.dates import human_date
from app.export.html_style import CSS
from app.export.labels import byline, clipped_date, dateline, running_header
from app.export.names import UniqueNames, article_stem
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import Article, Photo
from app.photo_layout import layout

if TYPE_CHECKING:
    from app.archive import Archive

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _p(cls: str, text: str) -> str:
    return f'<p class="{cls}">{escape(text)}</p>' if text else ""


def figure_html(archive: Archive, photo: Photo) -> str:
    """A photo as a ``<figure>`` with its caption and credit; a caption without an image says so."""
    if photo.sha256:
        data = base64.b64encode(archive.blob(photo.sha256)).decode("ascii")
        size = f' width="{photo.width}" height="{photo.height}"' if photo.width and photo.height else ""
        picture = f'<img src="data:{escape(photo.mime or "image/jpeg")};base64,{data}" alt="{escape(photo.alt)}"{size}>'
    else:
        picture = '<div class="no-image">Photo not in the archive</div>'
    credit = f'<span class="credit">{escape(photo.credit)}</span>' if photo.credit else ""
    caption = f"<figcaption>{escape(photo.caption)}{credit}</figcaption>" if photo.caption or credit else ""
    return f"<figure>{picture}{caption}</figure>"


def article_html(archive: Archive, article: Article) -> str:
    """One ``<article>`` element: headline block, the body with its photos in place, other photos, provenance."""
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    head = "".join([
        _p("kicker", running_header(article)),
        f"<h1>{escape(article.title or 'Untitled')}</h1>",
        _p("subtitle", article.subtitle),
        _p("byline", byline(article)),
        _p("dateline", dateline(article)),
    ])
    order = layout(article.body, len(article.photos))
    body = "".join(figure_html(archive, article.photos[part]) if isinstance(part, int)
                   else f'<div class="body">{body_html(part, links=False)}</div>' for part in order.parts)
    more = "".join(figure_html(archive, article.photos[i]) for i in order.more)
    link = article.url or article.canonical_url
    source = f'Source: <a href="{escape(link)}" rel="noreferrer">{escape(link)}</a><br>' if link else ""
    tags = f'<p class="tags">Tags: {escape(", ".join(article.tags))}</p>' if article.tags else ""
    provenance = (f'<footer class="provenance">{source}Clipped {escape(clipped_date(article))} · '
                  f"Cuttings article {article.id} · {escape(article.uid)}{tags}</footer>")
    return f'<article id="article-{article.id}"{lang}><header>{head}</header>{body}{more}{provenance}</article>'


def page_head(title: str, *, lang: str = "") -> str:
    """The start of an HTML page, up to ``<body>``: inline style sheet and a strict CSP."""
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="Cuttings {__version__}">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    )


PAGE_END = "\n</body>\n</html>\n"


def contents_html(articles: Sequence[Article]) -> str:
    items = []
    for a in articles:
        meta = " · ".join(x for x in (a.source, human_date(a.published, a.language)) if x)
        items.append(f'<li><a href="#article-{a.id}">{escape(a.title or "Untitled")}</a>'
                     + (f' <span class="meta">{escape(meta)}</span>' if meta else "") + "</li>")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return (f'<section class="collection"><h1>Cuttings</h1><p class="dateline">{len(articles)} articles · '
            f'exported {stamp}</p><nav><ol>{"".join(items)}</ol></nav></section>')


def export_html(archive: Archive, ids: Sequence[int], out: Path, *, single_file: bool = False,
                progress: Progress = no_progress, cancelled: CancelCheck = never_cancelled) -> list[Path]:
    """``single_file``: every article in the one page ``out``; else one page per article in the new folder ``out``."""
    if single_file:
        _write_single(archive, ids, out, progress, cancelled)
        return [out]
    names = UniqueNames()
    written = []
    with atomic_folder(out) as tmp:
        for done, article_id in enumerate(ids):
            check_cancel(cancelled)
            article = archive.get(article_id)
            name = names.take(article_stem(article), ".html")
            html = page_head(article.title, lang=article.language) + article_html(archive, article) + PAGE_END
            (tmp / name).write_text(html, encoding="utf-8")
            written.append(out / name)
            progress(done + 1, len(ids), article.title)
    return written


def _write_single(archive: Archive, ids: Sequence[int], out: Path, progress: Progress, cancelled: CancelCheck) -> None:
    """Stream one page: contents first (when more than one article), then each article."""
    articles = [archive.get(i) for i in ids]
    title = articles[0].title if len(articles) == 1 else f"Cuttings: {len(articles)} articles"
    langs = {a.language for a in articles}
    with atomic_file(out) as tmp, tmp.open("w", encoding="utf-8") as fh:
        fh.write(page_head(title, lang=langs.pop() if len(langs) == 1 else ""))
        if len(articles) > 1:
            fh.write(contents_html(articles) + "\n")
        for done, article in enumerate(articles):
            check_cancel(cancelled)
            fh.write(article_html(archive, article) + "\n")
            progress(done + 1, len(articles), article.title)
        fh.write(PAGE_END)
