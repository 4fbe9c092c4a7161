"""A small thread-safe LRU for results computed per index segment."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class SegmentCache:
    """A small LRU of per-segment results. Segments never change but for deletions, so keys carry the
    segment id and its deletion count; one search asks for the same expansion several times (counting,
    ranking, highlighting) and Whoosh copies query objects between those steps."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
