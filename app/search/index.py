"""SearchIndex: the Whoosh index of an archive (derived from the database, rebuildable at any time).

Readers share nothing but files: each search reopens its cached searcher only when the index generation
changed (never ``Searcher.refresh()``, which returns deleted documents in whoosh-reloaded 2.7.5). Writes need
the writer lock, an OS file lock held by at most one process (or object) at a time.
"""

from __future__ import annotations

import functools
import gc
import html
import json
import os
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as wi

from app.errors import ArchiveLocked, IndexUnreadable
from app.jobs import CancelCheck, Progress, check_cancel, never_cancelled, no_progress
from app.model import Hit, SearchResult
from app.search.bulk import BulkWriter, cancel_writer, commit_tiered, write_docs
from app.search.documents import IndexDoc, to_fields
from app.search.engine import installed_version
from app.search.engine import ranking as ranking_module
from app.search.engine.expansion import cut_words
from app.search.engine.expansion import drop_caches as drop_expansions
from app.search.engine.facets import ColumnCache, DocTable
from app.search.engine.ranking import Ranking, rank, sort_keys
from app.search.engine.storage import check_segments, index_storage, segments
from app.search.highlight import all_terms, body_lead, body_snippet, field_terms, query_terms, snippet
from app.search.lock import WriterLock
from app.search.procs import writer_procs
from app.search.query import QueryParser
from app.search.schema import SCHEMA_VERSION, build_schema

SORTS = {"relevance": None, "published": "published", "clipped": "clipped"}
STATE_FILE = "cuttings-index.json"
FACETS_FOLDER = "facets"  # per-segment facet columns, saved for new processes (a cache: safe to delete)
MIN_DOCS_FOR_PROCS = 5000  # below this a rebuild is faster in one process
LOOKUP_BATCH = 50  # from this many documents a commit finds which are new from the document table
MIN_DOCS_FOR_BULK_PROCS = 1000  # an import's big commits use the worker processes from this many
# A process with no idle moments (the command line) merges as an idle one would once an index has more
# segments than this: each import leaves segments too big for a commit's merge (see ``merging``).
TIDY_SEGMENTS = 16
REBUILD_BATCH = 4000  # documents per commit and writer process; a killed rebuild resumes after the last commit
RANKINGS_KEPT = 4  # recent queries' rankings kept for paging (about 1.6 MB each at 100,000 matches)


class SearchIndex:
    """The full-text index of one archive."""

    def __init__(self, index_dir: Path, *, readonly: bool = False) -> None:
        self.index_dir = Path(index_dir)
        #: Worker processes for a big rebuild, import or merge (see ``procs``; 1 in a GUI process).
        self.rebuild_procs = writer_procs()
        self.readonly = readonly  # an index on a read-only medium: used as it is, or IndexUnreadable
        if not readonly:
            self.index_dir.mkdir(parents=True, exist_ok=True)
        self._lock = WriterLock(self.index_dir / "writer.lock")
        self._schema = build_schema()
        self._parser: QueryParser | None = None
        self._searcher: Any = None
        self._closed_by_owner = False  # close() was called: prepare() then opens nothing
        self._generation: int | None = None
        self._table: DocTable | None = None
        self._rankings: OrderedDict[tuple[str, bool, frozenset[int] | None], Ranking] = OrderedDict()
        self._rankings_of: int | None = None  # the index generation the rankings came from
        self._columns = ColumnCache(self.index_dir / FACETS_FOLDER)
        self._read_lock = threading.RLock()  # the cached searcher is shared by threads of this process
        #: True when the index was (re)created or a rebuild did not finish: call rebuild().
        self.needs_rebuild = False
        self._ix = self._open()

    # ---------------------------------------------------------------------------------- open and lock

    def _exists(self) -> bool:
        with _quiet_leaks() as failed:
            try:
                return bool(wi.exists_in(str(self.index_dir)))
            except Exception:  # a table of contents is there but unreadable
                failed.append(True)
                return True

    def _storage(self) -> Any:
        # Segments are memory-mapped and read without copies (see storage.py: whoosh 2.7 copied each
        # mapped segment into a BytesIO, 1.9 GB at 100,000 articles).
        return index_storage(str(self.index_dir))

    def _open_existing(self) -> Any | None:
        with _quiet_leaks() as failed:
            try:
                ix = self._storage().open_index(schema=self._schema)
                ix.latest_generation()
                check_segments(ix)
                return ix
            except Exception:  # unreadable (corrupt, truncated, from another version)
                failed.append(True)
                return None

    def _open(self) -> Any:
        if self._exists():
            ix = self._open_existing()
            if ix is not None:
                self.needs_rebuild = not self._state_ok()
                return ix
        if self.readonly:
            raise IndexUnreadable(f"The search index in {self.index_dir} is missing or unreadable, and it cannot "
                                  "be rebuilt there: the archive is read-only.")
        took = not self._lock.held and self._lock.try_acquire()
        if not (took or self._lock.held):
            for _ in range(20):  # another process holds the writer: let it create the index
                time.sleep(0.1)
                ix = self._open_existing() if self._exists() else None
                if ix is not None:
                    self.needs_rebuild = not self._state_ok()
                    return ix
            raise ArchiveLocked(
                f"The search index in {self.index_dir} is missing or unreadable and another Cuttings process is "
                "using it. Close the other window and try again."
            )
        try:
            ix = self._storage().create_index(self._schema)
            self._write_state(complete=False)
        finally:
            if took:
                self._lock.release()
        self.needs_rebuild = True
        return ix

    def _read_state(self) -> dict[str, Any]:
        try:
            state = json.loads((self.index_dir / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _state_ok(self) -> bool:
        state = self._read_state()
        return bool(_same_build(state) and state.get("complete"))

    def resume_point(self) -> int | None:
        """The last article id an unfinished rebuild committed (it can go on after it), or None."""
        state = self._read_state()
        after = state.get("resume_after")
        if not _same_build(state) or state.get("complete") or not isinstance(after, int):
            return None
        return after

    def _write_state(self, complete: bool, resume_after: int | None = None) -> None:
        path = self.index_dir / STATE_FILE
        tmp = path.with_suffix(".tmp")
        state: dict[str, Any] = {"schema": SCHEMA_VERSION, "whoosh": installed_version(), "complete": complete}
        if resume_after is not None:
            state["resume_after"] = resume_after
        tmp.write_text(json.dumps(state), "utf-8")
        os.replace(tmp, path)

    def try_acquire_writer(self) -> bool:
        """Take the writer lock if no other process or object holds it."""
        return self._lock.try_acquire()

    def release_writer(self) -> None:
        """Let go of the writer lock."""
        self._lock.release()

    @property
    def is_writer(self) -> bool:
        return self._lock.held

    def _require_writer(self) -> None:
        if not self._lock.held:
            raise ArchiveLocked(
                "This process does not hold the search index writer lock; another Cuttings process updates "
                "the index (changes wait in the queue)."
            )

    # -------------------------------------------------------------------------------------- writing

    def apply(self, upserts: Sequence[IndexDoc], deletes: Sequence[int] = (), *, merge: bool = False,
              cancelled: CancelCheck = never_cancelled) -> None:
        """Add or replace ``upserts`` and remove ``deletes`` in one commit; small segments are merged by
        tier (see ``merging``), more eagerly with ``merge`` (when idle). A big batch (an import) is
        written by worker processes as segments of their own (see ``parallel_writer``).
        ``cancelled`` can stop a merge (``Cancelled`` raised, nothing committed)."""
        self._require_writer()
        if not upserts and not deletes and not (merge and self.merge_pending()):
            return
        if len(upserts) >= MIN_DOCS_FOR_BULK_PROCS and self.rebuild_procs > 1:
            w = self._rebuild_writer(self.rebuild_procs)
        else:
            w = self._writer(cancelled=cancelled)
        indexed = self._indexed_among([d.id for d in upserts]) if len(upserts) >= LOOKUP_BATCH else None
        try:
            write_docs(w, upserts, deletes, indexed)
        except BaseException:
            cancel_writer(w)
            raise
        commit_tiered(w, idle=merge)

    def bulk_writer(self) -> BulkWriter:
        """A writer kept open over an import's batches, with the worker processes (see ``bulk``)."""
        self._require_writer()
        return BulkWriter(lambda: self._rebuild_writer(self.rebuild_procs), self._indexed_among)

    def tidy(self, cancelled: CancelCheck = never_cancelled) -> int:
        """Merge segments as an idle moment would while there are more than ``TIDY_SEGMENTS``; returns how
        many merges were made (about 0.25 ms a document; ``Cancelled`` stops before the next)."""
        self._require_writer()
        merges = 0
        while self.segment_count() > TIDY_SEGMENTS and self.merge_pending() and merges < TIDY_SEGMENTS:
            self.apply([], [], merge=True, cancelled=cancelled)
            merges += 1
        return merges

    def merge_pending(self) -> bool:
        """Whether an idle moment has segments to merge (see ``merging.merge_plan``)."""
        from app.search.engine.merging import merge_plan  # a writer's module: a search process needs none

        return bool(merge_plan(segments(self._ix), idle=True))

    def _indexed_among(self, ids: list[int]) -> set[int]:
        """Which of ``ids`` the index holds (live), from the document table instead of a term lookup per
        document and segment (``update_document`` looks in all 40 segments of a 100,000-article index)."""
        with self._read_lock:
            table = self._doc_table(self._current())
        present = table.ids if table.live is None else table.ids[table.live]
        wanted = np.array(ids, dtype=np.int64)
        return set(wanted[np.isin(wanted, present)].tolist())

    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        *,
        total: int,
        progress: Progress = no_progress,
        cancelled: CancelCheck = never_cancelled,
        batch: int | None = None,
        resume_after: int | None = None,
        already: int = 0,
    ) -> None:
        """Replace the whole index with ``docs`` (in id order), committing every ``batch`` documents
        (``REBUILD_BATCH`` per writer process by default).

        With ``resume_after`` (see :meth:`resume_point`) the committed batches of an interrupted rebuild are
        kept and ``docs`` are the articles after that id (``already`` counts the kept ones, for progress).
        On cancel (``Cancelled`` raised) or a kill the index holds the batches committed so far, remembers
        where to resume, and ``needs_rebuild`` stays True.
        """
        from app.search.engine import writers

        self._require_writer()
        self._write_state(complete=False, resume_after=resume_after)
        self.needs_rebuild = True
        procs = self.rebuild_procs if total - already >= MIN_DOCS_FOR_PROCS else 1
        batch = batch or REBUILD_BATCH * procs
        done = already
        first = resume_after is None
        progress(done, total, "Indexing")
        it = iter(docs)
        while True:
            w = self._rebuild_writer(procs)
            count = 0
            last_id: int | None = None
            try:
                for doc in it:
                    w.add_document(**to_fields(doc))
                    last_id = doc.id
                    count += 1
                    done += 1
                    if done % 200 == 0:
                        check_cancel(cancelled)
                        progress(done, total, "Indexing")
                    if count >= batch:
                        break
            except BaseException:
                w.cancel()
                raise
            check_cancel_or_cancel(w, cancelled)
            if count or first:
                # No merging while rebuilding (Whoosh merges are slow).
                w.commit(mergetype=writers.CLEAR if first else writers.NO_MERGE)
                if last_id is not None:
                    self._write_state(complete=False, resume_after=last_id)
            else:
                w.cancel()
            first = False
            progress(done, total, "Indexing")
            if count < batch:
                break
        self._write_state(complete=True)
        self.needs_rebuild = False
        if self.segment_count() > 1:  # one segment answers queries ~1.5x faster than 30 (100,000 articles)
            progress(done, total, "Merging the index")
            self.optimize(cancelled)
        progress(done, total, "Done")

    def _rebuild_writer(self, procs: int) -> Any:
        if procs > 1:
            return self._writer(procs=procs, multisegment=True, batchsize=256)
        return self._writer()

    def _writer(self, **options: Any) -> Any:
        from app.search.engine import writers  # segment writing and merging: a search process needs none

        return writers.new_writer(self._ix, **options)

    def optimize(self, cancelled: CancelCheck = never_cancelled, procs: int | None = None) -> None:
        """Merge all segments by copying their posting blocks: into one, or with ``procs`` worker processes
        (``rebuild_procs`` for a big index) into one per process (see ``parallel_merge``). On cancel
        (``Cancelled`` raised) or failure the index stays as it was."""
        self._require_writer()
        current = segments(self._ix)
        if procs is None:
            big = sum(s.doc_count_all() for s in current) >= MIN_DOCS_FOR_PROCS
            procs = self.rebuild_procs if big else 1
        w = self._writer(cancelled=cancelled)
        try:
            if procs > 1 and len(current) > procs:
                from app.search.engine.parallel_merge import merge_in_processes  # loads multiprocessing

                w.commit(mergetype=functools.partial(merge_in_processes, procs=procs, cancelled=cancelled))
            else:
                from app.search.engine.merging import merge_all  # a writer's module: not for searching

                w.commit(mergetype=merge_all)
        except BaseException:
            if not w.is_closed:
                w.cancel()
            raise

    # -------------------------------------------------------------------------------------- reading

    def _current(self) -> Any:
        """The cached searcher, reopened when another commit (from any process) made a new generation."""
        gen = self._ix.latest_generation()
        if self._searcher is None or gen != self._generation:
            old = self._searcher
            try:
                self._searcher = self._ix.searcher()
            except Exception as exc:  # damaged after it opened, or in a part the open does not read
                raise IndexUnreadable(
                    f"The search index in {self.index_dir} cannot be read ({type(exc).__name__}: {exc}). It is "
                    "rebuilt from the database by `cuttings reindex` (or `cuttings verify --repair`); nothing stored is lost."
                ) from exc
            self._generation = self._searcher.reader().generation()
            self._table = None
            if old is not None:
                old.close()
        return self._searcher

    def _doc_table(self, searcher: Any) -> DocTable:
        if self._table is None:
            self._table = self._columns.table(searcher)
        return self._table

    def _query(self, text: str, complete: bool = False) -> Any:
        if self._parser is None:
            self._parser = QueryParser(self._schema)
        return self._parser.parse(text, complete)

    def segment_count(self) -> int:
        return len(segments(self._ix))

    def doc_count(self) -> int:
        with self._read_lock:
            return int(self._current().doc_count())

    def versions(self) -> dict[int, str]:
        """Article id -> indexed version, for ``verify``."""
        with self._read_lock:
            return {int(f["id"]): f.get("version", "") for _, f in self._current().reader().iter_docs()}

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        texts: Callable[[list[int]], dict[int, str]] | None = None,
        restrict: set[int] | None = None,
        with_facets: bool = True,
        complete: bool = False,
    ) -> SearchResult:
        """One page of hits for ``query``; total and facets cover every matching document. ``texts`` gives
        the CommonMark bodies of hits by article id, for their snippets. Prefix and fuzzy words expand to
        their most frequent terms, and ``cut_words`` of the result names those that matched more; with
        ``complete`` they expand to every term (an export's selection: slower for short prefixes)."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        with self._read_lock:
            q = self._query(query, complete)
            result = self._search(q, (query, complete, None if restrict is None else frozenset(restrict)),
                                  limit, offset, SORTS[sort], texts, restrict, with_facets)
            if not complete:
                result.cut_words = cut_words(q, self._current())
            return result

    def _search(
        self,
        q: Any,
        key: tuple[str, bool, frozenset[int] | None],
        limit: int,
        offset: int,
        sortedby: str | None,
        texts: Callable[[list[int]], dict[int, str]] | None,
        restrict: set[int] | None,
        with_facets: bool,
    ) -> SearchResult:
        s = self._current()
        # The document table only when needed: a first search in a new process would load it for nothing.
        allowed = self._doc_table(s).docnums_for(restrict) if restrict is not None else None
        ranking = self._ranking(s, q, key, allowed)
        keys = sort_keys(s, sortedby) if sortedby is not None else None
        facets = self._doc_table(s).count(ranking.docnums) if with_facets else {}
        if limit <= 0:
            page: list[tuple[int, Any]] = []
        elif keys is not None:
            page = [(d, 0.0) for d in ranking.sorted_top(keys, offset + limit)[offset:]]
        else:
            page = ranking.top(offset + limit)[offset:]
        return self._page(q, s, page, sortedby is None, len(ranking), facets, texts)

    def _ranking(self, s: Any, q: Any, key: tuple[str, bool, frozenset[int] | None],
                 allowed: set[int] | None) -> Ranking:
        """The ranking of a query, kept for the same searcher: the GUI asks for page after page of it."""
        if self._rankings_of != self._generation:
            self._rankings_of = self._generation
            self._rankings.clear()
        if key in self._rankings:
            self._rankings.move_to_end(key)
            return self._rankings[key]
        ranking = rank(s, q, allowed)
        self._rankings[key] = ranking
        while len(self._rankings) > RANKINGS_KEPT:
            self._rankings.popitem(last=False)
        return ranking

    def _page(
        self,
        q: Any,
        s: Any,
        page: list[tuple[int, Any]],
        scored: bool,
        total: int,
        facets: dict[str, dict[str, int]],
        texts: Callable[[list[int]], dict[int, str]] | None,
    ) -> SearchResult:
        hits = [self._hit(s, docnum, score if scored else 0.0) for docnum, score in page]
        if hits:
            self._add_snippets(q, s, hits, texts)
        return SearchResult(total=total, hits=hits, facets=facets)

    def _hit(self, s: Any, docnum: int, score: Any) -> Hit:
        f = s.stored_fields(docnum)
        hit = Hit(
            id=int(f["id"]),
            title=f.get("title", ""),
            score=float(score) if isinstance(score, int | float) else 0.0,
            source=f.get("source", ""),
            place=f.get("place", ""),
            published=f.get("published_text", ""),
        )
        hit.snippet = f.get("lead", "")  # replaced by _add_snippets
        return hit

    def _add_snippets(
        self, q: Any, s: Any, hits: list[Hit], texts: Callable[[list[int]], dict[int, str]] | None
    ) -> None:
        by_field = field_terms(q, s.reader())
        terms = all_terms(by_field)
        # The body is searched for what the query looks for there: a title: or source: search's words found
        # in a body are not where it matched (and reading and scanning every hit's body was a fifth of such a
        # search). Bodies are read only for that, or for the start of those with no match anywhere.
        body_terms = by_field.get("body", [])
        bodies = texts([h.id for h in hits]) if texts is not None and body_terms else {}
        unmatched: list[Hit] = []
        for h in hits:
            caption = h.snippet
            h.snippet = (
                body_snippet(bodies.get(h.id, ""), body_terms)
                or snippet(caption, terms)
                or snippet(h.title, terms)
            )
            if not h.snippet:
                h.snippet = caption
                unmatched.append(h)
        if unmatched and texts is not None and not bodies:
            bodies = texts([h.id for h in unmatched])
        for h in unmatched:
            h.snippet = body_lead(bodies.get(h.id, "")) or html.escape(h.snippet)

    def drop_caches(self) -> None:
        """Forget kept rankings, posting lists and expansions (benchmarks measure searches cold with it)."""
        with self._read_lock:
            self._rankings.clear()
        ranking_module.drop_caches()
        drop_expansions()

    def prepare(self) -> None:
        """Open the searcher and load the document table (facets) now, so the first search need not."""
        with self._read_lock:
            if not self._closed_by_owner:  # closed while this waited: leave it so
                self._doc_table(self._current())

    def terms_for_highlight(self, query: str) -> list[str]:
        """Analysed terms the query matches in text fields (prefix/fuzzy expanded), for the reader view."""
        with self._read_lock:
            return query_terms(self._query(query), self._current().reader())

    def close(self) -> None:
        """Close the searcher and let go of the writer lock."""
        with self._read_lock:
            self._closed_by_owner = True
            self._close()

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._table = None
        self._rankings.clear()
        self._lock.release()
        self._ix.close()


def _same_build(state: dict[str, Any]) -> bool:
    """Whether an index's state file says it was written by this schema and Whoosh release (an index from
    before Whoosh was recorded was written by the one pinned then, 2.7.5)."""
    return bool(state.get("schema") == SCHEMA_VERSION and state.get("whoosh", "2.7.5") == installed_version())


@contextmanager
def _quiet_leaks() -> Iterator[list[bool]]:
    """Whoosh leaves a corrupt table of contents open when reading it fails: close it quietly.

    The block appends to the list it is given when reading failed; only then is the garbage collected
    (a full collection costs 8 ms, every time an archive is opened).
    """
    failed: list[bool] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield failed
        finally:
            if failed:
                gc.collect()


def check_cancel_or_cancel(writer: Any, cancelled: CancelCheck) -> None:
    """Cancel the pending batch and raise ``Cancelled`` if the user asked to stop."""
    try:
        check_cancel(cancelled)
    except BaseException:
        writer.cancel()
        raise

