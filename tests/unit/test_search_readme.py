"""README's search syntax, tried on the sample cuttings: every example is understood, and the fuzzy one finds
what it promises."""

from __future__ import annotations

import re
from pathlib import Path

from app.archive import Archive
from app.samples import add_samples
from app.search_help import SEARCH_SYNTAX

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_examples() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Search syntax", 1)[1].split("\n\n", 2)[1]
    return [re.split(r"\s{2,}", line.strip(), maxsplit=1)[0] for line in block.splitlines()
            if line.startswith("    ") and not line.startswith("     ")]


def test_readme_and_the_help_show_the_same_syntax() -> None:
    readme = README.read_text(encoding="utf-8").split("## Search syntax", 1)[1].split("\n\n", 2)[1]
    assert [line.strip() for line in readme.splitlines()] == [
        line.strip() for line in SEARCH_SYNTAX.splitlines()[1:-1]]


def test_readme_search_examples_on_the_sample_cuttings(archive: Archive) -> None:
    add_samples(archive)
    examples = _readme_examples()
    assert "archvie~" in examples and len(examples) >= 10
    for query in examples:
        archive.search(query)  # understood: no QueryError
    archive_ids = {h.id for h in archive.search("archive", limit=100).hits}
    assert archive_ids
    assert {h.id for h in archive.search("archvie~", limit=100).hits} >= archive_ids
    assert {h.id for h in archive.search("archvie~2", limit=100).hits} >= archive_ids
    assert "archive" in {h.snippet.split("<b>", 1)[1].split("</b>", 1)[0].lower()
                         for h in archive.search("archvie~", limit=100).hits if "<b>" in h.snippet}
