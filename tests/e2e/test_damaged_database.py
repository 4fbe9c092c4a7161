"""A damaged archive.sqlite3 (bytes flipped in real pages): every command says so and what to do, and
`cuttings recover` salvages it into a new archive without touching the damaged one."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.recover import TABLES
from app.store import pages
from tests.conftest import make_jpeg, write_cutting
from tests.e2e.test_cli import run

COUNT = 80


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of 80 cuttings (long enough bodies for many pages), 5 with a photo, all tagged."""
    tmp = tmp_path_factory.mktemp("damage")
    folder = tmp / "in"
    for n in range(COUNT):
        filler = " ".join(f"harbourword{n}x{k}" for k in range(120))
        write_cutting(folder, f"c{n:03}.txt", f"Harbour story {n}", f"The harbour story {n} with word{n}. {filler}")
        if n % 16 == 0:
            (folder / f"c{n:03}.jpg").write_bytes(make_jpeg(color=(n, 100, 200)))
    arc = tmp / "a.cuttings"
    run(arc, "import", str(folder), "--tag", "port/harbour")
    return arc


def _copy(imported: Path, tmp_path: Path) -> Path:
    arc = tmp_path / "a.cuttings"
    shutil.copytree(imported, arc)
    return arc


def _root(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def _articles_leaves(db: Path) -> list[int]:
    """The leaf pages of the articles table, in order (read from the intact file)."""
    pf = pages.PageFile(db.read_bytes())
    root = _root(db, "articles")
    kind, cells, right = pf._cells(root)
    assert kind == pages.TABLE_INTERIOR, "the articles table should span several pages"
    return [int.from_bytes(pf.page(root)[c : c + 4], "big") for c in cells] + [right]


def _flip(db: Path, page: int, offsets: range) -> None:
    data = bytearray(db.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for i in offsets:
        data[(page - 1) * size + i] ^= 0xFF
    db.write_bytes(bytes(data))


def _titles(arc: Path) -> dict[int, str]:
    conn = sqlite3.connect(f"file:{arc / 'archive.sqlite3'}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT id, title FROM articles").fetchall())
    finally:
        conn.close()


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_command_says_the_database_is_damaged_and_what_to_do(tmp_path: Path, imported: Path) -> None:
    arc = _copy(imported, tmp_path)
    db = arc / "archive.sqlite3"
    _flip(db, _root(db, "articles"), range(0, 8))  # the articles b-tree's root page header
    for args in (["verify"], ["list"], ["reindex"], ["backup", str(tmp_path / "b.zip")], ["stats"],
                 ["search", "harbour"], ["show", "3"]):
        proc = run(arc, *args, check=False)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        said = proc.stdout + proc.stderr
        assert "Traceback" not in said and "is damaged" in said and "recover" in said, (args, said)
        assert "restore-backup" in said
    report = json.loads(run(arc, "verify", "--json", check=False).stdout)
    assert not report["ok"] and [p["kind"] for p in report["problems"]] == ["database-damaged"]


def test_recover_salvages_rows_cut_off_by_a_damaged_interior_page(tmp_path: Path, imported: Path) -> None:
    arc = _copy(imported, tmp_path)
    db = arc / "archive.sqlite3"
    want = _titles(arc)
    assert len(want) == COUNT
    _flip(db, _root(db, "articles"), range(0, 8))
    before = _tree(arc)
    out = tmp_path / "new.cuttings"
    report = json.loads(run(arc, "recover", "--out", str(out), "--json").stdout)
    assert _tree(arc) == before  # the damaged archive is left exactly as it was
    assert _titles(out) == want  # every article, under its own id
    assert report["rows"]["articles"] == COUNT and report["from_cut_off_pages"] == COUNT
    assert report["index_knew"] == COUNT and report["missing_ids"] == []
    assert report["rows"]["photos"] == 5 and report["rows"]["article_tags"] == COUNT
    assert json.loads(run(out, "verify", "--json").stdout)["ok"]
    assert json.loads(run(out, "search", "word17", "--json").stdout)["hits"][0]["title"] == "Harbour story 17"
    tagged = json.loads(run(out, "search", "tag:port/harbour", "--limit", "1", "--json").stdout)
    assert tagged["total"] == COUNT
    photo = json.loads(run(out, "show", "1", "--json").stdout)["photos"][0]
    assert (out / "media").is_dir() and photo["sha256"]


def test_recover_names_what_a_damaged_leaf_page_lost(tmp_path: Path, imported: Path) -> None:
    arc = _copy(imported, tmp_path)
    db = arc / "archive.sqlite3"
    want = _titles(arc)
    leaf = _articles_leaves(db)[1]
    on_leaf = {rowid for rowid, _ in pages.PageFile(db.read_bytes()).leaf_rows(leaf)}
    assert on_leaf
    _flip(db, leaf, range(0, 8))
    out = tmp_path / "new.cuttings"
    report = json.loads(run(arc, "recover", "--out", str(out), "--json").stdout)
    got = _titles(out)
    assert set(report["missing_ids"]) == on_leaf == set(want) - set(got)
    assert all(got[i] == want[i] for i in got)
    assert json.loads(run(out, "verify", "--json").stdout)["ok"]


def test_recover_refuses_to_write_into_the_archive_or_a_full_folder(tmp_path: Path, imported: Path) -> None:
    arc = _copy(imported, tmp_path)
    for out in (arc / "inside", arc):
        proc = run(arc, "recover", "--out", str(out), check=False)
        assert proc.returncode == 1 and "new folder" in proc.stderr
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    assert "not an empty folder" in run(arc, "recover", "--out", str(full), check=False).stderr


def test_page_salvage_of_an_intact_file_reads_exactly_the_rows_sqlite_reads(imported: Path) -> None:
    db = imported / "archive.sqlite3"
    data = db.read_bytes()
    found = pages.salvage(data, {t: r for t, r in pages.schema_roots(data).items() if t in TABLES})
    assert found.orphans == []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for table in TABLES:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            salvaged = found.rows[table]
            assert len(salvaged) == len(rows), table
            if table == "articles":
                by_id = {r[0]: list(r) for r in rows}
                assert all([rowid, *values[1:]] == by_id[rowid] for rowid, values in salvaged)
    finally:
        conn.close()


def test_a_damaged_file_header_is_named_and_recovered(tmp_path: Path, imported: Path) -> None:
    arc = _copy(imported, tmp_path)
    want = _titles(arc)
    _flip(arc / "archive.sqlite3", 1, range(0, 24))  # "SQLite format 3" and the page size: not a database any more
    proc = run(arc, "list", check=False)
    assert proc.returncode == 1 and "is damaged" in proc.stderr and "Traceback" not in proc.stderr
    out = tmp_path / "new.cuttings"
    report = json.loads(run(arc, "recover", "--out", str(out), "--json").stdout)
    assert _titles(out) == want and report["missing_ids"] == []
    assert json.loads(run(out, "verify", "--json").stdout)["ok"]
