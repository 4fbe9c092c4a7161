"""split_credit and looks_like_caption over the credit styles newspapers and agencies use."""

from __future__ import annotations

import pytest

from app.clip.credits import clean_credit, is_credit, looks_like_caption, split_credit


@pytest.mark.parametrize(
    ("caption", "expected_caption", "expected_credit"),
    [
        ("Soldiers stand guard. (AP Photo/Ahn Young-joon)", "Soldiers stand guard.", "AP Photo/Ahn Young-joon"),
        ("A crowd in London (Photo: Reuters)", "A crowd in London", "Reuters"),
        ("A crowd in London. (Reuters/Jane Doe)", "A crowd in London.", "Reuters/Jane Doe"),
        ("Fans cheer at the stadium. Photo: Getty Images", "Fans cheer at the stadium.", "Getty Images"),
        ("직원들이 스크랩북을 정리하고 있다. (연합뉴스 사진/김민지)", "직원들이 스크랩북을 정리하고 있다.", "연합뉴스 사진/김민지"),
        ("서울도서관 보존서고 모습. (사진=연합뉴스)", "서울도서관 보존서고 모습.", "연합뉴스"),
        (
            "The reading room in 1931. Photo courtesy of Port Ellis Public Library",
            "The reading room in 1931.",
            "Photo courtesy of Port Ellis Public Library",
        ),
        (
            "The reading room in 1931 (Photo courtesy of Port Ellis Public Library)",
            "The reading room in 1931",
            "Photo courtesy of Port Ellis Public Library",
        ),
        ("Boats in the harbour. (Ledger Photo/Tomas Irving)", "Boats in the harbour.", "Ledger Photo/Tomas Irving"),
        ("The old town hall. Courtesy of the Smith family.", "The old town hall.", "Courtesy of the Smith family"),
        ("People walk past a screen in Beijing. Xinhua/Li Ming", "People walk past a screen in Beijing.", "Xinhua/Li Ming"),
        ("Fans wave flags. (EPA-EFE/Kim Hee-chul)", "Fans wave flags.", "EPA-EFE/Kim Hee-chul"),
        ("Players celebrate the win. Getty Images", "Players celebrate the win.", "Getty Images"),
        ("Sunset over the bay. © Jane Doe 2020", "Sunset over the bay.", "© Jane Doe 2020"),
        ("Players celebrate (AFP via Getty Images)", "Players celebrate", "AFP via Getty Images"),
        ("Protesters march [Reuters/Jane Doe]", "Protesters march", "Reuters/Jane Doe"),
        ("Reuters", "", "Reuters"),
        ("(Photo: Reuters)", "", "Reuters"),
    ],
)
def test_credit_styles(caption: str, expected_caption: str, expected_credit: str) -> None:
    assert split_credit(caption) == (expected_caption, expected_credit)


def test_second_credit_after_credit_is_kept() -> None:
    text = "In this photo, soldiers stand guard. (AP Photo/Ahn Young-joon). Sketched by the Pan Pacific Agency."
    assert split_credit(text) == (
        "In this photo, soldiers stand guard.", "AP Photo/Ahn Young-joon; Sketched by the Pan Pacific Agency")


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Firefighters at the scene. (Reuters/Kim Hong-ji) Illustration by Mara Lind.",
         "Firefighters at the scene.", "Reuters/Kim Hong-ji; Illustration by Mara Lind"),
        ("The harbour in 1931. (Photo courtesy of the museum). Map: Ledger graphics desk.",
         "The harbour in 1931.", "Photo courtesy of the museum; Map: Ledger graphics desk"),
        ("Rescuers search the rubble. (AFP) The quake struck at dawn.",
         "Rescuers search the rubble. The quake struck at dawn.", "AFP"),
    ],
)
def test_note_after_credit_lands_in_credit_or_caption(text: str, caption: str, credit: str) -> None:
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "caption",
    [
        "He spoke to Reuters.",
        "Protest in Paris (left) on Monday.",
        "The minister (right) meets the envoy.",
        "Photo: The crowd gathers in Seoul. Police watched from the side.",
        "",
    ],
)
def test_no_credit(caption: str) -> None:
    assert split_credit(caption)[1] == ""


def test_whitespace_is_collapsed() -> None:
    assert split_credit("  Two\n lines  (AP Photo/X Y)\n") == ("Two lines", "AP Photo/X Y")


def test_clean_credit_labels() -> None:
    assert clean_credit("Photo by Jane Doe.") == "Jane Doe"
    assert clean_credit("Credit: Jane Doe") == "Jane Doe"
    assert clean_credit("사진 제공=서울도서관") == "서울도서관"
    assert clean_credit("photo courtesy of the family") == "Photo courtesy of the family"


def test_is_credit() -> None:
    assert is_credit("AP Photo/Ahn Young-joon")
    assert is_credit("Yonhap")
    assert not is_credit("left")
    assert not is_credit("APEC summit")


@pytest.mark.parametrize(
    "paragraph",
    [
        "In this Dec. 16, 2019, photo, soldiers stand guard. (AP Photo/Ahn Young-joon)",
        "In this undated photo released by the agency, a ship sails.",
        "This photo shows the reading room in 1931.",
        "This undated photo shows the reading room.",
        "Photo: the reading room in 1931",
        "FILE - A man walks by a screen.",
        "Crowds gather in Seoul. (Yonhap Photo/Kim Min-ji)",
        "직원들이 스크랩북을 정리하고 있다. (연합뉴스 사진/김민지)",
        "보존서고 모습. (사진=연합뉴스)",
        "The library in 1931 (Photo courtesy of Port Ellis Public Library)",
        "▲ 서울도서관 보존서고",
    ],
)
def test_looks_like_caption(paragraph: str) -> None:
    assert looks_like_caption(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Foreign Minister Kang Kyung-wha on Thursday said the government is making an all-out effort.",
        "WASHINGTON (AP) — The Senate voted on Thursday.",
        "He spoke to Reuters on Monday (Reuters) and left.",
        "Photographers gathered outside the court.",
        "",
        "x (AP Photo/Y) " + "More text follows in a long paragraph. " * 10,
    ],
)
def test_not_a_caption(paragraph: str) -> None:
    assert not looks_like_caption(paragraph)
