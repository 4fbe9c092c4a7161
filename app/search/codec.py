"""The old home of ``engine.codec``, kept for indexes written before the move: their table of contents
pickles ``app.search.codec.BlockCodec`` by name, and without it they would be unreadable and rebuilt."""

from app.search.engine.codec import BlockCodec

__all__ = ["BlockCodec"]
