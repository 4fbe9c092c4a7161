"""An article's CommonMark body as HTML for the HTML and PDF exports (raw HTML in the body is escaped)."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt


@lru_cache(maxsize=2)
def _renderer(links: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.add_render_rule("image", _image_as_text)
    if not links:
        md.add_render_rule("link_open", _link_open_as_span)
        md.add_render_rule("link_close", lambda *_: "</span>")
    return md


def body_html(markdown: str, *, links: bool = True) -> str:
    """Render ``markdown``; images in the body become their description, since exports carry no remote
    resources; with ``links=False`` links become plain text that shows the address on hover."""
    return _renderer(links).render(markdown or "")


def _image_as_text(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="missing-image">[{escape(alt or "image")}]</span>'


def _link_open_as_span(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    href = tokens[idx].attrGet("href") or ""
    return f'<span class="link" title="{escape(str(href))}">'
