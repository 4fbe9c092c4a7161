"""The old home of ``engine.postings``, kept for indexes written before the move: their schema pickles
``app.search.postings.FastPositions`` by name, and without it they would be unreadable and rebuilt."""

from app.search.engine.postings import FastPositions

__all__ = ["FastPositions"]
