"""HTML export: self-contained (no outside resource at all), photos as data: URIs, captions and credits."""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.archive import Archive
from app.export.html import export_html
from app.samples import add_samples


class Refs(HTMLParser):
    """Collects every URL-bearing attribute, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action", "background") and value:
                self.refs.append((tag, name, value))
            if name == "style" and value and "url(" in value:
                self.refs.append((tag, name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def sample_archive(archive: Archive) -> Archive:
    add_samples(archive)
    archive.update(1, body=archive.get(1).body + "\n\nSee [the ministry](https://mofa.example/) and "
                   "![a chart](https://cdn.example/chart.png) and <img src='https://evil.example/x.gif'>.")
    return archive


def test_single_file_is_self_contained(sample_archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    export_html(sample_archive, sample_archive.ids(), out, single_file=True)
    page = out.read_text(encoding="utf-8")
    parser = Refs()
    parser.feed(page)
    external = [(t, n, v) for t, n, v in parser.refs if not v.startswith(("data:", "#"))]
    sources = {sample_archive.get(i).url or sample_archive.get(i).canonical_url for i in sample_archive.ids()} - {""}
    assert all(t == "a" and n == "href" and v in sources for t, n, v in external), external
    assert "url(" not in page and "@import" not in page and "https://cdn.example" not in page.split("<body>")[1]
    images = [v for t, n, v in parser.refs if t == "img"]
    assert len(images) == 3 and all(v.startswith("data:image/") for v in images)
    article = sample_archive.get(3)
    assert base64.b64decode(images[1].split(",", 1)[1]) == sample_archive.blob(article.photos[0].sha256)
    text = " ".join(" ".join(parser.text).split())
    assert "Ledger Photo/Tomas Irving" in text and "서울도서관" in text and "Photo not in the archive" in text
    assert "&lt;img" in page  # raw HTML in a body is shown, never run
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('href="#article-') == 3  # the contents


def test_one_file_per_article(sample_archive: Archive, tmp_path: Path) -> None:
    files = export_html(sample_archive, sample_archive.ids(), tmp_path / "pages")
    assert len(files) == 3 and all(f.is_file() for f in files)
    korean = next(f for f in files if "서울" in f.name)
    assert '<html lang="ko">' in korean.read_text(encoding="utf-8")
