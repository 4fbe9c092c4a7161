"""The `cuttings` command line in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, write_cutting


def run(archive: Path, *args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning"}
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--archive", str(archive), *args],
        input=stdin.decode() if stdin else None, capture_output=True, text=True, env=env, timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def test_fixture_cuttings_end_to_end(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    art = json.loads(run(arc, "clip", str(SAMPLES / "korea-herald-2020-07-02.txt"), "--tag", "places/Korea", "--json").stdout)
    assert art["title"] == "S. Korean FM vows all-out efforts to resume dialogue with N. Korea"
    assert (art["place"], art["published"], art["source"]) == ("SEOUL", "2020-07-02", "The Korea Herald")
    [photo] = art["photos"]
    assert photo["credit"] == "AP Photo/Ahn Young-joon; Sketched by the Pan Pacific Agency" and photo["caption"].startswith("In this Dec. 16, 2019, photo,")
    assert (photo["width"], photo["height"]) == (1200, 800) and len(photo["sha256"]) == 64
    assert art["body"].startswith("Foreign Minister Kang Kyung-wha on Thursday said")
    assert art["body_text"].rstrip().endswith("during World War II.")
    assert art["tags"] == ["places/Korea"]
    ko = json.loads(run(arc, "clip", str(SAMPLES / "seoul-library-ko.txt"), "--json").stdout)
    assert (ko["place"], ko["published"], ko["source"]) == ("서울", "2024-03-05", "연합뉴스")

    shown = json.loads(run(arc, "show", str(art["id"]), "--json").stdout)
    assert shown["title"] == art["title"] and shown["photos"][0]["sha256"] == photo["sha256"]

    hits = json.loads(run(arc, "search", "Kang Kyung-wha", "--json").stdout)
    assert hits["total"] == 1 and hits["hits"][0]["id"] == art["id"]
    assert "<b>" in hits["hits"][0]["snippet"]
    assert set(hits["facets"]) >= {"tags", "source", "place", "year"}
    assert json.loads(run(arc, "search", "스크랩", "--json").stdout)["hits"][0]["id"] == ko["id"]
    assert json.loads(run(arc, "search", "tag:places", "--json").stdout)["total"] == 1

    listed = json.loads(run(arc, "list", "--json").stdout)
    assert {a["id"] for a in listed} == {art["id"], ko["id"]}
    dup = run(arc, "clip", str(SAMPLES / "korea-herald-2020-07-02.txt"), check=False)
    assert dup.returncode == 1 and f"article {art['id']}" in dup.stderr and "Traceback" not in dup.stderr
    assert json.loads(run(arc, "verify", "--json").stdout) == {
        "ok": True, "problems": [], "checked_blobs": 3, "checked_articles": 2}


def test_edit_tag_trash_and_errors(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    path = write_cutting(tmp_path / "in", "ferry.txt", "Ferry strike ends", "Crews went back to work on Monday.",
                         dateline="PORT ELLIS (AP) —")
    art = json.loads(run(arc, "clip", str(path), "--json").stdout)
    edited = json.loads(run(arc, "edit", str(art["id"]), "--title", "Ferry strike is over", "--published", "2023-11",
                            "--json").stdout)
    assert edited["title"] == "Ferry strike is over" and edited["published"] == "2023-11"
    run(arc, "tag", str(art["id"]), "--add", "transport/Ferries")
    run(arc, "tags", "rename", "transport", "shipping")
    tags = json.loads(run(arc, "tags", "--json").stdout)
    assert tags == [{"name": "shipping/Ferries", "count": 1, "color": ""}]
    run(arc, "delete", str(art["id"]))
    assert json.loads(run(arc, "search", "ferry", "--json").stdout)["total"] == 0
    assert [a["id"] for a in json.loads(run(arc, "trash", "--json").stdout)] == [art["id"]]
    run(arc, "restore", str(art["id"]))
    assert json.loads(run(arc, "search", "ferry", "--json").stdout)["total"] == 1
    bad = run(arc, "search", 'title:"unclosed', check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("cuttings: ") and "Traceback" not in bad.stderr
    missing = run(arc, "show", "999", check=False)
    assert missing.returncode == 1 and "no article 999" in missing.stderr
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    refused = run(arc, "clip", str(junk), check=False)
    assert refused.returncode == 1 and "junk.txt" in refused.stderr and "Traceback" not in refused.stderr


def test_stdin_and_batch_search(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    text = "Cannery closes after 80 years\n\nPORT ELLIS, March 3 (Reuters) - The cannery closed on Friday.\n"
    art = json.loads(run(arc, "clip", "-", "--json", stdin=text.encode()).stdout)
    assert art["title"] == "Cannery closes after 80 years" and art["source"] == "Reuters"
    queries = tmp_path / "q.txt"
    queries.write_text("cannery\ntitle:(\nnothing-like-this\n", encoding="utf-8")
    lines = [json.loads(x) for x in run(arc, "search", "--batch", str(queries)).stdout.splitlines()]
    assert lines[0]["total"] == 1 and "error" in lines[1] and lines[2]["total"] == 0


@pytest.mark.slow
def test_kill_during_import_leaves_a_sound_searchable_archive(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    folder = tmp_path / "cuttings"
    total = 1200  # several transactions of folder.BATCH (250): the kill lands between two of them
    for n in range(total):
        write_cutting(folder, f"c{n:04}.txt", f"Harbour story number {n}",
                      f"Reporters filed story {n} about the harbour and word{n}.", dateline="PORT ELLIS (AP) —")
    run(arc, "init")
    proc = subprocess.Popen([sys.executable, "-m", "app", "--archive", str(arc), "import", str(folder), "--workers", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import sqlite3

    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            conn = sqlite3.connect(f"file:{arc / 'archive.sqlite3'}?mode=ro", uri=True, timeout=5)
            count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            continue
        if count >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < count < total, "the import should have been killed mid-run"
    report = json.loads(run(arc, "verify", "--json", check=False).stdout)
    bad = [p for p in report["problems"] if p["kind"] not in ("orphan-file", "temp-file")]
    assert bad == [], report
    run(arc, "verify", "--repair")
    assert json.loads(run(arc, "verify", "--json").stdout)["ok"]
    stored = json.loads(run(arc, "list", "--json").stdout)
    assert len(stored) >= count
    found = json.loads(run(arc, "search", "harbour", "--limit", "1000", "--json").stdout)
    assert found["total"] == len(stored)
    for art in stored[:: max(1, len(stored) // 20)]:
        n = art["title"].rsplit(" ", 1)[1]
        assert json.loads(run(arc, "search", f"word{n}", "--json").stdout)["hits"][0]["id"] == art["id"]


def test_show_json_lists_dropped_lines_and_contributors(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    cutting = tmp_path / "wire.txt"
    cutting.write_text(
        "Port strike ends after three days\n\nROTTERDAM (Reuters) - Dock workers returned to work on Friday.\n\n"
        "(Reporting by Bart Meijer; Editing by Alison Williams)\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.\n\nShare this article\n", encoding="utf-8")
    art = json.loads(run(arc, "clip", str(cutting), "--json").stdout)
    shown = json.loads(run(arc, "show", str(art["id"]), "--json").stdout)
    assert shown["dropped"] == ["Share this article", "Our Standards: The Thomson Reuters Trust Principles."]
    assert shown["authors"] == ["Bart Meijer"] and "Editing by Alison Williams" in shown["notes"]
    assert "Trust Principles" not in shown["body_text"]
    hits = json.loads(run(arc, "search", "Alison Williams", "--json").stdout)
    assert [h["id"] for h in hits["hits"]] == [art["id"]]


def test_random_bytes_and_wordless_text_are_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    import random

    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    rng = random.Random(7)
    cases = {
        "random.txt": bytes(rng.randrange(1, 256) for _ in range(5000)),  # no NUL: refused by its look
        "printable.txt": bytes(rng.randrange(0x21, 0x7F) for _ in range(5000)),  # one run-on "word"
        "marks.txt": "1234 — 5678 !!! ??? ... ### 42\n".encode() * 20,  # no word in any script
        "controls.txt": bytes(rng.randrange(1, 9) for _ in range(3000)) + b" Seoul rain",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = run(arc, "clip", str(path), check=False)
        assert proc.returncode != 0, name
        message = proc.stderr.strip()
        assert name in message and "\n" not in message and "Traceback" not in message, message
    assert json.loads(run(arc, "list", "--json").stdout) == []


#: What a `cuttings search` process must not import: its writes' sqlite-utils (about 45 ms), the other commands'
#: modules, the list's SQL, clipping and importing, and platformdirs (the archive is given with --archive).
NOT_FOR_SEARCH = ("sqlite_utils", "platformdirs", "uuid", "PIL", "lxml", "trafilatura", "app.listing",
                  "app.store.imports", "app.cli_export", "app.cli_connector", "app.cli_recover", "app.export",
                  "app.connector", "app.clip", "app.imports", "app.verify", "app.stats")


def test_a_search_process_imports_only_what_searching_needs(tmp_path: Path) -> None:
    """A new `cuttings search` process (the way a user starts one) builds only its own command's parser and
    imports none of NOT_FOR_SEARCH; `-X importtime` lists on stderr every module the process imported."""
    arc = tmp_path / "a.cuttings"
    run(arc, "init")
    run(arc, "clip", str(SAMPLES / "korea-herald-2020-07-02.txt"))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "app", "--archive", str(arc), "search", "Kang",
                           "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 1
    imported = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert {"app.search", "app.archive", "whoosh", "numpy"} <= imported  # the listing is real
    late = sorted(m for m in imported if m in NOT_FOR_SEARCH or any(m.startswith(f"{p}.") for p in NOT_FOR_SEARCH))
    assert not late, f"imported by `cuttings search`: {late}"
