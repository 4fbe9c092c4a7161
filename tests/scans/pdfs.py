"""Small real PDFs for the tests: one with a text layer (written by hand, Helvetica) and image-only ones."""

from __future__ import annotations

import io

from PIL import Image


def text_pdf(paragraphs: list[list[str]]) -> bytes:
    """A one-page PDF whose text layer holds ``paragraphs`` (each a list of lines), a blank line between them."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for paragraph in paragraphs:
        for line in paragraph:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"]
        ops.append("T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def image_pdf(scans: list[bytes]) -> bytes:
    """An image-only PDF with one scanned page per image (as a scanner writes them), at 300 dpi."""
    pages = [Image.open(io.BytesIO(s)).convert("L") for s in scans]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return out.getvalue()
