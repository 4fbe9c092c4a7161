"""All the benchmarks with one command: the core benchmark, then the GUI benchmark on the same archive, then one
table of every target with the measured value and PASS/FAIL. Not part of the test run.

    python3 tests/benchmarks/run_all.py                  N = 100,000 synthetic ~600-word articles
    python3 tests/benchmarks/run_all.py --n 20000        a quick run
    python3 tests/benchmarks/run_all.py --keep DIR       build the archive in DIR and keep it (reused if it exists)
    python3 tests/benchmarks/run_all.py --keep DIR --reindex   reuse it, and time a full reindex of it again

Without --keep the archive is built in a temporary folder, removed at the end. Exits 1 if a target failed or a
benchmark stopped with an error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.report import ROWS_ENV, compile_sources, load, table  # noqa: E402


def run(title: str, cmd: list[str], rows_file: Path, **env: str) -> str:
    """Run one benchmark process (its table printed as it goes); '' or what went wrong."""
    print(f"\n=== {title}\n", flush=True)
    done = subprocess.run(cmd, cwd=ROOT, env={**os.environ, ROWS_ENV: str(rows_file), **env})
    return "" if done.returncode == 0 else f"{title}: stopped with exit status {done.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles in the archive (20000 for a quick run)")
    parser.add_argument("--keep", type=Path, help="the archive folder: built there if missing, reused, kept")
    parser.add_argument("--reindex", action="store_true", help="core: time a full reindex of a kept archive too")
    parser.add_argument("--repeat", type=int, default=40, help="core: queries per kind")
    parser.add_argument("--import-count", type=int, default=3000, help="core: text cuttings to import")
    parser.add_argument("--web-count", type=int, default=600, help="core: saved web pages to import")
    parser.add_argument("--searches", type=int, default=50, help="GUI: searches typed")
    args = parser.parse_args()
    compile_sources(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="cuttings-run-all-"))
    archive = args.keep.resolve() if args.keep else tmp / "bench.cuttings"
    core_rows, gui_rows = tmp / "core.jsonl", tmp / "gui.jsonl"
    errors: list[str] = []
    try:
        errors.append(run(
            f"core benchmark, N = {args.n:,}",
            [sys.executable, str(ROOT / "tests" / "benchmarks" / "core_bench.py"), "--n", str(args.n),
             "--repeat", str(args.repeat), "--import-count", str(args.import_count),
             "--web-count", str(args.web_count), "--keep", str(archive), *(["--reindex"] if args.reindex else [])],
            core_rows))
        if (archive / "archive.sqlite3").exists():
            errors.append(run(
                "GUI benchmark, same archive",
                [sys.executable, "-m", "tests.benchmarks.gui_bench", "--archive", str(archive),
                 "--cache", str(tmp / "gui"), "--searches", str(args.searches)],
                gui_rows, QT_QPA_PLATFORM="offscreen"))
        else:
            errors.append("GUI benchmark: not run, no archive was built")
        sections = [(f"core (N = {args.n:,}, {archive})", load(core_rows)), ("GUI (same archive)", load(gui_rows))]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n=== All benchmarks\n")
    print(table(sections))
    errors = [e for e in errors if e]
    for error in errors:
        print(f"  {error}")
    failed = any(r[3] == "FAIL" for _, rows in sections for r in rows)
    return 1 if errors or failed else 0


if __name__ == "__main__":
    sys.exit(main())
