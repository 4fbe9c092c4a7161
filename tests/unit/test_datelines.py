"""parse_dateline over wire, newspaper and Korean dateline styles, and the year rule."""

from __future__ import annotations

from datetime import date

import pytest

from app.clip.datelines import date_from_filename, date_parts, find_dates, parse_dateline, resolve_date

REF = date(2020, 7, 10)


@pytest.mark.parametrize(
    ("paragraph", "place", "published", "source", "rest"),
    [
        ("SEOUL, Jul 2, 2020, The Korea Herald. Foreign Minister Kang said.", "SEOUL", "2020-07-02", "The Korea Herald", "Foreign Minister Kang said."),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON", "", "AP", "The Senate voted."),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON", "2020-03-03", "Reuters", "Shares fell."),
        ("SEOUL, July 2 (Yonhap) -- North Korea said.", "SEOUL", "2020-07-02", "Yonhap", "North Korea said."),
        ("서울, 2024년 3월 5일, 연합뉴스. 서울도서관은 밝혔다.", "서울", "2024-03-05", "연합뉴스", "서울도서관은 밝혔다."),
        ("NEW YORK, Jan. 5, 2021 /PRNewswire/ -- Acme Corp. announced.", "NEW YORK", "2021-01-05", "PRNewswire", "Acme Corp. announced."),
        ("PARIS (AFP) - Strikes spread.", "PARIS", "", "AFP", "Strikes spread."),
        ("BEIJING, March 3 (Xinhua) -- China said.", "BEIJING", "2020-03-03", "Xinhua", "China said."),
        ("TOKYO — Markets rose.", "TOKYO", "", "", "Markets rose."),
        ("SAN JUAN, Puerto Rico (AP) — A storm hit.", "SAN JUAN, Puerto Rico", "", "AP", "A storm hit."),
        ("LOS ANGELES, Calif. (AP) — Fires burned.", "LOS ANGELES, Calif.", "", "AP", "Fires burned."),
        ("ST. LOUIS (AP) — A game.", "ST. LOUIS", "", "AP", "A game."),
        ("WASHINGTON, Thursday, July 2, 2020 (AP) — Votes.", "WASHINGTON", "2020-07-02", "AP", "Votes."),
        ("Seoul, July 2 (Yonhap) -- Rain fell.", "Seoul", "2020-07-02", "Yonhap", "Rain fell."),
        ("SEOUL, 2 July 2020 — Rain fell.", "SEOUL", "2020-07-02", "", "Rain fell."),
        ("SEOUL, Jul 2. Rain fell.", "SEOUL", "2020-07-02", "", "Rain fell."),
        ("SEOUL, 2020-07-02 — Rain fell.", "SEOUL", "2020-07-02", "", "Rain fell."),
        ("부산, 3월 5일 (연합뉴스) -- 비가 왔다.", "부산", "2020-03-05", "연합뉴스", "비가 왔다."),
    ],
)
def test_dateline_styles(paragraph: str, place: str, published: str, source: str, rest: str) -> None:
    dateline = parse_dateline(paragraph, REF)
    assert dateline is not None
    assert (dateline.place, dateline.published, dateline.source, dateline.rest) == (place, published, source, rest)


def test_korean_wire_style_with_reporter() -> None:
    dateline = parse_dateline("(서울=연합뉴스) 김민지 기자 = 서울도서관은 5일 밝혔다.")
    assert dateline is not None
    assert (dateline.place, dateline.source, dateline.rest) == ("서울", "연합뉴스", "서울도서관은 5일 밝혔다.")
    assert dateline.authors == ["김민지"]


def test_korean_wire_style_two_reporters() -> None:
    dateline = parse_dateline("(부산=연합뉴스) 김민지·박준호 기자 = 비가 왔다.")
    assert dateline is not None and dateline.authors == ["김민지", "박준호"]


def test_korean_wire_style_without_reporter() -> None:
    dateline = parse_dateline("(서울=뉴스1) 서울도서관은 밝혔다.")
    assert dateline is not None and (dateline.place, dateline.source, dateline.authors) == ("서울", "뉴스1", [])


@pytest.mark.parametrize(
    "paragraph",
    [
        "Foreign Minister Kang Kyung-wha on Thursday said so.",
        "Kang, however, declined to confirm his visit.",
        "Kang — the minister — said so.",
        "By Jane Doe",
        "In this Dec. 16, 2019, photo, soldiers stand guard.",
        "A — b",
        "서울도서관은 5일 밝혔다.",
        "",
        "SEOUL",
    ],
)
def test_not_a_dateline(paragraph: str) -> None:
    assert parse_dateline(paragraph, REF) is None


def test_year_from_reference() -> None:
    dateline = parse_dateline("SEOUL, July 2 (Yonhap) -- Text", date(2020, 7, 2))
    assert dateline is not None and dateline.published == "2020-07-02"


def test_year_before_reference_when_date_would_be_in_future() -> None:
    dateline = parse_dateline("SEOUL, Dec. 30 (Yonhap) -- Text", date(2021, 1, 3))
    assert dateline is not None and dateline.published == "2020-12-30"


def test_no_year_evidence_leaves_published_empty_but_keeps_date_text() -> None:
    dateline = parse_dateline("SEOUL, July 2 (Yonhap) -- Text")
    assert dateline is not None
    assert dateline.published == ""
    assert dateline.date_text == "July 2"


def test_feb_29_needs_a_leap_year() -> None:
    assert resolve_date("Feb. 29", date(2023, 3, 1)) == ""
    assert resolve_date("Feb. 29", date(2020, 3, 1)) == "2020-02-29"


def test_partial_dates() -> None:
    assert resolve_date("2024년 3월") == "2024-03"
    assert resolve_date("Feb. 31, 2020") == "2020"
    assert resolve_date("nothing") == ""


def test_date_parts() -> None:
    assert date_parts("Jul 2, 2020") == (2020, 7, 2)
    assert date_parts("2 July") == (None, 7, 2)
    assert date_parts("2024년 3월 5일") == (2024, 3, 5)
    assert date_parts("Sept. 9th") == (None, 9, 9)


def test_find_dates() -> None:
    text = "In this Dec. 16, 2019, photo, and on July 2 and 2024년 3월 5일."
    assert find_dates(text) == ["2019-12-16", "2024-03-05"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("story-2020-07-02.txt", date(2020, 7, 2)),
        ("20200702_clip.txt", date(2020, 7, 2)),
        ("korea-herald-2020-07-02.txt", date(2020, 7, 2)),
        ("story-2020-13-40.txt", None),
        ("story.txt", None),
    ],
)
def test_date_from_filename(name: str, expected: date | None) -> None:
    assert date_from_filename(name) == expected
