"""OCR of scanned cuttings at 300 dpi: body character accuracy, the fields against clipping the text, time and
memory a cutting.

    python3 tests/benchmarks/ocr_bench.py            # the two fixture scans and generated ones
    python3 tests/benchmarks/ocr_bench.py --quick    # the fixture scans only

Each scan is read by ``clip_scan`` exactly as ``cuttings clip SCAN --ocr`` does. The engines (English, Korean)
are loaded once before timing; their loading is reported on its own row. Times are wall-clock seconds and CPU
seconds of this process (the CPU time is what the machine's load does not change).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.clip.ocr.engine import Engine  # noqa: E402
from app.clip.scan import clip_scan  # noqa: E402
from app.clip.text import clip_text  # noqa: E402
from tests.benchmarks.report import header, record  # noqa: E402
from tests.scans.compare import char_accuracy, field_differences  # noqa: E402
from tests.scans.generator import Options, parse_cutting_text, render  # noqa: E402

FIXTURES = ROOT / "resources" / "samples"
SCANS = ROOT / "tests" / "data" / "scans"
TARGET_SECONDS = 6.0
# heavy noise: newsprint texture, grain, dust and toner specks, a phone app's JPEG (shadow is set by the case)
HEAVY = {"noise": 45.0, "texture": 12.0, "speckle": 1.0, "jpeg": 35}


def cases(quick: bool) -> list[tuple[str, bytes, bytes, bool]]:
    """(name, scan bytes, the text it shows, whether its caption is printed) for each benchmark scan."""
    out = []
    en_text = (FIXTURES / "korea-herald-2020-07-02.txt").read_bytes()
    ko_text = (FIXTURES / "seoul-library-ko.txt").read_bytes()
    out.append(("fixture en, 2 columns, photo", (FIXTURES / "scans" / "korea-herald-2020-07-02-scan.jpg").read_bytes(),
                en_text, True))
    out.append(("fixture ko, 2 columns (no caption shown)", (SCANS / "seoul-library-ko-scan.jpg").read_bytes(), ko_text,
                False))
    if quick:
        return out
    en = parse_cutting_text(en_text.decode())
    ko = parse_cutting_text(ko_text.decode())
    generated = [
        ("gen en, 2 col, rotated 1°, noise", en, Options(columns=2, rotate=1.0, noise=25, seed=2)),
        ("gen en, 3 col, rotated -1.5°, noise", en, Options(columns=3, rotate=-1.5, noise=30, seed=3)),
        ("gen en, phone: perspective + blur", en, Options(columns=2, perspective=0.015, blur=0.9, noise=20, seed=4)),
        ("gen ko, 2 col, rotated 0.8°, noise", ko, Options(columns=2, rotate=0.8, noise=25, seed=5)),
        ("gen ko, 3 col, photo", ko, Options(columns=3, rotate=-0.5, noise=15, seed=6)),
        ("gen ko, phone: perspective + blur", ko, Options(columns=2, perspective=0.02, blur=0.8, noise=20, seed=7)),
        ("gen en, heavy: texture, specks, JPEG q35", en, Options(columns=2, rotate=0.7, seed=31, **HEAVY)),
        ("gen en, heavy phone: + shadow, perspective", en,
         Options(columns=2, perspective=0.02, blur=0.9, shadow=0.35, seed=32, **HEAVY)),
        ("gen en, heavy, 3 col: + deep shadow", en, Options(columns=3, rotate=-1.0, shadow=0.5, seed=34, **HEAVY)),
        ("gen ko, heavy phone: + shadow, perspective", ko,
         Options(columns=2, perspective=0.02, blur=0.8, shadow=0.35, seed=33, **HEAVY)),
    ]
    for name, cutting, options in generated:
        text = "\n\n".join([cutting.headline, cutting.caption, *cutting.paragraphs]).encode()
        out.append((name, render(cutting, options), text, True))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    header()
    start = time.perf_counter()
    Engine.get("eng")
    Engine.get("kor+eng")
    record("load the English and Korean engines", f"{time.perf_counter() - start:.2f} s")
    seconds = []
    for name, scan, text, caption_shown in cases(args.quick):
        expected = clip_text(text, filename="cutting.txt").article
        wall, cpu = time.perf_counter(), time.process_time()
        got = clip_scan(scan, filename="scan.jpg").article
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        seconds.append(cpu)
        korean = expected.language == "ko"
        accuracy = char_accuracy(got.body, expected.body)
        goal = 0.95 if korean else 0.99
        record(f"{name}: body characters", f"{accuracy:.2%}", f">= {goal:.0%}", accuracy >= goal)
        differences = field_differences(got, expected)
        if not caption_shown and "credit" in differences:
            differences.remove("credit")  # the scan does not print the caption: nothing to read the credit from
        record(f"{name}: title/place/date/source/credit", "equal" if not differences else "differ: " + ", ".join(differences),
               "equal to the text", not differences)
        if name.startswith("gen"):  # every generated cutting has its photo
            record(f"{name}: photo", "cut out" if got.photos and got.photos[0].data else "missing", "cut out",
                   bool(got.photos and got.photos[0].data))
        record(f"{name}: seconds (cpu; wall)", f"{cpu:.2f} cpu; {wall:.2f} wall", f"<= {TARGET_SECONDS:.0f} s cpu",
               cpu <= TARGET_SECONDS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    record("peak memory of the process (RSS)", f"{peak:.0f} MB")
    record("mean cpu seconds a cutting", f"{sum(seconds) / len(seconds):.2f} s", f"<= {TARGET_SECONDS:.0f} s",
           sum(seconds) / len(seconds) <= TARGET_SECONDS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
