"""PDF page breaks: no widows, no orphans, no heading alone at a page's foot, the source note kept whole."""

from __future__ import annotations

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextBlock, QTextDocument

from app.export.pdf_pages import keep_together, page_of, split_lines

PAGE = QSizeF(400, 300)
WORDS = ["the", "archive", "kept", "its", "cuttings", "in", "envelopes", "filed", "by", "name", "and", "subject", "for", "ninety", "years"]


def _doc(paragraphs: list[int], heading_at: int = -1) -> QTextDocument:
    """Paragraphs of the given word counts (a heading before paragraph ``heading_at``), a rule and a note."""
    parts = []
    for n, count in enumerate(paragraphs):
        if n == heading_at:
            parts.append("<h2>A heading</h2>")
        parts.append("<p>" + " ".join(WORDS[i % len(WORDS)] for i in range(count)) + "</p>")
    parts.append("<hr><p>Source: https://example.com/story<br>Clipped 2 July 2020 · Cuttings article 1</p>")
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml("".join(parts))
    doc.setPageSize(PAGE)
    return doc


def _problems(doc: QTextDocument) -> list[str]:
    height = PAGE.height()
    out = []
    block = doc.begin()
    while block.isValid():
        first, rest = split_lines(doc, block, height)
        if rest and (first == 1 or rest == 1):
            out.append(f"block {block.blockNumber()} split {first}+{rest}")
        following = block.next()
        if (block.blockFormat().headingLevel() and following.isValid()
                and page_of(doc, following, height) > page_of(doc, block, height, last=True)):
            out.append(f"heading {block.blockNumber()} alone")
        block = block.next()
    rule, note = doc.lastBlock().previous(), doc.lastBlock()
    if page_of(doc, note, height, last=True) != page_of(doc, rule, height):
        out.append("source note parted from its rule")
    last_page = page_of(doc, note, height)
    body_on_last = [b for b in _blocks(doc) if b.blockNumber() < rule.blockNumber()
                    and page_of(doc, b, height, last=True) == last_page]
    if last_page and not body_on_last and rule.previous().layout().lineCount() <= 8:
        out.append("source note alone on the last page")
    return out


def _blocks(doc: QTextDocument) -> list[QTextBlock]:
    out, block = [], doc.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


def test_widows_orphans_and_headings_are_kept_together(qapp: object) -> None:
    seen_before = 0
    for lead in range(20, 140, 7):
        for heading_at in (-1, 2):
            layout = [lead, 60, 45, 80, 12, 70, 33]
            raw = _doc(layout, heading_at)
            seen_before += bool(_problems(raw))
            fixed = _doc(layout, heading_at)
            keep_together(fixed, PAGE.height())
            assert _problems(fixed) == [], (lead, heading_at)
            assert fixed.toPlainText() == raw.toPlainText()
            assert all(b.layout().lineCount() for b in _blocks(fixed) if b.text())  # all laid out, none lost
    assert seen_before >= 5  # the layouts did have widows, orphans or lone headings to fix
