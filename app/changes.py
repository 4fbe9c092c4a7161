"""What a write changed (Anki's ``OpChanges``): a window redraws only that, not everything.

The Archive's write methods return it: ``OpChanges``, or ``OpChangesWith`` where the write also gives back a
value (the article it saved, how many it purged). Each kind of write has a constructor here that says what it
touches. A field is a promise that nothing else changed: leave it False only when that part of a window can stay
as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class OpChanges:
    """The parts of an archive one write changed."""

    articles: frozenset[int] = frozenset()  # their rows and reader pages show something new
    requery: bool = False  # which articles a list holds, or their order, may have changed in any view or search
    flags: bool = False  # starred/read changed: lists chosen by those (views, searches) take their ids anew
    counts: bool = False  # the sidebar's numbers of articles per view
    trash: bool = False  # articles went into or out of the trash, or were purged
    tags: bool = False  # the tag list: names, colours or counts
    facets: bool = False  # a view's source, place and year counts
    saved_searches: bool = False

    def __or__(self, other: OpChanges) -> OpChanges:
        """Both changes together (an operation of several writes)."""
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.name != "articles"}
        return OpChanges(articles=self.articles | other.articles, **merged)

    def list_changed(self, view: str, searching: bool) -> bool:
        """Whether a list showing ``view`` (or a search within it) must take its ids anew."""
        return self.requery or self.trash or (self.flags and (searching or view in ("starred", "unread")))

    # ----- the archive's kinds of write -------------------------------------------------------

    @classmethod
    def everything(cls) -> OpChanges:
        """After work whose effects are not known piece by piece (a repair, another archive)."""
        return cls(requery=True, flags=True, counts=True, trash=True, tags=True, facets=True, saved_searches=True)

    @classmethod
    def added(cls, ids: Iterable[int]) -> OpChanges:
        """New articles (a clip, an import): they may bring new tags."""
        return cls(articles=frozenset(ids), requery=True, counts=True, tags=True, facets=True)

    @classmethod
    def edited(cls, ids: Iterable[int]) -> OpChanges:
        """Fields, photos or tags of articles edited: titles and dates sort and match differently."""
        return cls(articles=frozenset(ids), requery=True, flags=True, counts=True, tags=True, facets=True)

    @classmethod
    def flagged(cls, ids: Iterable[int]) -> OpChanges:
        """Starred or read set: other views keep their ids, the starred and unread views take theirs anew."""
        return cls(articles=frozenset(ids), flags=True, counts=True, facets=True)

    @classmethod
    def tagged(cls, ids: Iterable[int]) -> OpChanges:
        """Tags added to or removed from articles."""
        return cls(articles=frozenset(ids), requery=True, tags=True, facets=True)

    @classmethod
    def trashed(cls, ids: Iterable[int]) -> OpChanges:
        """Articles moved into or out of the trash (tag counts leave trashed articles out)."""
        return cls(articles=frozenset(ids), trash=True, counts=True, tags=True, facets=True)

    @classmethod
    def purged(cls) -> OpChanges:
        """The trash emptied for good."""
        return cls(trash=True, counts=True, tags=True, facets=True)

    @classmethod
    def tag_list(cls, ids: Iterable[int] = ()) -> OpChanges:
        """Tags renamed, merged, deleted or coloured (``ids``: the articles that had them): every row that shows
        one may change."""
        return cls(articles=frozenset(ids), requery=True, tags=True, facets=True)

    @classmethod
    def searches_saved(cls) -> OpChanges:
        """A saved search added or deleted: nothing else."""
        return cls(saved_searches=True)

    @classmethod
    def reindexed(cls) -> OpChanges:
        """The search index rebuilt: searches may find other articles; the database is as it was."""
        return cls(requery=True)


@dataclass(frozen=True)
class OpChangesWith(Generic[T]):
    """A write's changes and the value it gives back besides (Anki's ``OpChangesWithCount``, ``...WithId``)."""

    changes: OpChanges
    value: T
