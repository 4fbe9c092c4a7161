"""Package the browser connector (resources/connector/) as one zip for Chromium and Firefox.

Usage: python scripts/build_connector.py [--out dist/cuttings-connector-VERSION.zip]
The zip is reproducible: sorted names, fixed timestamps. The manifest's version is the app's.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "connector"
PACKAGED = (".json", ".js", ".html", ".css", ".png")


def build(out: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    manifest = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    if manifest["version"] != __version__:
        raise SystemExit(f"resources/connector/manifest.json says version {manifest['version']}; the app is {__version__}.")
    files = sorted(p for p in SOURCE.rglob("*") if p.is_file() and p.suffix in PACKAGED)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(SOURCE).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(out)
    return out


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / f"cuttings-connector-{__version__}.zip")
    out = build(parser.parse_args().out)
    print(f"{out} ({out.stat().st_size // 1024} KB): load it in Chromium (chrome://extensions, developer mode, "
          "Load unpacked from the unzipped folder) or Firefox (about:debugging, Load Temporary Add-on).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
