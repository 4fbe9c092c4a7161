"""Extract an article (text, metadata, photos) from an HTML page: the pipeline over the html_* helpers."""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from urllib.parse import urljoin

import lxml.html
import trafilatura.utils
from lxml import etree
from lxml.html import HtmlElement

from app.clip.datelines import parse_dateline
from app.clip.fetch import decode_html
from app.clip.html_anchor import anchor_photos, insert_markers
from app.clip.html_body import block_key, main_content, to_markdown
from app.clip.html_clean import find_container, paragraph_text, strip_boilerplate, take_standfirst
from app.clip.html_furniture import drop_furniture
from app.clip.html_meta import PageMeta, read_metadata, split_authors
from app.clip.html_photos import Resources, find_photos, load_photos
from app.clip.text import escape_markdown
from app.clip.wire import contributors, split_end_matter
from app.errors import UnsupportedInput
from app.model import Article, Capture, ClipResult, Photo

__all__ = ["extract_html", "parse_page"]


def parse_page(html: bytes | str) -> HtmlElement:
    """Parse HTML into an lxml tree; bytes are decoded with :func:`decode_html` first."""
    text = _page_text(html)
    if not text.strip():
        raise UnsupportedInput("The HTML is empty: there is no page to clip.")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedInput(f"The HTML could not be read ({exc}).") from exc


def extract_html(
    html: bytes | str,
    *,
    base_url: str = "",
    resources: Resources | None = None,
    capture: Capture | None = None,
) -> ClipResult:
    """Extract the article from ``html``.

    trafilatura alone makes the body; our passes only add to it or move parts of it into fields: the
    container (its paragraph text tells whether trafilatura kept enough), photos with captions and credits
    (placed in the body by markers), the standfirst, the dateline, wire footers and the metadata. What is
    left out as boilerplate is listed in ``article.dropped``.

    ``base_url`` resolves relative links and images; ``resources(url)`` returns an image's bytes (or None,
    or raises a CuttingsError) and is how saved pages read their files and URL clips download images.
    Broken images are left out with a warning; images that cannot be loaded keep their caption only.
    """
    text = _page_text(html)
    tree, page = _load(text)
    meta = read_metadata(tree, base_url)
    page_base = _base_href(tree, base_url)
    warnings: list[str] = []
    found: list[HtmlElement] = []

    def expected() -> int:  # asked once, after trafilatura's first run: our passes change the tree
        found.append(find_container(tree, strip_boilerplate(tree)))
        return paragraph_text(found[0])

    main = main_content(page, page_base, expected=expected, again=text,
                        fallback=lambda: _as_document(found[0], tree))
    container = found[0]
    refs = find_photos(container, page_base)
    standfirst = take_standfirst(container)
    place, wire_authors = _take_dateline(main) if main is not None else ("", [])
    body = to_markdown(main) if main is not None else ""
    dropped: list[str] = []
    body = _dedupe_header(body, meta, standfirst)
    body = _drop_trailers(body, dropped)
    body, footer = _take_footer(body, dropped)
    anchored = anchor_photos(body, refs)
    photos = load_photos([ref for ref, _ in anchored], resources, warnings)
    body = insert_markers(body, [(ref.photo, slot) for ref, slot in anchored], photos)
    body = _drop_captions(body, photos)
    body = _drop_furniture(body, dropped)
    if not body.strip():
        warnings.append("No article text was found on the page; only its metadata was kept.")
    authors = meta.authors or wire_authors
    article = Article(
        title=meta.title,
        subtitle=standfirst or meta.subtitle,
        authors=authors + [n for n in _writers(footer) if n not in authors],
        source=meta.source,
        place=meta.place or place,
        published=meta.published,
        modified=meta.modified,
        url=base_url if base_url.startswith(("http://", "https://")) else "",
        canonical_url=meta.canonical_url,
        language=meta.language,
        body=body,
        notes="\n\n".join(escape_markdown(line) for line in footer),
        photos=photos,
        dropped=dropped,
    )
    return ClipResult(article, capture or _capture_for(html), warnings)


def _load(text: str) -> tuple[HtmlElement, HtmlElement | str]:
    """The page's tree for our passes, and what trafilatura is given: the same tree when trafilatura's own
    parser made it (one parse serves both), else the text (a fragment, which trafilatura parses its own way)."""
    if text.strip():
        tree = trafilatura.utils.load_html(text)
        if tree is not None and tree.tag == "html":
            return tree, tree
    return parse_page(text), text


def _page_text(html: bytes | str) -> str:
    """The page as NFC text (as trafilatura's own output is) without invisible word breaks, and without an
    XML declaration (lxml refuses str input that has one)."""
    text = decode_html(html) if isinstance(html, bytes) else html
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    for ch in _INVISIBLE:
        if ch in text:  # str.translate would look every character up: slow on a large page
            text = text.replace(ch, "")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# Soft hyphens and zero-width spaces split words for the eye only: "Bar\xadba\xadresco" must be found as
# "Barbaresco" (trafilatura's own text drops them too).
_INVISIBLE = ("\u00ad", "\u200b", "\u2060", "\ufeff")


def _capture_for(html: bytes | str) -> Capture:
    raw = html if isinstance(html, bytes) else html.encode("utf-8", "replace")  # lone surrogates from a clipboard
    return Capture(method="html", raw=raw, raw_sha256=hashlib.sha256(raw).hexdigest(), mime="text/html")


def _base_href(tree: HtmlElement, base_url: str) -> str:
    base = tree.xpath("//base/@href")
    return urljoin(base_url, str(base[0]).strip()) if base else base_url


def _as_document(container: HtmlElement, tree: HtmlElement) -> HtmlElement:
    """Wrap the article container in a minimal document (keeping <html lang>) for trafilatura."""
    doc = lxml.html.document_fromstring("<html><body></body></html>")
    if tree.get("lang"):
        doc.set("lang", tree.get("lang"))
    body = doc.find("body")
    if container.tag in ("html", "body"):
        for child in container.find("body") if container.tag == "html" else container:
            if isinstance(child.tag, str):  # comments and processing instructions carry no article text
                body.append(_copy(child))
    else:
        body.append(_copy(container))
    return doc


def _copy(el: HtmlElement) -> HtmlElement:
    clone = copy.deepcopy(el)
    clone.tail = None
    return clone


def _take_dateline(body: etree._Element) -> tuple[str, list[str]]:
    """Remove a leading "PORT ELLIS —" from the first paragraph; return the place and any wire reporters."""
    first = next((p for p in body.iter("p") if "".join(p.itertext()).strip()), None)
    if first is None:
        return "", []
    text = "".join(first.itertext())
    found = parse_dateline(" ".join(text.split()))
    if found is None or not found.rest:
        return "", []
    cut = _raw_offset(text, found.rest)
    if cut <= 0:
        return "", []
    _drop_leading(first, cut)
    return found.place, found.authors


def _raw_offset(text: str, rest: str) -> int:
    """Where ``rest`` (a whitespace-normalised suffix of ``text``) starts in the raw ``text``."""
    norm = " ".join(text.split())
    if not norm.endswith(rest):
        return 0
    wanted = sum(1 for c in norm[: len(norm) - len(rest)] if not c.isspace())
    pos = 0
    while pos < len(text) and wanted:
        wanted -= not text[pos].isspace()
        pos += 1
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _drop_leading(el: etree._Element, n: int) -> int:
    """Remove the first ``n`` characters of ``el``'s text content, deleting emptied children."""
    text = el.text or ""
    take = min(n, len(text))
    el.text, n = text[take:], n - take
    for child in list(el):
        if n <= 0:
            break
        n = _drop_leading(child, n)
        if n > 0 or not "".join(child.itertext()).strip():
            tail = child.tail or ""
            take = min(n, len(tail))
            rest, n = tail[take:], n - take
            prev = child.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + rest
            else:
                el.text = (el.text or "") + rest
            el.remove(child)
    if not n and el.text is not None:
        el.text = el.text.lstrip()
    return n


_SEPARATOR = re.compile(r"^\s*(?:\\?([-_*=~•·#])\s*)(?:\\?\1\s*){2,}$")  # "___", "* * *", "\\-\\-\\-"
_SIGN_OFF = re.compile(
    r"(무단\s*전재|재배포\s*금지|all rights reserved|^\W*(?:©|ⓒ|copyright\b)|"
    r"^[\w가-힣 .·]{2,40}\s*(?:기자|특파원)?\s*[\w.+-]+@[\w-]+\.[\w.]+\W*$)",
    re.I,
)


def _drop_trailers(body: str, dropped: list[str]) -> str:
    """Drop separator lines ("___") and trailing copyright notices / reporter e-mail sign-offs (listed in
    ``dropped``)."""
    blocks = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        if _SEPARATOR.match(block):
            dropped.append(block.strip())
        else:
            blocks.append(block)
    while blocks and len(blocks[-1]) < 200 and _SIGN_OFF.search(blocks[-1].replace("\\", "")):
        dropped.append(_plain(blocks.pop()))
    return "\n\n".join(blocks).strip() + ("\n" if blocks else "")


def _take_footer(body: str, dropped: list[str]) -> tuple[str, list[str]]:
    """Wire end matter: contributor lines come back (for the notes), boilerplate goes to ``dropped``."""
    blocks = body.split("\n\n") if body.strip() else []
    plain = [_plain(b) for b in blocks]
    kept, footer, boiler = split_end_matter(plain)
    if len(kept) == len(blocks):
        return body, []
    dropped.extend(boiler)
    rest = blocks[: len(kept)]
    return "\n\n".join(rest).strip() + ("\n" if rest else ""), footer


def _writers(footer: list[str]) -> list[str]:
    names: list[str] = []
    for line in footer:
        found = contributors(line)
        names.extend(n for n in (found[0] if found else []) if n not in names)
    return names


def _plain(block: str) -> str:
    """A Markdown block's text: escapes and emphasis marks removed (good enough to match and to list)."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\*{1,2}", "", block)).strip()


def _drop_captions(body: str, photos: list[Photo]) -> str:
    """Blocks that only repeat a photo's caption (trafilatura keeps some figcaptions): the caption field has it."""
    captions = {block_key(f"{p.caption} {p.credit}") for p in photos} | {block_key(p.caption) for p in photos}
    captions.discard("")
    if not captions:
        return body
    blocks = [b for b in body.split("\n\n") if block_key(b) not in captions]
    return "\n\n".join(blocks).strip() + ("\n" if blocks else "")


def _drop_furniture(body: str, dropped: list[str]) -> str:
    """Captions, credit lines, promotions, "read also" links and stamps trafilatura kept (see html_furniture)."""
    blocks = [b for b in body.split("\n\n") if b.strip()]
    plain = [_plain(b) for b in blocks]
    kept = drop_furniture(blocks, plain, dropped)
    if len(kept) == len(blocks):
        return body
    return "\n\n".join(kept).strip() + ("\n" if kept else "")


def _dedupe_header(body: str, meta: PageMeta, standfirst: str = "") -> str:
    """Drop a leading block that repeats the headline or the standfirst, or is a bare byline."""
    blocks = body.split("\n\n")
    title = _key(meta.title)
    lead = _key(standfirst)
    authors = {a.lower() for a in meta.authors}
    while blocks:
        first = blocks[0]
        plain = _key(first)
        is_title = (bool(title) and plain == title) or (bool(lead) and plain == lead)
        is_byline = (
            len(first) < 120
            and bool(authors)
            and {a.lower() for a in split_authors(first)} <= authors
            and bool(re.match(r"\W*by\s", first, re.I))
        )
        if not (is_title or is_byline):
            break
        blocks.pop(0)
    return "\n\n".join(blocks).strip() + ("\n" if blocks else "")


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
