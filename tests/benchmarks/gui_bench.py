"""GUI benchmark (not part of the test run): start-up, search-to-list time, scrolling and memory on N articles.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.gui_bench --articles 100000
    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.gui_bench --archive PATH    (an archive already built,
                                                                     e.g. by core_bench.py --keep PATH)

Without ``--archive`` it builds its own archive of synthetic ~600-word articles once (bulk ``add_many`` then one
reindex) and keeps it in ``--cache`` for later runs. Prints a table of measurements with targets and PASS/FAIL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks.report import compile_sources, header, ms, pct, record  # noqa: E402

compile_sources(ROOT)  # timed below as an installed copy starts: with bytecode, not compiling every module
T_START = time.perf_counter()  # "start": before Python imports the app and Qt

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.archive import DB_NAME, Archive  # noqa: E402
from app.model import Article, Capture, ClipResult  # noqa: E402
from tests.benchmarks.synthetic import articles  # noqa: E402

QUERIES = ["harbour", "archive library", "minister OR council", "tag:places/Korea", "published:[1990 to 1999]",
           "flood~", "ferr*", "\"newspaper morgue\"", "source:Reuters", "court NOT police"]


def fill_archive(path: Path, n: int, *, words: int = 600, batch: int = 1000) -> None:
    """Add ``n`` synthetic articles to the archive at ``path`` (created if needed), then index them in one rebuild."""
    archive = Archive.open(path, create=True)
    archive.index.release_writer()  # store without indexing each batch; one rebuild at the end is much faster
    try:
        chunk: list[ClipResult] = []
        for i, s in enumerate(articles(n, words=words)):
            art = Article(title=s.title, body=s.body, source=s.source, place=s.place, published=s.published,
                          tags=s.tags)
            chunk.append(ClipResult(article=art, capture=Capture(method="text", mime="text/plain")))
            if len(chunk) == batch or i == n - 1:
                archive.add_many(chunk, allow_duplicate=True)
                chunk = []
        # the rebuild below indexes everything: no need for close() to drain the queue one batch at a time
        archive.db.conn.execute("DELETE FROM index_queue")
    finally:
        archive.close()
    with Archive.open(path) as archive:
        archive.reindex()


def _status_mb(key: str) -> float | None:
    """A memory figure of this process from /proc/self/status (Linux), in MB; None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Resident memory now (falls back to the peak from getrusage)."""
    now = _status_mb("VmRSS")
    if now is not None:
        return now
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def file_rss_mb() -> float | None:
    """The part of resident memory that is mapped files (the index segments: shared, reclaimable page cache)."""
    return _status_mb("RssFile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="size of the archive built (without --archive)")
    parser.add_argument("--words", type=int, default=600, help="words per article built (without --archive)")
    parser.add_argument("--archive", type=Path, help="use this existing archive instead of building one")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cuttings-gui-bench")
    parser.add_argument("--searches", type=int, default=50)
    args = parser.parse_args()
    if args.archive is not None:
        path = args.archive
        if not (path / DB_NAME).exists():
            parser.error(f"no archive at {path}")
    else:
        path = args.cache / f"bench-{args.articles}-{args.words}w.cuttings"
    os.environ["CUTTINGS_CONFIG_DIR"] = str(args.cache / "config")
    print(f"Cuttings GUI benchmark ({path})")
    header()
    built = 0.0
    if not (path / DB_NAME).exists():
        t = time.perf_counter()
        fill_archive(path, args.articles, words=args.words)
        built = time.perf_counter() - t
        record(f"build archive of {args.articles:,} (once)", f"{built:.1f} s")

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    record("RSS before the window", f"{rss_mb():.0f} MB")
    t0 = time.perf_counter()
    from ui.main import create_main_window

    window = create_main_window(path)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    t_end = time.perf_counter()
    t_usable = t_end - T_START - built  # Python imports, Qt start-up and the window; not the archive build
    record("start to usable window (list, first article)", f"{t_usable * 1000:.0f} ms", "<= 1500 ms",
           t_usable <= 1.5)
    record("  of which the window (create, show, fill)", f"{(t_end - t0) * 1000:.0f} ms")
    model = window.model  # type: ignore[attr-defined]
    record("rows in the list", f"{model.rowCount():,}")

    times = []
    for n in range(args.searches):
        query = QUERIES[n % len(QUERIES)]
        t = time.perf_counter()
        window.search_bar.set_text(query)  # type: ignore[attr-defined]
        app.processEvents()
        times.append(time.perf_counter() - t)
        if n < len(QUERIES):
            record(f"  search {query!r}: hits", f"{model.rowCount():,} in {times[-1] * 1000:.0f} ms")
    p95 = pct(times, 0.95)
    record(f"search to list update: p95 of {len(times)}", ms(p95), "<= 150 ms", p95 <= 0.15)
    record("  search to list update: median / worst", f"{ms(statistics.median(times))} / {ms(max(times))}")
    rss = rss_mb()
    record(f"RSS after {args.searches} searches", f"{rss:.0f} MB", "<= 500 MB", rss <= 500)
    mapped = file_rss_mb()
    if mapped is not None:
        record("  of which mapped files (index segments, page cache)", f"{mapped:.0f} MB")

    window.search_bar.set_text("")  # type: ignore[attr-defined]
    app.processEvents()
    table = window.table  # type: ignore[attr-defined]
    bar = table.verticalScrollBar()
    steps, frames = 200, []
    for step in range(steps + 1):  # top to bottom of the whole list
        t = time.perf_counter()
        bar.setValue(int(bar.maximum() * step / steps))
        table.viewport().repaint()
        frames.append(time.perf_counter() - t)
    worst = max(frames)
    record(f"scroll whole list ({len(frames)} jumps + repaint): worst", ms(worst), "<= 50 ms", worst <= 0.05)
    record("  scroll: jump + repaint, median", ms(statistics.median(frames)))
    record("  SQL page loads while scrolling", f"{model.fetches:,}")
    t = time.perf_counter()
    picks = min(40, model.rowCount())
    for r in range(picks):
        table.selectRow(r)
        app.processEvents()
    if picks:
        record(f"select an article and render it, mean of {picks}", ms((time.perf_counter() - t) / picks))
    record("RSS at the end", f"{rss_mb():.0f} MB")
    window.close()


if __name__ == "__main__":
    main()
