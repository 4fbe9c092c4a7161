"""Light and dark palettes on the Fusion style, following the system colour scheme (or forced)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui import icons


@dataclass(frozen=True)
class Theme:
    """The colours widgets and the reader draw with, beyond the palette."""

    dark: bool
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    faint: str
    accent: str
    accent_text: str
    sidebar: str
    border: str
    highlight_bg: str
    chip_bg: str
    chip_text: str
    mark_bg: str
    mark_text: str
    error: str
    reader_bg: str
    reader_text: str


LIGHT = Theme(
    dark=False, window="#f3f3f1", base="#ffffff", alt_base="#f8f8f6", text="#1d1d1f", muted="#6b6b70",
    faint="#a3a3a8", accent="#2f6fde", accent_text="#ffffff", sidebar="#ecebe8", border="#d9d8d4",
    highlight_bg="#dce8fb", chip_bg="#e9eef8", chip_text="#27446e", mark_bg="#ffe58a", mark_text="#1d1d1f",
    error="#c0392b", reader_bg="#fffefb", reader_text="#222222",
)  # fmt: skip
DARK = Theme(
    dark=True, window="#232427", base="#1b1c1f", alt_base="#202124", text="#e8e8ea", muted="#a0a0a8",
    faint="#6c6c74", accent="#4f8ff0", accent_text="#ffffff", sidebar="#28292d", border="#3a3b40",
    highlight_bg="#2d4770", chip_bg="#2f3a4d", chip_text="#c9dafa", mark_bg="#8a6d12", mark_text="#fff6d6",
    error="#ff7b6b", reader_bg="#1e1f22", reader_text="#e2e2e4",
)  # fmt: skip


class ThemeManager(QObject):
    """Applies a theme to the application and re-applies it when the system scheme changes."""

    changed = Signal(object)

    def __init__(self, app: QApplication, forced: str | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._forced = forced
        self.theme = LIGHT
        global _manager
        _manager = self
        from ui.line_icon_style import LineIconStyle

        app.setStyle(LineIconStyle())  # Fusion, with line icons on dialog buttons
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())
        self.apply()

    def force(self, scheme: str | None) -> None:
        """``"light"``, ``"dark"`` or ``None`` (follow the system)."""
        self._forced = scheme
        self.apply()

    def apply(self) -> None:
        if self._forced:
            dark = self._forced == "dark"
        else:
            dark = self._app.styleHints().colorScheme() == Qt.ColorScheme.Dark
        self.theme = DARK if dark else LIGHT
        self._app.setPalette(palette(self.theme))
        self._app.setStyleSheet(stylesheet(self.theme))
        icons.clear_cache()
        global _current
        _current = self.theme
        self.changed.emit(self.theme)


_current: Theme = LIGHT
_manager: ThemeManager | None = None


def manager() -> ThemeManager | None:
    """The application's theme manager, once :mod:`ui.main` made one."""
    return _manager


def current() -> Theme:
    """The theme in use."""
    return _current


def palette(t: Theme) -> QPalette:
    """A QPalette for ``t``."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, c in (
        (role.Window, t.window), (role.WindowText, t.text), (role.Base, t.base), (role.AlternateBase, t.alt_base),
        (role.Text, t.text), (role.Button, t.window if t.dark else "#fbfbfa"), (role.ButtonText, t.text),
        (role.Highlight, t.accent), (role.HighlightedText, t.accent_text), (role.ToolTipBase, t.base),
        (role.ToolTipText, t.text), (role.PlaceholderText, t.faint), (role.Link, t.accent),
        (role.BrightText, "#ffffff"), (role.Light, "#3a3b40" if t.dark else "#ffffff"),
        (role.Midlight, "#303136" if t.dark else "#ecebe8"), (role.Mid, t.border),
        (role.Dark, "#111214" if t.dark else "#a9a8a4"), (role.Shadow, "#000000"),
    ):  # fmt: skip
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(t.faint))
    return p


def stylesheet(t: Theme) -> str:
    """The application stylesheet, ``@name`` placeholders filled from ``t``."""
    qss = (resources.files("resources") / "style" / "app.qss").read_text("utf-8")
    values = sorted(vars(t).items(), key=lambda kv: -len(kv[0]))
    for name, value in values:
        if isinstance(value, str):
            qss = qss.replace(f"@{name}", value)
    return qss


def is_dark() -> bool:
    return _current.dark


def app_palette_text() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
