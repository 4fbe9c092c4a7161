"""The body field of the Clip and Edit dialogs: Markdown text with each photo marker shown as a photo line.

A stored body places photo N with a marker line ``<!-- photo N -->`` (see ``app.photo_layout``). Here that
line reads "[Photo 2: The harbour at dawn…]", drawn as a tinted chip, and acts as one object: typing on it
starts a new line next to it, Backspace or Delete on it removes it, Alt+Up/Alt+Down move it past the
neighbouring paragraph. Cutting and pasting the line moves the photo; a line "[Photo 3]" typed by hand places
photo 3. A photo with no line keeps the default place (photo 1 above the text, the others after it).

The photo lines follow the Photos list: when photos are reordered their lines are renumbered, when one is
removed its line goes. ``markdown()`` turns the lines back into markers, so the display form is never stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.photo_layout import MARKER, photo_marker

PHOTO_LINE = re.compile(r"^[ ]{0,3}\[Photo (\d{1,4})(?:: [^\n]*)?\][ \t]*$")
_CAPTION_CHARS = 48


def photo_number(line: str) -> int | None:
    """The photo number (1-based) of a photo line or of a raw marker line, else None."""
    found = PHOTO_LINE.match(line) or MARKER.fullmatch(line)
    return int(found.group(1)) if found else None


def photo_line(number: int, caption: str | None) -> str:
    """The display line of photo ``number``; ``caption`` None: the article has no such photo."""
    if caption is None:
        return f"[Photo {number}: not in this article]"
    caption = " ".join(caption.replace("]", ")").split())
    if not caption:
        return f"[Photo {number}]"
    if len(caption) > _CAPTION_CHARS:
        caption = caption[: _CAPTION_CHARS - 1].rstrip() + "…"
    return f"[Photo {number}: {caption}]"


class _PhotoLineHighlighter(QSyntaxHighlighter):
    """Draw photo lines as chips, so that they read as objects rather than text."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.chip = QTextCharFormat()
        self.chip.setBackground(QColor("#e3ebf5"))
        self.chip.setForeground(QColor("#2f5580"))
        self.chip.setFontWeight(QFont.Weight.DemiBold)

    def highlightBlock(self, text: str) -> None:
        if photo_number(text) is not None:
            self.setFormat(0, len(text), self.chip)


class BodyEditor(QPlainTextEdit):
    """A ``QPlainTextEdit`` for an article body whose photo markers show as photo lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys: list[int] = []  # the photo key of each number: _keys[N - 1] is photo N's
        self._captions: list[str] = []
        self._highlighter = _PhotoLineHighlighter(self.document())
        self._snapping = False
        self.selectionChanged.connect(self._snap_selection)

    # ----- contents -----------------------------------------------------------------------------------

    def set_markdown(self, body: str, captions: Sequence[str]) -> None:
        """Show ``body``; ``captions`` are the article's photos' captions, in order (keys 1..n)."""
        self._keys = list(range(1, len(captions) + 1))
        self._captions = list(captions)
        lines = [self._display(n) if (n := photo_number(line)) is not None else line for line in body.split("\n")]
        self.setPlainText("\n".join(lines))

    def markdown(self) -> str:
        """The body with photo lines turned back into markers (lines of photos the article lacks left out),
        each marker with a blank line before and after."""
        out: list[str] = []
        gap = False  # the last line written was a marker: the next text needs a blank line first
        for line in self.toPlainText().split("\n"):
            number = photo_number(line)
            if number is None:
                if gap and line.strip():
                    out.append("")
                out.append(line)
                gap = False
                continue
            if not 1 <= number <= len(self._keys):
                continue
            if out and out[-1].strip():
                out.append("")
            out.append(photo_marker(number - 1))
            gap = True
        return "\n".join(out)

    def follow_photos(self, keys: Sequence[int], captions: Sequence[str]) -> None:
        """The photo list changed: ``keys`` are the photos' keys in their new order (a removed photo's key
        is missing, an added photo has a new one); renumber the lines and drop a removed photo's line."""
        number_of = {key: n for n, key in enumerate(keys, start=1)}
        old = self._keys
        self._keys, self._captions = list(keys), list(captions)
        block = self.document().firstBlock()
        while block.isValid():
            following = block.next()
            number = photo_number(block.text())
            if number is not None:
                key = old[number - 1] if 1 <= number <= len(old) else None
                new = number_of.get(key) if key is not None else None
                if new is None and key is not None:  # its photo was removed
                    self._remove_block(block)
                else:
                    self._rewrite(block, self._display(new) if new is not None else block.text())
            block = following

    def _display(self, number: int) -> str:
        ok = 1 <= number <= len(self._captions)
        return photo_line(number, self._captions[number - 1] if ok else None)

    def _rewrite(self, block: QTextBlock, text: str) -> None:
        if block.text() == text:
            return
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)

    def _remove_block(self, block: QTextBlock) -> None:
        """Remove a line with its line break, and one blank line next to it so no double gap is left."""
        cursor = QTextCursor(block)
        after = block.next()
        before = block.previous()
        if after.isValid():
            end = after.next() if not after.text().strip() and after.next().isValid() else after
            cursor.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
        elif before.isValid():
            start = before.previous() if not before.text().strip() and before.previous().isValid() else before
            cursor.setPosition(start.position() + start.length() - 1)
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    # ----- a photo line acts as one object ----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        cursor = self.textCursor()
        block = cursor.block()
        on_line = not cursor.hasSelection() and photo_number(block.text()) is not None
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if on_line and alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_photo_line(-1 if key == Qt.Key.Key_Up else 1)
            return
        if on_line and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._remove_block(block)
            return
        if not cursor.hasSelection() and key == Qt.Key.Key_Backspace and cursor.atBlockStart() \
                and photo_number(block.previous().text()) is not None:
            self._remove_block(block.previous())
            return
        if not cursor.hasSelection() and key == Qt.Key.Key_Delete and cursor.atBlockEnd() \
                and photo_number(block.next().text()) is not None:
            self._remove_block(block.next())
            return
        typing = bool(event.text()) and event.text().isprintable() and not (mods & Qt.KeyboardModifier.ControlModifier)
        if on_line and (typing or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            # type on a line of its own, before the photo line (cursor at its start) or after it
            if cursor.atBlockStart():
                cursor.insertBlock()
                cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
            else:
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
                cursor.insertBlock()
            self.setTextCursor(cursor)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste or drop onto a photo line: the text goes on a line of its own after it."""
        cursor = self.textCursor()
        if not cursor.hasSelection() and photo_number(cursor.block().text()) is not None:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertBlock()
            self.setTextCursor(cursor)
        super().insertFromMimeData(source)

    def _snap_selection(self) -> None:
        """A selection that takes part of a photo line takes all of it, so the line is never cut in half."""
        cursor = self.textCursor()
        if self._snapping or not cursor.hasSelection():
            return
        doc = self.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        first, last = doc.findBlock(start), doc.findBlock(end)
        new_start, new_end = start, end
        if photo_number(first.text()) is not None and start < first.position() + len(first.text()):
            new_start = first.position()
        if photo_number(last.text()) is not None and end > last.position():
            new_end = last.position() + len(last.text())
        if (new_start, new_end) == (start, end):
            return
        forward = cursor.position() == end
        snapped = QTextCursor(doc)
        snapped.setPosition(new_start if forward else new_end)
        snapped.setPosition(new_end if forward else new_start, QTextCursor.MoveMode.KeepAnchor)
        self._snapping = True
        try:
            self.setTextCursor(snapped)
        finally:
            self._snapping = False

    def move_photo_line(self, step: int) -> bool:
        """Move the photo line under the cursor past the paragraph above (``step`` -1) or below (1)."""
        doc = self.document()
        cursor = self.textCursor()
        number = photo_number(cursor.block().text())
        if number is None:
            return False
        lines = self.toPlainText().split("\n")
        at = cursor.blockNumber()
        line = lines.pop(at)
        paragraphs = _paragraph_starts(lines)
        if step < 0:
            targets = [p for p in paragraphs if p < at]
            target = targets[-1] if targets else None
        else:
            ends = [_paragraph_end(lines, p) for p in paragraphs if p >= at]
            target = ends[0] if ends else None
        if target is None:
            lines.insert(at, line)
            return False
        lines.insert(target, line)
        edit = QTextCursor(doc)
        edit.select(QTextCursor.SelectionType.Document)
        edit.insertText(_spaced("\n".join(lines)))
        new_at = next(n for n, text in enumerate(_spaced("\n".join(lines)).split("\n")) if text == line)
        self.setTextCursor(QTextCursor(doc.findBlockByNumber(new_at)))
        return True


def _paragraph_starts(lines: list[str]) -> list[int]:
    """Line numbers where a paragraph (a run of non-blank lines, or a photo line) starts."""
    starts = []
    for n, line in enumerate(lines):
        if line.strip() and (n == 0 or not lines[n - 1].strip() or photo_number(line) is not None
                             or photo_number(lines[n - 1]) is not None):
            starts.append(n)
    return starts


def _paragraph_end(lines: list[str], start: int) -> int:
    """The line number just after the paragraph that starts at ``start``."""
    if photo_number(lines[start]) is not None:
        return start + 1
    end = start
    while end < len(lines) and lines[end].strip() and photo_number(lines[end]) is None:
        end += 1
    return end


def _spaced(text: str) -> str:
    """``text`` with a blank line on each side of every photo line, and no runs of blank lines around them."""
    out: list[str] = []
    for line in text.split("\n"):
        is_photo = photo_number(line) is not None
        if (is_photo or (out and photo_number(out[-1]) is not None)) and out and out[-1].strip() and line.strip():
            out.append("")
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out).strip("\n")
