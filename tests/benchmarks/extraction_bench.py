"""Web extraction quality: Cuttings against trafilatura alone, on real pages and on our own test pages.

The corpus is trafilatura's evaluation set (``../shared/corpora/trafilatura-eval.tar.xz``, see its README):
real pages, each with snippets that must appear in the extracted text ("with") and snippets that must not
("without"). It is unpacked once into a cache folder outside the repository (never committed).

    python tests/benchmarks/extraction_bench.py                  every page (884; a few minutes)
    python tests/benchmarks/extraction_bench.py --limit 100      the first 100 pages (a quick run)
    python tests/benchmarks/extraction_bench.py --news-only      only the news-like pages
    python tests/benchmarks/extraction_bench.py --pages          our own pages (tests/data/pages): word F1

Scoring is trafilatura's: a "with" snippet found is a true positive, missed a false negative; a "without"
snippet present is a false positive, absent a true negative. Cuttings' text is the article's text below its
headline: the subtitle, the body (CommonMark turned to plain text) and the notes (where wire footers go).
Photo captions and credits are fields of their own and left out by default: the corpus counts figure captions
as not part of the main text, while a cutting keeps them by design (``--captions`` counts them too). An
empty body counts as empty. trafilatura's is ``trafilatura.extract(html, include_comments=False, favor_precision=True)``.
Times are CPU milliseconds per page (``time.process_time``), so that a busy machine does not distort them.

News-like pages: the page declares itself a news story (schema.org ``NewsArticle`` or one of its kinds, or
``og:type`` ``article`` together with an ``article:published_time``), or its address carries a date
(``/2019/05/12/``, ``/2019-05-12``, ``/20190512``) and the page declares ``og:type`` ``article``. Blogs,
shops, forums and home pages that say neither are left out.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tarfile
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"
CORPUS = ROOT.parent.parent / "shared" / "corpora" / "trafilatura-eval.tar.xz"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpora/trafilatura-eval.tar.xz")
CACHE = Path(tempfile.gettempdir()) / "cuttings-extraction-bench"
_WORD = re.compile(r"[^\W_]+")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.clip.html import extract_html  # noqa: E402
from app.search.plaintext import markdown_to_text  # noqa: E402

# --- our own pages: word-bag F1 against human-cleaned text ---------------------------------------------------


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


# --- the corpus ------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Snippet counts of one extractor over some pages, with its timings."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    empty: int = 0
    pages: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp, self.fn, self.fp, self.tn = (
            self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)
        self.empty += other.empty
        self.pages += other.pages
        self.ms += other.ms

    def row(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        return {
            "pages": self.pages,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
            "empty": self.empty,
            "median_ms": statistics.median(self.ms) if self.ms else 0.0,
            "mean_ms": statistics.fmean(self.ms) if self.ms else 0.0,
        }


@dataclass
class PageResult:
    url: str
    file: str
    news: bool
    cuttings: Counts
    trafilatura: Counts
    traf_chars: int
    cut_chars: int


def unpack(corpus: Path = CORPUS, cache: Path = CACHE) -> Path:
    """The unpacked corpus folder (``tests/eval`` and ``tests/evaldata.json`` inside), unpacked once."""
    target = cache / "trafilatura-eval"
    if not (target / "tests" / "evaldata.json").exists():
        if not corpus.exists():
            raise SystemExit(f"{corpus}: the corpus is not there (see ../shared/corpora/README.md).")
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(corpus) as tar:
            tar.extractall(target, filter="data")
    return target


def _decode(data: bytes) -> str:
    """The page as text, decoded as trafilatura decodes it (both extractors get the same string)."""
    import trafilatura.utils

    return str(trafilatura.utils.decode_file(data))


_NEWS_TYPE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion|Review|Report|Background)?NewsArticle"'
    r'|itemtype="https?://schema\.org/(?:\w*NewsArticle)"',
    re.I,
)
_OG_ARTICLE = re.compile(r"""<meta[^>]+(?:property|name)=["']og:type["'][^>]+content=["']article["']"""
                         r"""|<meta[^>]+content=["']article["'][^>]+(?:property|name)=["']og:type["']""", re.I)
_PUBLISHED = re.compile(r"""(?:property|name)=["']article:published_time["']""", re.I)
_URL_DATE = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}/|-\d{2}-\d{2}|\d{4}(?:\D|$))")


def is_news_like(url: str, html: str) -> bool:
    """The news-like rule described in this module's docstring."""
    if _NEWS_TYPE.search(html):
        return True
    og_article = bool(_OG_ARTICLE.search(html))
    return og_article and (bool(_PUBLISHED.search(html)) or bool(_URL_DATE.search(url)))


def evaluate(text: str, entry: dict[str, list[str]], *, empty: bool) -> Counts:
    """trafilatura's scoring of one page's text; ``empty``: the page's body came out empty."""
    counts = Counts(pages=1, empty=int(empty))
    for snippet in entry.get("with", []):
        if snippet in text:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in entry.get("without", []):
        if snippet in text:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def cuttings_text(html: str, url: str, *, captions: bool = False) -> tuple[str, str]:
    """The article's text below the headline (subtitle, body, notes; photo captions and credits too with
    ``captions``), and its body alone, as plain text."""
    article = extract_html(html, base_url=url).article
    body = markdown_to_text(article.body)
    parts = [article.subtitle, body, markdown_to_text(article.notes)]
    for photo in article.photos if captions else []:
        parts += [photo.caption, photo.credit]
    return "\n".join(p for p in parts if p), body


def trafilatura_text(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""


def run_corpus(folder: Path, *, limit: int = 0, news_only: bool = False, captions: bool = False
               ) -> list[PageResult]:
    """Score both extractors on the corpus's pages (in evaldata.json's order)."""
    entries = json.loads((folder / "tests" / "evaldata.json").read_text(encoding="utf-8"))
    results: list[PageResult] = []
    for url, entry in entries.items():
        if limit and len(results) >= limit:
            break
        path = folder / "tests" / "eval" / entry["file"]
        if not path.exists():  # some entries' pages are not in the set
            continue
        html = _decode(path.read_bytes())
        news = is_news_like(url, html)
        if news_only and not news:
            continue
        start = time.process_time()
        traf = trafilatura_text(html, url)
        traf_ms = (time.process_time() - start) * 1000
        start = time.process_time()
        try:
            cut, body = cuttings_text(html, url, captions=captions)
        except Exception as exc:  # a page that fails is an empty body, reported by name
            print(f"  {entry['file']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            cut = body = ""
        cut_ms = (time.process_time() - start) * 1000
        cut_counts = evaluate(cut, entry, empty=not body.strip())
        traf_counts = evaluate(traf, entry, empty=not traf.strip())
        cut_counts.ms.append(cut_ms)
        traf_counts.ms.append(traf_ms)
        results.append(PageResult(url, entry["file"], news, cut_counts, traf_counts, len(traf), len(cut)))
    return results


def totals(results: list[PageResult], news: bool | None = None) -> tuple[Counts, Counts]:
    cut, traf = Counts(), Counts()
    for r in results:
        if news is None or r.news == news:
            cut.add(r.cuttings)
            traf.add(r.trafilatura)
    return cut, traf


def table(results: list[PageResult]) -> list[str]:
    head = f"{'pages':<10} {'extractor':<12} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'empty':>5} " \
           f"{'median ms':>9} {'mean ms':>8}"
    lines = [head, "-" * len(head)]
    for label, news in (("all", None), ("news-like", True)):
        for name, counts in zip(("Cuttings", "trafilatura"), totals(results, news), strict=True):
            r = counts.row()
            lines.append(
                f"{label:<10} {name:<12} {r['pages']:>4} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                f"{r['accuracy']:6.3f} {r['empty']:>5} {r['median_ms']:9.1f} {r['mean_ms']:8.1f}")
    return lines


def worse_pages(results: list[PageResult]) -> list[str]:
    """Pages where Cuttings finds fewer "with" snippets than trafilatura alone."""
    out = []
    for r in results:
        if r.cuttings.tp < r.trafilatura.tp:
            out.append(
                f"{r.file:<28} with {r.cuttings.tp}/{r.trafilatura.tp} (trafilatura)  chars {r.cut_chars}/"
                f"{r.traf_chars}  {'news ' if r.news else ''}{r.url}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (in evaldata.json's order)")
    parser.add_argument("--news-only", action="store_true", help="only the news-like pages")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus archive (.tar.xz)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the corpus is unpacked (outside the repo)")
    parser.add_argument("--captions", action="store_true", help="count photo captions and credits as text too")
    parser.add_argument("--save", type=Path, help="write per-page results as JSON lines here")
    parser.add_argument("--pages", action="store_true", help="score our own test pages (tests/data/pages) instead")
    args = parser.parse_args(argv)
    if args.pages:
        scores = score_pages()
        print(f"{'page':<22} {'P':>6} {'R':>6} {'F1':>6}")
        for s in scores:
            print(f"{s.page:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
        print(f"{'mean':<22} {'':>6} {'':>6} {statistics.fmean(s.f1 for s in scores):6.3f}")
        return 0
    folder = unpack(args.corpus, args.cache)
    results = run_corpus(folder, limit=args.limit, news_only=args.news_only, captions=args.captions)
    print("\n".join(table(results)))
    worse = worse_pages(results)
    print(f"\nPages where Cuttings finds fewer 'with' snippets than trafilatura: {len(worse)}")
    print("\n".join(worse))
    if args.save:
        with args.save.open("w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps({"file": r.file, "url": r.url, "news": r.news, "cut_tp": r.cuttings.tp,
                                     "traf_tp": r.trafilatura.tp, "cut_fp": r.cuttings.fp, "traf_fp": r.trafilatura.fp,
                                     "cut_ms": r.cuttings.ms[0], "cut_chars": r.cut_chars,
                                     "traf_chars": r.traf_chars}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
