"""A posting list's positions as two flat arrays, and the sums phrase checks make of them (NumPy only)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass
class PostingPositions:
    """The positions of a posting list: a count per posting and every position delta, flat."""

    counts: np.ndarray
    deltas: np.ndarray

    def select(self, keep: np.ndarray) -> PostingPositions:
        """The positions of the postings where the boolean mask ``keep`` is true."""
        mine = np.repeat(keep, self.counts)
        return PostingPositions(self.counts[keep], self.deltas[mine])

    def chosen(self, pick: np.ndarray) -> PostingPositions:
        """The positions of the postings at the sorted indices ``pick``."""
        if pick.size == self.counts.size:
            return self
        keep = np.zeros(self.counts.size, dtype=bool)
        keep[pick] = True
        return self.select(keep)

    @functools.cached_property
    def _lasts(self) -> np.ndarray:
        out = np.zeros(self.counts.size, dtype=np.int64)
        nonempty = np.flatnonzero(self.counts)
        if nonempty.size:
            sums = np.cumsum(self.deltas, dtype=np.int64)
            ends = np.cumsum(self.counts)[nonempty]
            firsts = ends - self.counts[nonempty]
            out[nonempty] = sums[ends - 1] - sums[firsts] + self.deltas[firsts]
        return out

    def last_positions(self) -> np.ndarray:
        """Each posting's last (largest) position; 0 for a posting without any."""
        return self._lasts

    def keys(self, span: int) -> np.ndarray:
        """For every position, ``posting index * span + position``: sorted, and unique per posting.

        ``span`` must exceed every position. One cumulative sum gives them all: the first delta of each
        posting is adjusted to step from the previous posting's last key to this posting's first.
        """
        counts = self.counts
        steps = self.deltas.astype(np.int64)
        nonempty = np.flatnonzero(counts)
        if not nonempty.size:
            return steps
        firsts = (np.cumsum(counts) - counts)[nonempty]
        lasts = self.last_positions()[nonempty]
        adjust = nonempty * span
        adjust[1:] -= nonempty[:-1] * span + lasts[:-1]
        steps[firsts] += adjust
        return np.cumsum(steps, out=steps)
