"""Run trafilatura on the page (it comes first; we only add) and turn its XML into CommonMark (paragraphs,
headings, quotes, lists)."""

from __future__ import annotations

import copy
import re
import warnings
from collections.abc import Callable

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

_INLINE_ESCAPE = re.compile(r"([\\`*\[\]<])")
_LINE_START = re.compile(r"^(\s*)([#>+=]|-(?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")
_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
SHORT_SHARE = 0.9  # trafilatura's text under this share of the article's paragraph text: ask it again, balanced
_KEY = re.compile(r"\W+")


def main_content(page: str | HtmlElement, url: str = "", *, expected: Callable[[], int],
                 again: str, fallback: Callable[[], HtmlElement] | None = None) -> etree._Element | None:
    """The page's main content as trafilatura XML (a ``<body>`` of blocks), or None if there is none.

    trafilatura alone comes first, as a user would run it (``favor_precision``, no comments) on ``page``
    (the page's text, or its tree as trafilatura's own ``load_html`` parses it: trafilatura copies a tree
    and leaves it as it was): everything after this only adds. ``expected()`` is then asked (the paragraph
    text of the article container; our passes may change the tree from here on). When trafilatura kept under
    ``SHORT_SHARE`` of it, its balanced mode runs too, on the page's text ``again``, and the blocks only that
    one found are merged in at their places. When neither finds anything, ``fallback()`` (the container as a
    page) is tried in recall mode.
    """
    best = _run(page, url, favor_precision=True)
    want = expected()
    if best is None or _length(best) < SHORT_SHARE * want:
        other = _run(again, url)
        if other is not None:
            best = other if best is None else merge_blocks(best, other)
    if best is None and fallback is not None:
        best = _run(fallback(), url, favor_recall=True)
    return best


def _run(
    page: str | HtmlElement, url: str, *, favor_precision: bool = False, favor_recall: bool = False
) -> etree._Element | None:
    with warnings.catch_warnings():
        # htmldate/dateparser are not called (with_metadata=False); nothing else is expected to warn.
        doc = trafilatura.bare_extraction(
            page,  # a tree is copied by trafilatura itself
            url=url or None,
            output_format="python",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,  # with formatting, trafilatura 2.3 loses text around <hi> on some pages
            include_links=False,
            with_metadata=False,
            deduplicate=False,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
        )
    body = getattr(doc, "body", None) if doc is not None else None
    return body if body is not None and len(body) else None


def _length(body: etree._Element) -> int:
    return len(" ".join("".join(body.itertext()).split()))


def block_key(text: str) -> str:
    """A block's text reduced to lower-case words, for comparing blocks across extractions."""
    return _KEY.sub(" ", text).strip().lower()


def merge_blocks(base: etree._Element, extra: etree._Element) -> etree._Element:
    """``base`` with the blocks of ``extra`` that it lacks, each placed after the last block both share."""
    keys = [block_key("".join(el.itertext())) for el in base]
    position = {key: n for n, key in enumerate(keys)}
    whole = " ".join(keys)
    inserts: dict[int, list[etree._Element]] = {}
    at = -1
    for el in extra:
        key = block_key("".join(el.itertext()))
        if not key:
            continue
        if key in position:
            at = position[key]
        elif key not in whole:
            inserts.setdefault(at, []).append(el)
    if not inserts:
        return base
    merged = etree.Element(base.tag)
    for el in inserts.get(-1, []):
        merged.append(copy.deepcopy(el))
    for n, el in enumerate(base):
        merged.append(copy.deepcopy(el))
        for added in inserts.get(n, []):
            merged.append(copy.deepcopy(added))
    return merged


def to_markdown(body: etree._Element) -> str:
    """CommonMark for a trafilatura ``<main>``/``<body>`` element."""
    blocks = _child_blocks(body)
    return "\n\n".join(blocks).strip() + ("\n" if blocks else "")


def _child_blocks(el: etree._Element) -> list[str]:
    """The blocks of ``el``'s children, with the loose text trafilatura leaves in its text and their tails."""
    blocks = [_loose(el.text)]
    for child in el:
        blocks += [_block(child), _loose(child.tail)]
    return [b for b in blocks if b.strip()]


def _loose(text: str | None) -> str:
    return _escape_start(" ".join(_escape(text).split())) if text and text.strip() else ""


def _block(el: etree._Element, depth: int = 0) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "head":
        level = int(el.get("rend", "h2")[1:] or 2) if re.fullmatch(r"h[1-6]", el.get("rend", "")) else 2
        text = _inline(el)
        return f"{'#' * max(level, 2)} {text}" if text else ""
    if tag == "list":
        return _list(el, depth)
    if tag == "quote":
        inner = "\n\n".join(_child_blocks(el)) if _has_blocks(el) else _escape_start(_inline(el))
        return "\n".join(f"> {line}" if line else ">" for line in inner.splitlines())
    if tag == "table":
        return _table(el)
    if tag == "code":
        return f"```\n{''.join(el.itertext()).strip(chr(10))}\n```"
    if tag in ("graphic", "ref") and not "".join(el.itertext()).strip():
        return ""
    if tag == "lb":
        return ""
    return _escape_start(_inline(el))


def _has_blocks(el: etree._Element) -> bool:
    return any(c.tag in ("p", "list", "head", "quote", "table") for c in el)


def _list(el: etree._Element, depth: int) -> str:
    ordered = el.get("rend", "") in ("ol", "ol-list") or el.get("rend", "").startswith("ol")
    lines: list[str] = []
    for n, item in enumerate((c for c in el if c.tag == "item"), start=1):
        marker = f"{n}." if ordered else "-"
        nested = [c for c in item if c.tag == "list"]
        for c in nested:
            item.remove(c)
        text = _escape_start(_inline(item))
        lines.append(f"{'   ' * depth}{marker} {text}")
        lines.extend(_list(c, depth + 1) for c in nested)
    return "\n".join(line for line in lines if line.strip())


def _table(el: etree._Element) -> str:
    rows = [
        [" ".join(_inline(c).split()).replace("|", "\\|") for c in row if c.tag == "cell"]
        for row in el.iter("row")
    ]
    rows = [r for r in rows if any(r)]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _inline(el: etree._Element) -> str:
    """Text of ``el`` with bold/italic kept and hard line breaks for <lb/>, whitespace collapsed."""
    parts = [_escape(el.text or "")]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append("\\\n")
        elif tag in ("list", "quote", "table"):
            parts.append(" " + _inline(child) + " ")
        else:
            inner = _inline(child).strip()
            rend = child.get("rend", "")
            if inner and tag == "hi" and rend == "#b":
                inner = f"**{inner}**"
            elif inner and tag == "hi" and rend in ("#i", "#u"):
                inner = f"*{inner}*"
            lead = " " if (child.text or "")[:1].isspace() else ""
            parts.append(lead + inner)
        parts.append(_escape(child.tail or ""))
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\\\n")]
    return "\\\n".join(line for line in lines if line).strip()


def _escape(text: str) -> str:
    return _UNDERSCORE.sub(r"\\_", _INLINE_ESCAPE.sub(r"\\\1", text))


def _escape_start(text: str) -> str:
    """Stop a paragraph that starts with "1984." or "# " or "- " from turning into a list or heading."""
    return "\n".join(
        _LINE_START.sub(
            lambda m: (
                m.group(1) + m.group(2) + "\\" if m.group(2)[0].isdigit() else m.group(1) + "\\" + m.group(2)
            ),
            line,
            count=1,
        )
        for line in text.split("\n")
    )
