"""Page breaks a reader accepts: no paragraph leaves one line alone at the foot or the head of a page
(orphans and widows), no heading stands alone at a page's foot, and the source note under its rule is
never split nor left alone on the last page.

Qt's text layout breaks pages line by line and knows no such rules (``nonBreakableLines`` is about line
wrapping, not pages), so after it has laid out an article we walk the blocks from the top and start a
new page before each offending one. A break only moves what follows it, so one pass from the top,
laying out again after each break, leaves every block above the current one where it is.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextBlockFormat, QTextCursor, QTextDocument

#: The last paragraph moves along with the source note only when it is this short (else the gap it
#: would leave at the foot of its page is worse than a note on a page of its own).
KEEP_WITH_NOTE_LINES = 8
ALWAYS_BEFORE = QTextBlockFormat.PageBreakFlag.PageBreak_AlwaysBefore


def _line_pages(doc: QTextDocument, block: QTextBlock, page_height: float) -> list[int]:
    layout = block.layout()
    top = doc.documentLayout().blockBoundingRect(block).top()
    return [int((top + layout.lineAt(i).y()) // page_height) for i in range(layout.lineCount())]


def split_lines(doc: QTextDocument, block: QTextBlock, page_height: float) -> tuple[int, int]:
    """How many of ``block``'s lines are on its first page, and how many follow on later pages."""
    pages = _line_pages(doc, block, page_height)
    on_first = sum(1 for p in pages if p == pages[0]) if pages else 0
    return on_first, len(pages) - on_first


def page_of(doc: QTextDocument, block: QTextBlock, page_height: float, *, last: bool = False) -> int:
    """The page of ``block``'s first line (or of its last line)."""
    pages = _line_pages(doc, block, page_height)
    if pages:
        return pages[-1] if last else pages[0]
    return int(doc.documentLayout().blockBoundingRect(block).top() // page_height)


def _broken(doc: QTextDocument, block: QTextBlock, page_height: float) -> bool:
    """A paragraph split across pages with a single line on one side."""
    first, rest = split_lines(doc, block, page_height)
    return rest > 0 and (first == 1 or rest == 1)


def _stranded_heading(doc: QTextDocument, block: QTextBlock, page_height: float) -> bool:
    """A heading that ends a page while the text it heads starts the next one."""
    following = block.next()
    return (block.blockFormat().headingLevel() > 0 and following.isValid()
            and page_of(doc, following, page_height) > page_of(doc, block, page_height, last=True))


def _tail_parted(doc: QTextDocument, rule: QTextBlock, page_height: float) -> bool:
    """The rule and the note under it (the last blocks) are not on one page."""
    return page_of(doc, doc.lastBlock(), page_height, last=True) != page_of(doc, rule, page_height)


def _tail_target(doc: QTextDocument, rule: QTextBlock, page_height: float) -> QTextBlock | None:
    """Where to break so the source note is whole and not alone on the last page: before the last
    paragraph when it is short (it moves along), else before the rule if the note was split; None if
    all is well."""
    previous = rule.previous()
    alone = previous.isValid() and page_of(doc, rule, page_height) > page_of(doc, previous, page_height, last=True)
    parted = _tail_parted(doc, rule, page_height)
    if not (alone or parted):
        return None
    lines = previous.layout().lineCount() if previous.isValid() else 0
    if 0 < lines <= KEEP_WITH_NOTE_LINES and previous.blockNumber() > 0:
        return previous
    return rule if parted else None


def keep_together(doc: QTextDocument, page_height: float, *, tail_blocks: int = 2) -> int:
    """Fix widows, orphans, lone headings and a parted source note in the paginated ``doc`` (its last
    ``tail_blocks`` blocks are the rule and the note). Returns how many page breaks were added."""
    tail_start = doc.lastBlock().blockNumber() - tail_blocks + 1
    changed = 0
    block = doc.begin()
    while block.isValid():
        n = block.blockNumber()
        if n > 0 and block.blockFormat().pageBreakPolicy() != ALWAYS_BEFORE:
            if n == tail_start:
                target = _tail_target(doc, block, page_height)
                if target is not None and target.blockFormat().pageBreakPolicy() != ALWAYS_BEFORE:
                    _break_before(doc, target)
                    changed += 1
            elif n < tail_start and (_broken(doc, block, page_height) or _stranded_heading(doc, block, page_height)):
                previous = block.previous()  # a heading goes along with the paragraph it heads
                heading = previous.blockNumber() > 0 and previous.blockFormat().headingLevel() > 0
                _break_before(doc, previous if heading else block)
                changed += 1
        block = block.next()
    return changed


def _break_before(doc: QTextDocument, block: QTextBlock) -> None:
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(ALWAYS_BEFORE)
    QTextCursor(block).mergeBlockFormat(fmt)
    # Qt relays out only the changed block and leaves the ones after it without lines: mark them all.
    doc.markContentsDirty(block.position(), doc.characterCount() - block.position())
    doc.pageCount()
