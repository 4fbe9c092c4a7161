"""Photos keep their place: a figure in the middle of an article stays there in the stored body, the reader,
and the Markdown, HTML and PDF exports; articles without markers render as before."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.archive import Archive
from app.clip.markdown import clip_markdown
from app.clip.web import clip_html_file
from app.export.html import export_html
from app.export.markdown import export_markdown
from app.export.pdf import export_pdf
from app.model import Article, Photo
from app.photo_layout import layout, photo_marker, strip_markers
from app.search.plaintext import markdown_to_text
from tests.unit.test_archive import result
from ui import reader_html, theme

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = ROOT / "resources" / "samples" / "web" / "harbour-archive.html"
BEFORE = "each cutting is photographed with its pencilled date and source."
AFTER = "Brandt said the archive would stay searchable"
SECOND = "The morgue's oldest cabinet dates from 1931."


@pytest.fixture(autouse=True)
def _qapp(qapp: object) -> None:
    """A QApplication first (the PDF writer needs one)."""


@pytest.fixture
def harbour(archive: Archive) -> Article:
    return archive.add(clip_html_file(HARBOUR)).value


def _between(text: str, needle: str) -> bool:
    """``needle`` comes after BEFORE and before AFTER in ``text`` (whitespace ignored)."""
    flat = " ".join(text.split())
    return flat.find(BEFORE) < flat.find(needle) < flat.find(AFTER) and flat.find(BEFORE) >= 0


def test_layout_without_markers_is_the_old_order() -> None:
    assert layout("One.\n\nTwo.\n", 3).parts == [0, "One.\n\nTwo."]
    assert layout("One.\n\nTwo.\n", 3).more == [1, 2]
    assert layout("One.", 0).parts == ["One."] and layout("", 2).parts == [0]


def test_layout_with_markers() -> None:
    body = f"One.\n\n{photo_marker(1)}\n\nTwo.\n\n{photo_marker(0)}\n\n{photo_marker(7)}\n\n{photo_marker(1)}\n"
    order = layout(body, 3)
    assert order.parts == ["One.", 1, "Two.", 0]  # a marker for a photo the article lacks, or a repeat, is dropped
    assert order.more == [2]
    assert strip_markers(body) == "One.\n\nTwo.\n"
    assert markdown_to_text(body) == "One.\n\nTwo."  # invisible to the index


def test_the_second_photo_stays_in_the_stored_body(harbour: Article, archive: Archive) -> None:
    stored = archive.get(harbour.id)
    assert [p.caption.split(".")[0] for p in stored.photos][1] == SECOND.split(".")[0]
    body = stored.body
    assert body.index(BEFORE) < body.index(photo_marker(1)) < body.index(AFTER)
    assert photo_marker(0) not in body  # the lead photo stands above the body, as always


def test_reader_puts_the_photo_in_place(harbour: Article, archive: Archive) -> None:
    page = reader_html.article_html(archive.get(harbour.id), theme.current())
    text = re.sub(r"<[^>]+>", " ", page)
    assert _between(text, "oldest cabinet") and "MORE PHOTOS" not in page
    assert page.index("reading room") < page.index("For ninety years")  # the lead photo on top


def test_reader_without_markers_renders_as_before(archive: Archive) -> None:
    old = result(title="Old clip", body="First paragraph.\n\nSecond paragraph.")
    old.article.photos = [Photo(caption="Lead caption"), Photo(caption="Other caption")]
    page = reader_html.article_html(archive.get(archive.add(old).value.id), theme.current())
    assert page.index("Lead caption") < page.index("First paragraph") < page.index("MORE PHOTOS") < page.index(
        "Other caption")


def test_markdown_export_and_reimport_keep_the_place(harbour: Article, archive: Archive, tmp_path: Path) -> None:
    [index] = export_markdown(archive, [harbour.id], tmp_path / "md")
    text = index.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((assets/[^)]+)\)", text)
    assert len(images) == 2
    assert text.index(images[0]) < text.index("For ninety years")  # the lead photo first
    assert text.index(BEFORE) < text.index(images[1]) < text.index(AFTER)
    assert "<!--" not in text
    again = clip_markdown(index.read_bytes(), filename="index.md", folder=index.parent).article
    assert again.body.index(BEFORE) < again.body.index(photo_marker(1)) < again.body.index(AFTER)
    assert [p.caption for p in again.photos] == [p.caption for p in archive.get(harbour.id).photos]


def test_html_export_keeps_the_place(harbour: Article, archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "one.html"
    export_html(archive, [harbour.id], out, single_file=True)
    page = out.read_text(encoding="utf-8")
    figures = [m.start() for m in re.finditer("<figure>", page)]
    assert len(figures) == 2
    assert figures[0] < page.index("For ninety years")
    assert page.index(BEFORE) < figures[1] < page.index(AFTER)


def test_pdf_export_keeps_the_place(harbour: Article, archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "one.pdf"
    export_pdf(archive, [harbour.id], out, single_file=True)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert _between(text, "oldest cabinet dates from 1931")


def test_markers_survive_an_edit_of_other_fields(harbour: Article, archive: Archive) -> None:
    edited = archive.update(harbour.id, title="A new title").value
    assert photo_marker(1) in edited.body
