"""Read an article's metadata from JSON-LD, OpenGraph, <meta> tags and the page itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:·•]\s+[^|\-–—:·•]{2,60}$")
_BY = re.compile(r"^\s*(?:by|von|par|por|di)\s+", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)


@dataclass
class PageMeta:
    """What the page says about itself; empty strings where it says nothing."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    source: str = ""
    published: str = ""
    modified: str = ""
    canonical_url: str = ""
    language: str = ""
    place: str = ""


def read_metadata(tree: HtmlElement, base_url: str = "") -> PageMeta:
    """Collect metadata, preferring JSON-LD and OpenGraph over generic tags and page text."""
    ld = _article_ld(tree)
    meta = _meta_tags(tree)
    site = _first(meta.get("og:site_name"), _name_of(ld.get("publisher")), meta.get("application-name"))
    # the page's own elements are read only when the tags say nothing (each is a search of the whole page)
    title = (_first(meta.get("og:title"), _text(ld.get("headline")), meta.get("twitter:title"))
             or _first(_page_title(tree)) or _xtext(tree, "//h1"))
    pm = PageMeta(
        title=strip_site_suffix(title, site),
        subtitle=_first(
            meta.get("og:description"),
            _text(ld.get("description")),
            meta.get("description"),
            meta.get("twitter:description"),
        ),
        authors=_authors(ld, meta, tree),
        source=site,
        published=iso_date(
            _first(
                _text(ld.get("datePublished")),
                meta.get("article:published_time"),
                meta.get("datepublished"),
                meta.get("pubdate"),
                meta.get("publishdate"),
                meta.get("date"),
                meta.get("dc.date"),
                meta.get("dc.date.issued"),
                meta.get("sailthru.date"),
                meta.get("parsely-pub-date"),
            )
            or _first(_xattr(tree, "//time[@pubdate]/@datetime|//time[@datetime]/@datetime"))
        ),
        modified=iso_date(
            _first(
                _text(ld.get("dateModified")),
                meta.get("article:modified_time"),
                meta.get("og:updated_time"),
                meta.get("datemodified"),
            )
        ),
        canonical_url=_absolute(
            _first(_xattr(tree, "//link[@rel='canonical']/@href"), meta.get("og:url"), _ld_url(ld)), base_url
        ),
        language=_language(tree, meta, ld),
        place=_text(ld.get("dateline")).strip(" ,—–-"),
    )
    if not pm.source and pm.canonical_url.startswith("http"):
        pm.source = urlsplit(pm.canonical_url).hostname or ""
    return pm


def strip_site_suffix(title: str, site: str) -> str:
    """Turn "Headline | The Site" into "Headline" (only when the tail looks like the site name)."""
    title = " ".join(title.split())
    m = _SITE_SUFFIX.search(title)
    if m and (
        not site or _norm(site) in _norm(m.group(0)) or _norm(m.group(0).strip(" |-–—:·•")) in _norm(site)
    ):
        return title[: m.start()].strip()
    return title


def iso_date(value: str) -> str:
    """ "2023-11-14T08:30:00+00:00" -> "2023-11-14"; "" when no date is recognisable."""
    m = _DATE.search(value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _norm(s: str) -> str:
    return re.sub(r"\W+", "", s).lower()


def _first(*values: str | None) -> str:
    for v in values:
        if v and v.strip():
            return " ".join(v.split())
    return ""


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    return ""


def _name_of(value: Any) -> str:
    if isinstance(value, list):
        return _name_of(value[0]) if value else ""
    return _text(value)


def _xtext(tree: HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""


def _xattr(tree: HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return str(found[0]).strip() if found else ""


def _page_title(tree: HtmlElement) -> str:
    return _xtext(tree, "//head/title|//title")


def _absolute(url: str, base: str) -> str:
    return urljoin(base, url) if url and base else url


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """<meta name|property|itemprop|http-equiv=… content=…>, keys lower-cased, first one wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def _ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", raw)
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw))  # trailing commas are common
            except ValueError:
                continue
        yield from _walk(data)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), list | dict):
                yield from _walk(data[key])


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", [])
    return {x.split("/")[-1] for x in ([t] if isinstance(t, str) else t) if isinstance(x, str)}


def _article_ld(tree: HtmlElement) -> dict[str, Any]:
    """The first article-typed JSON-LD object, with @id references to other nodes resolved."""
    objects = list(_ld_objects(tree))
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            return {k: _resolve(v, by_id) for k, v in obj.items()}
    return {}


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    return value


def _ld_url(ld: dict[str, Any]) -> str:
    page = ld.get("mainEntityOfPage")
    if isinstance(page, dict):
        page = page.get("@id") or page.get("url")
    return _first(
        ld.get("url") if isinstance(ld.get("url"), str) else "", page if isinstance(page, str) else ""
    )


def _authors(ld: dict[str, Any], meta: dict[str, str], tree: HtmlElement) -> list[str]:
    raw = ld.get("author") or ld.get("creator")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    people = [_text(a) for a in items if not (isinstance(a, dict) and "Organization" in "".join(_types(a)))]
    names = people or split_authors(meta.get("author", "")) or split_authors(meta.get("article:author", ""))
    if not any(names):
        names = [" ".join(a.text_content().split()) for a in tree.xpath("//a[@rel='author']")]
    if not any(names):
        names = split_authors(_byline_text(tree))
    if not any(names):
        names = [_text(a) for a in items]  # an organisation as author ("BBC News") is better than nothing
    return _dedupe(_name_case(n) for n in names if n and not n.startswith("http"))


def _name_case(name: str) -> str:
    """AP writes "LISA MASCARO"; store "Lisa Mascaro"."""
    return name.title() if name.isupper() and len(name) > 3 and name.isascii() else name


def split_authors(text: str) -> list[str]:
    """ "By Ann Lee and Bo Kim" -> ["Ann Lee", "Bo Kim"]; single words after commas are not split off."""
    text = _BY.sub("", " ".join(text.split())).strip(" ,·|")
    if not text or text.startswith("http"):
        return []
    parts = [p.strip() for p in _AUTHOR_SPLIT.split(text) if p.strip()]
    if len(parts) > 1 and any(" " not in p for p in parts):
        return [text]  # "Holt, Maren" is one person
    return parts


def _byline_text(tree: HtmlElement) -> str:
    """The "By …" line of the page (the deepest element starting with "By"), without dates and roles."""
    for el in _byline_candidates(tree):
        if el.xpath("ancestor::figure"):
            continue
        if len(el.text_content()) > 2000:
            continue  # a wrapper ("author-page", "has-author") rather than a byline
        texts = [" ".join(e.text_content().split()) for e in el.iter() if isinstance(e.tag, str)]
        by = [t for t in texts if _BY.match(t) and len(t) < 120]
        text = by[-1] if by else (texts[0] if texts and len(texts[0]) < 120 else "")
        if text:
            return re.split(r"\s[·|•]\s|\s{2,}|,\s", text)[0]
    return ""


def _byline_candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class holds "byline" or "author" (any case) or whose data-component holds "byline", in
    document order. The attribute values come in one XPath and are matched in Python: an XPath test per
    element (translate(), contains()) is several times slower on a large page."""
    found: list[HtmlElement] = []
    for value in tree.xpath("//@class|//@data-component"):
        low = value.lower() if value.attrname == "class" else value
        if "byline" in low or (value.attrname == "class" and "author" in low):
            el = value.getparent()
            if not found or found[-1] is not el:
                found.append(el)
    return found


def _language(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str:
    lang = _first(
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        _text(ld.get("inLanguage")),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
    )
    return re.split(r"[-_]", lang.strip().lower())[0] if lang else ""


def _dedupe(items: Iterator[str] | list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = " ".join(_BY.sub("", item).split())
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out
