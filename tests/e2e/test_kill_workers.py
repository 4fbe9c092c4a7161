"""``kill -9`` of a process alone (not its group): its worker processes die with it, and the index lock with them.

Real processes, real SIGKILL of the parent only, the real lock file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.archive import Archive
from app.search.lock import WriterLock
from app.verify import verify
from tests.conftest import ROOT, write_cutting
from tests.e2e.test_cli import run

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for child processes")


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids |= {int(k) for k in (task / "children").read_text().split()}
        except OSError:
            continue
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


def _kill_stragglers(pids: set[int]) -> None:
    for pid in pids:  # only processes this test started (children of its own subprocess)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _holds(pid: int, name: str) -> bool:
    try:
        return any(os.readlink(fd).endswith(name) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


@pytest.mark.slow
def test_kill_of_an_importing_process_alone_takes_its_workers_and_the_lock(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    folder = tmp_path / "cuttings"
    for n in range(600):
        write_cutting(folder, f"c{n:04}.txt", f"Harbour story {n}", f"Story {n} about the harbour, word{n}.")
    run(arc, "init")
    proc = subprocess.Popen([sys.executable, "-m", "app", "--archive", str(arc), "import", str(folder), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(kids) < 2:
            time.sleep(0.05)
            kids = _children(proc.pid)
        assert len(kids) == 2, "the import should have started two extraction workers"
        # A forked worker closes the inherited lock in its after-fork hook: wait out the instant between the
        # fork and that hook, in which /proc still lists the copied descriptor.
        settle = time.monotonic() + 5
        while time.monotonic() < settle and any(_holds(k, "writer.lock") for k in kids):
            time.sleep(0.05)
        assert not any(_holds(k, "writer.lock") for k in kids)
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as `kill -9 PID` does
        proc.wait()
        assert _wait_gone(kids) == set(), "workers outlived their parent"
    finally:
        if proc.poll() is None:  # a failed assertion above must not leave the import running
            proc.kill()
            proc.wait()
        _kill_stragglers(kids)
    later = write_cutting(tmp_path / "later", "ferry.txt", "Ferry strike", "The ferry crews walked out.")
    run(arc, "clip", str(later))
    assert json.loads(run(arc, "search", "ferry", "--json").stdout)["total"] == 1  # later changes are indexed
    assert json.loads(run(arc, "verify", "--json").stdout)["ok"]


WRITER = """
import sys, time
from pathlib import Path
from app.search import IndexDoc, SearchIndex
index = SearchIndex(Path(sys.argv[1]))
assert index.try_acquire_writer()
w = index._writer(procs=2, multisegment=True, batchsize=50)
for n in range(400):
    w.add_document(id=str(n), version="v", title=f"Harbour {n}")
print(" ".join(str(t.pid) for t in w.tasks), flush=True)
time.sleep(600)
"""


def test_kill_of_a_process_writing_with_worker_processes_alone(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    kids: set[int] = set()
    try:
        assert proc.stdout
        kids = {int(p) for p in proc.stdout.readline().split()}
        assert len(kids) == 2 and all(_alive(k) for k in kids)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert _wait_gone(kids) == set(), "index writer workers outlived their parent"
    finally:
        _kill_stragglers(kids)
    lock = WriterLock(index_dir / "writer.lock")
    assert lock.try_acquire() and lock.broke_stale is None  # free: nobody kept it
    lock.release()


# An older Cuttings (or any program) whose child kept the locks: the parent takes ours and Whoosh's, forks a child
# that keeps both files open, and is killed. The child is alive; the recorded holder is dead.
ORPHANING_PARENT = """
import fcntl, os, socket, sys, time
f = open(sys.argv[1], "a+b")
fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
f.seek(0); f.truncate(); f.write(f"{os.getpid()} {socket.gethostname()}\\n".encode()); f.flush()
whoosh = os.open(os.path.join(os.path.dirname(sys.argv[1]), "MAIN_WRITELOCK"), os.O_CREAT | os.O_WRONLY)
fcntl.flock(whoosh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a writer in the middle of a commit holds it
child = os.fork()
if child == 0:
    time.sleep(600)
    os._exit(0)
print(child, flush=True)
time.sleep(600)
"""


def test_a_stale_lock_kept_by_an_orphan_is_broken(tmp_path: Path) -> None:
    arc_path = tmp_path / "a.cuttings"
    with Archive.create(arc_path) as arc:
        arc.add_many([])  # nothing: the archive and its index exist
    proc = subprocess.Popen([sys.executable, "-c", ORPHANING_PARENT, str(arc_path / "index" / "writer.lock")],
                            stdout=subprocess.PIPE, text=True)
    orphan: set[int] = set()
    try:
        assert proc.stdout
        orphan = {int(proc.stdout.readline())}
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert all(_alive(p) for p in orphan)
        assert WriterLock(arc_path / "index" / "writer.lock").stale_holder() == proc.pid  # detected
        clip = write_cutting(tmp_path / "in", "ferry.txt", "Ferry strike", "The ferry crews walked out.")
        run(arc_path, "clip", str(clip))
        assert json.loads(run(arc_path, "search", "ferry", "--json").stdout)["total"] == 1
        with Archive.open(arc_path) as arc:
            assert arc.index.is_writer
            assert verify(arc).ok
    finally:
        _kill_stragglers(orphan)


HOLDER = """
import sys, time
from pathlib import Path
from app.search.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
assert lock.try_acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_verify_reports_a_queue_that_does_not_drain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.verify

    arc_path = tmp_path / "a.cuttings"
    Archive.create(arc_path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(arc_path / "index" / "writer.lock")], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"  # a live process that never indexes
        clip = write_cutting(tmp_path / "in", "ferry.txt", "Ferry strike", "The ferry crews walked out.")
        run(arc_path, "clip", str(clip))  # stored; queued for the index
        with Archive.open(arc_path) as arc:
            assert not arc.index.is_writer
            assert verify(arc).ok  # just queued: a writer may be about to index it
            monkeypatch.setattr(app.verify, "QUEUE_STUCK_SECONDS", 1.0)
            time.sleep(1.5)
            report = verify(arc)
        assert [p.kind for p in report.problems] == ["index-queue"]
        assert f"process {holder.pid}" in report.problems[0].message
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout
        holder.stdout.close()
    with Archive.open(arc_path) as arc:  # the holder is gone: the next process indexes the queue
        assert arc.search("ferry").total == 1
        assert verify(arc).ok


WATCHED_PARENT = """
import os, sys, time
from app import lifeline
parent = os.getpid()
child = os.fork()
if child == 0:
    lifeline.sys.platform = "darwin"  # the portable path: a thread that watches the parent
    lifeline.die_with_parent(parent)
    time.sleep(600)
    os._exit(0)
print(child, flush=True)
time.sleep(600)
"""


def test_the_portable_lifeline_ends_a_worker_whose_parent_died(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WATCHED_PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    kids: set[int] = set()
    try:
        assert proc.stdout
        kids = {int(proc.stdout.readline())}
        time.sleep(0.3)
        assert all(_alive(k) for k in kids)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert _wait_gone(kids, seconds=5) == set()
    finally:
        _kill_stragglers(kids)
