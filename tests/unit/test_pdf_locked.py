"""Password-protected PDFs (made by pypdf): one that needs a password to open is refused with a message that says
what to do and is stored nowhere; one with only an owner password (printing or copying limited) clips as usual."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.archive import Archive
from app.clip.dispatch import clip_source
from app.errors import PdfLocked
from app.imports.folder import import_paths
from tests.scans.pdfs import locked_pdf, text_pdf

PARAGRAPHS = [
    ["Lighthouse keepers' logbooks go online"],
    ["MOKPO, April 9, 2021, Yonhap News. The maritime museum has scanned ninety years",
     "of logbooks kept by the keepers of the islands' lighthouses and put them online."],
    ["The logbooks record weather, passing ships and the keepers' daily repairs."],
]


def test_a_pdf_that_needs_a_password_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(locked_pdf(text_pdf(PARAGRAPHS), user_password="harbour", owner_password="keeper"))
    with pytest.raises(PdfLocked) as caught:
        clip_source(path)
    message = str(caught.value)
    assert message.startswith("minutes.pdf: ") and "\n" not in message
    assert "password" in message and "save a copy without the password" in message


def test_a_pdf_with_only_an_owner_password_clips_normally(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(locked_pdf(text_pdf(PARAGRAPHS), user_password="", owner_password="keeper"))
    assert b"/Encrypt" in path.read_bytes()
    article = clip_source(path).article
    assert article.title == "Lighthouse keepers' logbooks go online"
    assert (article.place, article.published, article.source) == ("MOKPO", "2021-04-09", "Yonhap News")


def test_importing_a_folder_reports_the_locked_pdf_and_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "locked.pdf").write_bytes(locked_pdf(text_pdf(PARAGRAPHS), user_password="x", owner_password="y"))
    (folder / "open.pdf").write_bytes(locked_pdf(text_pdf(PARAGRAPHS), user_password="", owner_password="y"))
    with Archive.create(tmp_path / "a.cuttings") as archive:
        report = import_paths(archive, [folder], workers=0)
        assert len(report.added) == 1 and len(archive.ids()) == 1
        [(where, error)] = report.failed
        assert where.endswith("locked.pdf") and "locked with a password" in error
