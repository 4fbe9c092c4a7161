"""The user's preferences: one place for their keys, types and defaults (stored with the window layout).

The Preferences dialog edits them; the parts that use them read them here, when they need them, so a
change takes effect without restarting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from app.export.runner import FORMATS, PAGE_SIZES
from ui.settings import settings

THEMES = ("system", "light", "dark")


@dataclass
class Preferences:
    """Every preference with its default."""

    startup_archive: str = ""  # "" opens the archive used last; a path always opens that one
    theme: str = "system"  # system, light or dark
    mark_read: bool = True  # opening an article marks it read ...
    mark_read_delay: float = 1.5  # ... after it was shown this many seconds
    snapshots: bool = True  # a safety copy of the database when Cuttings closes ...
    snapshot_hours: float = 1.0  # ... at most once in this many hours
    export_format: str = "pdf"
    export_folder: str = ""  # "" is the Documents folder
    export_page_size: str = "A4"
    ocr_languages: str = "auto"  # what scans are read in: auto (by the script), or Tesseract codes: eng+kor

    def validated(self) -> Preferences:
        """The same preferences with anything out of range put back to its default."""
        d = Preferences()
        return Preferences(
            startup_archive=self.startup_archive.strip(),
            theme=self.theme if self.theme in THEMES else d.theme,
            mark_read=bool(self.mark_read),
            mark_read_delay=min(max(float(self.mark_read_delay), 0.0), 60.0),
            snapshots=bool(self.snapshots),
            snapshot_hours=min(max(float(self.snapshot_hours), 0.0), 24.0 * 30),
            export_format=self.export_format if self.export_format in FORMATS else d.export_format,
            export_folder=self.export_folder.strip(),
            export_page_size=self.export_page_size if self.export_page_size in PAGE_SIZES else d.export_page_size,
            ocr_languages=_ocr_languages(self.ocr_languages) or d.ocr_languages,
        )


def _ocr_languages(value: str) -> str:
    """``auto`` or ``eng+kor``-style Tesseract codes, normalised; "" when it is neither."""
    codes = [c.strip().lower() for c in value.replace(",", "+").split("+") if c.strip()]
    if codes == ["auto"]:
        return "auto"
    if not codes or not all(re.fullmatch(r"[a-z][a-z_]{1,20}", c) for c in codes):
        return ""
    return "+".join(dict.fromkeys(codes))


#: attribute -> settings key (the theme keeps the key it had before there were preferences)
KEYS = {
    "startup_archive": "archives/startup", "theme": "appearance/theme", "mark_read": "reading/mark_read",
    "mark_read_delay": "reading/mark_read_delay", "snapshots": "safety/snapshots",
    "snapshot_hours": "safety/snapshot_hours", "export_format": "export/format", "export_folder": "export/folder",
    "export_page_size": "export/page_size", "ocr_languages": "ocr/languages",
}  # fmt: skip


def load() -> Preferences:
    """The saved preferences (defaults for what was never saved or cannot be read)."""
    s = settings()
    values: dict[str, object] = {}
    for f in fields(Preferences):
        default = getattr(Preferences(), f.name)
        raw = s.value(KEYS[f.name], default)
        try:
            if isinstance(default, bool):
                values[f.name] = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
            elif isinstance(default, float):
                values[f.name] = float(raw)  # type: ignore[arg-type]
            else:
                values[f.name] = str(raw)
        except (TypeError, ValueError):
            values[f.name] = default
    return Preferences(**values).validated()  # type: ignore[arg-type]


def save(prefs: Preferences) -> None:
    s = settings()
    for f in fields(Preferences):
        s.setValue(KEYS[f.name], getattr(prefs.validated(), f.name))
    s.sync()


def startup_archive() -> Path | None:
    """The archive to open at start when one is chosen in the preferences (and still there)."""
    value = load().startup_archive
    return Path(value).expanduser() if value else None
