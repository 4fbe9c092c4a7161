"""The Whoosh fence: Whoosh's internals are used in app/search/engine only, which checks the Whoosh release
at import; an index written by another release is rebuilt from the database."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from app.archive import Archive
from app.model import Article, Capture, ClipResult
from app.search.engine import WHOOSH_VERSION, installed_version, version_mismatch

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "app" / "search" / "engine"
PUBLIC = {"whoosh", "whoosh.index", "whoosh.query", "whoosh.qparser", "whoosh.qparser.plugins", "whoosh.fields",
          "whoosh.analysis", "whoosh.lang", "whoosh.lang.porter2", "whoosh.support.charset"}


def _outside_engine() -> list[Path]:
    return [p for folder in ("app", "ui") for p in (ROOT / folder).rglob("*.py") if ENGINE not in p.parents]


def test_whoosh_internals_are_imported_in_the_engine_only() -> None:
    wrong = []
    for path in _outside_engine():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            wrong += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "whoosh" and n not in PUBLIC]
    assert not wrong


def test_search_code_outside_the_engine_reads_no_private_names() -> None:
    wrong = []
    for path in (ROOT / "app" / "search").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                wrong.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert not wrong


def test_the_engine_names_a_version_mismatch() -> None:
    assert version_mismatch(WHOOSH_VERSION) is None
    message = version_mismatch((2, 8, 0))
    assert message is not None and "2.8.0" in message and "2.7.5" in message and "rebuilt" in message


def test_importing_the_engine_under_another_whoosh_says_so() -> None:
    code = "import whoosh; whoosh.__version__ = (2, 8, 0); import app.search.engine as e; print(e.VERSION_MISMATCH)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "built for whoosh-reloaded 2.7.5, but 2.8.0 is installed" in done.stderr
    assert "2.8.0" in done.stdout


def test_an_index_written_by_another_whoosh_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "a.cuttings"
    arc = Archive.create(path)
    art = Article(title="Harbour archive opens", body="The harbour archive opened its doors.")
    arc.add_many([ClipResult(article=art, capture=Capture(method="text", raw=b"x", mime="text/plain"))])
    arc.close()
    state_file = path / "index" / "cuttings-index.json"
    state = json.loads(state_file.read_text("utf-8"))
    assert state["whoosh"] == installed_version() and state["complete"]
    state["whoosh"] = "2.6.0"
    state_file.write_text(json.dumps(state), "utf-8")
    arc = Archive.open(path)
    try:
        assert not arc.index.needs_rebuild
        assert json.loads(state_file.read_text("utf-8"))["whoosh"] == installed_version()  # written by the rebuild
        assert arc.search("harbour").total == 1
    finally:
        arc.close()


def test_indexes_written_before_the_move_still_unpickle_our_classes() -> None:
    """Their schema and table of contents name ``app.search.postings`` and ``app.search.codec``."""
    import pickle

    from app.search.engine.codec import BlockCodec
    from app.search.engine.postings import FastPositions

    assert pickle.loads(b"capp.search.codec\nBlockCodec\n.") is BlockCodec
    assert pickle.loads(b"capp.search.postings\nFastPositions\n.") is FastPositions
