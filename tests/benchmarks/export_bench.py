"""Export 1,000 synthetic articles in each format and print a table of seconds.

    QT_QPA_PLATFORM=offscreen python3 tests/benchmarks/export_bench.py [N]
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from app.archive import Archive  # noqa: E402
from app.export.runner import run_export  # noqa: E402
from app.model import Article, Capture, ClipResult, Photo  # noqa: E402

WORDS = ["harbour", "archive", "council", "minister", "library", "cutting", "press", "morning", "report", "city", "river", "bridge", "court", "trade", "election", "school", "museum", "festival", "storm", "market", "railway"]


def _jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    im = Image.new("RGB", (1200, 800), tuple(rng.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def build(archive: Archive, n: int) -> None:
    rng = random.Random(1)
    photos = [_jpeg(i) for i in range(20)]
    for i in range(n):
        title = f"{' '.join(rng.choice(WORDS) for _ in range(7)).capitalize()} {i}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(90)) + "." for _ in range(8))
        article = Article(title=title, source="The Bench Herald", place="PORT ELLIS", published=f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
                          authors=["A. Writer"], body=body, language="en",
                          photos=[Photo(caption=f"Caption {i}", credit="Bench Photo", data=photos[i % 20], mime="image/jpeg",
                                        width=1200, height=800)])
        archive.add(ClipResult(article, Capture(method="text", raw=body.encode(), mime="text/plain", filename=f"{i}.txt")))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        with Archive.create(folder / "bench.cuttings") as archive:
            build(archive, n)
            print(f"built {n} articles in {time.perf_counter() - started:.1f} s")
            ids = archive.ids()
            runs = [("pdf", "one file", folder / "all.pdf", True), ("pdf", "per article", folder / "pdfs", False),
                    ("markdown", "folders", folder / "md", False), ("html", "one file", folder / "all.html", True),
                    ("html", "per article", folder / "html", False), ("csv", "one file", folder / "m.csv", True),
                    ("bagit", "bag", folder / "bag", False)]
            print(f"{'format':<10} {'shape':<12} {'seconds':>8} {'per article':>12} {'MB':>8}")
            for fmt, shape, out, single in runs:
                t = time.perf_counter()
                result = run_export(archive, ids, fmt, out, single_file=single)
                seconds = time.perf_counter() - t
                size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) if out.is_dir() else out.stat().st_size
                print(f"{fmt:<10} {shape:<12} {seconds:>8.2f} {seconds / result.articles * 1000:>9.1f} ms {size / 1e6:>8.1f}")


if __name__ == "__main__":
    main()
