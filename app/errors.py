"""Specific exceptions with messages a person can act on."""

from __future__ import annotations

import errno


class CuttingsError(Exception):
    """Base class: every error the core raises on purpose."""


class ArchiveNotFound(CuttingsError):
    """The folder is not a Cuttings archive."""


class ArchiveLocked(CuttingsError):
    """Another process holds a lock we need and did not let go in time."""


class ArchiveDamaged(CuttingsError):
    """The archive's database file is damaged (SQLite: malformed, not a database)."""


class ArchiveReadOnly(CuttingsError):
    """A change was asked of an archive that can only be read (read-only medium, share or permissions)."""


class IndexUnreadable(CuttingsError):
    """The search index is damaged in a way found only while searching; a reindex rebuilds it."""


class ArchiveTooNew(CuttingsError):
    """The archive was written by a newer Cuttings than this one."""


class UnsupportedInput(CuttingsError):
    """The input is not something Cuttings can clip (binary junk, unknown type)."""


class NoTextFound(UnsupportedInput):
    """OCR found no text in an image: it is a photo, not a scanned cutting."""


class PdfLocked(UnsupportedInput):
    """A PDF that opens only with a password (or is protected in a way PDFium cannot read)."""


class ImageTooLarge(CuttingsError):
    """An image is a decompression bomb or too large to store."""


class BadImage(CuttingsError):
    """An image is truncated, fake, or of a format we do not keep."""


class FetchError(CuttingsError):
    """A URL could not be fetched (HTTP error, timeout, size cap, wrong content type)."""


class DuplicateArticle(CuttingsError):
    """The same article (canonical URL or content) is already in the archive."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class ArticleNotFound(CuttingsError):
    """No article with that id."""


class TagError(CuttingsError):
    """A tag operation is not possible (unknown tag, bad name)."""


class QueryError(CuttingsError):
    """A search query is malformed."""


class Cancelled(CuttingsError):
    """A long operation was cancelled by the user."""


class UnsafeBlobName(CuttingsError):
    """A blob's recorded SHA-256 or extension is not one the media store makes (a damaged or crafted database)."""


class StorageError(CuttingsError):
    """A file could not be written (a full disk, no permission); the message names the path and the operation."""


def storage_error(exc: OSError, doing: str, path: object) -> StorageError:
    """A :class:`StorageError` for ``exc``: what was being done (``doing``), where, and why in the OS's words."""
    why = exc.strerror or str(exc) or type(exc).__name__
    hint = " Free some space and try again." if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return StorageError(f"Could not {doing} {path}: {why}.{hint}")
