"""Run one export of a selection in any format and record it in the audit log."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import CuttingsError
from app.jobs import CancelCheck, Progress, never_cancelled, no_progress

if TYPE_CHECKING:
    from app.archive import Archive

FORMATS = ("pdf", "markdown", "html", "csv", "bagit")
SUFFIXES = {"pdf": ".pdf", "html": ".html", "csv": ".csv"}
PAGE_SIZES = ("A4", "Letter")


@dataclass
class ExportResult:
    format: str
    path: Path
    articles: int
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One sentence on what was written: a bag is one bag, a folder counts its files."""
        n = f"{self.articles} article{'s' if self.articles != 1 else ''}"
        if self.format == "bagit":
            return f"Exported {n} as a BagIt bag: {self.path}."
        if len(self.files) == 1 and self.files[0] == self.path:
            return f"Exported {n} as {self.format} to {self.path}."
        count = len(self.files)
        return f"Exported {n} as {self.format} to {self.path} ({count} file{'s' if count != 1 else ''})."

    def folder(self) -> Path:
        """The folder to show the user: the export itself when it is a folder, else the one holding it."""
        return self.path if self.path.is_dir() else self.path.parent

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "path": str(self.path), "articles": self.articles,
                "files": [str(f) for f in self.files], "seconds": round(self.seconds, 3)}


def is_single_file(fmt: str, out: Path, single_file: bool) -> bool:
    """CSV is always one file, Markdown and BagIt always a folder; PDF and HTML are one file when asked
    or when ``out`` ends in their suffix."""
    if fmt == "csv":
        return True
    if fmt in ("markdown", "bagit"):
        return False
    return single_file or out.suffix.lower() == SUFFIXES[fmt]


def run_export(archive: Archive, ids: Sequence[int], fmt: str, out: Path, *, single_file: bool = False,
               page_size: str = "A4", progress: Progress = no_progress,
               cancelled: CancelCheck = never_cancelled, original_scans: bool = False) -> ExportResult:
    """Export ``ids`` as ``fmt`` to ``out`` and log an ``exported`` event for each article."""
    out = Path(out).expanduser().absolute()
    if fmt not in FORMATS:
        raise CuttingsError(f"{fmt!r} is not an export format; choose one of {', '.join(FORMATS)}.")
    if not ids:
        raise CuttingsError("Nothing to export: the selection is empty.")
    single = is_single_file(fmt, out, single_file)
    started = time.monotonic()
    kw: dict[str, Any] = {"progress": progress, "cancelled": cancelled}
    if fmt == "pdf":
        from app.export.pdf import export_pdf

        files = export_pdf(archive, ids, out, single_file=single, page_size=page_size, original_scans=original_scans,
                           **kw)
    elif fmt == "markdown":
        from app.export.markdown import export_markdown

        files = export_markdown(archive, ids, out, **kw)
    elif fmt == "html":
        from app.export.html import export_html

        files = export_html(archive, ids, out, single_file=single, **kw)
    elif fmt == "csv":
        from app.export.csv_export import export_csv

        files = export_csv(archive, ids, out, **kw)
    else:
        from app.export.bagit_export import export_bagit

        files = export_bagit(archive, ids, out, **kw)
    result = ExportResult(fmt, out, len(ids), files, time.monotonic() - started)
    log_export(archive, ids, result)
    return result


def log_export(archive: Archive, ids: Sequence[int], result: ExportResult) -> None:
    """One ``exported`` event per article (through the archive's serial writer)."""
    for article_id in ids:
        archive.log_event("exported", article_id, format=result.format, path=str(result.path),
                          articles=result.articles)
