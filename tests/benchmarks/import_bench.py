"""Imports from other tools at size: a 50,000-item Pocket CSV (link-only articles) and a large ENEX, streamed.

    python3 tests/benchmarks/import_bench.py [--pocket 50000] [--enex-mb 300]

Each import runs in a process of its own (``cuttings import``), so its peak memory (``ru_maxrss`` of the child)
is the import's own. Targets: the Pocket file imports in under 5 minutes and both stay under 500 MB, however
large the file (they stream item by item).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.report import compile_sources, header, record  # noqa: E402

WORDS = ["harbour", "ferry", "council", "minister", "library", "cutting", "press", "morning", "report", "city", "river", "bridge", "court", "trade", "election", "school", "museum", "festival", "storm", "market", "railway", "항구", "도서관", "시장"]


def write_pocket(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "url", "time_added", "tags", "status"])
        for i in range(n):
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            tags = "|".join(rng.sample(["news", "korea", "ports", "culture", "later", "places/Busan"], rng.randint(0, 3)))
            w.writerow([title, f"https://site{i % 400}.example/{i}/story?utm_source=pocket",
                        str(1_600_000_000 + i * 600), tags, rng.choice(["unread", "archive"])])


def write_enex(path: Path, megabytes: int) -> int:
    """Notes of a few paragraphs and one 200 KB image each, until the file is ``megabytes`` large."""
    from PIL import Image

    rng = random.Random(3)
    image = io.BytesIO()
    Image.effect_noise((300, 220), 60).convert("RGB").save(image, "JPEG", quality=95)
    data = image.getvalue()
    encoded, md5 = base64.b64encode(data).decode(), hashlib.md5(data).hexdigest()
    notes = 0
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<en-export application="Evernote" version="10">\n')
        while f.tell() < megabytes * 1024 * 1024:
            notes += 1
            text = "</div><div>".join(" ".join(rng.choice(WORDS) for _ in range(80)) + "." for _ in range(6))
            f.write(f"<note><title>Note {notes} {rng.choice(WORDS)}</title><content><![CDATA[<en-note><div>{text}</div>"
                    f'<en-media type="image/jpeg" hash="{md5}"/></en-note>]]></content><created>20240305T080000Z</created>'
                    f"<tag>bench</tag><resource><data encoding=\"base64\">{encoded}</data><mime>image/jpeg</mime>"
                    "</resource></note>\n")
        f.write("</en-export>\n")
    return notes


def run_import(archive: Path, export: Path) -> tuple[float, float, str]:
    """Seconds and peak MB of a `cuttings import` child process, and its last line of output."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "app", "--archive", str(archive), "import", str(export)],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, proc.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pocket", type=int, default=50_000)
    parser.add_argument("--enex-mb", type=int, default=300)
    args = parser.parse_args()
    compile_sources(ROOT)
    header()
    with tempfile.TemporaryDirectory(prefix="cuttings-import-bench-") as tmp:
        folder = Path(tmp)
        pocket = folder / "pocket.csv"
        write_pocket(pocket, args.pocket)
        seconds, peak, line = run_import(folder / "a.cuttings", pocket)
        record(f"Pocket CSV, {args.pocket:,} items: time", f"{seconds:.1f} s ({args.pocket / seconds:.0f}/s)",
               "≤ 300 s", seconds <= 300)
        record("Pocket CSV: peak memory of the import", f"{peak:.0f} MB", "≤ 500 MB", peak <= 500)
        record("Pocket CSV: outcome", line)
        enex = folder / "big.enex"
        notes = write_enex(enex, args.enex_mb)
        seconds, peak2, line = run_import(folder / "b.cuttings", enex)
        # RUSAGE_CHILDREN keeps the largest child: only a larger peak than the Pocket run's is the ENEX's own.
        record(f"ENEX, {enex.stat().st_size / 2**20:.0f} MB, {notes:,} notes: time",
               f"{seconds:.1f} s ({notes / seconds:.0f}/s)")
        record("ENEX: peak memory of the import", f"{max(peak, peak2):.0f} MB (at most)", "≤ 500 MB",
               max(peak, peak2) <= 500)
        record("ENEX: outcome", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
