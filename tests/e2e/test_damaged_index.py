"""A truncated index segment: every command treats the index as lost and rebuilds it from the database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_cutting
from tests.e2e.archives import imported_archive
from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of 30 imported cuttings (each test damages a copy of it)."""
    return imported_archive(tmp_path_factory.mktemp("imported"), 30)


def _truncate_segments(arc: Path) -> list[Path]:
    segments = sorted((arc / "index").glob("*.seg"))
    assert segments, "the import should have written an index segment"
    for seg in segments:
        with seg.open("r+b") as fh:
            fh.truncate(seg.stat().st_size // 3)
    return segments


@pytest.mark.parametrize("command", [
    ["search", "harbour", "--json"], ["list", "--json"], ["stats", "--json"], ["verify", "--repair", "--json"], ["clip"],
])
def test_a_truncated_segment_is_rebuilt_by_any_command(tmp_path: Path, imported: Path, command: list[str]) -> None:
    arc = tmp_path / "a.cuttings"
    shutil.copytree(imported, arc)
    damaged = _truncate_segments(arc)
    if command == ["clip"]:
        command = ["clip", str(write_cutting(tmp_path / "more", "ferry.txt", "Ferry strike", "The ferry crews walked out."))]
    proc = run(arc, *command, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not any(seg.exists() for seg in damaged)  # the damaged segment is gone, a new index holds everything
    found = json.loads(run(arc, "search", "harbour", "--json").stdout)
    assert found["total"] == 30
    assert json.loads(run(arc, "search", "word17", "--json").stdout)["hits"][0]["title"] == "Harbour story 17"
    assert json.loads(run(arc, "verify", "--json").stdout)["ok"]
