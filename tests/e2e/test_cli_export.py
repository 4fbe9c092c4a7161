"""`cuttings export`, `backup`, `restore-backup` and `cite` in a subprocess, as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import bagit

from tests.e2e.test_cli import run


def test_export_backup_restore_cite(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init", "--samples")
    run(arc, "tag", "1", "2", "--add", "places/Korea/Seoul")
    pdf = json.loads(run(arc, "export", "--format", "pdf", "--out", str(tmp_path / "korea.pdf"), "--tag", "places/Korea",
                         "--page-size", "letter", "--json").stdout)
    assert pdf["articles"] == 2 and pdf["files"] == [str(tmp_path / "korea.pdf")]
    text = subprocess.run(["pdftotext", str(tmp_path / "korea.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "서울도서관" in text and "Kang Kyung-wha" in text
    md = json.loads(run(arc, "export", "--format", "markdown", "--out", str(tmp_path / "md"), "--json").stdout)
    assert md["articles"] == 3 and all(Path(f).is_file() for f in md["files"])
    html = run(arc, "export", "--format", "html", "--out", str(tmp_path / "q.html"), "--query", "Kang")
    assert "Exported 1 article as html" in html.stdout
    run(arc, "export", "--format", "csv", "--out", str(tmp_path / "m.csv"), "--ids", "3", "1")
    assert (tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("3,")
    run(arc, "export", "--format", "bagit", "--out", str(tmp_path / "bag"))
    assert bagit.Bag(str(tmp_path / "bag")).is_valid()
    again = run(arc, "export", "--format", "bagit", "--out", str(tmp_path / "bag"), check=False)
    assert again.returncode == 1 and "already has files in it" in again.stderr and "Traceback" not in again.stderr
    missing = run(arc, "export", "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--ids", "99", check=False)
    assert missing.returncode == 1 and "There is no article 99" in missing.stderr
    events = json.loads(run(arc, "events", "--id", "3", "--json").stdout)
    assert sum(e["kind"] == "exported" for e in events) == 3

    cite = json.loads(run(arc, "cite", "3", "--json").stdout)
    assert cite["text"].startswith("Maren Holt. “Harbour town opens its newspaper morgue to the public.” The Coastal Ledger")

    run(arc, "backup", str(tmp_path / "b.zip"))
    restored = tmp_path / "r.cuttings"
    result = json.loads(run(restored, "restore-backup", str(tmp_path / "b.zip"), "--json").stdout)
    assert result["articles"] == 3
    assert json.loads(run(restored, "search", "Kang Kyung-wha", "--json").stdout)["total"] == 1
    assert json.loads(run(restored, "verify", "--json").stdout)["ok"] is True
    refused = run(restored, "restore-backup", str(tmp_path / "b.zip"), check=False)
    assert refused.returncode == 1 and "already holds an archive with 3 articles" in refused.stderr
