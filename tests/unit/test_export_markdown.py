"""Markdown export: folder layout, safe names, YAML front matter, image links, and the round trip
through the Markdown clipper."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from app.archive import Archive
from app.clip.dispatch import clip_source
from app.errors import Cancelled
from app.export.markdown import caption_line, export_markdown
from app.export.names import UniqueNames, article_stem, safe_name, slugify
from app.model import Article, Photo
from app.samples import add_samples


@pytest.fixture
def sample_archive(archive: Archive) -> Archive:
    add_samples(archive)
    return archive


def _front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_layout_front_matter_and_links(sample_archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "md"
    files = export_markdown(sample_archive, sample_archive.ids(), out)
    assert len(files) == 3 and all(f.name == "index.md" and f.is_file() for f in files)
    names = sorted(f.parent.name for f in files)
    assert names[0] == "2020-07-02-s-korean-fm-vows-all-out-efforts-to-resume-dialogue-with-n-korea"
    assert "2024-03-05-서울도서관-근대-신문-스크랩-10만-건-디지털-공개" in names
    for f in files:
        meta, body = _front_matter(f.read_text(encoding="utf-8"))
        article = sample_archive.get(next(i for i in sample_archive.ids() if sample_archive.get(i).uid == meta["id"]))
        assert meta["title"] == article.title and meta["sha256"] == article.content_hash
        assert meta["published"] == article.published and meta["tags"] == ["samples"]
        images = [t for tok in MarkdownIt("commonmark").parse(body) for t in (tok.children or []) if t.type == "image"]
        assert len(images) == sum(1 for p in article.photos if p.sha256)
        for image in images:
            target = f.parent / image.attrGet("src")
            assert target.is_file() and target.resolve().is_relative_to(f.parent.resolve())
    korean = next(f for f in files if "서울" in f.parent.name)
    meta, _ = _front_matter(korean.read_text(encoding="utf-8"))
    assert meta["captions_without_image"][0]["credit"] == "연합뉴스 사진/김민지"


def test_round_trip_through_the_markdown_clipper(sample_archive: Archive, tmp_path: Path) -> None:
    files = export_markdown(sample_archive, sample_archive.ids(), tmp_path / "md")
    with Archive.create(tmp_path / "again.cuttings") as again:
        for f in files:
            result = clip_source(f, allow_network=False)
            assert result.warnings == []
            copy = again.add(result).value
            original = next(sample_archive.get(i) for i in sample_archive.ids() if sample_archive.get(i).uid == copy.uid)
            assert copy.url == (original.url or original.canonical_url)
            assert copy.body == original.body.strip()
            for field in ("title", "subtitle", "authors", "source", "published", "place", "language",
                          "content_hash", "tags", "clipped_at"):
                assert getattr(copy, field) == getattr(original, field), field
            # photos with an image first (from assets/), then captions still waiting for their image
            ordered = [p for p in original.photos if p.sha256] + [p for p in original.photos if not p.sha256]
            assert [(p.sha256, p.caption, p.credit, p.alt) for p in copy.photos] == \
                [(p.sha256, p.caption, p.credit, p.alt) for p in ordered]
            assert copy.canonical_url == original.canonical_url


def test_caption_lines() -> None:
    assert caption_line(Photo(caption="A *bold* claim", credit="AP")) == "_A *bold* claim_ — AP"
    assert caption_line(Photo(caption="Two\nlines", credit="")) == "*Two lines*"
    assert caption_line(Photo()) == ""


def test_safe_names() -> None:
    assert safe_name("CON") == "CON-" and safe_name("lpt1.txt") == "lpt1.txt-"
    assert safe_name('a<b>c:d"e/f\\g|h?i*j') == "a-b-c-d-e-f-g-h-i-j"
    assert safe_name("trailing. ") == "trailing"
    slug = slugify("Ünïcode — “quotes” & 한국어 " * 20)
    assert len(slug.encode()) <= 100 and slug.startswith("ünïcode-quotes-한국어")
    assert slugify("café".replace("é", "e\u0301")) == "café"  # NFC
    names = UniqueNames()
    assert [names.take("a", ".pdf"), names.take("A", ".pdf"), names.take("a", ".pdf")] == ["a.pdf", "A-2.pdf", "a-3.pdf"]
    assert article_stem(Article(title="Nul", published="2020-07")) == "2020-07-nul"
    assert article_stem(Article(title="???")) == "undated-article"


def test_cancel_leaves_nothing(sample_archive: Archive, tmp_path: Path) -> None:
    calls = []
    with pytest.raises(Cancelled):
        export_markdown(sample_archive, sample_archive.ids(), tmp_path / "md", cancelled=lambda: len(calls) > 0,
                        progress=lambda *a: calls.append(a))
    assert list(tmp_path.iterdir()) == [tmp_path / "test.cuttings"]
