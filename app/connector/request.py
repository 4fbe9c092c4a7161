"""What the extension posts to ``/clip``: checked field by field, then clipped like any other web page.

The page's HTML is the DOM as the browser rendered it (text a script added is there); its images come as the
browser fetched them, with the user's cookies, so a page read behind a login clips as it was seen.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

from app.errors import CuttingsError, UnsupportedInput
from app.model import Capture, ClipResult
from app.timeutil import now_iso

MAX_IMAGES = 60
MAX_IMAGE_BYTES = 25 * 1024 * 1024
MAX_TAGS = 50


class BadClipRequest(CuttingsError):
    """The posted JSON is malformed or a field is missing or of the wrong type (HTTP 400)."""


@dataclass
class ClipRequest:
    """One clip from the browser, validated."""

    url: str
    html: str
    title: str = ""
    selection: str = ""
    images: dict[str, bytes] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    note: str = ""


def parse_clip_request(body: bytes) -> ClipRequest:
    """Check the JSON body of ``POST /clip``; :class:`BadClipRequest` names the first thing wrong."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadClipRequest(f"The request is not valid JSON ({exc}).") from exc
    if not isinstance(data, dict):
        raise BadClipRequest("The request must be a JSON object with url, html and title.")
    url = _text(data, "url", required=True)
    if urlsplit(url).scheme not in ("http", "https"):
        raise BadClipRequest(f"'url' must be an http or https address, not {url[:80]!r}.")
    html = _text(data, "html", required=True)
    if not html.strip():
        raise BadClipRequest("'html' is empty: the page's DOM is needed.")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BadClipRequest("'tags' must be a list of strings.")
    if len(tags) > MAX_TAGS:
        raise BadClipRequest(f"At most {MAX_TAGS} tags in one clip.")
    return ClipRequest(
        url=url,
        html=html,
        title=_text(data, "title"),
        selection=_text(data, "selection"),
        images=_images(data.get("images", [])),
        tags=[t.strip() for t in tags if t.strip()],
        note=_text(data, "note"),
    )


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise BadClipRequest(f"The request has no '{key}'.")
        return ""
    if not isinstance(value, str):
        raise BadClipRequest(f"'{key}' must be a string.")
    return value


def _images(items: object) -> dict[str, bytes]:
    if not isinstance(items, list):
        raise BadClipRequest("'images' must be a list of {url, data} objects.")
    if len(items) > MAX_IMAGES:
        raise BadClipRequest(f"At most {MAX_IMAGES} images in one clip.")
    images: dict[str, bytes] = {}
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not isinstance(item.get("data"), str):
            raise BadClipRequest(f"Image {n} must be an object with a string 'url' and base64 'data'.")
        data = item["data"]
        if data.startswith("data:"):
            data = data.partition(",")[2]
        if len(data) > MAX_IMAGE_BYTES * 4 // 3 + 4:
            raise BadClipRequest(f"Image {n} ({item['url'][:80]}) is over {MAX_IMAGE_BYTES // 2**20} MB.")
        try:
            images[item["url"]] = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise BadClipRequest(f"Image {n} ({item['url'][:80]}): 'data' is not base64 ({exc}).") from exc
    return images


def clip_request(request: ClipRequest, *, allow_network: bool = False, timeout: float = 20) -> ClipResult:
    """Extract the article: the whole page, or only the selection (with the page's head for metadata)."""
    from app.clip.dispatch import check_body
    from app.clip.fetch import redact
    from app.clip.html import extract_html
    from app.clip.web import network_resources, tool_version, without_passwords

    raw = request.html.encode("utf-8")
    capture = Capture(
        method="connector",
        raw=raw,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        mime="text/html",
        url=redact(request.url),  # never a password written into the address
        final_url=redact(request.url),
        fetched_at=now_iso(),
        tool_version=tool_version(),
    )
    network = network_resources(timeout) if allow_network else None

    def load(url: str) -> bytes | None:
        if url in request.images:
            return request.images[url]
        return network(url) if network else None

    page = _selection_page(request) if request.selection.strip() else request.html
    result = check_body(without_passwords(extract_html(page, base_url=request.url, resources=load, capture=capture)),
                        request.title.strip() or redact(request.url))
    article = result.article
    if not article.body.strip() and not article.photos:
        raise UnsupportedInput(
            "No article text was found on this page. Select the article's text and use "
            "\"Clip selection\" from the right-click menu."
        )
    if not article.title.strip() and request.title.strip():
        article.title = request.title.strip()
    if request.note.strip():
        article.notes = (article.notes + "\n\n" + request.note.strip()).strip()
    return result


def _selection_page(request: ClipRequest) -> str:
    """The selection as a page of its own, keeping the original head (title, byline and date metadata)."""
    import lxml.html

    try:
        head_el = lxml.html.document_fromstring(request.html).find("head")
    except Exception:  # lxml raises several types for junk; the head is only a bonus here
        head_el = None
    head = lxml.html.tostring(head_el, encoding="unicode") if head_el is not None else (
        f"<head><title>{escape(request.title)}</title></head>"
    )
    return f"<!doctype html><html>{head}<body><article>{request.selection}</article></body></html>"


def result_json(article_id: int, title: str, duplicate_of: int | None = None) -> dict[str, Any]:
    """The answer the extension reads: ``{"id", "title", "duplicate_of"?}``."""
    answer: dict[str, Any] = {"id": article_id, "title": title}
    if duplicate_of is not None:
        answer["duplicate_of"] = duplicate_of
    return answer
