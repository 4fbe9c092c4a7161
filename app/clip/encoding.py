"""Turn the bytes of a text cutting into clean text: detect the encoding, refuse binary junk."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from app.errors import UnsupportedInput

# File signatures of things people drop by mistake, with a human name for the message.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"SQLite format 3\x00", "a database file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# When charset-normalizer finds several equally clean decodings, the first of these wins.
_PREFERRED = ("cp1252", "cp949", "euc_kr", "cp932", "shift_jis", "euc_jp", "gb18030", "big5", "cp1250", "cp1251")
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v", "\x1c", "\x1d", "\x1e", "\x85"}
_MAX_CONTROL_RATIO = 0.01
# Unicode category Cc (C0, DEL, C1) less the allowed ones.
_CONTROLS = re.compile("[" + "".join(
    re.escape(chr(c)) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in _ALLOWED_CONTROLS
) + "]")


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode a text cutting to NFC text with ``\\n`` newlines.

    Honours a UTF-8/UTF-16/UTF-32 byte-order mark, prefers strict UTF-8, then asks charset-normalizer
    (EUC-KR/CP949, Shift_JIS, CP1252, ...). Raises :class:`UnsupportedInput` naming ``name`` for images,
    archives and other binary files.
    """
    if not data:
        return ""
    text = _decode_with_bom(data, name)
    if text is None:
        _refuse_known_binary(data, name)
        if b"\x00" in data:
            raise _binary(name, "it contains NUL bytes")
        text = _decode_without_bom(data, name)
    _refuse_control_characters(text, name)
    text = normalise_text(text)
    refuse_wordless(text, name)
    return text


def normalise_text(text: str) -> str:
    """Newlines to ``\\n`` (CRLF, CR, NEL, LS, PS), a leading BOM removed, Unicode to NFC."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def _decode_with_bom(data: bytes, name: str) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise UnsupportedInput(
                    f"{name}: starts like {codec.upper()} text but is damaged at byte {exc.start + len(bom)}; "
                    "re-save it as UTF-8 and clip it again."
                ) from exc
    return None


def _decode_without_bom(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise _binary(name, "no text encoding fits its bytes")
    best = results[0]
    ties = [r for r in results if r.chaos <= best.chaos + 0.01]
    for codec in _PREFERRED:
        for result in ties:
            if result.encoding == codec:
                return str(result)
    return str(best)


def _refuse_known_binary(data: bytes, name: str) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature) and (len(signature) > 2 or _looks_binary_start(data)):
            raise UnsupportedInput(
                f"{name} looks like {kind}, not a text cutting; clip a .txt, .md or .html file, "
                "or add the image to an article instead."
            )


def _looks_binary_start(data: bytes) -> bool:
    """Two-byte signatures ("MZ", "BM") need more evidence: control bytes early on."""
    head = data[:64]
    return any(b < 0x09 or 0x0E <= b < 0x20 for b in head)


def _refuse_control_characters(text: str, name: str) -> None:
    if "\x00" in text:
        raise _binary(name, "it contains NUL characters")
    controls = len(_CONTROLS.findall(text))
    if controls and controls > max(2, len(text) * _MAX_CONTROL_RATIO):
        raise _binary(name, f"it contains {controls} control characters")


_LETTERS = re.compile(r"[^\W\d_]{2}")
_ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_ASCII_PUNCTUATION_BYTES = _ASCII_PUNCTUATION.encode("ascii")
_NOT_ALNUM = re.compile(rf"[^\w\s{re.escape(_ASCII_PUNCTUATION)}]")
# Letters of scripts that space their words (Chinese, Japanese and Thai do not)
_SPACED_LETTER = re.compile(r"[^\W\d_\u3040-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_MIN_WORDY = 0.9  # letters, digits, marks and punctuation among non-space characters: random bytes give 0.6-0.84
_MAX_WORD = 20  # mean length of a space-separated run in scripts that space their words
_JUDGED_FROM = 200  # non-space characters before the share is judged (short notes only need a word)


def refuse_wordless(text: str, name: str) -> None:
    """Refuse decoded text that has no word in any script, or that is mostly symbols and stray signs
    (random bytes read through a legacy code page): it is not a cutting, and nothing should be stored."""
    if not text.strip():
        return
    if _LETTERS.search(text) is None:
        raise UnsupportedInput(
            f"{name} has no words in any script, so it is not a text cutting; clip the article's text instead."
        )
    # Counted in C (split, count, one regex of rare characters): a Python loop over every character was most
    # of a text import's parse time.
    runs = text.split()  # str.split() splits at exactly what str.isspace() calls space
    signs = sum(map(len, runs)) - ascii_punctuation_count(text)
    if signs < _JUDGED_FROM:
        return
    # \w is str.isalnum() (and "_", an ASCII sign); marks and punctuation of other scripts are wordy too
    wordy = signs - sum(1 for c in _NOT_ALNUM.findall(text) if unicodedata.category(c)[0] not in "MP")
    if wordy < _MIN_WORDY * signs:
        raise _binary(name, f"only {wordy * 100 // signs}% of its characters are letters, digits or punctuation")
    if signs > _MAX_WORD * len(runs) and len(_SPACED_LETTER.findall(text)) > signs / 2:
        raise _binary(name, "its letters run on for pages without spaces between words")


def ascii_punctuation_count(text: str) -> int:
    """How many characters of ``text`` are ASCII punctuation, counted in its UTF-8 bytes (no other character
    has an ASCII byte in UTF-8): one pass in C instead of one ``count`` per sign."""
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded) - len(encoded.translate(None, _ASCII_PUNCTUATION_BYTES))


def _binary(name: str, why: str) -> UnsupportedInput:
    return UnsupportedInput(
        f"{name} does not look like a text cutting ({why}); open it in a text editor, "
        "save it as plain text (UTF-8) and clip it again."
    )
