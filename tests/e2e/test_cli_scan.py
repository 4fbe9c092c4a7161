"""The command line with scans: clip a scan by itself, show its capture, a PDF one article a page, import a folder
of scans and photos, export the original scans."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.scans.pdfs import text_pdf

ROOT = Path(__file__).resolve().parents[2]
SEED_SCAN = ROOT / "resources" / "samples" / "scans" / "korea-herald-2020-07-02-scan.jpg"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def test_clip_a_scan_show_its_capture_and_import_a_folder(tmp_path: Path) -> None:
    archive = str(tmp_path / "a.cuttings")
    clipped = cli("--archive", archive, "clip", str(SEED_SCAN), "--lang", "eng", "--json")
    assert clipped.returncode == 0, clipped.stderr
    article = json.loads(clipped.stdout)
    assert article["title"].startswith("S. Korean FM vows") and article["place"] == "SEOUL"
    shown = json.loads(cli("--archive", archive, "show", str(article["id"]), "--json").stdout)
    assert shown["captures"][0]["method"] == "scan"
    assert shown["captures"][0]["raw_sha256"] == hashlib.sha256(SEED_SCAN.read_bytes()).hexdigest()
    assert "OK" in cli("--archive", archive, "verify").stdout

    pages = tmp_path / "two.pdf"
    pages.write_bytes(text_pdf([["Ferry line reopens"], ["MOKPO, May 2, 2022, Yonhap News. The ferry line to the",
                                                         "islands reopened on Monday after a year."]]))
    per_page = cli("--archive", archive, "clip", str(pages), "--per-page", "--json")
    assert per_page.returncode == 0, per_page.stderr
    assert json.loads(per_page.stdout)["title"] == "Ferry line reopens"

    folder = tmp_path / "box"
    folder.mkdir()
    shutil.copy(SEED_SCAN, folder / "scan-1.jpg")
    shutil.copy(ROOT / "resources" / "samples" / "korea-herald-2020-07-02.jpg", folder / "a-photo.jpg")
    other = str(tmp_path / "b.cuttings")
    imported = cli("--archive", other, "import", str(folder), "--json")
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(cli("--archive", other, "list", "--json").stdout)
    titles = sorted(a["title"] for a in listed)
    assert any(t.startswith("S. Korean FM vows") for t in titles)  # the scan was read
    assert len(titles) == 2 and any(t.startswith("South Korean army") for t in titles)  # the photo stayed a photo (titled by its EXIF)


def test_a_pdf_locked_with_a_password_is_refused_in_one_line_and_nothing_stored(tmp_path: Path) -> None:
    from tests.scans.pdfs import locked_pdf

    archive = str(tmp_path / "a.cuttings")
    locked = tmp_path / "minutes.pdf"
    locked.write_bytes(locked_pdf(text_pdf([["Ferry line reopens"], ["MOKPO, May 2, 2022, Yonhap News. The ferry "
                                                                      "line to the islands reopened on Monday."]]),
                                  user_password="harbour", owner_password="keeper"))
    clipped = cli("--archive", archive, "clip", str(locked))
    assert clipped.returncode == 1 and "Traceback" not in clipped.stderr
    assert clipped.stderr.splitlines() == ["cuttings: minutes.pdf: the PDF is locked with a password, so Cuttings "
                                           "cannot read it. Open it with its password in a PDF reader, save a copy "
                                           "without the password, and clip that copy."]
    folder = tmp_path / "box"
    folder.mkdir()
    shutil.copy(locked, folder / "minutes.pdf")
    imported = cli("--archive", archive, "import", str(folder))
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    assert f"  failed: {folder / 'minutes.pdf'}: the PDF is locked with a password" in imported.stderr
    assert json.loads(cli("--archive", archive, "list", "--json").stdout) == []
