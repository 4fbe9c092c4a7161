"""GUI benchmark (not part of the test run): start-up, search-to-list time, scrolling and memory on N articles.

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.gui_bench --articles 100000

Builds the archive once (bulk ``add_many`` then one reindex) and keeps it in ``--cache`` for later runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.archive import DB_NAME, Archive  # noqa: E402
from app.model import Article, Capture, ClipResult  # noqa: E402
from tests.benchmarks.synthetic import articles  # noqa: E402

QUERIES = ["harbour", "archive library", "minister OR council", "tag:places/Korea", "published:[1990 to 1999]",
           "flood~", "ferr*", "\"newspaper morgue\"", "source:Reuters", "court NOT police"]


def fill_archive(path: Path, n: int, *, words: int = 120, batch: int = 1000) -> None:
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


def rss_mb() -> float:
    """Resident memory now (Linux /proc; falls back to the peak from getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cuttings-gui-bench")
    parser.add_argument("--searches", type=int, default=50)
    args = parser.parse_args()
    path = args.cache / f"bench-{args.articles}.cuttings"
    os.environ["CUTTINGS_CONFIG_DIR"] = str(args.cache / "config")
    rows: list[tuple[str, str]] = []
    if not (path / DB_NAME).exists():
        t = time.perf_counter()
        fill_archive(path, args.articles)
        rows.append((f"build archive of {args.articles:,} (once)", f"{time.perf_counter() - t:.1f} s"))

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    rows.append(("RSS before the window", f"{rss_mb():.0f} MB"))
    t0 = time.perf_counter()
    from ui.main import create_main_window

    window = create_main_window(path)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    t_usable = time.perf_counter() - t0
    rows.append(("start to usable window (list filled, first article shown)", f"{t_usable * 1000:.0f} ms"))
    rows.append(("rows in the list", f"{window.model.rowCount():,}"))  # type: ignore[attr-defined]

    times = []
    for n in range(args.searches):
        query = QUERIES[n % len(QUERIES)]
        t = time.perf_counter()
        window.search_bar.set_text(query)  # type: ignore[attr-defined]
        app.processEvents()
        times.append(time.perf_counter() - t)
        if n < len(QUERIES):
            rows.append((f"  search {query!r}: hits", f"{window.model.rowCount():,} in {times[-1] * 1000:.0f} ms"))  # type: ignore[attr-defined]
    rows.append(("search to list update, median", f"{statistics.median(times) * 1000:.0f} ms"))
    rows.append(("search to list update, worst", f"{max(times) * 1000:.0f} ms"))
    rows.append((f"RSS after {args.searches} searches", f"{rss_mb():.0f} MB"))

    window.search_bar.set_text("")  # type: ignore[attr-defined]
    app.processEvents()
    table = window.table  # type: ignore[attr-defined]
    bar = table.verticalScrollBar()
    steps, frames = 200, []
    for step in range(steps):
        t = time.perf_counter()
        bar.setValue(int(bar.maximum() * step / steps))
        table.viewport().repaint()
        frames.append(time.perf_counter() - t)
    rows.append(("scroll: jump + repaint, median", f"{statistics.median(frames) * 1000:.1f} ms"))
    rows.append(("scroll: jump + repaint, worst", f"{max(frames) * 1000:.1f} ms"))
    rows.append(("SQL page loads while scrolling", f"{window.model.fetches:,}"))  # type: ignore[attr-defined]
    t = time.perf_counter()
    for r in range(0, 2000):
        table.selectRow(r % window.model.rowCount())  # type: ignore[attr-defined]
        app.processEvents()
        if r >= 40:
            break
    rows.append(("select an article and render it, mean of 40", f"{(time.perf_counter() - t) / 40 * 1000:.1f} ms"))
    rows.append(("RSS at the end", f"{rss_mb():.0f} MB"))
    window.close()
    width = max(len(a) for a, _ in rows)
    print(f"\nCuttings GUI benchmark: {args.articles:,} articles ({path})\n")
    for what, value in rows:
        print(f"  {what:<{width}}  {value}")


if __name__ == "__main__":
    main()
