"""decode_text: encodings, BOMs, newline/NFC normalisation and refusal of binary junk."""

from __future__ import annotations

import codecs
import io
import unicodedata
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.clip.encoding import ascii_punctuation_count, decode_text
from app.errors import UnsupportedInput

KOREAN = "서울도서관은 5일 일제강점기부터 1980년대까지 모은 신문 스크랩을 공개한다고 밝혔다."
JAPANESE = "東京都は5日、明治時代から集めた新聞の切り抜きを公開すると発表した。"
WESTERN = "It’s a café — naïve résumé “quoted” in Zürich."


def test_plain_utf8() -> None:
    assert decode_text(b"Hello, world.\n", "a.txt") == "Hello, world.\n"


def test_utf8_with_bom_drops_bom() -> None:
    assert decode_text(codecs.BOM_UTF8 + KOREAN.encode(), "a.txt") == KOREAN


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_text(bom + f"{KOREAN}\r\n{WESTERN}".encode(codec), "a.txt") == f"{KOREAN}\n{WESTERN}"


def test_utf16_via_python_codec_with_bom() -> None:
    assert decode_text(WESTERN.encode("utf-16"), "a.txt") == WESTERN


@pytest.mark.parametrize("codec", ["euc-kr", "cp949"])
def test_korean_legacy(tmp_path, codec: str) -> None:
    path = tmp_path / "korean.txt"
    path.write_bytes(KOREAN.encode(codec))
    assert decode_text(path.read_bytes(), path.name) == KOREAN


def test_shift_jis(tmp_path) -> None:
    path = tmp_path / "japanese.txt"
    path.write_bytes(JAPANESE.encode("shift_jis"))
    assert decode_text(path.read_bytes(), path.name) == JAPANESE


def test_cp1252(tmp_path) -> None:
    path = tmp_path / "western.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    assert decode_text(path.read_bytes(), path.name) == WESTERN


def test_short_cp1252_prefers_western() -> None:
    assert decode_text("Zoë’s café".encode("cp1252"), "a.txt") == "Zoë’s café"


def test_strict_utf8_preferred_over_detection() -> None:
    # Valid UTF-8 that a detector might call something else.
    text = "naïve"
    assert decode_text(text.encode(), "a.txt") == text


def test_newlines_normalised() -> None:
    assert decode_text(b"one\r\ntwo\rthree\n", "a.txt") == "one\ntwo\nthree\n"


def test_nfc_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", "café 한국")
    assert decode_text(decomposed.encode(), "a.txt") == unicodedata.normalize("NFC", "café 한국")


def test_empty_is_empty_text() -> None:
    assert decode_text(b"", "a.txt") == ""


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buf, "JPEG")
    return buf.getvalue()


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(_png(), id="png"),
        pytest.param(_jpeg(), id="jpeg"),
        pytest.param(_zip(), id="zip"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", id="pdf"),
        pytest.param(b"hello\x00world\x00", id="nul"),
        pytest.param(bytes(range(0, 32)) * 20, id="controls-with-nul"),
        pytest.param(bytes(range(1, 32)) * 20, id="controls"),
        pytest.param("text".encode("utf-16-le"), id="utf16-without-bom"),
    ],
)
def test_binary_refused_with_actionable_message(tmp_path, junk: bytes) -> None:
    path = tmp_path / "mystery.txt"
    path.write_bytes(junk)
    with pytest.raises(UnsupportedInput) as info:
        decode_text(path.read_bytes(), path.name)
    message = str(info.value)
    assert "mystery.txt" in message
    assert any(word in message for word in ("save", "clip"))


def test_text_starting_with_bm_or_mz_is_still_text() -> None:
    assert decode_text(b"BMW unveils new car\n", "a.txt") == "BMW unveils new car\n"
    assert decode_text(b"MZ generation shops online\n", "a.txt") == "MZ generation shops online\n"


def test_a_few_stray_controls_are_tolerated() -> None:
    text = "A long enough paragraph of text with one form feed\x0c and one escape\x1b character."
    assert decode_text(text.encode(), "a.txt") == text


def test_damaged_utf16_refused() -> None:
    with pytest.raises(UnsupportedInput, match=r"a\.txt"):
        decode_text(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "a.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_ascii_punctuation_is_counted_in_any_text(text: str) -> None:
    # any code point, lone surrogates and astral characters included: the count is the characters' own
    assert ascii_punctuation_count(text) == sum(text.count(p) for p in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
