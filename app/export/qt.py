"""Headless Qt for the PDF writer: a GUI application if none runs, and the fonts printed cuttings use.

Body text is set in the bundled Noto Serif (``resources/fonts``); Chinese, Japanese and Korean fall back to
Noto Serif CJK (or another CJK font the system has), registered from the file fontconfig names so the
glyphs are embedded and their text stays extractable.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

SERIF = ["Noto Serif", "Source Serif 4", "Charter", "Georgia", "Cambria", "Times New Roman", "DejaVu Serif"]
SANS = ["Noto Sans", "Helvetica Neue", "Segoe UI", "Arial", "DejaVu Sans"]
CJK_FALLBACKS = {
    "ko": ["Noto Serif CJK KR", "Source Han Serif K", "Noto Sans CJK KR", "AppleMyungjo", "Batang", "Malgun Gothic",
           "Apple SD Gothic Neo"],
    "ja": ["Noto Serif CJK JP", "Source Han Serif", "Noto Sans CJK JP", "Hiragino Mincho ProN", "Yu Mincho",
           "MS Mincho"],
    "zh-hant": ["Noto Serif CJK TC", "Source Han Serif TC", "Noto Sans CJK TC", "PMingLiU", "Songti TC"],
    "zh": ["Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Songti SC", "SimSun"],
}
_FC_PATTERNS = ("Noto Serif CJK KR", "Noto Serif CJK JP", "Noto Serif CJK SC", "Noto Sans CJK KR")


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen ``QGuiApplication`` when there is none."""
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["cuttings", "-platform", "offscreen"])
    assert isinstance(app, QGuiApplication)
    return app


@lru_cache(maxsize=1)
def load_fonts() -> tuple[str, ...]:
    """Register the bundled and the CJK fonts once; returns the families that were added."""
    ensure_app()
    families: list[str] = []
    folder = Path(str(resources.files("resources") / "fonts"))
    files = sorted(folder.glob("*.ttf")) + sorted(folder.glob("*.otf")) + _system_cjk_files()
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(dict.fromkeys(families))


def _system_cjk_files() -> list[Path]:
    """The CJK font files fontconfig would choose (Linux; elsewhere Qt finds the system's own fonts)."""
    if shutil.which("fc-match") is None:
        return []
    found: list[Path] = []
    for pattern in _FC_PATTERNS:
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True,
                                 timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and "CJK" in out and Path(out).is_file() and Path(out) not in found:
            found.append(Path(out))
    return found


def families_for(language: str, base: list[str] | None = None) -> list[str]:
    """Font families in order of preference: the serif, then the CJK fonts suited to ``language``."""
    lang = (language or "").lower()
    key = "zh-hant" if lang in ("zh-tw", "zh-hk", "zh-hant") else lang.split("-")[0]
    first = CJK_FALLBACKS.get(key, [])
    rest = [f for group in ("ko", "ja", "zh", "zh-hant") for f in CJK_FALLBACKS[group] if f not in first]
    return [*(base or SERIF), *first, *rest]
