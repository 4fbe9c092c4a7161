"""Archives made through the command line for the fault tests (each test damages a copy)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_cutting
from tests.e2e.test_cli import run


def imported_archive(tmp: Path, count: int) -> Path:
    """``tmp/a.cuttings`` with ``count`` imported cuttings: "Harbour story N", whose body has the word ``wordN``."""
    arc = tmp / "a.cuttings"
    for n in range(count):
        write_cutting(tmp / "in", f"c{n:03}.txt", f"Harbour story {n}", f"The harbour story {n} with word{n}.")
    run(arc, "import", str(tmp / "in"))
    return arc
