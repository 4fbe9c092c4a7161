"""Recognised lines back into paragraphs: breaks from spacing and indents, lines joined the way they were cut."""

from __future__ import annotations

import itertools
from statistics import median

from app.clip.ocr.engine import Line
from app.clip.ocr.layout import Block

_TERMINAL = tuple(".!?:;。！？”’\"')")


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or ch in "。、"


def join_line(text: str, following: str, *, full: bool) -> str:
    """Append ``following`` to ``text`` across a line break.

    A line ending in a hyphen before a small letter was cut after the hyphen of a compound ("all-" + "out"): the
    hyphen stays and no space goes in. Korean is wrapped at any syllable, so two Hangul syllables across the
    break of a full line are one word; Chinese and Japanese take no spaces at all.
    """
    if not text:
        return following
    if not following:
        return text
    last, first = text[-1], following[0]
    if last == "-" and first.islower():
        return text + following
    if (full and is_hangul(last) and is_hangul(first)) or (_is_cjk(last) and _is_cjk(first)):
        return text + following
    return f"{text} {following}"


def paragraphs(blocks: list[Block], body_height: float) -> list[str]:
    """The body blocks (in reading order) as paragraphs of text.

    Within a column a paragraph ends at a wider gap or an indented line; at the top of the next column the
    text carries on unless the last line ended a sentence short of the column's edge.
    """
    lines: list[tuple[Line, Block]] = [(ln, b) for b in blocks for ln in b.lines]
    if not lines:
        return []
    height = body_height or median(ln.height for ln, _ in lines)
    rights: dict[int, float] = {}
    lefts: dict[int, float] = {}
    for column in {b.column for b in blocks}:
        members = [ln for ln, b in lines if b.column == column]
        xs = sorted(ln.box[2] for ln in members)
        rights[column] = xs[(len(xs) * 9) // 10]
        xs = sorted(ln.box[0] for ln in members)
        lefts[column] = xs[len(xs) // 10]
    steps = [b.box[1] - a.box[1] for (a, ba), (b, bb) in itertools.pairwise(lines)
             if ba is bb and 0 < b.box[1] - a.box[1] < 2.5 * height]
    pitch = median(steps) if steps else 1.5 * height
    out: list[str] = []
    current = ""
    for i, (line, block) in enumerate(lines):
        indented = line.box[0] - lefts[block.column] > 1.2 * height
        full_prev = False
        if i:
            prev, prev_block = lines[i - 1]
            full_prev = prev.box[2] >= rights[prev_block.column] - 1.5 * height
            prev_indented = prev.box[0] - lefts[prev_block.column] > 1.2 * height
            below = block.column == prev_block.column and line.box[1] > prev.box[1]
            if below:
                new = line.box[1] - prev.box[1] > 1.45 * pitch or (indented and not prev_indented)
            else:
                new = indented or (prev.text.endswith(_TERMINAL) and not full_prev)
            if new:
                out.append(current)
                current = ""
        current = join_line(current, line.text, full=full_prev)
    out.append(current)
    return [p for p in out if p.strip()]
