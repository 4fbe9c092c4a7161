"""Text cuttings end to end: the two sample fixtures, parser rules, images, junk and a property test."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import app
from app.clip.text import clip_text, clip_text_file, escape_markdown, guess_language, parse_text_cutting
from app.errors import UnsupportedInput

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
KH = SAMPLES / "korea-herald-2020-07-02.txt"
KO = SAMPLES / "seoul-library-ko.txt"


def _jpeg(width: int = 40, height: int = 30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buf, "JPEG")
    return buf.getvalue()


# --- fixtures end to end -------------------------------------------------------------------------


def test_korea_herald_fixture_text_only(tmp_path: Path) -> None:
    path = tmp_path / KH.name
    shutil.copy(KH, path)
    result = clip_text_file(path)
    article = result.article
    assert article.title == "S. Korean FM vows all-out efforts to resume dialogue with N. Korea"
    assert (article.place, article.published, article.source) == ("SEOUL", "2020-07-02", "The Korea Herald")
    assert article.language == "en"
    assert len(article.photos) == 1
    photo = article.photos[0]
    assert photo.caption.startswith("In this Dec. 16, 2019, photo, ")
    assert photo.caption.endswith("“Christmas surprise.”")
    assert photo.credit == "AP Photo/Ahn Young-joon; Sketched by the Pan Pacific Agency"  # a second credit
    assert "Sketched" not in photo.caption
    assert photo.sha256 is None
    assert article.body.startswith("Foreign Minister Kang Kyung-wha on Thursday said")
    assert article.body.endswith("during World War II.")
    assert "Share it" not in article.body and "Exclusive" not in article.body
    assert "In this Dec. 16" not in article.body
    assert result.warnings == []


def test_korea_herald_fixture_with_image() -> None:
    result = clip_text_file(KH)
    photo = result.article.photos[0]
    data = KH.with_suffix(".jpg").read_bytes()
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.mime == "image/jpeg"
    assert photo.data == data
    assert photo.credit.startswith("AP Photo/Ahn Young-joon; ")


def test_korea_herald_capture() -> None:
    raw = KH.read_bytes()
    result = clip_text_file(KH)
    capture = result.capture
    assert capture.method == "text"
    assert capture.raw == raw
    assert capture.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert capture.mime == "text/plain"
    assert capture.filename == KH.name
    assert capture.tool_version == app.__version__
    assert capture.fetched_at.endswith("+00:00")
    assert b"Sketched by the Pan Pacific Agency." in capture.raw


def test_korea_herald_body_paragraphs() -> None:
    body = clip_text_file(KH).article.body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 13
    assert all("\n" not in p for p in paragraphs)


def test_korean_fixture() -> None:
    result = clip_text_file(KO)
    article = result.article
    assert article.title == "서울도서관, 근대 신문 스크랩 10만 건 디지털 공개"
    assert (article.place, article.published, article.source) == ("서울", "2024-03-05", "연합뉴스")
    assert article.language == "ko"
    assert [p.credit for p in article.photos] == ["연합뉴스 사진/김민지"]
    assert article.photos[0].caption.startswith("지난 3일 서울 중구")
    assert article.body.startswith("서울도서관은 5일")
    assert article.body.endswith("마칠 계획이다.")
    assert "공유하기" not in article.body


def test_korean_fixture_in_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "seoul.txt"
    path.write_bytes(KO.read_text(encoding="utf-8").encode("cp949"))
    article = clip_text_file(path).article
    assert article.title == "서울도서관, 근대 신문 스크랩 10만 건 디지털 공개"
    assert article.place == "서울"


# --- images ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jpg", ".jpeg", ".png", ".gif", ".webp", ".JPG"])
def test_companion_image_formats(tmp_path: Path, suffix: str) -> None:
    text = tmp_path / "story.txt"
    text.write_text("Title\n\nA caption here. (AP Photo/Jane Doe)\n\nBody text.\n", encoding="utf-8")
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}[suffix.lower()]
    Image.new("RGB", (20, 10), "red").save(tmp_path / f"story{suffix}", fmt)
    photo = clip_text_file(text).article.photos[0]
    assert (photo.width, photo.height) == (20, 10)
    assert photo.caption == "A caption here."


def test_bad_image_is_a_warning(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("Title\n\nA caption. (AP Photo/Jane Doe)\n\nBody.\n", encoding="utf-8")
    (tmp_path / "story.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    result = clip_text_file(text)
    assert result.article.title == "Title"
    assert result.article.photos[0].sha256 is None
    assert len(result.warnings) == 1 and "story.jpg" in result.warnings[0]


def test_image_without_caption_becomes_a_photo() -> None:
    result = clip_text(b"Title\n\nBody text.\n", filename="s.txt", image=_jpeg(), image_name="s.jpg")
    photos = result.article.photos
    assert len(photos) == 1 and photos[0].width == 40 and photos[0].caption == ""
    assert result.article.body == "Body text."


def test_image_exif_fills_missing_credit() -> None:
    im = Image.new("RGB", (8, 8), "white")
    exif = Image.Exif()
    exif[0x013B] = "Jane Doe"  # Artist
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    result = clip_text(b"Title\n\nIn this photo, a cat sleeps.\n\nBody.\n", image=buf.getvalue())
    photo = result.article.photos[0]
    assert photo.caption == "In this photo, a cat sleeps."
    assert photo.credit == "Jane Doe"


def test_unrelated_image_not_attached(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("Title\n\nBody.\n", encoding="utf-8")
    (tmp_path / "other.jpg").write_bytes(_jpeg())
    assert clip_text_file(text).article.photos == []


# --- parser rules ---------------------------------------------------------------------------------


def test_standfirst_and_byline() -> None:
    text = (
        "Ministers meet in Seoul\n"
        "Talks aim to ease tension on the peninsula\n"
        "By Jane Doe and John Roe, Associated Press\n\n"
        "SEOUL (AP) — Ministers met on Thursday.\n\n"
        "They talked.\n"
    )
    article = parse_text_cutting(text)
    assert article.subtitle == "Talks aim to ease tension on the peninsula"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.source == "AP"
    assert article.place == "SEOUL"
    assert article.body == "Ministers met on Thursday.\n\nThey talked."


def test_standfirst_as_own_paragraph_before_dateline() -> None:
    text = "Headline\n\nA short standfirst.\n\nBy Jane Doe\n\nTOKYO — Markets rose.\n"
    article = parse_text_cutting(text)
    assert article.subtitle == "A short standfirst."
    assert article.authors == ["Jane Doe"]
    assert article.body == "Markets rose."


def test_first_body_paragraph_is_not_a_standfirst() -> None:
    article = parse_text_cutting("Headline\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert article.subtitle == ""
    assert article.body == "First paragraph.\n\nSecond paragraph."


def test_byline_org_becomes_source_without_dateline() -> None:
    article = parse_text_cutting("Headline\n\nBy Jane Doe, Reuters\n\nThe text.\n")
    assert article.authors == ["Jane Doe"]
    assert article.source == "Reuters"


def test_byline_role_is_dropped() -> None:
    article = parse_text_cutting("Headline\n\nBy Jane Doe, Staff Writer\n\nThe text.\n")
    assert article.authors == ["Jane Doe"]
    assert article.source == ""


def test_by_sentence_is_not_a_byline() -> None:
    article = parse_text_cutting("Headline\n\nBy the end of the year, prices rose.\n")
    assert article.authors == []
    assert article.body == "By the end of the year, prices rose."


@pytest.mark.parametrize(
    ("line", "authors"),
    [("글·사진 김민지 기자", ["김민지"]), ("김민지 기자", ["김민지"]), ("김민지·박준호 기자", ["김민지", "박준호"]),
     ("김민지 기자 kim@yna.co.kr", ["김민지"])],
)
def test_korean_bylines(line: str, authors: list[str]) -> None:
    article = parse_text_cutting(f"제목\n\n{line}\n\n본문이다.\n")
    assert article.authors == authors
    assert article.body == "본문이다."


def test_korean_wire_dateline_gives_reporter() -> None:
    article = parse_text_cutting("제목\n\n(서울=연합뉴스) 김민지 기자 = 서울도서관은 밝혔다.\n")
    assert (article.place, article.source, article.authors) == ("서울", "연합뉴스", ["김민지"])
    assert article.body == "서울도서관은 밝혔다."


def test_captions_in_the_middle_leave_the_body_in_order() -> None:
    text = (
        "Headline\n\nFirst caption. (AP Photo/A B)\n\nPARIS (AFP) - Body one.\n\n"
        "Second caption (Photo: Reuters)\n\nBody two.\n"
    )
    article = parse_text_cutting(text)
    assert [(p.caption, p.credit, p.position) for p in article.photos] == [
        ("First caption.", "AP Photo/A B", 0),
        ("Second caption", "Reuters", 1),
    ]
    assert article.body == "Body one.\n\nBody two."


def test_markdown_heading_title() -> None:
    article = parse_text_cutting("# A Markdown title\n\nBody text.\n")
    assert article.title == "A Markdown title"
    assert article.body == "Body text."


def test_setext_title() -> None:
    article = parse_text_cutting("A title\n=======\n\nBody text.\n")
    assert article.title == "A title"
    assert article.subtitle == ""


def test_wrapped_lines_joined() -> None:
    article = parse_text_cutting("Title\n\nOne line\nwrapped here.\n\n東京都は\n発表した。\n")
    assert article.body == "One line wrapped here.\n\n東京都は発表した。"


def test_dateline_year_from_filename() -> None:
    data = b"Title\n\nSEOUL, July 2 (Yonhap) -- Text.\n"
    assert clip_text(data, filename="story-2020-07-02.txt").article.published == "2020-07-02"
    assert clip_text(data, filename="story.txt").article.published == ""


def test_dateline_year_from_reference() -> None:
    article = parse_text_cutting("Title\n\nSEOUL, July 2 (Yonhap) -- Text.\n", reference=date(2021, 8, 1))
    assert article.published == "2021-07-02"


def test_dateline_year_from_same_day_in_text() -> None:
    text = "Title\n\nSEOUL, July 2 (Yonhap) -- On July 2, 2020, it rained. In 2019 too.\n"
    assert parse_text_cutting(text).published == "2020-07-02"


def test_dateline_other_dates_in_text_are_not_evidence() -> None:
    text = "Title\n\nSEOUL, July 2 (Yonhap) -- In this Dec. 16, 2019, photo.\n"
    assert parse_text_cutting(text).published == ""


def test_boilerplate_before_headline_is_skipped() -> None:
    article = parse_text_cutting("Advertisement\n\nShare\n\nReal headline\n\nBody.\n\nSubscribe now\n")
    assert article.title == "Real headline"
    assert article.body == "Body."


@pytest.mark.parametrize(
    ("paragraph", "escaped"),
    [
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("2020. A year", "2020\\. A year"),
        ("- not a bullet", "\\- not a bullet"),
        ("> not a quote", "\\> not a quote"),
        ("+ plus", "\\+ plus"),
        ("*stars* and [brackets](x) and `code` and <b>", "\\*stars\\* and \\[brackets\\](x) and \\`code\\` and \\<b>"),
        ("snake_case stays, _emphasis_ does not", "snake_case stays, \\_emphasis\\_ does not"),
        ("AT&T and &amp;", "AT&T and \\&amp;"),
        ("back\\slash", "back\\\\slash"),
        ("---", "\\---"),
        ("Plain text.", "Plain text."),
    ],
)
def test_escape_markdown(paragraph: str, escaped: str) -> None:
    assert escape_markdown(paragraph) == escaped


def test_body_is_escaped() -> None:
    article = parse_text_cutting("Title\n\n1. First point\n\n# Second\n")
    assert article.body == "1\\. First point\n\n\\# Second"


@pytest.mark.parametrize(
    ("text", "language"),
    [("한국어 문장이다", "ko"), ("日本語のテキストです", "ja"), ("中文文本内容", "zh"), ("English text", "en"), ("", "en"),
     ("An English story about 서울 and its libraries and newspapers", "en")],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


# --- refusals and oddities ------------------------------------------------------------------------


def test_binary_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(_jpeg())
    with pytest.raises(UnsupportedInput, match=r"photo\.txt"):
        clip_text_file(path)


def test_empty_refused() -> None:
    with pytest.raises(UnsupportedInput, match="empty"):
        clip_text(b"  \n\n ", filename="blank.txt")


def test_missing_file_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInput, match=r"nope\.txt"):
        clip_text_file(tmp_path / "nope.txt")


def test_only_boilerplate_gives_empty_article() -> None:
    article = parse_text_cutting("Share\n\nTweet\n")
    assert article.title == "" and article.body == ""


def test_headline_only() -> None:
    article = parse_text_cutting("Just a headline\n")
    assert article.title == "Just a headline" and article.body == ""


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_crashes(text: str) -> None:
    article = parse_text_cutting(text)
    assert isinstance(article.body, str)
    assert "\n\n\n" not in article.body


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "Title", "By Jane Doe", "SEOUL (AP) — x", "In this photo, y.", "(AP Photo/Z)", "Share", "# h", "1. x",
    "(서울=연합뉴스) 김민지 기자 = 본문", "Related stories", "", "\n", "Exclusive: x", "Photo: Reuters", "--", "=",
]), max_size=12))
def test_parse_never_crashes_on_cutting_like_text(parts: list[str]) -> None:
    parse_text_cutting("\n\n".join(parts))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_clip_text_bytes_only_raises_unsupported(data: bytes) -> None:
    with contextlib.suppress(UnsupportedInput):
        clip_text(data, filename="x.txt")
