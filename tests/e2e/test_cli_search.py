"""`cuttings search` and `export --query` in a subprocess: a prefix that matches too many words says so, and
an export takes every match."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import write_cutting
from tests.e2e.test_cli import run


def test_a_cut_prefix_is_reported_and_an_export_takes_every_match(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    many = " ".join(f"ztok{i:04d}" for i in range(1100))  # more words than a prefix expands to (256)
    write_cutting(tmp_path / "in", "a.txt", "Many words", f"{many}.")
    # A word of its own, among the least frequent (ties: the smallest) that the cut leaves out
    write_cutting(tmp_path / "in", "b.txt", "One word", "Only ztok0000b here.")
    run(arc, "import", str(tmp_path / "in"))  # one commit: one segment
    text = run(arc, "search", "ztok*")
    assert text.stdout.startswith("1 found") and "ztok* matches too many words" in text.stderr
    assert "--complete" in text.stderr
    data = json.loads(run(arc, "search", "ztok*", "--json").stdout)
    assert data["cut_words"] == ["ztok*"] and "more letters" in data["incomplete"]
    whole = json.loads(run(arc, "search", "ztok*", "--json", "--complete").stdout)
    assert whole["total"] == 2 and whole["cut_words"] == [] and whole["incomplete"] == ""
    done = json.loads(run(arc, "export", "--format", "markdown", "--out", str(tmp_path / "md"), "--query", "ztok*",
                          "--json").stdout)
    assert done["articles"] == 2
