"""The command line and the app's start say what happened: tags changes, no display, a quiet self-test."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT, write_cutting
from tests.e2e.test_cli import run


def test_tags_commands_say_what_they_did(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    folder = tmp_path / "in"
    for n in range(3):
        write_cutting(folder, f"c{n}.txt", f"Ferry report {n}", "The ferry left the harbour on time today.")
    run(arc, "import", str(folder), "--tag", "transport/Ferries")
    run(arc, "tag", "1", "--add", "transport")
    out = run(arc, "tags", "rename", "transport", "shipping").stdout
    assert out == "Renamed tag transport (and 1 tag below it) to shipping, on 3 articles.\n"
    out = run(arc, "tags", "color", "shipping", "#336699").stdout
    assert out == "Tag shipping is now coloured #336699.\n"
    run(arc, "tags", "rename", "shipping/Ferries", "boats")
    out = run(arc, "tags", "merge", "boats", "shipping").stdout
    assert out == "Merged tag boats into shipping, on 3 articles.\n"
    out = run(arc, "tags", "delete", "shipping").stdout
    assert out == "Deleted tag shipping from 3 articles.\n"
    assert run(arc, "tags").stdout == ""


def _gui(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_no_display_is_said_plainly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = _gui("--archive", str(tmp_path / "x.cuttings"), env=env)
    assert proc.returncode == 2
    assert "there is no display" in proc.stderr and "--self-test" in proc.stderr and "cuttings --help" in proc.stderr
    assert "xcb" not in proc.stderr and not (tmp_path / "x.cuttings").exists()


def test_self_test_ends_without_qt_noise(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CUTTINGS_CONFIG_DIR"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    proc = _gui("--self-test", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("self-test passed")
    assert "propagateSizeHints" not in proc.stdout + proc.stderr


def test_license_is_an_spdx_string() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["license"] == "MIT"
    assert project["build-system"]["requires"] == ["setuptools>=77"]
    assert project["tool"]["setuptools"]["package-dir"] == {"": "."}


def test_export_out_creates_missing_folders_and_counts_a_bag_as_a_bag(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init", "--samples")
    out = tmp_path / "fresh home" / "Documents" / "meta.csv"
    assert run(arc, "export", "--format", "csv", "--out", str(out)).stdout == f"Exported 3 articles as csv to {out}.\n"
    bag = tmp_path / "new" / "bag"
    assert run(arc, "export", "--format", "bagit", "--out", str(bag)).stdout == (
        f"Exported 3 articles as a BagIt bag: {bag}.\n")
    assert (bag / "bagit.txt").read_text("utf-8").startswith("BagIt-Version: 1.0\n")
