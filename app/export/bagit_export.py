"""BagIt export (RFC 8493, the Library of Congress ``bagit`` package): the Markdown export of the
selection plus every original capture, with SHA-256 manifests, validated before it is put in place.

Payload layout::

    data/articles/YYYY-MM-DD-slug/index.md, assets/…   (the Markdown export, photos as stored)
    data/captures/YYYY-MM-DD-slug/1-original.html      (what was clipped, byte for byte)
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import bagit

from app import __version__
from app.errors import CuttingsError
from app.export.atomic import atomic_folder
from app.export.markdown import write_markdown_tree
from app.export.names import safe_name
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.media import ext_for

if TYPE_CHECKING:
    from app.archive import Archive

logging.getLogger("bagit").setLevel(logging.WARNING)


class BagInvalid(CuttingsError):
    """A bag does not validate (a file is missing, added or changed)."""


def export_bagit(archive: Archive, ids: Sequence[int], out: Path, *, organization: str = "",
                 description: str = "", progress: Progress = no_progress,
                 cancelled: CancelCheck = never_cancelled) -> list[Path]:
    """Write a validated bag to the new folder ``out``; returns ``[out]``."""
    total = len(ids) * 2 + 1
    with atomic_folder(out) as tmp:
        (tmp / "articles").mkdir()
        folders = write_markdown_tree(archive, ids, tmp / "articles", cancelled=cancelled,
                                      progress=lambda d, _t, m: progress(d, total, m))
        for n, (article_id, folder) in enumerate(zip(ids, folders, strict=True)):
            check_cancel(cancelled)
            _copy_captures(archive, article_id, tmp / "captures" / folder.name)
            progress(len(ids) + n + 1, total, "captures")
        info = {
            "Source-Organization": organization or "Cuttings archive",
            "External-Description": description or (
                f"{len(ids)} press cuttings exported from the Cuttings archive {archive.path.name}: "
                "Markdown with photos, and the original captures."),
            "Bag-Software-Agent": f"Cuttings {__version__} with bagit-python {bagit.VERSION}",
            "External-Identifier": archive.path.name,
        }
        bag = bagit.make_bag(str(tmp), bag_info=info, checksums=["sha256"])
        declare_version_1(Path(bag.path))
        progress(total - 1, total, "validating")
        validate_bag(Path(bag.path))
        progress(total, total, "done")
    return [out]


BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def declare_version_1(path: Path) -> None:
    """bagit-python writes a 0.97 declaration; our bags follow RFC 8493 (BagIt 1.0): say so, and
    rewrite the tag manifest that lists bagit.txt's checksum."""
    (path / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bagit.Bag(str(path)).save(manifests=False)


def _copy_captures(archive: Archive, article_id: int, folder: Path) -> None:
    for n, capture in enumerate(archive.captures(article_id), 1):
        if not capture.raw_sha256:
            continue
        source = archive.blob_path(capture.raw_sha256)
        stem = Path(capture.filename).stem if capture.filename else "original"
        name = safe_name(f"{n}-{stem}"[:80]) + (source.suffix or ext_for(capture.mime))
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)


def validate_bag(path: Path) -> None:
    """Check every manifest and the Payload-Oxum; raise :class:`BagInvalid` with the first problems."""
    try:
        bagit.Bag(str(path)).validate()
    except bagit.BagValidationError as exc:
        details = "; ".join(str(d) for d in getattr(exc, "details", [])[:5])
        raise BagInvalid(f"The bag {path} is not valid: {exc.message}{': ' + details if details else ''}") from exc
    except bagit.BagError as exc:
        raise BagInvalid(f"{path} is not a valid bag: {exc}") from exc
