"""The house rule for Qt in the core: only app/export may import PySide6, and only QtCore/QtGui."""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
_IMPORT = re.compile(r"^\s*(?:from|import)\s+(PySide6[\w.]*)", re.MULTILINE)


def test_only_the_exporter_uses_qt_and_never_widgets() -> None:
    for path in APP.rglob("*.py"):
        modules = _IMPORT.findall(path.read_text(encoding="utf-8"))
        if not modules:
            continue
        assert path.parent == APP / "export", f"{path} imports {modules}"
        assert all(m in ("PySide6.QtCore", "PySide6.QtGui") for m in modules), f"{path} imports {modules}"
