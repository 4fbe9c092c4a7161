"""The PyInstaller bundle (``dist/Cuttings``, built by ``scripts/build-bundle.sh``), run as a user runs it.

Skipped unless the bundle exists, so the ordinary test run does not build it. ``CUTTINGS_BUNDLE`` points at
a bundle folder elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import app
from tests.conftest import ROOT, SAMPLES

BUNDLE = Path(os.environ.get("CUTTINGS_BUNDLE", ROOT / "dist" / "Cuttings"))
EXE = ".exe" if sys.platform == "win32" else ""
CLI = BUNDLE / (f"cuttings{EXE}" if sys.platform.startswith("linux") else f"cuttings-cli{EXE}")
GUI = BUNDLE / f"Cuttings{EXE}"

pytestmark = pytest.mark.skipif(not CLI.exists(), reason=f"no bundle at {BUNDLE} (run scripts/build-bundle.sh)")


def run(exe: Path, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a bundled executable; fail with its output if it exits non-zero."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"{exe.name} {' '.join(args)}: exit {proc.returncode}\n"
                             f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def test_cli_version() -> None:
    assert run(CLI, "--version").stdout.strip() == f"cuttings {app.__version__}"


def test_cli_clips_and_searches(tmp_path: Path) -> None:
    arc = str(tmp_path / "bundle.cuttings")
    run(CLI, "--archive", arc, "init")
    text = json.loads(run(CLI, "--archive", arc, "clip", str(SAMPLES / "korea-herald-2020-07-02.txt"), "--json").stdout)
    assert text["title"].startswith("S. Korean FM vows") and text["photos"][0]["width"] == 1200
    web = json.loads(run(CLI, "--archive", arc, "clip", str(SAMPLES / "web" / "harbour-archive.html"), "--json").stdout)
    assert len([p for p in web["photos"] if p["sha256"]]) == 2  # trafilatura, Pillow and both images work frozen
    ko = json.loads(run(CLI, "--archive", arc, "clip", "-", "--json",
                        stdin=(SAMPLES / "seoul-library-ko.txt").read_text("utf-8")).stdout)

    for query, expected in (("Kang Kyung-wha", text["id"]), ("morgue", web["id"]), ("스크랩", ko["id"])):
        hits = json.loads(run(CLI, "--archive", arc, "search", query, "--json").stdout)
        assert [h["id"] for h in hits["hits"]] == [expected], query
    assert json.loads(run(CLI, "--archive", arc, "verify", "--json").stdout)["ok"] is True


def test_cli_import_uses_worker_processes(tmp_path: Path) -> None:
    """`import --workers 2` starts worker processes from the frozen executable (multiprocessing.freeze_support)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"cutting-{n}.txt").write_text(
            f"Harbour report number {n}\n\nPORT ELLIS, March {n + 1} -- The archive opened drawer {n} of the "
            "newspaper morgue to the public on Tuesday, with clippings going back ninety years.\n", "utf-8")
    arc = str(tmp_path / "import.cuttings")
    run(CLI, "--archive", arc, "init")
    proc = run(CLI, "--archive", arc, "import", str(folder), "--workers", "2")
    assert "Imported 6" in proc.stdout, proc.stdout
    assert json.loads(run(CLI, "--archive", arc, "search", "drawer", "--json").stdout)["total"] == 6


@pytest.mark.skipif(not GUI.exists(), reason="no bundled GUI executable")
def test_gui_version_and_self_test() -> None:
    assert run(GUI, "--version").stdout.strip() == f"Cuttings {app.__version__}"
    proc = run(GUI, "--self-test", timeout=300)
    lines = proc.stdout.splitlines()
    assert lines[-1].startswith("self-test passed"), proc.stdout
    assert not [line for line in lines if line.startswith("FAIL")]
