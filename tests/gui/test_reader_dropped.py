"""The reader reveals the lines extraction left out as boilerplate, and hides them again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl

from app.model import Article
from ui import reader_html
from ui.reader_view import ReaderView


def test_dropped_lines_are_revealed_by_the_link(qtbot: Any) -> None:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(700, 600)
    article = Article(id=1, title="Port strike ends", body="Dock workers returned to work on Friday.",
                      dropped=["Share this article", "Our Standards: The Thomson Reuters Trust Principles."])
    view.show_article(article)
    text = view.toPlainText()
    assert "Show the 2 lines left out as page furniture" in text and "Trust Principles" not in text
    view.anchorClicked.emit(QUrl(reader_html.DROPPED_LINK))
    text = view.toPlainText()
    assert "Share this article" in text and "Our Standards: The Thomson Reuters Trust Principles." in text
    view.anchorClicked.emit(QUrl(reader_html.DROPPED_LINK))
    assert "Trust Principles" not in view.toPlainText()
    view.show_article(Article(id=2, title="Other", body="Text."))
    assert "left out" not in view.toPlainText() and not view.show_dropped
