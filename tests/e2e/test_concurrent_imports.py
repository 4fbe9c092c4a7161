"""Two processes importing the same folder at the same time store every cutting once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_cutting
from tests.e2e.test_cli import run


@pytest.mark.slow
def test_two_imports_of_one_folder_at_once_store_each_cutting_once(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    folder = tmp_path / "cuttings"
    total = 600  # three transactions each (250 a transaction): the two processes interleave
    for n in range(total):
        write_cutting(folder, f"c{n:04}.txt", f"Harbour story number {n}", f"Story {n} about the harbour, word{n}.")
    run(arc, "init")
    command = [sys.executable, "-m", "app", "--archive", str(arc), "import", str(folder), "--workers", "0", "--json"]
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ}) for _ in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    added = [len(r["added"]) for r in reports]
    duplicates = [len(r["duplicates"]) for r in reports]
    assert sum(added) == total, (added, duplicates)
    assert [a + d for a, d in zip(added, duplicates, strict=True)] == [total, total]
    stats = json.loads(run(arc, "stats", "--json").stdout)
    assert stats["articles"] == total
    assert json.loads(run(arc, "search", "harbour", "--json").stdout)["total"] == total
    assert json.loads(run(arc, "verify", "--json").stdout)["ok"]
