"""Whoosh is imported without urllib.request, asyncio and morph_en, and each still imports for real afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import app.search
assert "whoosh.reading" in sys.modules
stand_ins = {"urllib.request", "http.client", "asyncio", "cached_property", "whoosh.lang.morph_en"}
assert not stand_ins & set(sys.modules), sorted(sys.modules)
import whoosh.compat, whoosh.reading, whoosh.query.terms
assert "render" in whoosh.query.terms.variations("rendering")  # through the stand-in
import urllib.request, cached_property, whoosh.lang.morph_en
assert urllib.request.urlopen and urllib.request.__file__ and cached_property.__file__  # the real modules now
assert whoosh.lang.morph_en.__file__ and "render" in whoosh.lang.morph_en.variations("rendering")
assert whoosh.compat.urlretrieve.__module__ == "app.search.lean_imports"
print("ok")
"""


def test_whoosh_is_imported_without_modules_it_never_uses() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_a_reader_still_caches_its_deleted_documents(tmp_path: Path) -> None:
    from app.search import IndexDoc, SearchIndex

    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.try_acquire_writer()
        ix.apply([IndexDoc(i, "v1", title=f"Tide table {i}") for i in range(5)])
        ix.apply([], deletes=[2])
        leaves = [leaf for leaf, _ in ix._ix.reader().leaf_readers() if leaf.has_deletions()]
        assert len(leaves) == 1
        leaf = leaves[0]
        assert leaf.deleted_docs_set == frozenset(leaf._perdoc.deleted_docs()) and len(leaf.deleted_docs_set) == 1
        assert "deleted_docs_set" in vars(leaf)  # computed once, then kept on the reader
        assert ix.search("tide").total == 4
    finally:
        ix.close()
