"""Add what QPdfWriter cannot write to a finished PDF: bookmarks (the outline), clickable contents
entries, Subject/Keywords in the document information, and the document language.

pypdf appends them as an incremental update (new and changed objects after Qt's bytes, with a new
cross-reference section), the standard way to amend a PDF without rewriting it. pypdf is imported here,
when a PDF is exported, never on the way to a search.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import CuttingsError


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    page: int  # zero-based


@dataclass(frozen=True)
class Link:
    page: int  # zero-based page that carries the link
    target: int  # zero-based page it jumps to
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin bottom left


class PdfStructureError(CuttingsError):
    """The PDF Qt wrote could not be read back to add its outline and links."""


def add_navigation(path: Path, *, outline: list[OutlineEntry], links: list[Link], info: dict[str, str],
                   language: str = "") -> None:
    """Append the outline, contents links, extra document information and language to ``path``."""
    from pypdf import PdfWriter
    from pypdf.annotations import Link as LinkAnnotation
    from pypdf.errors import PyPdfError
    from pypdf.generic import Fit, NameObject, TextStringObject

    extra = {f"/{key}": value for key, value in info.items() if value}
    if not (outline or links or extra or language):
        return
    try:
        writer = PdfWriter(path, incremental=True)
        pages = writer.pages
        if not len(pages):
            raise PdfStructureError(f"The PDF {path} has no pages to add bookmarks to.")

        def top_of(page: int) -> tuple[int, Fit]:
            """A page's index (clamped) and the view of its top left corner."""
            index = min(page, len(pages) - 1)
            return index, Fit.xyz(left=0, top=float(pages[index].mediabox.top), zoom=None)

        for entry in outline:
            index, fit = top_of(entry.page)
            writer.add_outline_item(title=entry.title, page_number=index, fit=fit)
        if outline:
            writer.page_mode = "/UseOutlines"
        for link in links:
            index, fit = top_of(link.target)
            annotation = LinkAnnotation(rect=link.rect, border=[0, 0, 0], target_page_index=index, fit=fit)
            writer.add_annotation(page_number=link.page, annotation=annotation)
        if extra:
            writer.add_metadata(extra)
        if language:
            writer.root_object[NameObject("/Lang")] = TextStringObject(language)
        writer.write(path)
    except (PyPdfError, OSError, ValueError, KeyError) as exc:
        raise PdfStructureError(f"Could not add the bookmarks and links to the PDF {path}: {exc}") from exc
