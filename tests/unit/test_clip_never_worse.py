"""Web clipping is never worse than trafilatura alone: what it finds stays, our passes only add or move text
into fields (headline, dateline, standfirst, captions, notes)."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
import trafilatura

from app.clip.datelines import parse_dateline
from app.clip.html import extract_html
from app.search.plaintext import markdown_to_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "trafilatura-eval.tar.xz"

def _paragraphs(text: str) -> list[str]:
    """Paragraphs of some length; an opening dateline is a field of its own ("WASHINGTON (AP) —")."""
    out = []
    for line in text.splitlines():
        if len(line.strip()) > 40:
            dateline = parse_dateline(" ".join(line.split()))
            text = dateline.rest if dateline and dateline.rest else " ".join(line.split())
            out.append(text.removeprefix("- "))  # a list item
    return out


def _covered(html: str, url: str = "") -> tuple[list[str], str]:
    """trafilatura alone's paragraphs and the plain text of everything Cuttings kept of the page."""
    alone = trafilatura.extract(html, url=url or None, include_comments=False, favor_precision=True) or ""
    article = extract_html(html, base_url=url).article
    kept = " ".join([article.title, article.subtitle, article.place, markdown_to_text(article.body),
                     markdown_to_text(article.notes), *article.dropped,
                     *(f"{p.caption} {p.credit}" for p in article.photos)])
    return _paragraphs(alone), " ".join(kept.split())


def test_our_test_pages_keep_what_trafilatura_finds() -> None:
    pages = Path(__file__).resolve().parents[1] / "data" / "pages"
    for page in sorted(pages.glob("*.html")):
        alone, kept = _covered(page.read_text(encoding="utf-8"))
        missing = [p for p in alone if p not in kept]
        assert not missing, f"{page.name}: {missing[:2]}"


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")
def test_real_pages_never_come_out_empty_or_much_shorter(tmp_path: Path) -> None:
    with tarfile.open(CORPUS) as tar:
        members = [m for m in tar.getmembers() if m.name.endswith(".html")][::40]  # a spread of ~23 pages
        tar.extractall(tmp_path, members=members, filter="data")
        evaldata = tar.extractfile("tests/evaldata.json")
        assert evaldata is not None
        urls = {v["file"]: k for k, v in json.load(evaldata).items()}
    for page in sorted(tmp_path.rglob("*.html")):
        html = trafilatura.utils.decode_file(page.read_bytes())
        url = urls.get(page.name, "")
        alone = trafilatura.extract(html, url=url or None, include_comments=False, favor_precision=True) or ""
        if len(alone) < 100:
            continue
        article = extract_html(html, base_url=url).article
        body = markdown_to_text(article.body)
        assert body.strip(), page.name
        assert len(body) + len(article.subtitle) + len(article.notes) >= 0.8 * len(alone), page.name
