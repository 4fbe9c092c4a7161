"""The browser extension's files: Manifest V3, only the permissions it needs, nothing injected into every page,
every referenced file present, and a zip that Chromium and Firefox load."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "resources" / "connector"


def manifest() -> dict:  # type: ignore[type-arg]
    return json.loads((EXT / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_v3_asks_only_for_what_it_needs() -> None:
    m = manifest()
    assert m["manifest_version"] == 3
    assert set(m["permissions"]) == {"activeTab", "scripting", "contextMenus", "storage"}
    assert m["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert "content_scripts" not in m and "<all_urls>" not in json.dumps(m)
    assert m["version"] == app.__version__
    # One source for both browsers: Chromium runs the service worker, Firefox the background scripts.
    assert m["background"]["service_worker"] == "background.js"
    assert m["background"]["scripts"] == ["shared.js", "background.js"]
    assert m["browser_specific_settings"]["gecko"]["id"]


def test_every_file_the_extension_names_is_there() -> None:
    m = manifest()
    named = {m["action"]["default_popup"], m["options_ui"]["page"], m["background"]["service_worker"],
             *m["background"]["scripts"], *m["icons"].values(), *m["action"]["default_icon"].values()}
    for page in ("popup.html", "options.html"):
        named |= set(re.findall(r'(?:src|href)="([^"#:]+)"', (EXT / page).read_text(encoding="utf-8")))
    named |= set(re.findall(r'files: \["([^"]+)"\]', (EXT / "shared.js").read_text(encoding="utf-8")))
    assert "capture.js" in named
    missing = sorted(n for n in named if not (EXT / n).is_file())
    assert missing == []
    assert not [p for p in EXT.rglob("*") if p.name.startswith("_")]  # Chromium refuses such names


def test_the_zip_holds_the_extension_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "connector.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_connector.py"), "--out", str(out)], check=True,
                   capture_output=True)
    names = set(zipfile.ZipFile(out).namelist())
    assert {"manifest.json", "popup.html", "popup.js", "capture.js", "background.js", "shared.js",
            "icons/icon-128.png"} <= names
    assert all(n.endswith((".json", ".js", ".html", ".css", ".png")) for n in names)
    again = tmp_path / "again.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_connector.py"), "--out", str(again)], check=True,
                   capture_output=True)
    assert out.read_bytes() == again.read_bytes()  # reproducible
