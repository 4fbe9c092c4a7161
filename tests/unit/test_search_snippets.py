"""Snippets: the hit within the first columns in any script, and fast on huge bodies."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from app.search import IndexDoc, SearchIndex
from app.search.analysis import analyze
from app.search.highlight import LEAD_COLUMNS, _columns, body_snippet, snippet


def _lead_columns(snip: str) -> int:
    """Display columns before the first highlighted match."""
    before = snip.split("<b>", 1)[0]
    return sum(_columns(ch) for ch in before)


def _terms(word: str) -> list[str]:
    return analyze(word)


KOREAN = "서울시는 오늘 도서관 운영 계획을 발표했다. " * 20 + "시민들은 신문 스크랩북을 기증했다. " + "그 밖의 소식. " * 20
JAPANESE = "東京都は本日図書館の計画を発表しました。" * 20 + "市民は新聞の切り抜きを寄贈しました。" + "その他の話題。" * 20
MIXED = "The city library in Seoul 서울 announced plans. " * 20 + "Citizens gave their 스크랩북 archive. " + "More news. " * 20


@pytest.mark.parametrize(("text", "word"), [
    (KOREAN, "스크랩북"), (JAPANESE, "切り抜き"), (MIXED, "스크랩북"), (MIXED, "archive"),
    ("word " * 200 + "harbour " + "word " * 200, "harbour"),
    ("가" * 400 + "스크랩북" + "나" * 400, "스크랩북"),  # no spaces at all
])
def test_a_snippet_shows_its_hit_within_the_first_columns(text: str, word: str) -> None:
    snip = snippet(text, _terms(word))
    assert "<b>" in snip
    assert _lead_columns(snip) <= LEAD_COLUMNS + 1  # "…" and the lead-in
    hit = re.search(r"<b>(.*?)</b>", snip)
    assert hit is not None and hit.group(1) in word + " " + text


def test_a_snippet_at_the_start_of_a_text_has_no_ellipsis() -> None:
    assert snippet("스크랩북 기증 " + "그 밖의 소식. " * 40, _terms("스크랩북")).startswith("<b>스크랩")


def test_a_huge_body_gives_its_snippet_quickly(tmp_path: Path) -> None:
    filler = "The council met and talked about the weather for a long while. " * 320_000  # about 20 MB
    bodies = {1: filler + "Then the harbour closed.", 2: "The harbour closed early. " + filler,
              3: "서울 도서관 소식. " * 1_500_000 + "스크랩북", 4: filler}
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    try:
        ix.apply([IndexDoc(i, "v1", title=f"harbour 스크랩북 story {i}", body_text="harbour 스크랩북 council")
                  for i in bodies])
        t = time.perf_counter()
        result = ix.search("harbour", texts=lambda ids: {i: bodies[i] for i in ids})
        took = time.perf_counter() - t
        by_id = {h.id: h.snippet for h in result.hits}
        assert result.total == 4 and "<b>harbour</b> closed early" in by_id[2]
        assert took < 1.0, took  # was seconds: the whole body converted and scanned
        assert "<b>harbour</b>" in by_id[1]  # beyond the scanned part of its body: from the title
        assert by_id[4].startswith("<b>harbour</b>")  # no match in the body: the title's snippet
        t = time.perf_counter()
        korean = ix.search("스크랩북", texts=lambda ids: {i: bodies[i] for i in ids})
        assert time.perf_counter() - t < 1.0 and korean.total == 4
    finally:
        ix.close()


def test_a_huge_body_snippet_finds_a_match_past_its_first_piece() -> None:
    body = "Nothing to see here at all. " * 20_000 + "The harbour closed." + " Nothing." * 1000
    snip = body_snippet(body, ["harbour"])
    assert "<b>harbour</b> closed" in snip and snip.startswith("…")


def test_a_snippet_comes_from_where_the_query_looked(tmp_path: Path) -> None:
    """A title: search shows its match in the title, not the word elsewhere in the body; a bare word shows
    the body's match; a search that matches no text shows the body's start, read only then."""
    bodies = {1: "The council met. Later the harbour closed for the winter."}
    read: list[list[int]] = []

    def texts(ids: list[int]) -> dict[int, str]:
        read.append(ids)
        return {i: bodies[i] for i in ids}

    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    try:
        ix.apply([IndexDoc(1, "v1", title="Harbour news", body_text=bodies[1], tags=["ports"])])
        assert ix.search("title:harbour", texts=texts).hits[0].snippet == "<b>Harbour</b> news"
        assert read == []  # no body read for it
        assert "<b>harbour</b> closed" in ix.search("harbour", texts=texts).hits[0].snippet
        assert ix.search("tag:ports", texts=texts).hits[0].snippet.startswith("The council met.")
    finally:
        ix.close()
