"""Shared fixtures: real archives in tmp folders, real images made with Pillow, the sample cuttings."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's real archive or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CUTTINGS_ARCHIVE", str(home / "default.cuttings"))
    monkeypatch.setenv("CUTTINGS_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdgconfig"))
    monkeypatch.setenv("CUTTINGS_CONNECTOR_PORT", "0")  # a free port: never the real app's, never each other's


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "test.cuttings"


@pytest.fixture
def archive(archive_path: Path) -> Iterator[object]:
    from app.archive import Archive

    arc = Archive.create(archive_path)
    yield arc
    arc.close()


def make_jpeg(width: int = 64, height: int = 48, color: tuple[int, int, int] = (200, 30, 30), **exif: str) -> bytes:
    """A real JPEG; EXIF Artist/Copyright/ImageDescription when given."""
    from PIL import Image

    im = Image.new("RGB", (width, height), color)
    buf = io.BytesIO()
    ex = Image.Exif()
    tags = {"Artist": 0x013B, "Copyright": 0x8298, "ImageDescription": 0x010E}
    for key, value in exif.items():
        ex[tags[key]] = value
    im.save(buf, "JPEG", exif=ex.tobytes() if exif else b"")
    return buf.getvalue()


def make_png(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def write_cutting(folder: Path, name: str, title: str, body: str, *, dateline: str = "") -> Path:
    """A plain-text cutting file in the wire shape."""
    folder.mkdir(parents=True, exist_ok=True)
    text = f"{title}\n\n{dateline + ' ' if dateline else ''}{body}\n"
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
