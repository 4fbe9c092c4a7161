"""A read-only archive (a read-only mount, a CD, a write-protected share): reads work, writes say "read-only".

On a real read-only bind mount where the machine allows mounting (root with the capability); without a mount,
with permission bits, or as root (who ignores them) with the immutable attribute.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_cutting
from tests.e2e.archives import imported_archive
from tests.e2e.test_cli import run

READS = [["list", "--json"], ["show", "1", "--json"], ["search", "harbour", "--json"], ["stats", "--json"],
         ["verify", "--json"]]
WRITES = [["tag", "1", "--add", "x"], ["edit", "1", "--title", "New"], ["delete", "1"], ["reindex"],
          ["verify", "--repair"], ["restore", "1"]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported_archive(tmp_path_factory.mktemp("ro"), 12)


@contextmanager
def read_only_mount(source: Path) -> Iterator[Path]:
    """``source`` bind-mounted read-only; skips the test where mounting is not permitted."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root on Linux")
    target = Path(tempfile.mkdtemp(prefix="cuttings-ro-"))
    done = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if done.returncode != 0:
        target.rmdir()
        pytest.skip(f"mount is not permitted here: {done.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True, capture_output=True)
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)
        target.rmdir()


def _check_reads_and_writes(arc: Path, *, expect_total: int) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run(arc, *args, check=False)

    for args in READS:
        proc = cli(*args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert json.loads(cli("search", "harbour", "--json").stdout)["total"] == expect_total
    assert json.loads(cli("show", "1", "--json").stdout)["title"] == "Harbour story 0"
    out = Path(tempfile.mkdtemp(prefix="cuttings-export-"))
    try:
        proc = cli("export", "--format", "markdown", "--out", str(out / "md"))
        assert proc.returncode == 0, proc.stderr
        assert len(list((out / "md").iterdir())) == expect_total
        proc = cli("backup", str(out / "b.zip"))
        assert proc.returncode == 0, proc.stderr
    finally:
        shutil.rmtree(out)
    clip = Path(tempfile.mkdtemp(prefix="cuttings-clip-")) / "late.txt"
    clip.write_text("Late ferry\n\nThe ferry was late.\n", encoding="utf-8")
    try:
        for args in [*WRITES, ["clip", str(clip)]]:
            proc = cli(*args)
            assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
            assert "read-only" in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
    finally:
        shutil.rmtree(clip.parent)


def test_a_read_only_mount_is_read_and_not_written(tmp_path: Path, imported: Path) -> None:
    arc = tmp_path / "a.cuttings"
    shutil.copytree(imported, arc)
    before = {p: p.stat().st_mtime_ns for p in arc.rglob("*")}
    with read_only_mount(arc) as mounted:
        _check_reads_and_writes(mounted, expect_total=12)
    assert {p: p.stat().st_mtime_ns for p in arc.rglob("*")} == before


LEFT_BY_A_CRASH = """
import os, sys
from pathlib import Path
from app.archive import Archive
from app.clip.dispatch import clip_source
arc = Archive.open(Path(sys.argv[1]), catch_up=False)
arc.add(clip_source(Path(sys.argv[2])))
os._exit(0)  # no checkpoint, no index: the change is in the -wal file and the queue
"""


def test_a_read_only_mount_after_a_crash_reads_the_wal_and_searches_without_writing(tmp_path: Path,
                                                                                   imported: Path) -> None:
    arc = tmp_path / "a.cuttings"
    shutil.copytree(imported, arc)
    late = write_cutting(tmp_path / "in", "late.txt", "Late harbour ferry", "The walrus saw the harbour ferry.")
    subprocess.run([sys.executable, "-c", LEFT_BY_A_CRASH, str(arc), str(late)], cwd=ROOT, check=True)
    assert (arc / "archive.sqlite3-wal").stat().st_size > 0
    temp_indexes = set(Path(tempfile.gettempdir()).glob("cuttings-index-*"))
    with read_only_mount(arc) as mounted:
        found = json.loads(run(mounted, "search", "walrus", "--json").stdout)
        assert [h["title"] for h in found["hits"]] == ["Late harbour ferry"]  # from a temporary index
        _check_reads_and_writes(mounted, expect_total=13)
    assert set(Path(tempfile.gettempdir()).glob("cuttings-index-*")) == temp_indexes  # removed on close


def test_an_archive_that_cannot_be_written_without_a_mount(tmp_path: Path, imported: Path) -> None:
    """Without a mount: permission bits, or as root (who ignores them) the immutable attribute (``chattr +i``)."""
    arc = tmp_path / "a.cuttings"
    shutil.copytree(imported, arc)
    paths = [*arc.rglob("*"), arc]
    as_root = os.geteuid() == 0
    if as_root:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", *map(str, paths)]).returncode != 0:
            subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
            pytest.skip("the file system does not take the immutable attribute")
    else:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        _check_reads_and_writes(arc, expect_total=12)
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        else:
            for path in paths:
                path.chmod(0o755 if path.is_dir() else 0o644)
