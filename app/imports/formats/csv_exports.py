"""Pocket's CSV export (``title,url,time_added,tags,status``) and Readwise Reader's library CSV."""

from __future__ import annotations

import ast
import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from app.imports.formats.common import epoch_to_iso, iso_date, open_text
from app.imports.items import ImportItem, ItemError

POCKET_COLUMNS = {"title", "url", "time_added", "tags", "status"}
READWISE_COLUMNS = {"title", "url", "document tags", "saved date"}
csv.field_size_limit(16 * 1024 * 1024)


def header_of(path: Path) -> set[str]:
    """The lowercased column names of a CSV file's first line (empty if it has none)."""
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as f:
            row = next(csv.reader([f.readline()]), [])
    except OSError:
        return set()
    return {c.strip().lower() for c in row}


def _rows(path: Path) -> Iterator[tuple[int, int, dict[str, str] | None, str]]:
    """(line, bytes read, row, error) for each data row; a malformed row is an error, not the end."""
    counter, text = open_text(path)
    with text:
        reader = csv.DictReader(text)
        if reader.fieldnames is None:
            return
        fields = [f.strip().lower() for f in reader.fieldnames]
        reader.fieldnames = fields
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, counter.position, None, f"not valid CSV ({exc})"
                continue
            if None in row:  # more cells than columns: a stray comma or quote
                yield reader.line_num, counter.position, None, "this row has more cells than the header has columns"
                continue
            yield reader.line_num, counter.position, {k: (v or "") for k, v in row.items()}, ""


def _items(path: Path, build: Callable[[dict[str, str], str, str, int], ImportItem]
           ) -> Iterator[ImportItem | ItemError]:
    """Each row with an address as ``build(row, url, locator, position)``; other rows as errors."""
    for line, position, row, error in _rows(path):
        locator = f"line {line}"
        if row is None:
            yield ItemError(locator, error, position)
        elif not (url := row.get("url", "").strip()):
            yield ItemError(locator, "this row has no url", position)
        else:
            yield build(row, url, locator, position)


def read_pocket(path: Path) -> Iterator[ImportItem | ItemError]:
    def build(row: dict[str, str], url: str, locator: str, position: int) -> ImportItem:
        title = row.get("title", "").strip()
        return ImportItem(
            tool="pocket", item_id=url, locator=locator, position=position, title=title if title != url else "",
            url=url, added=epoch_to_iso(row.get("time_added")),
            tags=[t for t in row.get("tags", "").split("|") if t.strip()],
            read=row.get("status", "").strip().lower() in {"archive", "archived", "read"},
        )

    return _items(path, build)


def read_readwise(path: Path) -> Iterator[ImportItem | ItemError]:
    """Reader's "Export library" CSV: Title, URL, ID, Document tags, Saved date, Reading progress, Location, Seen."""

    def build(row: dict[str, str], url: str, locator: str, position: int) -> ImportItem:
        try:
            progress = float(row.get("reading progress", "") or 0)
        except ValueError:
            progress = 0.0
        return ImportItem(
            tool="readwise", item_id=row.get("id", "").strip() or url, locator=locator, position=position,
            title=row.get("title", "").strip(), url=url, added=iso_date(row.get("saved date")),
            tags=_tag_list(row.get("document tags", "")),
            read=row.get("location", "").strip().lower() == "archive" or progress >= 0.99,
            authors=[a.strip() for a in row.get("author", "").split(",") if a.strip()],
        )

    return _items(path, build)


def _tag_list(value: str) -> list[str]:
    """Reader writes tags as a Python list (``['a', 'b']``); accept plain comma lists too."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list):
            return [str(t).strip() for t in parsed if str(t).strip()]
        value = value[1:-1]
    return [t.strip().strip("'\"") for t in value.split(",") if t.strip().strip("'\"")]
