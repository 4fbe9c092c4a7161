"""Body-text quality of extract_html against human-cleaned text: word precision, recall and F1 per page.

Run: ``python tests/benchmarks/extraction_quality.py`` (prints a table, the mean F1 and pages per second).
The unit test ``tests/unit/test_clip_html_quality.py`` imports :func:`score_pages` from here.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"
_WORD = re.compile(r"[^\W_]+")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.clip.html import extract_html  # noqa: E402


@dataclass
class Score:
    page: str
    precision: float
    recall: float
    f1: float


def words(text: str) -> Counter[str]:
    """A bag of lower-cased words (Markdown punctuation and underscores ignored)."""
    return Counter(w.lower() for w in _WORD.findall(text))


def score(extracted: str, expected: str, page: str = "") -> Score:
    """Word-bag precision/recall/F1 of ``extracted`` against ``expected``."""
    got, want = words(extracted), words(expected)
    overlap = sum((got & want).values())
    p = overlap / sum(got.values()) if got else 0.0
    r = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(page, p, r, f1)


def score_pages(folder: Path = PAGES) -> list[Score]:
    """Score every ``NAME.html`` that has a ``NAME.txt`` next to it."""
    out = []
    for html in sorted(folder.glob("*.html")):
        expected = html.with_suffix(".txt")
        if expected.exists():
            body = extract_html(html.read_bytes(), base_url=html.resolve().as_uri()).article.body
            out.append(score(body, expected.read_text(encoding="utf-8"), html.stem))
    return out


def pages_per_second(folder: Path = PAGES, rounds: int = 5) -> float:
    """How many saved pages extract_html handles per second (photos not loaded)."""
    pages = [(p.read_bytes(), p.resolve().as_uri()) for p in sorted(folder.glob("*.html"))]
    start = time.perf_counter()
    for _ in range(rounds):
        for data, base in pages:
            extract_html(data, base_url=base)
    return rounds * len(pages) / (time.perf_counter() - start)


def main() -> None:
    scores = score_pages()
    print(f"{'page':<22} {'P':>6} {'R':>6} {'F1':>6}")
    for s in scores:
        print(f"{s.page:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    mean = sum(s.f1 for s in scores) / len(scores)
    print(f"{'mean':<22} {'':>6} {'':>6} {mean:6.3f}")
    print(f"speed: {pages_per_second():.1f} pages/s")


if __name__ == "__main__":
    main()
