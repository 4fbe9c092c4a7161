"""Plain dataclasses shared by the core, the CLI and the GUI (no I/O here)."""

from __future__ import annotations

import builtins
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Photo:
    """A photo of an article; a caption may exist before its image does."""

    caption: str = ""
    credit: str = ""
    alt: str = ""
    original_url: str = ""
    sha256: str | None = None
    mime: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int | None = None
    exif: dict[str, str] = field(default_factory=dict)
    position: int = 0
    id: int | None = None
    # Image bytes waiting to be stored in media/ (set by extractors, never by the store).
    data: builtins.bytes | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("data", None)
        return d


@dataclass
class Capture:
    """How an article came in; the raw bytes are kept so nothing clipped is lost."""

    method: str  # "text", "markdown", "html", "url", "import", "image", "scan", "pdf"
    raw: bytes | None = field(default=None, repr=False, compare=False)
    raw_sha256: str | None = None
    mime: str = ""
    filename: str = ""
    url: str = ""
    final_url: str = ""
    http_status: int | None = None
    http_headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)
    fetched_at: str = ""
    tool_version: str = ""
    id: int | None = None
    # OCR word boxes of a scan (hOCR), stored as a blob beside the scan
    ocr: bytes | None = field(default=None, repr=False, compare=False)
    ocr_mime: str = ""
    ocr_sha256: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("raw", None)
        d.pop("ocr", None)
        return d


@dataclass
class Article:
    """A news cutting. ``published`` is ISO 8601 and may be partial ("2020", "2020-07")."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    source: str = ""
    place: str = ""
    published: str = ""
    modified: str = ""
    url: str = ""
    canonical_url: str = ""
    language: str = ""
    body: str = ""  # CommonMark
    notes: str = ""
    starred: bool = False
    read: bool = False
    deleted_at: str | None = None
    clipped_at: str = ""
    updated_at: str = ""
    content_hash: str = ""
    uid: str = ""
    id: int | None = None
    photos: list[Photo] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Lines extraction left out as page furniture or boilerplate ("Share", "Our Standards: ..."), kept so
    # that nothing clipped is silently lost; the reader can reveal them.
    dropped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["photos"] = [p.to_json() for p in self.photos]
        return d


@dataclass
class ClipResult:
    """What an extractor made of an input: the article, how it came in, and per-item warnings."""

    article: Article
    capture: Capture
    warnings: list[str] = field(default_factory=list)
    # ``archive.content_hash`` of the article's title and body when already computed (a bulk import does it in
    # its worker processes); empty: the archive computes it when storing
    content_hash: str = ""


@dataclass
class Tag:
    name: str
    color: str = ""
    count: int = 0
    id: int | None = None


@dataclass
class Hit:
    id: int
    title: str
    score: float
    snippet: str = ""
    source: str = ""
    place: str = ""
    published: str = ""


@dataclass
class SearchResult:
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
