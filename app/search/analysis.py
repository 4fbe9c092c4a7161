"""Analyzers: English stemming with accent folding, CJK as overlapping bigrams, tag paths.

One analyzer handles mixed text: runs of Hangul, Kana and Han become overlapping bigrams (a lone
CJK character stays a unigram), like Lucene's CJKAnalyzer; other words are lowercased, NFKC-normalised,
accent-folded and stemmed with Snowball's English (Porter2) stemmer, PyStemmer's C build: eight times as fast
as Whoosh's Python Porter2, which also got some words wrong ("organization" and "organ" both gave ``organ``,
"international" gave ``intern``, "added" gave ``ad``). The same analyzer runs at index and query time, so a CJK query word
becomes a phrase of its bigrams (the schema sets ``multitoken_query = "phrase"``).

The classes here are pickled into Whoosh's table of contents: keep their module and names stable.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Collection, Iterator
from functools import lru_cache

import Stemmer
from whoosh.analysis import Composable, Filter, LowercaseFilter, RegexTokenizer, Token, Tokenizer
from whoosh.support.charset import accent_map

# Hangul Jamo, CJK radicals/symbols with ideographic iteration marks, Hiragana, Katakana, Bopomofo,
# Hangul compatibility Jamo, Katakana extensions, CJK Ext A, CJK unified, Hangul syllables,
# CJK compatibility ideographs, halfwidth Katakana/Hangul, CJK Ext B and later.
CJK_RANGES = (
    "\u1100-\u11ff\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c\u3040-\u30ff\u3100-\u312f"
    "\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uffdc\U00020000-\U0003134f"
)
TAG_SEPARATOR = "\x1f"
# A word in ASCII text (most of an English archive): ``[^\W<CJK>]`` is just ``\w`` there, and ``’`` is not ASCII.
ASCII_WORD = re.compile(r"\w+(?:[.']\w+)*", re.ASCII)
# What the tokenizer takes from ASCII text: no CJK run can match. The same groups as ``token_pattern``'s for
# other text.
ASCII_TOKEN = re.compile(rf"(?P<cjk>(?!))|(?P<word>{ASCII_WORD.pattern})", re.ASCII)


@functools.cache
def cjk_char() -> re.Pattern[str]:
    """One Hangul, Kana or Han character. Compiled on first use: the class takes 5 ms to compile, and
    a command-line search of ASCII words never needs it."""
    return re.compile(f"[{CJK_RANGES}]")


@functools.cache
def _unicode_token() -> re.Pattern[str]:
    return re.compile(f"(?P<cjk>[{CJK_RANGES}]+)|(?P<word>[^\\W{CJK_RANGES}]+(?:[.'’][^\\W{CJK_RANGES}]+)*)")


def token_pattern(text: str) -> re.Pattern[str]:
    """The tokenizer's pattern for ``text``: a CJK run or a word (letters and digits, joined by ``.``,
    ``'`` or ``’``). ASCII text gets ``ASCII_TOKEN``; other text the full pattern, compiled on first use
    (9 ms)."""
    return ASCII_TOKEN if text.isascii() else _unicode_token()


def is_cjk(text: str) -> bool:
    """True when ``text`` contains any Hangul, Kana or Han character."""
    return not text.isascii() and cjk_char().search(text) is not None


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a CJK run; a single character stays a unigram."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


class SettingsFree:
    """An analysis step with no settings: equal to any other of its class (Whoosh compares analyzers when it
    compares fields and schemas)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class MixedTokenizer(SettingsFree, Tokenizer):
    """Words for Latin (and other alphabetic) scripts, overlapping bigrams for CJK runs."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in token_pattern(value).finditer(value):
            run = match.group("cjk")
            if run is None:
                pieces = [(match.group("word"), match.start())]
            elif len(run) == 1:
                pieces = [(run, match.start())]
            else:
                pieces = [(run[i : i + 2], match.start() + i) for i in range(len(run) - 1)]
            for text, start in pieces:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + start
                    t.endchar = start_char + start + len(text)
                pos += 1
                yield t


_stemmers = threading.local()  # a Stemmer object must not be shared between threads


def english_stem(word: str) -> str:
    """Snowball's English (Porter2) stem of one lowercased ASCII word."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = Stemmer.Stemmer("english", 0)  # 0: no cache of its own, ours are enough
    return stemmer.stemWord(word)


@lru_cache(maxsize=100_000)
def fold_and_stem(word: str) -> str:
    """Normalise one lowercased non-CJK word: NFKC, accent folding, Porter2 stem."""
    word = unicodedata.normalize("NFKC", word).lower().replace("ß", "ss").translate(accent_map)
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return english_stem(word) if word.isascii() else word


_CACHE_LIMIT = 500_000
_term_of_word: dict[str, str] = {}


def term_cache() -> dict[str, str]:
    """The cache ``term_of_word`` fills (word -> term), for loops that read it inline; never write to it."""
    return _term_of_word


def term_of_word(word: str) -> str:
    """The index term of one non-CJK word as the text analyzer makes it (lowercase, fold, stem), cached."""
    term = _term_of_word.get(word)
    if term is None:
        if len(_term_of_word) > _CACHE_LIMIT:
            _term_of_word.clear()
        term = _term_of_word[word] = fold_and_stem(word.lower())
    return term


def term_spans(text: str, initials: Collection[str] | None = None) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for every token of ``text``, exactly as the text analyzer with ``chars=True``
    would give them, without building a Token per word (highlighting whole articles).

    With ``initials``, ASCII words whose first letter (lowercased) is not among them are skipped unstemmed:
    stemming keeps an ASCII word's first letter, so they cannot give a term starting with one of them.
    """
    for match in token_pattern(text).finditer(text):
        word = match.group("word")
        start = match.start()
        if word is not None:
            if initials is not None and word.isascii() and word[0].lower() not in initials:
                continue
            term = term_of_word(word)
            if term:
                yield term, start, match.end()
            continue
        run = match.group("cjk")
        if len(run) == 1:
            yield run.lower(), start, start + 1
        else:
            for i in range(len(run) - 1):
                yield run[i : i + 2].lower(), start + i, start + i + 2


class FoldStemFilter(SettingsFree, Filter):
    """Folds accents and stems every token that is not CJK (CJK bigrams pass through unchanged)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not is_cjk(t.text):
                t.text = fold_and_stem(t.text)
            if t.text:
                yield t


class TagPathTokenizer(SettingsFree, Tokenizer):
    """Splits a list of tag paths joined by ``TAG_SEPARATOR``; trims spaces and slashes."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        offset = 0
        for i, part in enumerate(value.split(TAG_SEPARATOR) if tokenize else [value]):
            text = normalize_tag(part) if mode == "query" else part.strip()
            if text:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = start_pos + i
                if chars:
                    t.startchar = start_char + offset
                    t.endchar = start_char + offset + len(part)
                yield t
            offset += len(part) + 1


def normalize_tag(name: str) -> str:
    """A tag path in the form the index keeps: no outer spaces or slashes, no empty levels."""
    return "/".join(p.strip() for p in name.split("/") if p.strip())


def tag_with_ancestors(name: str) -> list[str]:
    """``Places/Korea/Seoul`` -> ``["places", "places/korea", "places/korea/seoul"]``."""
    parts = normalize_tag(name).lower().split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts)) if parts[0]]


def text_analyzer() -> Composable:
    """The analyzer for every free-text field (title, body, captions, ...)."""
    return MixedTokenizer() | LowercaseFilter() | FoldStemFilter()


def tag_analyzer(lowercase: bool = True) -> Composable:
    """The analyzer for tag paths (and other exact, multi-valued keys)."""
    if lowercase:
        return TagPathTokenizer() | LowercaseFilter()
    return TagPathTokenizer()


def url_analyzer() -> Composable:
    """URLs split at every non-alphanumeric character, lowercased, unstemmed."""
    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter()


def analyze(text: str) -> list[str]:
    """The index terms of ``text`` in order (handy for tests and highlighting)."""
    return [t.text for t in text_analyzer()(text, mode="query")]
