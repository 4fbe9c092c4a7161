"""README says what the app remembers about the archive, and it is what the app does."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT


def test_readme_says_what_is_remembered(tmp_path: Path) -> None:
    from app.archive import Archive
    from ui.main import choose_archive
    from ui.settings import remember_archive

    text = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "opens your default archive" not in text
    assert "The app remembers the archive it opened last" in text and "The command line remembers nothing" in text
    given = tmp_path / "Given.cuttings"
    Archive.create(given).close()
    assert choose_archive(given) == (given, False)
    remember_archive(given)  # what a start with --archive does
    assert choose_archive(None) == (given, False)  # a plain start opens it again
