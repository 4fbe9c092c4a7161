"""Small real PDFs for the tests: with a text layer (written by hand, Helvetica), image-only ones (one a page, or\none page image shown on many pages), and password-protected ones (pypdf)."""

from __future__ import annotations

import io

from PIL import Image


def text_pdf(paragraphs: list[list[str]]) -> bytes:
    """A one-page PDF whose text layer holds ``paragraphs`` (each a list of lines), a blank line between them."""
    return text_pdf_pages([paragraphs])


def text_pdf_pages(pages: list[list[list[str]]]) -> bytes:
    """A PDF with a text layer of one page for each item of ``pages`` (each a list of paragraphs)."""
    streams = []
    for paragraphs in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for paragraph in paragraphs:
            for line in paragraph:
                escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops += [f"({escaped}) Tj", "T*"]
            ops.append("T*")
        ops.append("ET")
        streams.append("\n".join(ops).encode("latin-1"))
    resources = b"/Resources << /Font << /F1 3 0 R >> >>"
    return _write_pdf(streams, resources, [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                           b"/Encoding /WinAnsiEncoding >>"])


def image_only_pdf(page: Image.Image, count: int, dpi: int = 150) -> bytes:
    """A scanned PDF of ``count`` pages that all show ``page`` (one JPEG, shared: a 200-page file stays small
    and quick to make), each page the image's size at ``dpi``."""
    jpeg = io.BytesIO()
    page.convert("L").save(jpeg, "JPEG", quality=80)
    width, height = page.width * 72 / dpi, page.height * 72 / dpi
    draw = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
             b"/Filter /DCTDecode /Length %d >>\nstream\n" % (page.width, page.height, len(jpeg.getvalue()))
             + jpeg.getvalue() + b"\nendstream")
    return _write_pdf([draw] * count, b"/Resources << /XObject << /Im0 3 0 R >> >>", [image],
                      size=(width, height))


def _write_pdf(streams: list[bytes], resources: bytes, shared: list[bytes],
               size: tuple[float, float] = (612, 792)) -> bytes:
    """A PDF of one page a content stream; objects 1-2 are the catalog and page tree, ``shared`` follow (from
    3 0 R on), then each page and its contents."""
    first = 3 + len(shared)
    kids = b" ".join(b"%d 0 R" % (first + 2 * n) for n in range(len(streams)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(streams), *shared]
    for n, stream in enumerate(streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] " % size + resources
                       + b" /Contents %d 0 R >>" % (first + 2 * n + 1))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
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


def locked_pdf(data: bytes, *, user_password: str, owner_password: str) -> bytes:
    """``data`` encrypted by pypdf (RC4-128; AES needs the cryptography package): with a user password it opens
    only with that password; with an owner password alone any reader opens it (printing or copying limited)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_pdf(scans: list[bytes]) -> bytes:
    """An image-only PDF with one scanned page per image (as a scanner writes them), at 300 dpi."""
    pages = [Image.open(io.BytesIO(s)).convert("L") for s in scans]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return out.getvalue()
