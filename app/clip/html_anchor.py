"""Put each photo of a web page where it stood: a marker in the body next to the text around its figure.

The body comes from trafilatura, which leaves images out, so a figure is placed by its neighbours: after
the block holding the text just before it on the page, else before the block holding the text just after
it. A photo whose neighbours are in no block is not part of the article's text (a teaser, a logo strip).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.html import HtmlElement

from app.clip.html_body import block_key
from app.clip.html_photos import PhotoRef
from app.model import Photo
from app.photo_layout import photo_marker

_MIN_TEXT = 25  # characters of an element's text before it serves as a neighbour
_NEEDLE = 60  # characters of a neighbour's key looked for in the body
_MAX_STEPS = 40


def anchor_photos(body: str, refs: list[PhotoRef]) -> list[tuple[PhotoRef, int]]:
    """The photos of ``refs`` that belong to the article's text, each with its slot: the index of the body
    block it follows (-1: before the first). A photo neither of whose neighbours is in the body (a teaser
    for another story, a logo strip) is left out; with no body at all, every photo is kept at the top."""
    keys = [block_key(b) for b in _blocks(body)]
    if not keys:
        return [(ref, -1) for ref in refs]
    placed = [(ref, _slot(ref.element, keys)) for ref in refs]
    return [(ref, slot) for ref, slot in placed if slot is not None]


def insert_markers(body: str, slots: list[tuple[Photo, int]], photos: list[Photo]) -> str:
    """``body`` with a marker line for each photo of ``slots`` that is in ``photos`` (the loaded ones)."""
    blocks = _blocks(body)
    index = {id(p): n for n, p in enumerate(photos)}
    after: dict[int, list[int]] = {}
    for photo, slot in slots:
        if id(photo) in index:
            after.setdefault(slot, []).append(index[id(photo)])
    if not blocks or not after:
        return body
    out: list[str] = [photo_marker(i) for i in after.get(-1, []) if i]  # a lead photo 1 needs none
    for n, block in enumerate(blocks):
        out.append(block)
        out.extend(photo_marker(i) for i in after.get(n, []))
    return "\n\n".join(out) + "\n"


def _blocks(body: str) -> list[str]:
    return [b.strip("\n") for b in body.split("\n\n") if b.strip()]


def _slot(element: HtmlElement, keys: list[str]) -> int | None:
    """The block the photo goes after (-1: before the first), or None if its neighbours are not in the body."""
    before = _neighbour(element, preceding=True)
    if before:
        needle = before[-_NEEDLE:].strip()
        for n, key in enumerate(keys):
            if needle in key:
                return n
    following = _neighbour(element, preceding=False)
    if following:
        start = min(len(following) // 3, 20)  # past a dateline ("PORT ELLIS —") the body no longer has
        needle = following[start : start + _NEEDLE].strip()
        for n, key in enumerate(keys):
            if needle in key:
                return n - 1
    return None


def _neighbour(element: HtmlElement, *, preceding: bool) -> str:
    """The key of the nearest element with some text before (or after) ``element`` in document order."""
    for el in _walk(element, preceding):
        key = block_key(el.text_content())
        if len(key) >= _MIN_TEXT:
            return key
    return ""


def _walk(element: HtmlElement, preceding: bool) -> Iterator[HtmlElement]:
    """Siblings before (after) ``element``, nearest first, then those of its ancestors, a bounded number."""
    steps = 0
    el: HtmlElement | None = element
    while el is not None and steps < _MAX_STEPS:
        for sibling in el.itersiblings(preceding=preceding):
            if isinstance(sibling.tag, str) and sibling.tag not in ("figure", "script", "style"):
                steps += 1
                yield sibling
                if steps >= _MAX_STEPS:
                    return
        el = el.getparent()
