"""The sample cuttings shipped in ``resources/samples`` (first start, self-test, tests)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import DuplicateArticle

if TYPE_CHECKING:
    from app.archive import Archive

SAMPLE_FILES = ("korea-herald-2020-07-02.txt", "seoul-library-ko.txt", "web/harbour-archive.html")


def samples_dir() -> Path:
    return Path(str(resources.files("resources") / "samples"))


def sample_paths() -> list[Path]:
    folder = samples_dir()
    return [folder / name for name in SAMPLE_FILES]


def add_samples(archive: Archive) -> list[int]:
    """Clip the sample cuttings into ``archive`` (skipping any already there); returns the new ids."""
    from app.clip.dispatch import clip_source

    ids = []
    for path in sample_paths():
        try:
            article = archive.add(clip_source(path, allow_network=False), tags_=["samples"]).value
        except DuplicateArticle:
            continue
        assert article.id is not None
        ids.append(article.id)
    return ids
