"""Run extraction again on an article's stored original capture (after the extractor improved)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.errors import CuttingsError
from app.model import Article, ClipResult

if TYPE_CHECKING:
    from app.archive import Archive

TEXT_FIELDS = ("title", "subtitle", "authors", "source", "place", "published", "modified", "canonical_url",
               "language", "body", "dropped")


def reextract(archive: Archive, article_id: int) -> tuple[Article, list[str]]:
    """Re-extract the metadata and body from the first stored capture; notes, tags and photos stay."""
    archive.get(article_id)
    captures = [c for c in archive.captures(article_id) if c.raw_sha256]
    if not captures:
        raise CuttingsError(f"Article {article_id} has no stored original to extract again.")
    capture = captures[0]
    assert capture.raw_sha256 is not None
    raw = archive.blob(capture.raw_sha256)
    result = _extract(capture.method, raw, capture)
    new = result.article
    fields = {f: getattr(new, f) for f in TEXT_FIELDS if getattr(new, f)}
    article = archive.update(article_id, **fields).value
    archive.log_event("reextracted", article_id, method=capture.method, tool_version=capture.tool_version)
    return article, result.warnings


def _extract(method: str, raw: bytes, capture: object) -> ClipResult:
    from app.model import Capture

    assert isinstance(capture, Capture)
    if method in {"html", "url"}:
        from app.clip.web import reextract as reextract_html

        return reextract_html(capture, raw)
    if method == "markdown":
        from app.clip.markdown import clip_markdown

        return clip_markdown(raw, filename=capture.filename)
    if method == "text":
        from app.clip.text import clip_text

        return clip_text(raw, filename=capture.filename)
    if method == "scan":
        from app.clip.scan import clip_scan

        return clip_scan(raw, filename=capture.filename)
    raise CuttingsError(f"Captures made by {method!r} cannot be extracted again.")
