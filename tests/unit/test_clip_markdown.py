"""clip_markdown: front matter, title heading, local images with captions, fallback to text parsing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image

import app
from app.clip.markdown import clip_markdown
from app.errors import UnsupportedInput

FRONT = """---
title: Ministers meet in Seoul
subtitle: Talks aim to ease tension
authors: [Jane Doe, John Roe]
source: The Korea Herald
published: 2020-07-02
place: SEOUL
url: https://example.com/story
tags: [places/Korea/Seoul, diplomacy]
clipped: 2024-01-05T10:00:00Z
id: 01HXYZ
language: en
sha256: abc123
---
"""


def _folder_with_image(tmp_path: Path, name: str = "x.jpg", size: tuple[int, int] = (30, 20)) -> Path:
    assets = tmp_path / "assets"
    assets.mkdir(exist_ok=True)
    Image.new("RGB", size, "blue").save(assets / name, "JPEG")
    return assets / name


def test_front_matter_fills_article(tmp_path: Path) -> None:
    data = (FRONT + "# Ministers meet in Seoul\n\nFirst paragraph.\n\n## A subhead\n\nSecond.\n").encode()
    result = clip_markdown(data, filename="story.md", folder=tmp_path)
    a = result.article
    assert a.title == "Ministers meet in Seoul"
    assert a.subtitle == "Talks aim to ease tension"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert (a.source, a.published, a.place, a.url, a.language) == (
        "The Korea Herald", "2020-07-02", "SEOUL", "https://example.com/story", "en",
    )
    assert a.tags == ["places/Korea/Seoul", "diplomacy"]
    assert a.uid == "01HXYZ"
    assert a.clipped_at.startswith("2024-01-05T10:00:00")
    assert a.content_hash == "abc123"
    assert a.body == "First paragraph.\n\n## A subhead\n\nSecond."
    c = result.capture
    assert (c.method, c.mime, c.filename, c.tool_version) == ("markdown", "text/markdown", "story.md", app.__version__)
    assert c.raw == data and c.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert result.warnings == []


def test_partial_published_and_string_lists() -> None:
    data = b"---\ntitle: T\npublished: 2020\nauthors: Jane Doe\ntags: a, b\n---\nBody.\n"
    a = clip_markdown(data).article
    assert (a.published, a.authors, a.tags, a.body) == ("2020", ["Jane Doe"], ["a", "b"], "Body.")


def test_heading_different_from_title_is_kept() -> None:
    a = clip_markdown(b"---\ntitle: T\n---\n# Other\n\nBody.\n").article
    assert a.body == "# Other\n\nBody."


def test_heading_becomes_title_when_missing() -> None:
    a = clip_markdown(b"---\nsource: X\n---\n# The heading\n\nBody.\n").article
    assert (a.title, a.body) == ("The heading", "Body.")


@pytest.mark.parametrize(
    ("caption_line", "caption", "credit"),
    [
        ("*Soldiers stand guard* — AP Photo/Ahn Young-joon", "Soldiers stand guard", "AP Photo/Ahn Young-joon"),
        ("_Soldiers stand guard_", "Soldiers stand guard", ""),
        ("*Soldiers stand guard (Photo: Reuters)*", "Soldiers stand guard", "Reuters"),
        ("Soldiers stand guard (AP Photo/Ahn Young-joon)", "Soldiers stand guard", "AP Photo/Ahn Young-joon"),
    ],
)
def test_image_with_caption_becomes_photo(tmp_path: Path, caption_line: str, caption: str, credit: str) -> None:
    image = _folder_with_image(tmp_path)
    data = f"---\ntitle: T\n---\nIntro.\n\n![Guards](assets/x.jpg)\n{caption_line}\n\nAfter.\n".encode()
    result = clip_markdown(data, filename="s.md", folder=tmp_path)
    [photo] = result.article.photos
    assert (photo.caption, photo.credit, photo.alt) == (caption, credit, "Guards")
    assert photo.sha256 == hashlib.sha256(image.read_bytes()).hexdigest()
    assert (photo.width, photo.height) == (30, 20)
    assert result.article.body == "Intro.\n\n<!-- photo 1 -->\n\nAfter."  # the photo keeps its place


def test_emphasised_caption_in_next_paragraph(tmp_path: Path) -> None:
    _folder_with_image(tmp_path)
    data = "---\ntitle: T\n---\n![](assets/x.jpg)\n\n*A caption* — Credit\n\nBody.\n".encode()
    result = clip_markdown(data, folder=tmp_path)
    assert [(p.caption, p.credit) for p in result.article.photos] == [("A caption", "Credit")]
    assert result.article.body == "Body."


def test_plain_paragraph_after_image_stays_body(tmp_path: Path) -> None:
    _folder_with_image(tmp_path)
    data = b"---\ntitle: T\n---\n![](assets/x.jpg)\n\nA body paragraph.\n"
    result = clip_markdown(data, folder=tmp_path)
    assert result.article.photos[0].caption == ""
    assert result.article.body == "A body paragraph."


def test_two_images_in_order(tmp_path: Path) -> None:
    _folder_with_image(tmp_path, "a.jpg")
    _folder_with_image(tmp_path, "b.jpg", (10, 10))
    data = b"---\ntitle: T\n---\n![](assets/a.jpg)\n*One*\n\nText.\n\n![](assets/b.jpg)\n*Two*\n"
    photos = clip_markdown(data, folder=tmp_path).article.photos
    assert [(p.caption, p.position, p.width) for p in photos] == [("One", 0, 30), ("Two", 1, 10)]


def test_image_outside_folder_stays_a_link(tmp_path: Path) -> None:
    inner = tmp_path / "cutting"
    inner.mkdir()
    Image.new("RGB", (5, 5)).save(tmp_path / "secret.jpg", "JPEG")
    data = b"---\ntitle: T\n---\n![](../secret.jpg)\n\nBody.\n"
    result = clip_markdown(data, folder=inner)
    assert result.article.photos == []
    assert "![](../secret.jpg)" in result.article.body
    assert "outside" in result.warnings[0]


def test_missing_image_warns(tmp_path: Path) -> None:
    result = clip_markdown(b"---\ntitle: T\n---\n![](assets/none.jpg)\n", folder=tmp_path)
    assert result.article.photos == [] and "missing" in result.warnings[0]


def test_remote_image_stays_without_warning(tmp_path: Path) -> None:
    result = clip_markdown(b"---\ntitle: T\n---\n![](https://example.com/a.jpg)\n", folder=tmp_path)
    assert result.article.photos == [] and result.warnings == []
    assert result.article.body == "![](https://example.com/a.jpg)"


def test_bad_image_warns_and_keeps_caption(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "bad.jpg").write_bytes(b"not an image")
    result = clip_markdown(b"---\ntitle: T\n---\n![](assets/bad.jpg)\n*Cap* - Cred\n", folder=tmp_path)
    assert [(p.caption, p.credit, p.sha256) for p in result.article.photos] == [("Cap", "Cred", None)]
    assert "bad.jpg" in result.warnings[0]


def test_without_front_matter_falls_back_to_text(tmp_path: Path) -> None:
    data = b"# Title\n\nBy Jane Doe\n\nTOKYO \xe2\x80\x94 Markets rose.\n"
    result = clip_markdown(data, filename="n.md", folder=tmp_path)
    a = result.article
    assert (a.title, a.authors, a.place, a.body) == ("Title", ["Jane Doe"], "TOKYO", "Markets rose.")
    assert result.capture.method == "markdown"


def test_bad_yaml_falls_back_with_warning() -> None:
    result = clip_markdown(b"---\ntitle: [unclosed\n---\nBody.\n", filename="x.md")
    assert result.warnings and "x.md" in result.warnings[0]


def test_non_mapping_front_matter_falls_back() -> None:
    result = clip_markdown(b"---\n- a\n- b\n---\nBody.\n")
    assert result.warnings


def test_empty_refused() -> None:
    with pytest.raises(UnsupportedInput):
        clip_markdown(b"", filename="e.md")


def test_yaml_is_safe_loaded() -> None:
    result = clip_markdown(b"---\ntitle: !!python/object/apply:os.system ['true']\n---\nBody.\n")
    assert result.warnings  # refused by safe_load, read as text
