"""CommonMark to plain text: what the index sees as ``body_text`` and what the CLI prints."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt  # imported lazily: a search-only process never needs it

    return MarkdownIt("commonmark")


def _inline_text(children: list[Any]) -> str:
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(_inline_text(tok.children or []))
        # link_open/close, em, strong, html_inline: markup only, no text of their own
    return "".join(out)


# Text with none of these characters, and no line that could open a block, is a run of plain paragraphs:
# most wire copy. It is converted without the parser (a millisecond an article on bulk imports).
_MARKUP_CHARS = "\\`*_[]<&\t\r\x00\x0b\x0c"  # each looked for with `in` (memchr), faster than one regex
_BLOCK_OPENER = r"(?: {0,3}(?:[#>+=~\-]|\d{1,9}[.)])| {4})"
_BLOCK_AT_START = re.compile(_BLOCK_OPENER)
# after a newline rather than MULTILINE "^": the engine then skips to each "\n" instead of trying every
# position (60 µs against 8 for a 5,000-character article)
_BLOCK_AFTER_NEWLINE = re.compile("\n" + _BLOCK_OPENER)


def is_plain_markup(md: str) -> bool:
    """No character that CommonMark could take as markup, an escape or an entity: the text's words are
    exactly its plain text's (only line breaks and blank lines differ)."""
    return not any(ch in md for ch in _MARKUP_CHARS)


def _is_plain(md: str) -> bool:
    """No markup character, no hard break (two spaces at a line's end), no line that could open a block."""
    if not is_plain_markup(md) or "  \n" in md or md.endswith("  "):
        return False
    return _BLOCK_AT_START.match(md) is None and _BLOCK_AFTER_NEWLINE.search(md) is None
_BLANK_LINES = re.compile(r"\n[ ]*\n")


def markdown_to_text(md: str) -> str:
    """Plain text of a CommonMark document: no markup, no link targets, blocks separated by blank lines."""
    if not md or not md.strip():
        return ""
    if _is_plain(md):
        paragraphs = (" ".join(line.strip(" ") for line in block.split("\n")) for block in _BLANK_LINES.split(md))
        return "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return parsed_markdown_to_text(md)


def parsed_markdown_to_text(md: str) -> str:
    """``markdown_to_text`` by the CommonMark parser, whatever the text."""
    if not md or not md.strip():
        return ""
    blocks: list[str] = []
    for tok in _parser().parse(md):
        if tok.type == "inline":
            text = _inline_text(tok.children or [])
        elif tok.type in ("code_block", "fence"):
            text = tok.content.rstrip("\n")
        elif tok.type == "html_block":
            text = _TAG.sub("", tok.content).strip()
        else:
            continue
        if text.strip():
            blocks.append(text.strip())
    return "\n\n".join(blocks)
