"""Recognise page furniture pasted along with a cutting (share buttons, newsletter pitches, copyright lines).

Only the start and the end of a cutting are trimmed, and only whole short lines that match, so real
sentences survive even when they mention sharing or subscribing.
"""

from __future__ import annotations

import re

_MAX_LINE = 200

# Furniture that can sit at either end.
_EITHER_END = re.compile(
    r"""^(?:
        share(?:\s+(?:it|this|this\s+(?:article|story|page|post)|on\s+\w+|via\s+\w+|article|story))?
      | tweet | email | e-mail | print | copy\s+link | link\s+copied | save | comments?(?:\s*\(\d+\))?
      | (?:(?:facebook|twitter|x|email|linkedin|whatsapp|pinterest|reddit|telegram|kakao(?:talk)?|line|print)[\s|·,/]*){2,}
      | advertisement | advertising | sponsored(?:\s+content)? | ad
      | photo\s+gallery | gallery | video | watch(?:\s+video)? | listen(?:\s+to\s+this\s+article)?
      | (?:sign\s+up|subscribe)\b.* | (?:get|join)\s+our\s+newsletter.* | newsletter
      | click\s+here\b.* | read\s+more\b.* | also\s+read\b.* | see\s+also\b.* | continue\s+reading.*
      | more\s+from\b.* | (?:most\s+(?:read|popular)|trending(?:\s+now)?|recommended(?:\s+for\s+you)?)
      | follow\s+us\b.* | download\s+(?:our|the)\s+app.* | back\s+to\s+top | top | skip\s+to\s+.*
      | [©ⓒ].* | \(c\)\s.* | copyright\s*(?:[©ⓒ]|\(c\)|\d{4}|by\b).* | .*\ball\s+rights\s+reserved\b.*
      | (?:(?:기사|sns|페이스북|카카오(?:톡|스토리)?|트위터|밴드|링크)\s*)*공유(?:하기)? | url\s*복사 | 링크\s*복사 | 구독.* | .*\s구독(?:하기)?.{0,10} | 좋아요 | 스크랩 | 프린트 | 인쇄 | 기사\s*저장 | 댓글.{0,10}
      | .*무단\s*전재.* | .*재배포\s*금지.* | <?저작권자.* | 관련\s*기사 | 많이\s*본\s*뉴스 | 제보는\s.*
      | 글자\s*크기.* | 폰트\s*크기.* | 본문\s*듣기.*
      | シェア | ツイート | 関連記事 | 广告 | 分享
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Promotions that only make sense at the end ("Exclusive: ..." at the top is a real headline).
_END_ONLY = re.compile(r"^(?:exclusive|opinion|more|related|watch|listen|read|recommended)\s*:.*$", re.IGNORECASE)
_RELATED_HEADER = re.compile(
    r"^(?:related(?:\s+(?:stories|articles|news|coverage|content|links|posts))?|more\s+stories|you\s+may\s+also\s+like|"
    r"read\s+next|more\s+on\s+this\s+story|관련\s*기사|関連記事)\s*:?\s*$",
    re.IGNORECASE,
)
_MAX_RELATED_ITEMS = 15
_MAX_ITEM = 160


def is_boilerplate_line(line: str, *, at_end: bool = False) -> bool:
    """True for a short line of page furniture; ``at_end`` also allows end-only promos ("Exclusive: ...")."""
    text = " ".join(line.split()).strip("*_#> ")
    if not text:
        return True
    if len(text) > _MAX_LINE:
        return False
    if not re.search(r"\w", text):  # lone punctuation such as ".:" or "***"
        return True
    if _EITHER_END.match(text):
        return True
    return at_end and bool(_END_ONLY.match(text))


def trim_boilerplate(blocks: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Drop furniture lines from the start and the end of ``blocks`` (paragraphs as lists of lines).

    Returns the kept blocks and the dropped lines (for warnings or debugging).
    """
    dropped: list[str] = []
    kept = [list(b) for b in blocks]
    kept = _cut_related(kept, dropped)
    while kept:
        block = kept[-1]
        while block and is_boilerplate_line(block[-1], at_end=True):
            dropped.append(block.pop())
        if block:
            break
        kept.pop()
    while kept:
        block = kept[0]
        while block and is_boilerplate_line(block[0]):
            dropped.append(block.pop(0))
        if block:
            break
        kept.pop(0)
    return kept, dropped


def _cut_related(blocks: list[list[str]], dropped: list[str]) -> list[list[str]]:
    """A trailing "Related stories" header and the short items after it go, together."""
    lines = [(bi, li, line) for bi, block in enumerate(blocks) for li, line in enumerate(block)]
    start = max(0, len(lines) - _MAX_RELATED_ITEMS - 1)
    for pos in range(start, len(lines)):
        bi, li, line = lines[pos]
        if bi == 0 and li == 0:
            continue  # never the headline
        if not _RELATED_HEADER.match(" ".join(line.split())):
            continue
        items = [item for _, _, item in lines[pos + 1 :]]
        if all(len(item) <= _MAX_ITEM for item in items):
            dropped.extend([line, *items])
            head = [list(b) for b in blocks[:bi]]
            if blocks[bi][:li]:
                head.append(list(blocks[bi][:li]))
            return head
    return blocks
