"""The benchmarks' shared table: one row per measurement, with its target and PASS/FAIL.

``record`` prints each row as it is measured. When ``$CUTTINGS_BENCH_ROWS`` names a file, each row is also
appended to it as one JSON line, so ``run_all.py`` can print one combined table of several benchmark processes
(rows measured before a crash are kept).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

ROWS_ENV = "CUTTINGS_BENCH_ROWS"
WHAT, VALUE, TARGET = 46, 28, 22  # column widths

Row = tuple[str, str, str, str]  # what, value, target, verdict
rows: list[Row] = []


def compile_sources(root: Path) -> None:
    """Byte-compile ``app`` and ``ui`` as an installed copy has them (pip and the bundle ship bytecode).

    Where PYTHONDONTWRITEBYTECODE is set (as on our machines), a checkout without ``__pycache__`` would
    otherwise compile every module again in every new process, which adds about 100 ms to a new
    ``cuttings search`` and to the GUI's start."""
    import compileall

    for package in ("app", "ui"):
        compileall.compile_dir(str(root / package), quiet=1)


def header() -> None:
    print(f"  {'what':<{WHAT}} {'measured':<{VALUE}} {'target':<{TARGET}} verdict", flush=True)


def record(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    """One measurement; ``ok`` None means information only (no target, no verdict)."""
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    row = (what, value, target, verdict)
    rows.append(row)
    print(f"  {what:<{WHAT}} {value:<{VALUE}} {target:<{TARGET}} {verdict}".rstrip(), flush=True)
    out = os.environ.get(ROWS_ENV)
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def load(path: Path) -> list[Row]:
    """The rows appended to ``path`` by ``record`` (none if the file is missing)."""
    if not path.exists():
        return []
    out: list[Row] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            what, value, target, verdict = json.loads(line)
            out.append((what, value, target, verdict))
    return out


def table(sections: Iterable[tuple[str, Sequence[Row]]]) -> str:
    """Sections of rows as one aligned table, then the count of PASS and FAIL."""
    sections = [(title, list(section)) for title, section in sections]
    every = [r for _, section in sections for r in section]
    w = [max([len(h)] + [len(r[i]) for r in every]) for i, h in enumerate(("what", "measured", "target"))]
    lines = [f"  {'what':<{w[0]}}  {'measured':<{w[1]}}  {'target':<{w[2]}}  verdict"]
    for title, section in sections:
        lines.append(f"{title}")
        lines += [f"  {a:<{w[0]}}  {b:<{w[1]}}  {c:<{w[2]}}  {d}".rstrip() for a, b, c, d in section]
    passed = sum(r[3] == "PASS" for r in every)
    failed = [r[0].strip() for r in every if r[3] == "FAIL"]
    lines.append(f"\n{passed} PASS, {len(failed)} FAIL" + (f": {'; '.join(failed)}" if failed else ""))
    return "\n".join(lines)


def pct(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"
