"""Exports a user can use at once: the umask's permissions, missing folders made, BagIt 1.0, honest summaries."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import bagit
import pytest

from app.archive import Archive
from app.export.atomic import DestinationExists, current_umask
from app.export.runner import run_export
from app.samples import add_samples


@pytest.fixture(autouse=True)
def _qapp(qapp: object) -> None:
    """A QApplication first, so the PDF exporter does not make a bare QGuiApplication the GUI tests cannot use."""


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_current_umask_reads_the_process_umask(umask_022: None) -> None:
    assert current_umask() == 0o022
    os.umask(0o027)
    assert current_umask() == 0o027


@pytest.mark.parametrize(("fmt", "name"), [("csv", "meta.csv"), ("pdf", "one.pdf"), ("html", "all.html")])
def test_exported_files_follow_the_umask(archive: Archive, tmp_path: Path, umask_022: None, fmt: str, name: str) -> None:
    ids = add_samples(archive)
    result = run_export(archive, ids, fmt, tmp_path / name, single_file=True)
    assert _mode(result.path) == 0o644


@pytest.mark.parametrize("fmt", ["markdown", "bagit", "pdf"])
def test_exported_folders_follow_the_umask(archive: Archive, tmp_path: Path, umask_022: None, fmt: str) -> None:
    ids = add_samples(archive)
    result = run_export(archive, ids, fmt, tmp_path / "out")
    assert _mode(result.path) == 0o755
    assert all(_mode(p) == (0o755 if p.is_dir() else 0o644) for p in result.path.rglob("*"))


def test_a_stricter_umask_is_kept(archive: Archive, tmp_path: Path) -> None:
    ids = add_samples(archive)
    old = os.umask(0o077)
    try:
        result = run_export(archive, ids, "csv", tmp_path / "private.csv")
    finally:
        os.umask(old)
    assert _mode(result.path) == 0o600


def test_missing_folders_are_created(archive: Archive, tmp_path: Path, umask_022: None) -> None:
    ids = add_samples(archive)
    deep = tmp_path / "home" / "Documents" / "Cuttings export 2026-12-03"
    result = run_export(archive, ids, "markdown", deep)
    assert result.path.is_dir() and (tmp_path / "home" / "Documents").is_dir()
    assert _mode(tmp_path / "home" / "Documents") == 0o755
    pdf = run_export(archive, ids, "pdf", tmp_path / "new" / "folder" / "all.pdf", single_file=True)
    assert pdf.path.read_bytes().startswith(b"%PDF") and result.folder() == deep
    assert pdf.folder() == tmp_path / "new" / "folder"


def test_a_file_in_the_way_is_a_sentence(archive: Archive, tmp_path: Path) -> None:
    ids = add_samples(archive)
    (tmp_path / "Documents").write_text("not a folder")
    with pytest.raises(DestinationExists, match="is a file, not a folder"):
        run_export(archive, ids, "csv", tmp_path / "Documents" / "x" / "meta.csv")


def test_bag_is_bagit_1_0_and_counted_as_one_bag(archive: Archive, tmp_path: Path) -> None:
    ids = add_samples(archive)
    result = run_export(archive, ids, "bagit", tmp_path / "bag")
    assert (result.path / "bagit.txt").read_text("utf-8") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    bag = bagit.Bag(str(result.path))
    assert bag.version_info == (1, 0) and bag.is_valid()
    assert result.summary() == f"Exported 3 articles as a BagIt bag: {result.path}."
    assert "file" not in result.summary()
    csv = run_export(archive, ids[:1], "csv", tmp_path / "one.csv")
    assert csv.summary() == f"Exported 1 article as csv to {csv.path}."
    md = run_export(archive, ids, "markdown", tmp_path / "md")
    assert md.summary().endswith("(3 files).")
