"""Several processes on one archive: the GUI-like holder of the index writer and CLI commands beside it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, write_cutting
from tests.e2e.test_cli import run

HOLDER = """
import sys
from pathlib import Path
from app.archive import Archive
arc = Archive.open(Path(sys.argv[1]), background_index=True)
print("writer" if arc.index.is_writer else "reader", flush=True)
for line in sys.stdin:
    if line.strip() == "flush":
        arc.flush_index(30)
        print(arc.search("cannery").total, flush=True)
"""


def test_cli_beside_a_process_that_holds_the_index_writer(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(arc)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdin
        assert holder.stdout.readline().strip() == "writer"
        path = write_cutting(tmp_path / "in", "cannery.txt", "Cannery closes", "The cannery closed on Friday.")
        art = json.loads(run(arc, "clip", str(path), "--json").stdout)  # SQLite serialises; the index is queued
        stats = json.loads(run(arc, "stats", "--json").stdout)
        assert stats["articles"] == 1
        holder.stdin.write("flush\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "1"  # the writer picked up the other process's change
        found = json.loads(run(arc, "search", "cannery", "--json").stdout)
        assert [h["id"] for h in found["hits"]] == [art["id"]]
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # the OS lock dies with the process
        holder.wait()
        assert holder.stdin and holder.stdout
        holder.stdin.close()
        holder.stdout.close()
    path2 = write_cutting(tmp_path / "in", "ferry.txt", "Ferry strike", "The ferry crews walked out.")
    run(arc, "clip", str(path2))
    assert json.loads(run(arc, "search", "ferry", "--json").stdout)["total"] == 1
    assert json.loads(run(arc, "verify", "--json").stdout)["ok"]
