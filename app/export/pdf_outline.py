"""Add what QPdfWriter cannot write to a finished PDF: bookmarks (the outline), clickable contents
entries, Subject/Keywords in the document information, and the document language.

It appends an incremental update (new and replaced objects, a new cross-reference section with
``/Prev``), the standard way to amend a PDF without rewriting it. It expects Qt's output: a classic
cross-reference table and a trailer dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import CuttingsError

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(\d+) 0 R")


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
    """The PDF is not shaped as expected (not written by Qt?)."""


def pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


class _Pdf:
    def __init__(self, data: bytes) -> None:
        self.data = data
        match = _STARTXREF.search(data[-1024:])
        if match is None:
            raise PdfStructureError("The PDF has no startxref.")
        self.xref_at = int(match.group(1))
        table_end = data.index(b"trailer", self.xref_at)
        self.offsets: dict[int, int] = {}
        section = data[self.xref_at:table_end].split(b"\n")
        number = 0
        for line in section[1:]:
            parts = line.split()
            if len(parts) == 2:
                number = int(parts[0])
            elif (entry := _XREF_ENTRY.match(line.strip())) is not None:
                if entry.group(3) == b"n":
                    self.offsets[number] = int(entry.group(1))
                number += 1
        trailer = data[table_end:data.index(b"startxref", table_end)]
        self.trailer = trailer
        self.size = int(self._key(trailer, rb"/Size\s+(\d+)"))
        self.root = int(self._key(trailer, rb"/Root\s+(\d+) 0 R"))
        info = re.search(rb"/Info\s+(\d+) 0 R", trailer)
        self.info = int(info.group(1)) if info else None
        doc_id = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
        self.doc_id = doc_id.group(1) if doc_id else b""

    @staticmethod
    def _key(text: bytes, pattern: bytes) -> bytes:
        match = re.search(pattern, text)
        if match is None:
            raise PdfStructureError(f"The PDF trailer lacks {pattern!r}.")
        return match.group(1)

    def body(self, number: int) -> bytes:
        """The object's content between ``obj`` and ``endobj``, stripped."""
        start = self.offsets[number]
        head = self.data.index(b"obj", start) + 3
        return self.data[head:self.data.index(b"endobj", head)].strip()

    def pages(self, number: int | None = None) -> list[int]:
        """Page object numbers in order (walking the page tree from the catalog)."""
        if number is None:
            number = int(self._key(self.body(self.root), rb"/Pages\s+(\d+) 0 R"))
        body = self.body(number)
        if re.search(rb"/Type\s*/Page\b(?!s)", body):
            return [number]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.DOTALL)
        if kids is None:
            raise PdfStructureError("A page tree node has no /Kids.")
        return [p for kid in _REF.findall(kids.group(1)) for p in self.pages(int(kid))]


def _dict_with(body: bytes, extra: bytes) -> bytes:
    """``<< … >>`` with ``extra`` entries added before its closing ``>>``."""
    end = body.rindex(b">>")
    return body[:end].rstrip() + b"\n" + extra + b"\n>>"


def _media_height(body: bytes) -> float:
    match = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", body)
    return float(match.group(1)) if match else 842.0


def add_navigation(path: Path, *, outline: list[OutlineEntry], links: list[Link], info: dict[str, str],
                   language: str = "") -> None:
    """Append the outline, contents links, extra document information and language to ``path``."""
    pdf = _Pdf(path.read_bytes())
    pages = pdf.pages()
    heights = {p: _media_height(pdf.body(p)) for p in set(pages)}
    objects: dict[int, bytes] = {}
    next_number = pdf.size

    def new(body: bytes) -> int:
        nonlocal next_number
        objects[next_number] = body
        next_number += 1
        return next_number - 1

    def dest(page: int) -> bytes:
        ref = pages[min(page, len(pages) - 1)]
        return f"[{ref} 0 R /XYZ 0 {heights[ref]:.2f} null]".encode()

    catalog_extra = b""
    if outline:
        root = next_number
        next_number += 1
        numbers = list(range(next_number, next_number + len(outline)))
        next_number += len(outline)
        for i, (entry, number) in enumerate(zip(outline, numbers, strict=True)):
            parts = [b"/Title " + pdf_text(entry.title), f"/Parent {root} 0 R".encode(), b"/Dest " + dest(entry.page)]
            if i:
                parts.append(f"/Prev {numbers[i - 1]} 0 R".encode())
            if i + 1 < len(numbers):
                parts.append(f"/Next {numbers[i + 1]} 0 R".encode())
            objects[number] = b"<<\n" + b"\n".join(parts) + b"\n>>"
        objects[root] = (f"<<\n/Type /Outlines\n/First {numbers[0]} 0 R\n/Last {numbers[-1]} 0 R\n"
                         f"/Count {len(numbers)}\n>>").encode()
        catalog_extra += f"/Outlines {root} 0 R\n/PageMode /UseOutlines\n".encode()
    if language:
        catalog_extra += b"/Lang " + pdf_text(language) + b"\n"
    if catalog_extra:
        objects[pdf.root] = _dict_with(pdf.body(pdf.root), catalog_extra.rstrip())
    _add_links(pdf, pages, links, objects, new, dest)
    info_number = pdf.info
    extra = b"\n".join(f"/{k} ".encode() + pdf_text(v) for k, v in info.items() if v)
    if extra:
        if info_number is None:
            info_number = new(b"<<\n" + extra + b"\n>>")
        else:
            objects[info_number] = _dict_with(pdf.body(info_number), extra)
    if objects:
        _append(path, pdf, objects, next_number, info_number)


def _add_links(pdf: _Pdf, pages: list[int], links: list[Link], objects: dict[int, bytes],
               new: Callable[[bytes], int], dest: Callable[[int], bytes]) -> None:
    by_page: dict[int, list[int]] = {}
    for link in links:
        x0, y0, x1, y1 = link.rect
        number = new(f"<<\n/Type /Annot\n/Subtype /Link\n/Rect [{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f}]\n"
                     f"/Border [0 0 0]\n/Dest ".encode() + dest(link.target) + b"\n>>")
        by_page.setdefault(pages[link.page], []).append(number)
    for page, annots in by_page.items():
        refs = b" ".join(f"{n} 0 R".encode() for n in annots)
        body = pdf.body(page)
        indirect = re.search(rb"/Annots\s+(\d+) 0 R", body)
        inline = re.search(rb"/Annots\s*\[(.*?)\]", body, re.DOTALL)
        if indirect:
            array = int(indirect.group(1))
            old = pdf.body(array).strip()[1:-1].strip()
            objects[array] = b"[" + old + b" " + refs + b"]"
        elif inline:
            objects[page] = body[:inline.end(1)] + b" " + refs + body[inline.end(1):]
        else:
            objects[page] = _dict_with(body, b"/Annots [" + refs + b"]")


def _append(path: Path, pdf: _Pdf, objects: dict[int, bytes], size: int, info: int | None) -> None:
    out = bytearray(pdf.data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += f"{number} 1\n{offsets[number]:010d} 00000 n \n".encode()
    trailer = f"trailer\n<<\n/Size {size}\n/Root {pdf.root} 0 R\n".encode()
    if info is not None:
        trailer += f"/Info {info} 0 R\n".encode()
    if pdf.doc_id:
        trailer += b"/ID " + pdf.doc_id + b"\n"
    trailer += f"/Prev {pdf.xref_at}\n>>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    out += trailer
    path.write_bytes(bytes(out))
