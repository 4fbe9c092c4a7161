"""The house rule for the GUI's reads: ui/ goes through the Archive (``archive.reads``), never around it."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
# ``from app.store.tags import x``, ``import app.store``, ``from app import listing``, ``from app import store, x``
_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ()]+)|import\s+([\w.]+))", re.MULTILINE)
_AROUND = ("app.store", "app.listing", "app.indexing")  # the database and its SQL, below the Archive
# An archive's own connections and index: ``archive.db``, ``archive.reader``, ``self.archive.index.search``
_HANDLES = re.compile(r"\barchive\.(db|reader|index)\b")


def _imported_modules(text: str) -> list[str]:
    modules = []
    for package, names, plain in _IMPORT.findall(text):
        if plain:
            modules.append(plain)
        else:
            modules.append(package)
            modules += [f"{package}.{n.strip()}" for n in names.strip("()").split(",") if n.strip()]
    return modules


def test_the_gui_reads_only_through_the_archive() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        around = [m for m in _imported_modules(text) if m.startswith(_AROUND)]
        assert not around, f"{path.name} imports {around}: read through archive.reads (app/reads.py) instead"
        handles = sorted({m.group(0) for m in _HANDLES.finditer(text)})
        assert not handles, f"{path.name} uses {handles}: the GUI holds no database or index of its own"


def test_the_boundary_check_sees_what_it_forbids() -> None:
    text = "from app.store.tags import tags_of_many\nfrom app import __version__, listing\nimport app.indexing\n"
    assert [m for m in _imported_modules(text) if m.startswith(_AROUND)] == [
        "app.store.tags", "app.store.tags.tags_of_many", "app.listing", "app.indexing",
    ]
    assert _HANDLES.search("rows = listing.rows(self.archive.reader, ids)")
    assert not _HANDLES.search("self.archive.reads.rows(ids)")
