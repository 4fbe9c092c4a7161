"""Compare what OCR made of a scan with what clipping the same cutting's text gives."""

from __future__ import annotations

import numpy as np

from app.model import Article


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance by characters (one numpy row at a time: fast enough for a whole article)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    codes_b = np.array([ord(c) for c in b], dtype=np.int64)
    previous = np.arange(len(b) + 1, dtype=np.int64)
    for i, ch in enumerate(a, 1):
        cost = (codes_b != ord(ch)).astype(np.int64)
        current = np.empty_like(previous)
        current[0] = i
        # substitutions and deletions first, then insertions as a running minimum along the row
        current[1:] = np.minimum(previous[1:] + 1, previous[:-1] + cost)
        current = np.minimum.accumulate(current - np.arange(len(b) + 1)) + np.arange(len(b) + 1)
        previous = current
    return int(previous[-1])


def char_accuracy(got: str, expected: str) -> float:
    """1 - (edit distance / length of the expected text)."""
    if not expected:
        return 1.0 if not got else 0.0
    return max(0.0, 1.0 - edit_distance(got, expected) / len(expected))


FIELDS = ("title", "place", "published", "source")


def field_differences(got: Article, expected: Article) -> list[str]:
    """The fields (and the first photo's credit) where the scan's article differs from the text's."""
    out = [f for f in FIELDS if getattr(got, f) != getattr(expected, f)]
    got_credit = got.photos[0].credit if got.photos else ""
    expected_credit = expected.photos[0].credit if expected.photos else ""
    if got_credit != expected_credit:
        out.append("credit")
    return out
