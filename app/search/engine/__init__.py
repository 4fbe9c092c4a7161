"""Every use of Whoosh's internals, fenced in one place: our posting codec and segment merges, BM25F
ranking over whole posting blocks, prefix and fuzzy expansion read from the term table, facet columns,
memory-mapped storage and the worker processes that write and merge segments.

These modules read and write Whoosh's private structures (term tables, posting blocks, segment files), so
they are built for one Whoosh release: ``WHOOSH_VERSION``. Importing this package checks the installed one
first. On a mismatch it says so (a warning in the log, and ``VERSION_MISMATCH``), and every index written
by another Whoosh is treated as lost and rebuilt from the database (``SearchIndex`` records the version in
its state file). The rest of ``app.search`` uses Whoosh's public API only (``whoosh.index``,
``whoosh.query``, ``whoosh.qparser``, ``whoosh.fields``, ``whoosh.analysis``); a test keeps it so.
"""

from __future__ import annotations

import logging

import whoosh

WHOOSH_VERSION = (2, 7, 5)  # whoosh-reloaded, pinned in pyproject.toml
INSTALLED = tuple(int(part) for part in whoosh.__version__[:3])


def version_mismatch(installed: tuple[int, ...] = INSTALLED) -> str | None:
    """What is wrong when ``installed`` is not the Whoosh release this engine is built for, or None."""
    if installed == WHOOSH_VERSION:
        return None
    want, have = ".".join(map(str, WHOOSH_VERSION)), ".".join(map(str, installed))
    return (f"Cuttings' search engine is built for whoosh-reloaded {want}, but {have} is installed. The search "
            f"index will be rebuilt from the database; if searching fails, install the right one: "
            f"pip install whoosh-reloaded=={want}")


def installed_version() -> str:
    """The installed Whoosh release as text (recorded beside an index: another one rebuilds it)."""
    return ".".join(map(str, INSTALLED))


VERSION_MISMATCH = version_mismatch()
if VERSION_MISMATCH:
    logging.getLogger(__name__).warning(VERSION_MISMATCH)
