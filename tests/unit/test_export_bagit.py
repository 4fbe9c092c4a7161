"""BagIt export: a valid bag with the Markdown export and the original captures; tampering is caught."""

from __future__ import annotations

from pathlib import Path

import bagit
import pytest

from app.archive import Archive
from app.export.bagit_export import BagInvalid, export_bagit, validate_bag
from app.samples import add_samples, sample_paths


def test_bag_validates_and_detects_tampering(archive: Archive, tmp_path: Path) -> None:
    add_samples(archive)
    out = tmp_path / "bag"
    export_bagit(archive, archive.ids(), out)
    for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
        assert (out / name).is_file()
    bag = bagit.Bag(str(out))
    assert bag.is_valid()
    info = bag.info
    assert info["Source-Organization"] and info["Bagging-Date"] and "3 press cuttings" in info["External-Description"]
    assert info["Payload-Oxum"].split(".")[1] == str(len(list((out / "data").rglob("*.*"))))
    captures = sorted(p.name for p in (out / "data" / "captures").rglob("*") if p.is_file())
    assert captures == sorted(f"1-{p.stem}{p.suffix}" for p in sample_paths())
    harbour = next((out / "data" / "captures").glob("*harbour*"))
    assert next(harbour.iterdir()).read_bytes() == sample_paths()[2].read_bytes()
    index = next((out / "data" / "articles").glob("2020-*/index.md"))
    index.write_text(index.read_text(encoding="utf-8").replace("Kang", "Kong"), encoding="utf-8")
    with pytest.raises(BagInvalid, match="not valid"):
        validate_bag(out)
    assert not bagit.Bag(str(out)).is_valid()
