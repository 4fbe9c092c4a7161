"""Nothing in a text cutting is silently lost: wire footers, agency boilerplate, datelines and share lines.

Every cutting here is written for the test in the shapes the wires and papers use (AP, Reuters, AFP, Yonhap,
Kyodo, Xinhua, dpa, EFE; Korean, Japanese and European papers). Each sentence must land in a field or in
the article's list of dropped lines.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.archive import Archive
from app.clip.datelines import parse_dateline
from app.clip.text import clip_text, parse_text_cutting
from app.clip.wire import contributors, footer_kind, split_end_matter
from app.model import Article
from app.search.plaintext import markdown_to_text

REUTERS = """North Korea fires missile into sea, South says

SEOUL, Sept 14 (Reuters) - North Korea fired a ballistic missile into the sea off its east coast on Thursday, \
South Korea's military said.

The launch came hours after leader Kim Jong Un met Russian President Vladimir Putin.

(Reporting by Hyonhee Shin in Seoul and David Brunnstrom in Washington; Additional reporting by Kantaro Komiya \
in Tokyo; Editing by Kim Coghill and Ed Davies)

Our Standards: The Thomson Reuters Trust Principles.
"""

AP = """Typhoon cuts power to thousands in southern Japan

TOKYO (AP) — A powerful typhoon lashed southern Japan on Sunday, cutting power to thousands of homes.

Officials urged residents of coastal towns to move to shelters.

Associated Press writer Kim Tong-hyung in Seoul, South Korea, contributed to this report.

___

Follow AP's coverage of Asia at https://apnews.com/hub/asia-pacific

Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, \
rewritten or redistributed without permission.
"""

AFP = """Strikes spread across France

PARIS (AFP) - Rail workers walked out on Tuesday as strikes against the pension reform spread.

Unions said turnout was the highest since January.

kjm-jta/dv
"""

YONHAP_KO = """부산 항만 물동량 역대 최대

(부산=연합뉴스) 김민지 기자 = 부산항의 컨테이너 물동량이 올해 역대 최대를 기록했다.

부산항만공사는 14일 이같이 밝혔다.

기사 공유하기

SNS 공유

<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>
"""

NEWS1_KO = """부산 해수욕장 폐장

부산, 2023년 9월 14일, 뉴스1.

부산 지역 해수욕장이 14일 일제히 문을 닫았다.

피서객은 지난해보다 20% 늘었다.

공유하기
"""

XINHUA = """China, Laos open new rail link

BEIJING, Sept. 14 (Xinhua) -- China and Laos opened a new freight rail link on Thursday.

The line runs from Kunming to Vientiane.

[Editor: Zhang Yi]
"""

XINHUA_ZH = """中老铁路新线开通

新华社北京9月14日电（记者李明）中国和老挝14日开通一条新的货运铁路线。

这条线路从昆明通往万象。
"""

KYODO_JA = """日銀、金融緩和を維持

【東京共同】日銀は14日、金融政策決定会合で大規模な金融緩和策の維持を決めた。

植田総裁が記者会見で説明する。
"""

DPA = """Bahnstreik legt Fernverkehr lahm

Berlin (dpa) - Ein Streik der Lokführer hat am Donnerstag den Fernverkehr weitgehend lahmgelegt.

Die Bahn richtete einen Notfahrplan ein.

Mitarbeit: Anna Beck

dpa kr yyzz n1 ct
"""

EFE = """El Gobierno aprueba el presupuesto

Madrid, 14 sep (EFE).- El Consejo de Ministros aprobó este martes el proyecto de presupuestos.

La ministra de Hacienda defendió las cuentas.

EFE jd/lss
"""

CHANNEL4 = """Storm batters the coast

LONDON, Sept 14, 2023, Channel 4 News. Gales brought down trees across the south coast.

Rail services were cancelled.
"""

NINE_NEWS = """Bushfire threatens homes

SYDNEY, Sept 14, 2023, 9News. A bushfire is threatening homes west of the city.

Residents were told to leave.
"""


def _all_text(article: Article) -> str:
    """Every field a sentence can land in, and the dropped lines, as one plain text."""
    parts = [article.title, article.subtitle, " ".join(article.authors), article.source, article.place,
             markdown_to_text(article.body), markdown_to_text(article.notes), *article.dropped]
    for photo in article.photos:
        parts += [photo.caption, photo.credit]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize(
    "text", [REUTERS, AP, AFP, YONHAP_KO, NEWS1_KO, XINHUA, XINHUA_ZH, KYODO_JA, DPA, EFE, CHANNEL4, NINE_NEWS]
)
def test_every_sentence_lands_somewhere(text: str) -> None:
    article = parse_text_cutting(text, reference=date(2023, 9, 20))
    everything = _all_text(article)
    squeezed = everything.replace(" ", "")
    for line in text.splitlines():
        dateline = parse_dateline(line, date(2023, 9, 20))
        if dateline is not None:  # its place, date and source are fields of their own
            assert dateline.place == article.place and dateline.source in (article.source, "共同")
            assert dateline.published in (article.published, "")
            line = dateline.rest
        words = [w for w in re.findall(r"\w+", line) if len(w) > 2]
        missing = [w for w in words if w not in everything and w not in squeezed]
        assert not missing, f"lost {missing} of {line!r}"


def test_reuters_footer_becomes_contributors_and_standards_line_boilerplate() -> None:
    article = parse_text_cutting(REUTERS)
    assert (article.place, article.source) == ("SEOUL", "Reuters")
    assert article.authors == ["Hyonhee Shin", "David Brunnstrom", "Kantaro Komiya"]  # reporters, not editors
    assert "Editing by Kim Coghill and Ed Davies" in article.notes
    assert "Reporting by" not in article.body and "Trust Principles" not in article.body
    assert article.dropped == ["Our Standards: The Thomson Reuters Trust Principles."]


def test_ap_contributor_line_and_boilerplate() -> None:
    article = parse_text_cutting(AP)
    assert (article.place, article.source) == ("TOKYO", "AP")
    assert article.authors == ["Kim Tong-hyung"]
    assert article.notes.startswith("Associated Press writer Kim Tong-hyung")
    assert article.body.endswith("move to shelters.")
    assert any(line.startswith("Follow AP's coverage") for line in article.dropped)
    assert any(line.startswith("Copyright 2023 The Associated Press") for line in article.dropped)


@pytest.mark.parametrize(
    ("text", "place", "source", "authors", "notes", "dropped"),
    [
        (AFP, "PARIS", "AFP", [], "", ["kjm-jta/dv"]),
        (YONHAP_KO, "부산", "연합뉴스", ["김민지"], "",
         ["<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "SNS 공유", "기사 공유하기"]),
        (XINHUA, "BEIJING", "Xinhua", [], "[Editor: Zhang Yi]", []),
        (XINHUA_ZH, "北京", "新华社", ["李明"], "", []),
        (KYODO_JA, "東京", "Kyodo", [], "", []),
        (DPA, "Berlin", "dpa", [], "Mitarbeit: Anna Beck", ["dpa kr yyzz n1 ct"]),
        (EFE, "Madrid", "EFE", [], "", ["EFE jd/lss"]),
    ],
)
def test_wire_shapes(text: str, place: str, source: str, authors: list[str], notes: str, dropped: list[str]) -> None:
    article = parse_text_cutting(text)
    assert (article.place, article.source, article.authors) == (place, source, authors)
    assert markdown_to_text(article.notes) == notes
    assert sorted(article.dropped) == sorted(dropped)


@pytest.mark.parametrize(
    ("text", "place", "published", "source"),
    [
        (NEWS1_KO, "부산", "2023-09-14", "뉴스1"),
        (CHANNEL4, "LONDON", "2023-09-14", "Channel 4 News"),
        (NINE_NEWS, "SYDNEY", "2023-09-14", "9News"),
    ],
)
def test_datelines_from_sources_with_digits(text: str, place: str, published: str, source: str) -> None:
    article = parse_text_cutting(text)
    assert (article.place, article.published, article.source) == (place, published, source)
    assert "뉴스1." not in article.body and "9News" not in article.body


def test_korean_dateline_on_a_line_of_its_own() -> None:
    found = parse_dateline("부산, 2023년 9월 14일, 뉴스1.")
    assert found is not None
    assert (found.place, found.published, found.source, found.rest) == ("부산", "2023-09-14", "뉴스1", "")


@pytest.mark.parametrize("paragraph", [
    "SEOUL, July 2, 2020, 10 people died. More followed.",  # a clause, not a source
    "Kathrin Göbel (Twitter) ist Astrophysikerin.",  # a name and a remark
    "SEOUL, July 2, 2020, the minister said. Talks resumed.",
])
def test_not_datelines(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize("line", ["공유하기", "기사 공유하기", "SNS 공유", "카카오톡 공유하기"])
def test_korean_share_lines_are_dropped(line: str) -> None:
    article = parse_text_cutting(f"제목\n\n서울시가 14일 새 정책을 발표했다.\n\n{line}\n")
    assert article.body == "서울시가 14일 새 정책을 발표했다."
    assert article.dropped == [line]


@pytest.mark.parametrize(
    ("line", "writers", "everyone"),
    [
        ("(Reporting by Jane Roe; Editing by Tom Poe)", ["Jane Roe"], ["Jane Roe", "Tom Poe"]),
        ("Writing by Ana Diaz; Editing by Sam Holmes", ["Ana Diaz"], ["Ana Diaz", "Sam Holmes"]),
        ("Reuters reporter Ana Diaz contributed reporting.", ["Ana Diaz"], ["Ana Diaz"]),
        ("[Editor: Zhang Yi]", [], ["Zhang Yi"]),
    ],
)
def test_contributor_lines(line: str, writers: list[str], everyone: list[str]) -> None:
    assert contributors(line) == (writers, everyone)


@pytest.mark.parametrize("line", [
    "The minister said reporting by the press was unfair.",
    "Reporting by phone is hard.",
    "Editing by committee never works, she said.",
])
def test_sentences_are_not_contributor_lines(line: str) -> None:
    assert footer_kind(line) == ""


def test_end_matter_stops_at_the_first_real_paragraph() -> None:
    kept, credits, dropped = split_end_matter(["Body one.", "Reporting by Jane Roe", "Body two.", "(END)"])
    assert (kept, credits, dropped) == (["Body one.", "Reporting by Jane Roe", "Body two."], [], ["(END)"])


def test_seed_second_credit_is_searchable_and_stored(archive: Archive) -> None:
    cutting = (
        "Ferry service resumes after storm\n\n"
        "Passengers board the first ferry at Port Ellis on Monday. (AP Photo/Mara Lind). "
        "Sketched by the Pan Pacific Agency.\n\n"
        "PORT ELLIS (AP) — The ferry service resumed on Monday after a three-day storm.\n"
    )
    result = clip_text(cutting.encode(), filename="ferry.txt")
    [photo] = result.article.photos
    assert photo.caption == "Passengers board the first ferry at Port Ellis on Monday."
    assert photo.credit == "AP Photo/Mara Lind; Sketched by the Pan Pacific Agency"
    stored = archive.add(result).value
    assert [h.id for h in archive.search('"Pan Pacific"').hits] == [stored.id]
    assert archive.get(stored.id).photos[0].credit.endswith("Pan Pacific Agency")


def test_dropped_lines_and_contributors_are_stored_and_searchable(archive: Archive) -> None:
    stored = archive.add(clip_text(REUTERS.encode(), filename="reuters.txt")).value
    again = archive.get(stored.id)
    assert again.dropped == ["Our Standards: The Thomson Reuters Trust Principles."]
    assert [h.id for h in archive.search("Coghill").hits] == [stored.id]  # the editor, in the notes
    assert [h.id for h in archive.search("author:Brunnstrom").hits] == [stored.id]
