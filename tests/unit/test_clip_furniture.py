"""Page furniture inside trafilatura's text (captions, credit lines, promotions, "read also", stamps) goes to the
dropped list; article sentences that merely mention photos, subscriptions or reading stay."""

from __future__ import annotations

import pytest

from app.clip.html import extract_html
from app.clip.html_furniture import furniture_kind


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        ("Photo: Jo Roe/The Coastal Ledger", "caption"),
        ("Fot. Anna Nowak / Agencja Gazeta", "caption"),
        ("Titelbild: Max Muster/dpa", "caption"),
        ("Crédits photos : Agence Bestimage", "caption"),
        ("The ferry leaves Port Ellis at dawn. © AFP / Jo Roe", "caption"),
        ("Residents queue for water in Daegu on Tuesday. (AP Photo/Ahn Young-joon)", "caption"),
        ("Die Ministerin bei der Eröffnung (Foto: dpa)", "caption"),
        ("Never miss the latest news by signing up to our newsletter today!", "promo"),
        ("Síguenos en Telegram, Instagram, Facebook y Twitter para recibir todas nuestras actualizaciones", "promo"),
        ("For the latest stories download the Ledger apps for iOS and Android.", "promo"),
        ("Anzeige", "promo"),
        ("Read more: Harbour town opens its newspaper morgue", "read-also"),
        ("Lesen Sie auch: Die Stadt öffnet ihr Archiv", "read-also"),
        ("À lire aussi » Le port ouvre ses archives", "read-also"),
        ("Czytaj też: Wyścig zbrojeń ruszył z kopyta", "read-also"),
        ("LE PUEDE INTERESAR: La ficha del expresidente", "read-also"),
        ("Related: The morgue's oldest cabinet", "read-also"),
        ("5 min read", "stamp"),
        ("Updated: 14 November 2023, 10:02", "stamp"),
        ("Zuletzt aktualisiert am 14.11.2023", "stamp"),
    ],
)
def test_furniture_is_recognised(block: str, kind: str) -> None:
    assert furniture_kind(block) == kind


@pytest.mark.parametrize(
    "block",
    [
        "He was born in 1930 (see photo).",
        "Related to this, the minister said the budget would not change.",
        "The committee will read more reports before it decides.",
        "Netflix raised the price of its subscription for the second time this year.",
        "Facebook and Twitter said on Monday they had removed the accounts.",
        "The photo agency said it had been published without permission.",
        "Updated figures from the ministry show the harbour handled 2 million tonnes last year, up from 1.6 million "
        "the year before, as the new cranes came into use and the ferry terminal reopened after two years of work "
        "that cost the town far more than planned, according to the report published on Tuesday by the audit office.",
        "“Read more books,” she told the graduates: “they are cheaper than therapy.”",
        "We are glad when you like our podcasts, subscribe to them and send us feedback.",
    ],
)
def test_article_sentences_stay(block: str) -> None:
    assert furniture_kind(block) == ""


def test_a_page_keeps_its_text_and_lists_its_furniture() -> None:
    story = "".join(
        f"<p>Paragraph {n} of the harbour story tells how the morgue's envelopes were sorted, one subject at a "
        f"time, by volunteers who came every Tuesday for a year.</p>" for n in range(1, 6))
    html = (
        "<html><head><title>Harbour archive opens</title></head><body><article><h1>Harbour archive opens</h1>"
        f"{story[:400]}<p>Read more: Ferry strike ends after nine days</p>{story[400:]}"
        "<p>Photo: Jo Roe/The Coastal Ledger</p>"
        "<p>Never miss the latest news by signing up to our newsletter today!</p>"
        "</article></body></html>"
    )
    article = extract_html(html, base_url="https://ledger.example/news/2023/11/14/harbour").article
    for n in range(1, 6):
        assert f"Paragraph {n} of the harbour story" in article.body
    assert "Ferry strike" not in article.body and "Jo Roe" not in article.body and "newsletter" not in article.body
    assert "Read more: Ferry strike ends after nine days" in article.dropped
    assert "Photo: Jo Roe/The Coastal Ledger" in article.dropped
