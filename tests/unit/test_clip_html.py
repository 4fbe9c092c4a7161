"""extract_html and the file entry points: the sample page, photos, metadata, Markdown, saved folders."""

from __future__ import annotations

import base64
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.clip.fetch import decode_html
from app.clip.html import extract_html
from app.clip.web import clip_html_bytes, clip_html_file, clip_saved_page_folder, reextract
from app.errors import UnsupportedInput

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "web" / "harbour-archive.html"


def _png(size: tuple[int, int] = (200, 120)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def _data_uri(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def test_sample_page_metadata_body_and_photos() -> None:
    result = clip_html_file(SAMPLE)
    a = result.article
    assert a.title == "Harbour town opens its newspaper morgue to the public"
    assert a.authors == ["Maren Holt"]
    assert a.source == "The Coastal Ledger"
    assert a.published == "2023-11-14"
    assert a.modified == "2023-11-15"
    assert a.place == "PORT ELLIS"
    assert a.canonical_url == "https://ledger.example/news/2023/11/14/harbour-morgue"
    assert a.language == "en"
    assert "## A decade of digitising" in a.body
    assert "“Every one of these envelopes is a small piece of the town’s memory,”" in a.body
    assert a.body.startswith("For ninety years")
    for junk in (
        "cookies",
        "Related stories",
        "Cannery closes",
        "Great news",
        "All rights reserved",
        "newsletter",
        "Maren Holt",
        "Harbour town opens",
    ):
        assert junk not in a.body
    assert [Path(p.original_url).name for p in a.photos] == ["reading-room.jpg", "cabinet.png"]
    first, second = a.photos
    assert first.credit == "Ledger Photo/Tomas Irving"
    assert (
        first.caption
        == "Volunteers sort envelopes of clippings in the library's reading room on Nov. 10, 2023."
    )
    assert first.alt == "Volunteers sort clippings in the reading room"
    assert second.credit == "Photo courtesy of Port Ellis Public Library"
    assert second.caption == "The morgue's oldest cabinet dates from 1931."
    assert first.data and first.mime == "image/jpeg" and second.data and second.mime == "image/png"
    assert [p.position for p in a.photos] == [0, 1]
    assert result.warnings == []
    c = result.capture
    assert c.method == "html" and c.filename == "harbour-archive.html" and c.raw == SAMPLE.read_bytes()
    assert c.raw_sha256 and c.fetched_at.endswith("Z") and "trafilatura" in c.tool_version


def test_reextract_gives_the_same_article() -> None:
    first = clip_html_file(SAMPLE)
    again = reextract(first.capture, SAMPLE.read_bytes())
    assert again.article.body == first.article.body
    assert again.article.title == first.article.title
    assert [p.caption for p in again.article.photos] == [p.caption for p in first.article.photos]


def test_saved_page_folder_reads_page_files(tmp_path: Path) -> None:
    html = SAMPLE.read_text(encoding="utf-8").replace("images/", "Harbour_files/")
    (tmp_path / "Harbour.html").write_text(html, encoding="utf-8")
    shutil.copytree(SAMPLE.parent / "images", tmp_path / "Harbour_files")
    result = clip_saved_page_folder(tmp_path)
    assert [p.mime for p in result.article.photos] == ["image/jpeg", "image/png"]
    assert result.warnings == []


def test_folder_without_page_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInput, match=r"no \.html"):
        clip_saved_page_folder(tmp_path)


def test_images_outside_the_page_folder_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(_png())
    page = tmp_path / "page"
    page.mkdir()
    body = "<p>" + "A paragraph of article text that is long enough to count. " * 6 + "</p>"
    (page / "a.html").write_text(
        f'<html><body><article><h1>T</h1><figure><img src="../secret.png" alt="x"><figcaption>Cap</figcaption>'
        f"</figure>{body}</article></body></html>",
        encoding="utf-8",
    )
    result = clip_html_file(page / "a.html")
    assert any("outside the page's folder" in w for w in result.warnings)
    assert result.article.photos[0].data is None and result.article.photos[0].caption == "Cap"


def test_data_uri_images_and_junk_images() -> None:
    text = "<p>" + "The council met on Monday to discuss the harbour wall and its repair. " * 5 + "</p>"
    html = f"""<html lang="en"><head><title>Wall | Gazette</title></head><body>
    <header><img src="/static/site-logo.png" alt="Gazette" width="200" height="60"></header>
    <article><h1>Wall</h1>
      <img class="author-avatar" src="/a/jo.jpg" width="48" height="48" alt="Jo">
      <figure><img src="{_data_uri(_png())}" alt="The wall"><figcaption>The wall at dawn. (Gazette Photo/Ann Lee)</figcaption></figure>
      {text}
      <div class="ad-slot"><img src="/ads/sale.jpg" alt="Sale"></div>
      <img src="/p.gif" width="1" height="1" alt="">
      <img src="/images/sponsor-banner.jpg" alt="Sponsor">
    </article>
    <div class="more"><img src="/img/other.jpg" alt="Another story"></div></body></html>"""
    result = clip_html_bytes(html.encode())
    photos = result.article.photos
    assert len(photos) == 1
    assert photos[0].caption == "The wall at dawn." and photos[0].credit == "Gazette Photo/Ann Lee"
    assert photos[0].mime == "image/png" and photos[0].original_url == ""
    assert result.capture.method == "html"


def test_broken_data_image_is_dropped_with_a_warning() -> None:
    text = "<p>" + "Enough text for an article body to be found by the extractor here. " * 5 + "</p>"
    fake = _data_uri(b"this is not a png at all")
    html = f'<html><body><article><figure><img src="{fake}" alt="x"><figcaption>Fake</figcaption></figure>{text}</article></body></html>'
    result = extract_html(html)
    assert result.article.photos == []
    assert len(result.warnings) == 1 and "left out" in result.warnings[0]
    assert "Enough text" in result.article.body


def test_lazy_images_use_the_real_source() -> None:
    text = "<p>" + "Some article text that is long enough to be the main content of it. " * 5 + "</p>"
    html = f"""<html><body><article>
      <figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/real.jpg" alt="Real"></figure>
      <figure><img srcset="/img/s.jpg 300w, /img/l.jpg 1200w" alt="Set"></figure>{text}</article></body></html>"""
    result = extract_html(html, base_url="https://news.example/a/b.html")
    assert [p.original_url for p in result.article.photos] == [
        "https://news.example/img/real.jpg",
        "https://news.example/img/l.jpg",
    ]
    assert all(p.data is None for p in result.article.photos)  # no loader: caption/alt only, no warning


def test_json_ld_graph_and_dateline_variants() -> None:
    html = """<html lang="en-US"><head><title>Senate acts - AP News</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"Organization","@id":"#org","name":"AP News"},
      {"@type":"Person","@id":"#p1","name":"Lisa Mascaro"},
      {"@type":["NewsArticle"],"headline":"Senate acts","author":[{"@id":"#p1"}],"publisher":{"@id":"#org"},
       "datePublished":"2024-09-26T22:14:31Z","description":"A standfirst."}]}</script></head>
    <body><article><h1>Senate acts</h1><p class="byline">By Lisa Mascaro</p>
    <p>WASHINGTON (AP) — The Senate on Thursday passed a bill to keep the government funded for months.</p>
    <p>The vote was 78-18 after a long day of debate on the floor of the chamber in the capital city.</p>
    </article></body></html>"""
    a = extract_html(html).article
    assert (a.title, a.authors, a.source, a.published) == (
        "Senate acts",
        ["Lisa Mascaro"],
        "AP News",
        "2024-09-26",
    )
    assert a.subtitle == "A standfirst."
    assert a.place == "WASHINGTON"
    assert a.body.startswith("The Senate on Thursday")
    assert "Lisa Mascaro" not in a.body


def test_markdown_keeps_structure_and_escapes() -> None:
    html = """<html><body><article><h1>Title</h1>
    <p>1984. That was the year the <em>paper</em> moved to <strong>Mill Road</strong>.</p>
    <h3>Reactions</h3><blockquote><p>It was a sad day.</p></blockquote>
    <ul><li>First point</li><li>Second * point</li></ul><ol><li>One</li><li>Two</li></ol>
    <p>Another paragraph that makes the article long enough for extraction to keep it all.</p></article></body></html>"""
    body = extract_html(html).article.body
    # trafilatura keeps bold and italic only with include_formatting, which loses text on some real pages
    assert "1984\\. That was the year the paper moved to Mill Road." in body
    assert "### Reactions" in body
    assert "> It was a sad day." in body
    assert "- First point\n- Second \\* point" in body
    assert "1. One\n2. Two" in body


def test_empty_html_is_refused() -> None:
    with pytest.raises(UnsupportedInput):
        extract_html(b"   ")


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        ("<p>café</p>".encode("cp1252"), "iso-8859-1", "café"),
        ('<meta charset="euc-kr"><p>서울</p>'.encode("euc-kr"), None, "서울"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>東京</p>'.encode(
                "shift_jis"
            ),
            None,
            "東京",
        ),
        ("<p>naïve</p>".encode(), None, "naïve"),
        ("\ufeff<p>bom</p>".encode("utf-16"), "iso-8859-1", "<p>bom</p>"),
    ],
)
def test_decode_html(body: bytes, header: str | None, expected: str) -> None:
    assert expected in decode_html(body, header)


def test_decode_html_detects_without_any_declaration() -> None:
    text = (
        "<html><body><p>"
        + "서울시가 내년부터 한강 공원에 야간 도서관을 운영한다. " * 20
        + "</p></body></html>"
    )
    assert "한강 공원" in decode_html(text.encode("euc-kr"))


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("<>/=\"' abcpdivhfigurmtl1é한\n")) | st.characters(), max_size=300)
)
def test_any_input_gives_a_result_or_a_clear_refusal(text: str) -> None:
    try:
        result = extract_html(text)
    except UnsupportedInput:
        return
    assert isinstance(result.article.body, str)


def test_xhtml_with_xml_declaration_and_no_article_element() -> None:
    text = "".join(
        f"<p>Paragraph {i} of a page that has no article element, just paragraphs in a div.</p>"
        for i in range(6)
    )
    html = f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><div id="x">{text}</div></body></html>'
    body = extract_html(html).article.body
    assert "Paragraph 0" in body and "Paragraph 5" in body


def test_layout_pages_photos_standfirst_and_bylines() -> None:
    pages = ROOT / "tests" / "data" / "pages"
    guardian = extract_html((pages / "guardian-like.html").read_bytes()).article
    assert guardian.subtitle.startswith("Shop in Presteigne")
    assert [(p.caption, p.credit) for p in guardian.photos] == [
        ("Catrin Rees outside the shop, which has traded since 1761.", "Dan Hughes/The Guardian")
    ]
    bbc = extract_html((pages / "bbc-like.html").read_bytes()).article
    assert bbc.authors == ["Amy Holden"]
    assert [(p.caption, p.credit) for p in bbc.photos] == [
        ("The storks built their nest on the bell tower in April", "White Stork Project")
    ]
    ap = extract_html((pages / "ap-like.html").read_bytes()).article
    # the contributors' line joins the byline's author and stays, as written, in the notes
    assert (ap.authors, ap.place) == (["Lisa Mascaro", "Kevin Freking", "Mary Clare Jalonick"], "WASHINGTON")
    assert ap.notes == "Associated Press writers Kevin Freking and Mary Clare Jalonick contributed to this report."
    korean = extract_html((pages / "korean-news.html").read_bytes()).article
    assert (korean.place, korean.language, korean.authors) == ("서울", "ko", ["김민지"])
    assert korean.body.startswith("서울시가 내년부터")
