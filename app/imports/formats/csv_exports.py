"""Pocket's CSV export (``title,url,time_added,tags,status``) and Readwise Reader's library CSV."""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterator
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


def read_pocket(path: Path) -> Iterator[ImportItem | ItemError]:
    for line, position, row, error in _rows(path):
        if row is None:
            yield ItemError(f"line {line}", error, position)
            continue
        url = row.get("url", "").strip()
        if not url:
            yield ItemError(f"line {line}", "this row has no url", position)
            continue
        yield ImportItem(
            tool="pocket", item_id=url, locator=f"line {line}", position=position,
            title=row.get("title", "").strip() if row.get("title", "").strip() != url else "",
            url=url, added=epoch_to_iso(row.get("time_added")),
            tags=[t for t in row.get("tags", "").split("|") if t.strip()],
            read=row.get("status", "").strip().lower() in {"archive", "archived", "read"},
        )


def read_readwise(path: Path) -> Iterator[ImportItem | ItemError]:
    """Reader's "Export library" CSV: Title, URL, ID, Document tags, Saved date, Reading progress, Location, Seen."""
    for line, position, row, error in _rows(path):
        if row is None:
            yield ItemError(f"line {line}", error, position)
            continue
        url = row.get("url", "").strip()
        if not url:
            yield ItemError(f"line {line}", "this row has no URL", position)
            continue
        location = row.get("location", "").strip().lower()
        try:
            progress = float(row.get("reading progress", "") or 0)
        except ValueError:
            progress = 0.0
        yield ImportItem(
            tool="readwise", item_id=row.get("id", "").strip() or url, locator=f"line {line}", position=position,
            title=row.get("title", "").strip(), url=url, added=iso_date(row.get("saved date")),
            tags=_tag_list(row.get("document tags", "")),
            read=location == "archive" or progress >= 0.99,
            authors=[a.strip() for a in row.get("author", "").split(",") if a.strip()],
        )


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
