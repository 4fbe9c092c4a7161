"""Exports of a selection of articles: PDF, Markdown, HTML, CSV and BagIt (see :mod:`app.export.runner`).

Only :mod:`app.export.pdf` and :mod:`app.export.qt` import PySide6 (``QtGui``, never ``QtWidgets``).
"""
