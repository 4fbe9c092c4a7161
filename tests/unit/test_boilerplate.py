"""trim_boilerplate: page furniture goes from the ends, real text stays."""

from __future__ import annotations

import pytest

from app.clip.boilerplate import is_boilerplate_line, trim_boilerplate

BODY = [["Headline"], ["A real first paragraph of the story."], ["A real last paragraph."]]


@pytest.mark.parametrize(
    "line",
    [
        "Share it", "Share this article", "Share", "Tweet", "공유하기", "기사 공유", "Facebook Twitter Email",
        "Sign up for our newsletter", "Subscribe to the Ledger", "구독", "Advertisement", "Click here to read more",
        "Read more: Why the talks stalled", "© 2020 The Korea Herald", "Copyright 2020 Reuters",
        "Copyright © Acme", "All rights reserved.", "무단 전재 및 재배포 금지", "ⓒ 연합뉴스",
        "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "Photo gallery", ".:", "***", "—",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 3 percent on Thursday after the announcement of the new measures by the ministry",
        "Subscribers will get a refund.",
        "Copyright law was changed in 2019.",
        "Exclusive: Beyond the Covid-19 world's coverage",
        "Related to this, the minister spoke.",
        "The minister shared his view.",
    ],
)
def test_real_lines_are_kept(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_exclusive_promo_only_at_end() -> None:
    assert is_boilerplate_line("Exclusive: Beyond the Covid-19 world's coverage", at_end=True)


def test_trailing_furniture_removed() -> None:
    blocks = [*BODY, ["Share it"], ["Exclusive: Beyond the Covid-19 world's coverage"]]
    kept, dropped = trim_boilerplate(blocks)
    assert kept == BODY
    assert dropped == ["Exclusive: Beyond the Covid-19 world's coverage", "Share it"]


def test_leading_furniture_removed_but_exclusive_headline_kept() -> None:
    blocks = [["Advertisement"], ["Share", "Tweet"], ["Exclusive: Minister quits"], ["Body text here."]]
    kept, _ = trim_boilerplate(blocks)
    assert kept == [["Exclusive: Minister quits"], ["Body text here."]]


def test_furniture_lines_inside_a_block_at_the_end() -> None:
    blocks = [["Headline"], ["Last real paragraph.", "Facebook Twitter Email", "© 2020 Ledger"]]
    kept, _ = trim_boilerplate(blocks)
    assert kept == [["Headline"], ["Last real paragraph."]]


def test_middle_is_untouched() -> None:
    blocks = [["Headline"], ["First."], ["Share"], ["Advertisement"], ["Last."]]
    kept, dropped = trim_boilerplate(blocks)
    assert kept == blocks
    assert dropped == []


def test_related_list_removed_with_its_items() -> None:
    blocks = [*BODY, ["Related stories", "Talks stall again", "Envoy to visit Seoul"], ["Newer item"]]
    kept, dropped = trim_boilerplate(blocks)
    assert kept == BODY
    assert dropped[:3] == ["Related stories", "Talks stall again", "Envoy to visit Seoul"]


def test_related_header_inside_block() -> None:
    blocks = [["Headline"], ["Real paragraph.", "Related:", "Item one", "Item two"]]
    kept, _ = trim_boilerplate(blocks)
    assert kept == [["Headline"], ["Real paragraph."]]


def test_related_with_long_items_kept() -> None:
    long = "A real paragraph that goes on for a long time. " * 5
    blocks = [["Headline"], ["Related stories"], [long]]
    kept, _ = trim_boilerplate(blocks)
    assert kept == blocks


def test_korean_furniture() -> None:
    blocks = [["제목"], ["본문 문단이다."], ["공유하기"], ["ⓒ 연합뉴스 무단 전재 및 재배포 금지"]]
    kept, _ = trim_boilerplate(blocks)
    assert kept == [["제목"], ["본문 문단이다."]]


def test_everything_furniture_gives_nothing() -> None:
    assert trim_boilerplate([["Share"], ["Tweet"]])[0] == []
    assert trim_boilerplate([])[0] == []
