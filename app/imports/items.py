"""One item of another tool's export (a Pocket row, a Wallabag entry, an Evernote note…), before it is clipped.

Readers in :mod:`app.imports.formats` yield :class:`ImportItem` (or :class:`ItemError` for an item they could
not read); :func:`to_clip_result` sends each through the same extraction as a clip.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.errors import CuttingsError, UnsupportedInput
from app.model import Article, Capture, ClipResult

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|"
                       r"mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|ref_src|s_cid|cmpid|__twitter_impression)$",
                       re.I)


@dataclass
class ImportItem:
    """What a tool kept of one article; ``locator`` says where it stands in the export ("line 12")."""

    tool: str
    item_id: str
    locator: str
    position: int = 0  # bytes of the export read so far (progress)
    title: str = ""
    url: str = ""
    added: str = ""  # ISO 8601: when it was saved in the tool (becomes ``clipped_at``)
    updated: str = ""
    published: str = ""
    tags: list[str] = field(default_factory=list)
    starred: bool = False
    read: bool = False
    authors: list[str] = field(default_factory=list)
    notes: str = ""  # the user's notes and highlights, Markdown
    html: str = ""  # content as HTML (Wallabag, Evernote, Karakeep)
    markdown: str = ""  # content as Markdown (Joplin)
    text: str = ""  # content as plain text (a Karakeep text bookmark)
    images: dict[str, bytes] = field(default_factory=dict)  # the content's images by the address it uses
    raw: bytes | None = None  # the item's own file (a Joplin RAW note); else the export file is the capture

    @property
    def has_content(self) -> bool:
        return bool(self.html.strip() or self.markdown.strip() or self.text.strip())

    @property
    def label(self) -> str:
        return f"{self.locator} ({self.title or self.url or self.item_id})"[:200]


@dataclass
class ItemError:
    """An item the reader could not make sense of: the others are imported all the same."""

    locator: str
    message: str
    position: int = 0


def clean_url(url: str) -> str:
    """``url`` without tracking parameters (``utm_*``, ``fbclid``…) and text fragments; the rest as it was."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    fragment = "" if parts.fragment.startswith(":~:") else parts.fragment
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, doseq=True), fragment))


def to_clip_result(item: ImportItem, capture: Capture) -> tuple[ClipResult, bool]:
    """The article for ``item`` and whether it is link-only (no content: fetched later)."""
    url = clean_url(item.url)
    if item.html.strip():
        result = _from_html(item, url, capture)
    elif item.markdown.strip():
        result = _from_markdown(item, capture)
    elif item.text.strip():
        from app.clip.text import clip_text

        result = clip_text(item.text.encode("utf-8"), filename=f"{item.tool} note")
        result.capture = capture
    else:
        if not url:
            raise UnsupportedInput("it has neither content nor a web address.")
        article = Article(title=item.title.strip() or url, url=url, canonical_url=url)
        result = ClipResult(article=article, capture=capture)
        # A link-only article is matched by its address alone: two bookmarks with one title are not twins.
        result.content_hash = hashlib.sha256(f"link\n{url}".encode()).hexdigest()
    _apply_metadata(result.article, item, url)
    return result, not item.has_content


def _from_html(item: ImportItem, url: str, capture: Capture) -> ClipResult:
    from app.clip.html import extract_html

    def load(address: str) -> bytes | None:
        return item.images.get(address)

    result = extract_html(item.html, base_url=url, resources=load, capture=capture)
    whole = _plain_paragraphs(item.html)
    kept = len(result.article.body)
    if whole and kept < 0.5 * sum(len(p) for p in whole.split("\n\n")):
        # A short note or a page the extractor read as boilerplate: nothing the user kept is dropped.
        result.article.body = whole
        result.warnings.append("The extractor kept less than half of the text; the whole text was kept instead.")
    return result


def _plain_paragraphs(html: str) -> str:
    """The text of an HTML fragment as paragraphs (blocks and line breaks kept)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on junk
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td"):
        if any(child.tag in ("p", "div", "li", "blockquote", "pre") for child in el):
            continue  # its inner blocks speak for it
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    if not blocks:
        text = " ".join(root.text_content().split())
        return text
    return "\n\n".join(blocks)


def _from_markdown(item: ImportItem, capture: Capture) -> ClipResult:
    """Markdown with its images: through the Markdown clipper, images written beside it in a temporary folder."""
    import tempfile
    from pathlib import Path

    import yaml

    from app.clip.markdown import clip_markdown

    meta = {k: v for k, v in (("title", item.title), ("url", clean_url(item.url)), ("authors", item.authors))
            if v}
    body = item.markdown
    with tempfile.TemporaryDirectory(prefix="cuttings-import-") as tmp:
        folder = Path(tmp)
        for n, (ref, data) in enumerate(item.images.items()):
            name = f"image-{n}{_image_suffix(data)}"
            (folder / name).write_bytes(data)
            body = body.replace(f"]({ref})", f"]({name})")
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body
        result = clip_markdown(text.encode("utf-8"), filename=f"{item.title or item.item_id}.md", folder=folder)
    result.capture = capture
    return result


def _image_suffix(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ".jpg"


def _apply_metadata(article: Article, item: ImportItem, url: str) -> None:
    """What the tool knew wins where the page says nothing; the user's flags, tags and notes always come along."""
    if item.title.strip() and (not article.title.strip() or article.title == url):
        article.title = item.title.strip()
    if url:
        article.url = url
        article.canonical_url = article.canonical_url or url
    if item.added:
        article.clipped_at = item.added
    if item.published and not article.published:
        article.published = item.published
    if item.authors and not article.authors:
        article.authors = list(item.authors)
    article.tags = list(dict.fromkeys([*article.tags, *(t.strip() for t in item.tags if t.strip())]))
    article.starred = article.starred or item.starred
    article.read = article.read or item.read
    if item.notes.strip():
        article.notes = (article.notes + "\n\n" + item.notes.strip()).strip()
    if not article.title.strip():
        raise CuttingsError("it has no title, no text and no address.")
