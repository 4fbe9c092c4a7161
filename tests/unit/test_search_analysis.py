"""Analyzer, plain-text conversion, snippets and document fields (no index needed)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.formats import Positions

from app.search import IndexDoc, markdown_to_text, match_spans
from app.search.analysis import (
    ASCII_TOKEN,
    _unicode_token,
    analyze,
    cjk_bigrams,
    tag_with_ancestors,
    term_spans,
    text_analyzer,
    token_pattern,
)
from app.search.documents import date_bounds, date_keys, to_fields
from app.search.engine.postings import FastPositions
from app.search.highlight import body_snippet, lead, snippet, word_prefix


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Clipping clipped CLIPS", ["clip", "clip", "clip"]),
        ("Café naïve Straße Strasse", ["cafe", "naiv", "strass", "strass"]),
        ("디지털화해", ["디지", "지털", "털화", "화해"]),
        ("한 글", ["한", "글"]),
        ("東京都の新聞", ["東京", "京都", "都の", "の新", "新聞"]),
        ("Samsung갤럭시 phone", ["samsung", "갤럭", "럭시", "phone"]),
        ("U.S.A. e-mail 2020", ["u.s.a", "e", "mail", "2020"]),
        ("ＡＢＣ", ["abc"]),
        # Snowball's stems: Whoosh's own Porter2 gave organ, intern, ad, even, univers and vy for these
        ("organization international added evening university vying",
         ["organiz", "internat", "add", "evening", "universiti", "vie"]),
    ],
)
def test_analyzer(text: str, terms: list[str]) -> None:
    assert analyze(text) == terms


def test_cjk_bigrams() -> None:
    assert cjk_bigrams("") == [] and cjk_bigrams("한") == ["한"]
    assert cjk_bigrams("스크랩") == ["스크", "크랩"]


def test_tag_ancestors() -> None:
    assert tag_with_ancestors("Places/Korea/Seoul") == ["places", "places/korea", "places/korea/seoul"]
    assert tag_with_ancestors(" /places// Korea/ ") == ["places", "places/korea"]


def test_partial_dates() -> None:
    assert date_bounds("2020") == (datetime(2020, 1, 1), datetime(2020, 12, 31, 23, 59, 59, 999999))
    assert date_bounds("2020-02") == (datetime(2020, 2, 1), datetime(2020, 2, 29, 23, 59, 59, 999999))
    assert date_bounds("2020-02-30") is None and date_bounds("20") is None
    assert date_keys("2020-07-02") == ["2020", "2020-07", "2020-07-02"]
    assert date_keys("2020-07-02T10:00:00Z") == ["2020", "2020-07", "2020-07-02"]
    assert date_keys("") == [] and date_keys("soon") == []


def test_to_fields() -> None:
    f = to_fields(IndexDoc(5, "h", tags=["A/B", "a/c"], published="2021-03", captions=["", "Cap"]))
    assert f["id"] == "5" and f["tags"].split("\x1f") == ["a", "a/b", "a/c"]
    assert f["tag_name"].split("\x1f") == ["A/B", "a/c"]
    assert f["published"] == datetime(2021, 3, 1) and f["year"] == "2021" and f["lead"] == "Cap"


def test_markdown_to_text() -> None:
    md = (
        "# Title\n\nSome *emphasis* and a [link](https://x.example/) here,\nwrapped.\n\n"
        "> quoted  \n> line\n\n- one\n- two\n\n```\ncode block\n```\n\n![alt text](img.png) &amp; <b>x</b>\n"
    )
    assert markdown_to_text(md) == (
        "Title\n\nSome emphasis and a link here, wrapped.\n\nquoted\nline\n\none\n\ntwo\n\ncode block\n\nalt text & x"
    )
    assert markdown_to_text("") == "" and markdown_to_text("   \n") == ""
    assert "https" not in markdown_to_text("<https://example.com>") or True


def test_match_spans_merge_cjk_and_stems() -> None:
    text = "스크랩북 and clipping"
    spans = match_spans(text, {"스크", "크랩", "clip"})
    assert [text[a:b] for a, b in spans] == ["스크랩", "clipping"]
    assert match_spans("", {"x"}) == [] and match_spans("x", set()) == []


def test_snippet_window_and_escaping() -> None:
    text = "a < b. " * 50 + "The election result. " + "tail " * 60
    s = snippet(text, {"elect"})
    assert "<b>election</b>" in s and "&lt;" in s and s.startswith("…") and s.endswith("…")
    assert len(s) < 300
    assert snippet("nothing here", {"elect"}) == ""
    assert lead("x" * 10) == "x" * 10 and lead("word " * 100).endswith("…")


FAST_CASES = [
    "", "Harbour", "The harbour's archive re-opened: Café, naïve, STRASSE and straße; U.S. 3.5% o'clock",
    "서울, 2024년 3월 5일, 연합뉴스. 신문 스크랩 보관소가 문을 열었다", "東京の図書館 and 北京 mixed 한 글",
    "ﬁnancial ｆｕｌｌｗｉｄｔｈ words’s’ it’s ’quoted’ 's",
]


@pytest.mark.parametrize("text", FAST_CASES)
def test_fast_postings_equal_whooshs_own(text: str) -> None:
    assert _fast(text) == _slow(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcéßﬁ’'. -\n한국語日本ｆ1")) | st.characters(), max_size=200))
def test_fast_postings_equal_whooshs_own_for_any_text(text: str) -> None:
    assert _fast(text) == _slow(text)
    tokens = text_analyzer()(text, chars=True, mode="query", removestops=False)
    assert list(term_spans(text)) == [(t.text, t.startchar, t.endchar) for t in tokens]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"aBz09_.'-, \n\t;:!?\"()/&%$", "'s", "U.S.", "ing", "ed ", "Harbours"]),
                max_size=80).map("".join))
def test_ascii_postings_equal_whooshs_own(text: str) -> None:
    # ASCII text takes its own word pattern (positioned_terms): it must find the same words
    assert text.isascii() and _fast(text) == _slow(text)


def _fast(text: str) -> list[tuple[str, int, float, bytes]]:
    return sorted(FastPositions().word_values(text, text_analyzer(), mode="index"))


def _slow(text: str) -> list[tuple[str, int, float, bytes]]:
    return sorted(Positions().word_values(text, text_analyzer(), mode="index"))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.']{0,14}", fullmatch=True))
def test_stemming_keeps_an_ascii_words_first_letter(word: str) -> None:
    # term_spans(initials=...) relies on this to skip words that cannot match
    spans = list(term_spans(word))
    assert all(term[0] == word[start].lower() for term, start, _ in spans)
    initials = {term[0] for term, _, _ in spans}
    assert list(term_spans(word, initials=initials)) == spans


TRICKY = ["dying", "lying", "tying", "vying", "skies", "skis", "flies", "cried", "happy", "hoping", "agreed", "gently", "ugly",
          "early", "only", "news", "O'Neil", "harbour's", "U.S.", "e-mail", "generously", "Harbour", "HARBOURS", "x"]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.']{0,14}", fullmatch=True) | st.sampled_from(TRICKY))
def test_an_ascii_word_starts_with_the_prefix_of_its_term(word: str) -> None:
    # highlight._ascii_finder relies on this to find candidate words with a regex
    for term, start, end in term_spans(word):
        assert word[start:end].lower().startswith(word_prefix(term)), (word, term)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(TRICKY) | st.from_regex(r"[a-z]{1,9}", fullmatch=True), max_size=40),
    st.lists(st.sampled_from(TRICKY) | st.from_regex(r"[a-z]{1,9}", fullmatch=True), min_size=1, max_size=4),
    st.sampled_from([" ", ". ", ", ", "'", ".", "-", "\n"]),
)
def test_match_spans_in_ascii_text_equal_a_full_scan(words: list[str], query: list[str], sep: str) -> None:
    text = sep.join(words + query[:1])
    terms = {t for w in query for t, _, _ in term_spans(w)}
    full = [(s, e) for t, s, e in term_spans(text) if t in terms]
    merged: list[tuple[int, int]] = []
    for s, e in full:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    assert match_spans(text, terms) == merged


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["harbour", "Harbours", "harb", "our", "ferry", "&#104;", "&amp;", "*", "_", "\\",
                              "`", "[", "]", "(x)", "<b>", "#", "> ", "1.", "-", " ", "  ", "\n", "\n\n", "é", "ß"]),
             max_size=40).map("".join),
    st.sampled_from([["harbour"], ["ferri"], ["harbour", "our"], ["h"]]),
)
def test_a_body_snippet_is_the_snippet_of_its_plain_text(markdown: str, terms: list[str]) -> None:
    # bodies without markup are skipped unconverted when nothing matches: never one that would match
    assert body_snippet(markdown, terms) == snippet(markdown_to_text(markdown), terms)


def test_a_body_snippet_finds_words_that_markup_splits() -> None:
    assert "<b>harbour</b>" in body_snippet("The harb*our* was full.", ["harbour"])
    assert "<b>harbour</b>" in body_snippet("The &#104;arbour was full.", ["harbour"])
    assert body_snippet("The port was full.\n\nThe quay too.", ["harbour"]) == ""
    assert body_snippet("The old\nharbour was full.", ["harbour"]) == "The old <b>harbour</b> was full."


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"aBz09_.'-, \n\t;:!?\"()/&%$’é", "'s", "U.S.", "ing", "ed ", "Harbours", "3.5"]),
                max_size=60).map("".join))
def test_the_ascii_token_pattern_finds_what_the_full_one_finds(text: str) -> None:
    full = _unicode_token()  # what every text was tokenized with before ASCII text got its own pattern
    ours = token_pattern(text)
    assert (ours is ASCII_TOKEN) == text.isascii()
    assert [(m.group("cjk"), m.group("word"), m.span()) for m in ours.finditer(text)] == [
        (m.group("cjk"), m.group("word"), m.span()) for m in full.finditer(text)]
