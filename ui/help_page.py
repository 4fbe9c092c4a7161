"""Help ▸ Search Syntax: the query language as a formatted page (examples set as code, a table that
wraps), built from the same text as `cuttings search --help` so the two never disagree."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.search_help import SEARCH_SYNTAX
from ui import theme

_ROW = re.compile(r"^ {2}(\S.*?)\s{2,}(\S.*)$")


def syntax_rows(text: str = SEARCH_SYNTAX) -> tuple[list[tuple[str, str]], list[str]]:
    """The (example, meaning) rows of the syntax text, and its other lines (notes)."""
    rows: list[tuple[str, str]] = []
    notes: list[str] = []
    for line in text.splitlines():
        match = _ROW.match(line)
        if match:
            rows.append((match.group(1), match.group(2)))
        elif line.strip() and not line.rstrip().endswith(":"):
            notes.append(line.strip())
    return rows, notes


def _meaning(text: str) -> str:
    """Escape, and set the examples inside an explanation (published:2020-07, archvie~2) as code."""
    out = escape(text)
    return re.sub(r"(\b[a-z]+:[\w\[\]\-/]+|\b\w+~\d\b|\b\w+\*)", r"<code>\1</code>", out)


def help_html(t: theme.Theme) -> str:
    rows, notes = syntax_rows()
    body = "".join(
        f'<tr><td class="ex"><code>{escape(example)}</code></td><td>{_meaning(meaning)}</td></tr>'
        for example, meaning in rows
    )
    more = "".join(f"<p>{escape(n)}</p>" for n in notes)
    return f"""<html><head><style>
      body {{ color: {t.text}; }}
      h2 {{ font-size: 15pt; margin-bottom: 4px; }}
      p.lead {{ color: {t.muted}; margin-bottom: 10px; }}
      td {{ padding: 5px 10px 5px 0; vertical-align: top; }}
      td.ex {{ white-space: nowrap; }}
      code {{ font-family: monospace; color: {t.chip_text}; background-color: {t.chip_bg}; }}
      th {{ text-align: left; color: {t.muted}; font-weight: 600; padding-bottom: 4px; }}
    </style></head><body>
    <h2>Searching your cuttings</h2>
    <p class="lead">Type words in the search field; every word must occur. Combine the forms below freely,
    e.g. <code>tag:places/Korea published:2020 harbour</code>.</p>
    <table cellspacing="0" width="100%"><tr><th>Write</th><th>To find</th></tr>{body}</table>
    <h3>Good to know</h3>
    <p>English words match their other forms (clipping, clipped, clips); accents are folded (café = cafe).</p>
    {more}
    <p>A field name before a colon searches only that field; a tag search includes the tags below it.
    Click a source, place or year in the sidebar to add it to the search.</p>
    </body></html>"""


class HelpPage(QDialog):
    """A resizable, non-modal window with the help page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPage")
        self.setWindowTitle("Search Syntax")
        self.resize(720, 560)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(16)
        self.browser.setHtml(help_html(theme.current()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)


def show(parent: QWidget | None) -> HelpPage:
    page = HelpPage(parent)
    page.show()
    return page
