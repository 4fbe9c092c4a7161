"""What came in by drag and drop or the clipboard: files, folders, a web address, text, HTML or an image."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage

from app.clip.dispatch import is_url


@dataclass
class Incoming:
    """``kind``: ``file`` (one, previewed), ``bulk`` (folders, several files, or another tool's export), ``url``,
    ``text``, ``image``."""

    kind: str
    paths: list[Path] = field(default_factory=list)
    url: str = ""
    text: str = ""
    html: str | None = None
    image: bytes = b""


def classify(mime: QMimeData | None) -> Incoming | None:
    """How to clip ``mime``, or None if there is nothing Cuttings can use."""
    if mime is None:
        return None
    if mime.hasUrls():
        urls = mime.urls()
        local = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        if local:
            from app.imports.exports import detect as is_export  # the import formats: when a file comes in

            if len(local) == 1 and local[0].is_file() and not is_export(local[0]):
                return Incoming("file", paths=local)  # an export of another tool is imported, not previewed
            return Incoming("bulk", paths=local)
        remote = [u.toString() for u in urls if u.scheme() in ("http", "https")]
        if remote:
            return Incoming("url", url=remote[0])
    if mime.hasImage():
        data = image_bytes(mime.imageData())
        if data:
            return Incoming("image", image=data)
    text = mime.text().strip() if mime.hasText() else ""
    if text and is_url(text) and len(text.split()) == 1:
        return Incoming("url", url=text)
    if mime.hasHtml() and mime.html().strip():
        return Incoming("text", text=text, html=mime.html())
    if text:
        return Incoming("text", text=text)
    return None


def image_bytes(image: object) -> bytes:
    """PNG bytes of a dropped or pasted QImage (b"" if it is not one)."""
    if not isinstance(image, QImage) or image.isNull():
        return b""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(array.data())
