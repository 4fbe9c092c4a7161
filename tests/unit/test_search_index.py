"""SearchIndex lifecycle: writes seen by new searchers, the writer lock, rebuild, versions, recovery."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.errors import ArchiveLocked, Cancelled
from app.search import IndexDoc, SearchIndex


def doc(i: int, version: str = "v1", **kw: object) -> IndexDoc:
    return IndexDoc(i, version, title=f"Article {i}", body_text=f"body text number{i} common", **kw)  # type: ignore[arg-type]


@pytest.fixture
def writer(tmp_path: Path):
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    yield ix
    ix.close()


def test_new_index_is_empty_and_needs_rebuild(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    try:
        assert ix.needs_rebuild
        assert ix.doc_count() == 0
        assert ix.search("*").total == 0
        assert ix.versions() == {}
    finally:
        ix.close()


def test_apply_requires_writer_lock(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    try:
        with pytest.raises(ArchiveLocked):
            ix.apply([doc(1)])
        with pytest.raises(ArchiveLocked):
            ix.rebuild([], total=0)
    finally:
        ix.close()


def test_apply_update_delete_round_trip_seen_by_reader(writer: SearchIndex, tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "index")
    try:
        writer.apply([doc(1), doc(2), doc(3)])
        assert reader.search("common").total == 3
        writer.apply([doc(2, "v2", notes="updated")], deletes=[3])
        r = reader.search("common")
        assert r.total == 2 and {h.id for h in r.hits} == {1, 2}
        assert reader.search("number3").total == 0  # no deleted docs come back
        assert reader.search("updated").total == 1
        assert reader.versions() == {1: "v1", 2: "v2"}
        assert reader.doc_count() == 2
        assert reader.search("*").facets["year"] == {}
        writer.apply([], deletes=[1, 2, 42])
        assert reader.search("*").total == 0
    finally:
        reader.close()


def test_many_applies_stay_correct_and_merge(writer: SearchIndex) -> None:
    for i in range(20):
        writer.apply([doc(i), doc(i + 100)], deletes=[i - 1] if i else [])
    assert writer.segment_count() < 20
    assert writer.search("common").total == 21
    writer.optimize()
    assert writer.segment_count() == 1
    assert writer.search("common").total == 21


def test_writer_lock_is_exclusive_between_objects(tmp_path: Path) -> None:
    a = SearchIndex(tmp_path / "index")
    b = SearchIndex(tmp_path / "index")
    try:
        assert a.try_acquire_writer() and a.is_writer
        assert not b.try_acquire_writer() and not b.is_writer
        with pytest.raises(ArchiveLocked):
            b.apply([doc(1)])
        a.release_writer()
        assert not a.is_writer
        assert b.try_acquire_writer()
        b.apply([doc(1)])
        assert a.search("common").total == 1
    finally:
        a.close()
        b.close()


def _hold_lock(index_dir: str, ready, stop) -> None:  # type: ignore[no-untyped-def]
    ix = SearchIndex(Path(index_dir))
    ready.put(ix.try_acquire_writer())
    stop.get(timeout=30)
    ix.close()


def test_writer_lock_is_exclusive_between_processes(tmp_path: Path) -> None:
    SearchIndex(tmp_path / "index").close()
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=_hold_lock, args=(str(tmp_path / "index"), ready, stop))
    p.start()
    try:
        assert ready.get(timeout=30) is True
        ix = SearchIndex(tmp_path / "index")
        try:
            assert not ix.try_acquire_writer()
            stop.put(True)
            p.join(timeout=30)
            assert ix.try_acquire_writer()
        finally:
            ix.close()
    finally:
        stop.put(True)
        p.join(timeout=30)
        ready.close()
        stop.close()


def test_lock_dies_with_a_killed_process(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from app.search import SearchIndex
        ix = SearchIndex(Path({str(tmp_path / "index")!r}))
        assert ix.try_acquire_writer()
        print("locked", flush=True)
        sys.stdin.readline()
        os._exit(0)  # no cleanup: the OS must release the lock
        """
    )
    p = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert p.stdout is not None and p.stdout.readline().strip() == "locked"
        ix = SearchIndex(tmp_path / "index")
        try:
            assert not ix.try_acquire_writer()
            p.communicate("\n", timeout=30)
            assert ix.try_acquire_writer()
        finally:
            ix.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def test_commit_from_another_process_is_seen(tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path / "index")
    try:
        assert reader.search("*").total == 0
        code = textwrap.dedent(
            f"""
            from pathlib import Path
            from app.search import IndexDoc, SearchIndex
            ix = SearchIndex(Path({str(tmp_path / "index")!r}))
            assert ix.try_acquire_writer()
            ix.apply([IndexDoc(7, "v1", title="From elsewhere")])
            ix.close()
            """
        )
        subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
        assert [h.id for h in reader.search("elsewhere").hits] == [7]
    finally:
        reader.close()


def test_rebuild_replaces_everything_with_progress(writer: SearchIndex) -> None:
    writer.apply([doc(1000)])
    calls: list[tuple[int, int, str]] = []
    docs = [doc(i, tags=["t/x"] if i % 2 else []) for i in range(1, 451)]
    writer.rebuild(iter(docs), total=len(docs), progress=lambda d, t, m: calls.append((d, t, m)), batch=100)
    assert not writer.needs_rebuild
    assert writer.doc_count() == 450
    assert writer.segment_count() == 1
    assert writer.search("number1000").total == 0
    assert writer.search("tag:t").total == 225
    assert writer.versions() == {i: "v1" for i in range(1, 451)}
    assert calls[0] == (0, 450, "Indexing") and calls[-1] == (450, 450, "Done")
    assert all(t == 450 for _, t, _ in calls)
    reopened = SearchIndex(writer.index_dir)
    assert not reopened.needs_rebuild
    reopened.close()


def test_rebuild_cancel_leaves_needs_rebuild(writer: SearchIndex) -> None:
    seen = 0

    def cancelled() -> bool:
        return seen >= 300

    def docs():  # type: ignore[no-untyped-def]
        nonlocal seen
        for i in range(1000):
            seen += 1
            yield doc(i)

    with pytest.raises(Cancelled):
        writer.rebuild(docs(), total=1000, cancelled=cancelled, batch=250)
    assert writer.needs_rebuild
    assert writer.doc_count() == 250  # the first committed batch only
    reopened = SearchIndex(writer.index_dir)
    assert reopened.needs_rebuild
    reopened.close()
    writer.rebuild([doc(1)], total=1)
    assert writer.doc_count() == 1 and not writer.needs_rebuild


def test_a_cancelled_rebuild_resumes_after_its_last_commit(writer: SearchIndex) -> None:
    def docs(start: int):  # type: ignore[no-untyped-def]
        for i in range(start, 1000):
            yield doc(i)

    seen: list[int] = []
    with pytest.raises(Cancelled):
        writer.rebuild(docs(0), total=1000, batch=250, cancelled=lambda: bool(seen) and seen[-1] >= 600,
                       progress=lambda d, t, m: seen.append(d))
    reopened = SearchIndex(writer.index_dir)
    assert reopened.needs_rebuild and reopened.resume_point() == 499  # ids 0..499 were committed
    reopened.close()
    after = writer.resume_point()
    assert after is not None
    progress: list[int] = []
    writer.rebuild(docs(after + 1), total=1000, batch=250, resume_after=after, already=after + 1,
                   progress=lambda d, t, m: progress.append(d))
    assert progress[0] == 500 and progress[-1] == 1000
    assert writer.doc_count() == 1000 and not writer.needs_rebuild and writer.resume_point() is None
    assert writer.search("number0").total == 1 and writer.search("number999").total == 1


def test_rebuild_with_worker_processes(writer: SearchIndex) -> None:
    writer.rebuild_procs = 2
    docs = [doc(i) for i in range(800)]
    import app.search.index as index_module

    old = index_module.MIN_DOCS_FOR_PROCS
    index_module.MIN_DOCS_FOR_PROCS = 10
    try:
        writer.rebuild(docs, total=len(docs), batch=300)
    finally:
        index_module.MIN_DOCS_FOR_PROCS = old
    assert writer.doc_count() == 800
    assert writer.search("number799").total == 1
    assert writer.search("common", limit=5).total == 800


def test_bulk_apply_in_worker_processes_updates_and_adds(writer: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.search.index as index_module

    writer.apply([doc(i) for i in range(10)])
    writer.rebuild_procs = 2
    monkeypatch.setattr(index_module, "MIN_DOCS_FOR_BULK_PROCS", 10)
    writer.apply([doc(i, version="v2") for i in range(5, 400)], [0])
    assert writer.doc_count() == 399
    assert writer.versions() == {**{i: "v1" for i in range(1, 5)}, **{i: "v2" for i in range(5, 400)}}
    assert writer.search("number7").total == 1 and writer.search("number0").total == 0


def test_unreadable_index_is_recreated(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    ix.rebuild([doc(1)], total=1)
    ix.close()
    for f in (tmp_path / "index").glob("*.toc"):
        f.write_bytes(b"garbage")
    again = SearchIndex(tmp_path / "index")
    try:
        assert again.needs_rebuild
        assert again.doc_count() == 0
    finally:
        again.close()


def test_fast_match_sets_equal_whooshs_own_over_segments_and_deletions(writer: SearchIndex) -> None:
    from app.search.engine.ranking import rank

    words = ["harbour", "archive", "ferry", "strike", "council", "museum"]
    for start in (0, 40, 80):  # three commits: three segments
        writer.apply([IndexDoc(i, "v1", title=f"{words[i % 6]} story {i}",
                               body_text=f"The {words[(i * 7) % 6]} and the {words[(i * 5) % 6]} met. n{i}",
                               tags=["news/local"] if i % 3 else [], starred=i % 4 == 0)
                      for i in range(start, start + 40)])
    writer.apply([], [3, 45, 90])
    queries = ["harbour", "harbour ferry", "harbour OR museum", "harbour -ferry", '"the harbour"', "har*",
               "title:archive", "tag:news", "starred:true harbour", "NOT harbour", "(ferry OR strike) council",
               "harbour AND NOT (museum OR n7)", "nothingmatches", "harbor~"]
    s = writer._current()
    assert writer.segment_count() >= 3
    for text in queries:
        q = writer._query(text)
        assert set(rank(s, q).docnums.tolist()) == set(s.docs_for_query(q)), text


def test_deleted_documents_are_read_per_segment_as_whoosh_sees_them(writer: SearchIndex) -> None:
    """The deleted set and the document table's live mask come from each segment's own deletions; they must
    equal asking Whoosh about every document, which a new process used to do (60-150 ms at 100,000)."""
    from app.search.engine.docsets import deleted_docnums

    for start in (0, 40, 80):  # three segments
        writer.apply([doc(i) for i in range(start, start + 40)])
    s = writer._current()
    assert deleted_docnums(s.reader()).size == 0 and writer._doc_table(s).live is None
    writer.apply([], [3, 45, 46, 90])  # deletions in each of the three segments
    s = writer._current()
    reader = s.reader()
    assert reader.has_deletions() and writer.segment_count() >= 3
    everything = range(reader.doc_count_all())
    assert deleted_docnums(reader).tolist() == [d for d in everything if reader.is_deleted(d)]
    table = writer._doc_table(s)
    assert table.live is not None and table.live.tolist() == [not reader.is_deleted(d) for d in everything]
    assert writer.search("common").total == 116
    assert writer.search("common", restrict={3, 4, 45, 47}).total == 2  # the deleted ones are not found


def test_fast_phrases_match_and_score_as_whooshs_own(writer: SearchIndex) -> None:
    from whoosh import query as wq

    from app.search.engine.phrase import FastPhrase

    words = ["harbour", "archive", "ferry", "strike"]
    for start in (0, 60):
        writer.apply([IndexDoc(i, "v1", title=f"story {i}",
                               body_text=" ".join(words[(i * k) % 4] for k in range(1, 12)) + " harbour archive" * (i % 3))
                      for i in range(start, start + 60)])
    writer.apply([], [5, 70])
    s = writer._current()
    for phrase in (["harbour", "archive"], ["archive", "ferry", "strike"], ["strike", "harbour"], ["nothing", "here"]):
        theirs = {d: round(sc, 6) for d, sc in s.search(wq.Phrase("body", phrase), limit=None).items()}
        ours = {d: round(sc, 6) for d, sc in s.search(FastPhrase("body", phrase), limit=None).items()}
        assert ours == theirs, phrase
    assert isinstance(next(iter(writer._query('"harbour archive"').leaves())), FastPhrase)
    assert writer.search('"harbour archive"').total == writer.search('"harbour archive"', with_facets=False).total > 0


def test_merging_keeps_big_segments_and_merges_small_ones_by_tier(writer: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.search.engine.merging as merging

    monkeypatch.setattr(merging, "MAX_MERGE_DOCS", 50)
    monkeypatch.setattr(merging, "TIER_WIDTH", 4)
    for start in (0, 100, 200):  # three "rebuild" segments of 100 documents: never merged automatically
        writer.apply([doc(i) for i in range(start, start + 100)])
    assert writer.segment_count() == 3
    for i in range(1000, 1004):  # four one-document segments: the tier is full only at the next commit
        writer.apply([doc(i)])
    assert writer.segment_count() == 7
    writer.apply([doc(1004)])  # the four are merged into the new segment
    assert writer.segment_count() == 4
    writer.apply([doc(1005)])
    assert writer.segment_count() == 5
    writer.apply([], [], merge=True)  # idle: the smallest are tidied up
    assert writer.segment_count() == 4
    writer.apply([], [], merge=True)  # nothing left to do: no new commit
    assert writer.segment_count() == 4 and writer.doc_count() == 306
    assert writer.search("number1005").total == 1 and writer.search("number150").total == 1


def test_prefix_frequencies_read_raw_equal_whooshs_own(writer: SearchIndex) -> None:
    from app.search.engine.expansion import prefix_entries

    for start in (0, 50):  # two segments, rare (inlined) and common terms
        writer.apply([IndexDoc(i, "v1", title=f"market {i}", body_text=f"marble mark{i % 7} marathon markets m{i}")
                      for i in range(start, start + 50)])
    s = writer._current()
    for sub, _ in s.leaf_searchers():
        reader = sub.reader()
        for field, prefix in (("body", "mar"), ("body", "m1"), ("title", "mark"), ("body", "zzz"), ("title", "")):
            ours = [(df, t) for df, t, _ in prefix_entries(reader, field, prefix)]
            theirs = [(ti.doc_frequency(), t) for t, ti in reader.iter_prefix(field, prefix)]
            assert ours == theirs, (field, prefix)
    assert writer.search("mar*").total == 100


def test_a_big_apply_adds_new_documents_and_replaces_indexed_ones(writer: SearchIndex) -> None:
    from app.search.index import LOOKUP_BATCH

    writer.apply([doc(i) for i in range(LOOKUP_BATCH)])
    writer.apply([], deletes=[3])  # a trashed article restored later is added again, once
    later = [doc(i, "v2") for i in range(LOOKUP_BATCH // 2, LOOKUP_BATCH)] + [doc(3, "v2")]
    later += [doc(i) for i in range(LOOKUP_BATCH, LOOKUP_BATCH + 30)]
    writer.apply(later)
    versions = writer.versions()
    assert len(versions) == writer.doc_count() == LOOKUP_BATCH + 30  # no duplicates
    assert versions[3] == "v2" and versions[LOOKUP_BATCH - 1] == "v2" and versions[0] == "v1"
    assert writer.search("common", limit=0).total == LOOKUP_BATCH + 30


def test_idle_merges_group_big_segments_and_new_work_cancels_them(writer: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.search.engine.merging as merging
    from app.errors import Cancelled

    monkeypatch.setattr(merging, "MAX_MERGE_DOCS", 50)
    monkeypatch.setattr(merging, "IDLE_BIG_MERGE_DOCS", 450)
    for start, count in ((0, 100), (100, 100), (200, 120), (320, 100), (420, 100)):  # an import's segments
        writer.apply([doc(i) for i in range(start, start + count)])
    assert writer.segment_count() == 5 and writer.merge_pending()
    with pytest.raises(Cancelled):  # new work arrived: the merge gives way, the segments stay
        writer.apply([], [], merge=True, cancelled=lambda: True)
    assert writer.segment_count() == 5
    writer.apply([], [], merge=True)  # the four smallest (400 documents) become one
    assert sorted(s.doc_count_all() for s in writer._ix._segments()) == [120, 400]
    assert not writer.merge_pending()
    assert writer.doc_count() == 520 and writer.search("number519").total == 1
