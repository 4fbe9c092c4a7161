"""Find a page's regions from its pixels: the photo, then blocks of text in reading order (an XY cut that keeps
columns together), then which block is the headline (the largest type) and which the photo's caption."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from statistics import median

import numpy as np

from app.clip.ocr.engine import Line
from app.clip.ocr.paper import paper_grain

Box = tuple[int, int, int, int]
_CELL = 16  # photo search grid, in pixels
_PHOTO_EDGE = 0.7  # the least share of mid tones along a photo's edge
_STEP = 4  # text segmentation grid, in pixels
_SPECK_REACH, _SPECK_CELLS = 5, 12  # a speck: at most 12 inked cells within 5 cells of it


@dataclass
class Block:
    """A block of text: its box, the column it stands in, its recognised lines and what it is."""

    box: Box
    column: int
    lines: list[Line] = field(default_factory=list)
    kind: str = "body"  # "headline", "caption", "body" or "noise"

    @property
    def line_height(self) -> float:
        return median(ln.height for ln in self.lines) if self.lines else 0.0


@dataclass
class Layout:
    """The regions of a page in reading order (boxes in the page's pixels)."""

    photo: Box | None = None
    blocks: list[Block] = field(default_factory=list)
    columns: dict[int, Box] = field(default_factory=dict)
    body_height: float = 0.0

    def of_kind(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def regions(self) -> list[tuple[str, Box]]:
        """Named boxes to draw over the scan: headline, photo, caption and each body column."""
        out: list[tuple[str, Box]] = []
        for kind in ("headline", "caption"):
            boxes = [ln.box for b in self.of_kind(kind) for ln in b.lines]
            if boxes:
                out.append((kind, union(boxes)))
        if self.photo:
            out.append(("photo", self.photo))
        for column in sorted({b.column for b in self.of_kind("body")}):
            boxes = [ln.box for b in self.of_kind("body") if b.column == column for ln in b.lines]
            if boxes:
                out.append(("column", union(boxes)))
        return out


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Pixels darker than halfway between the paper and the darkest ink."""
    paper, dark = np.percentile(grey[:: 4, :: 4], [90, 0.5])
    return grey < (float(paper) + float(dark)) / 2


def find_photo(grey: np.ndarray) -> Box | None:
    """The largest solid region of mid tones (a photo or drawing), or None.

    On a grid of 16-pixel cells, a photo cell is mostly grey tones between the paper and the ink, where text is
    paper with a few dark strokes. The biggest connected patch that is large in both directions and mostly
    filled is the photo. The tones are judged on 2x2 means (half the grain) and "below the paper" allows for
    how much the paper itself wanders (texture, grain), so a noisy scan's paper is not taken for a photo.
    """
    h, w = grey.shape
    rows, cols = h // _CELL, w // _CELL
    if rows < 4 or cols < 4:
        return None
    half = _CELL // 2
    small = grey[: rows * _CELL, : cols * _CELL].reshape(rows * half, 2, cols * half, 2).mean(axis=(1, 3))
    paper = float(np.percentile(small[:: 2, :: 2], 90))
    dark = float(np.percentile(grey[:: 4, :: 4], 0.5))  # the ink's own darkness, not lightened by the means
    low, high = dark + 0.2 * (paper - dark), paper - max(18.0, 3.0 * paper_grain(small))
    view = small.reshape(rows, half, cols, half)
    mid = ((view > low) & (view < high)).mean(axis=(1, 3))
    tone = mid > 0.55
    best: Box | None = None
    best_area = 0
    for r0, c0, r1, c1, filled in components(tone):
        bh, bw = r1 - r0 + 1, c1 - c0 + 1
        touches = (r0 == 0) + (c0 == 0) + (r1 == rows - 1) + (c1 == cols - 1)
        if bh * bw < 0.012 * rows * cols or min(bh, bw) < 0.05 * min(rows, cols) or touches >= 2:
            continue
        if filled < 0.5 * bh * bw or bh * bw <= best_area:
            continue
        best_area = bh * bw
        best = _trim_photo(mid, r0, c0, r1 + 1, c1 + 1)
    return best


def _trim_photo(mid: np.ndarray, r0: int, c0: int, r1: int, c1: int) -> Box:
    """The photo's box without the rows or columns of text it took in at its edges (a caption close under it,
    blurred into mid tones by heavy JPEG): a photo's edge rows are mid tones nearly all across."""
    while r1 - r0 > 4 and mid[r1 - 1, c0:c1].mean() < _PHOTO_EDGE:
        r1 -= 1
    while r1 - r0 > 4 and mid[r0, c0:c1].mean() < _PHOTO_EDGE:
        r0 += 1
    while c1 - c0 > 4 and mid[r0:r1, c1 - 1].mean() < _PHOTO_EDGE:
        c1 -= 1
    while c1 - c0 > 4 and mid[r0:r1, c0].mean() < _PHOTO_EDGE:
        c0 += 1
    return c0 * _CELL, r0 * _CELL, c1 * _CELL, r1 * _CELL


def components(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Bounding boxes (r0, c0, r1, c1) and sizes of the 8-connected patches of ``mask``."""
    seen = np.zeros_like(mask)
    out = []
    rows, cols = mask.shape
    for r, c in zip(*np.nonzero(mask), strict=True):
        if seen[r, c]:
            continue
        stack = [(int(r), int(c))]
        seen[r, c] = True
        r0 = r1 = int(r)
        c0 = c1 = int(c)
        size = 0
        while stack:
            y, x = stack.pop()
            size += 1
            r0, r1, c0, c1 = min(r0, y), max(r1, y), min(c0, x), max(c1, x)
            for ny in (y - 1, y, y + 1):
                for nx in (x - 1, x, x + 1):
                    if 0 <= ny < rows and 0 <= nx < cols and mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        out.append((r0, c0, r1, c1, size))
    return out


def line_height_of(ink: np.ndarray) -> float:
    """The body's line height in pixels: the median height of runs of inked rows in narrow vertical strips
    (narrow, so that the lines of neighbouring columns do not run into each other)."""
    grid = _grid(ink)
    heights: list[int] = []
    for x in range(0, grid.shape[1], 40):
        for start, stop in _runs(np.asarray(grid[:, x : x + 40].any(axis=1)), 1):
            if 3 <= stop - start <= 40:
                heights.append(stop - start)
    return float(median(heights) * _STEP) if heights else 40.0


def _grid(ink: np.ndarray) -> np.ndarray:
    rows, cols = ink.shape[0] // _STEP, ink.shape[1] // _STEP
    return np.asarray(ink[: rows * _STEP, : cols * _STEP].reshape(rows, _STEP, cols, _STEP).any(axis=(1, 3)), dtype=bool)


def erase_specks(grey: np.ndarray, ink: np.ndarray) -> int:
    """Paint the page's specks (dust, toner, paper flecks) paper-white in ``grey``, in place, so that Tesseract
    does not read them as stray punctuation; return how many grid cells were cleaned. ``ink`` is left as it is:
    the segmentation takes its specks out itself, after the rules (a faint rule's pieces look like specks)."""
    rows, cols = ink.shape[0] // _STEP, ink.shape[1] // _STEP
    specks = _specks(_grid(ink))
    found = int(np.count_nonzero(specks))
    if found:
        cells = np.zeros(ink.shape, dtype=bool)
        cells[: rows * _STEP, : cols * _STEP] = np.repeat(np.repeat(specks, _STEP, axis=0), _STEP, axis=1)
        grey[cells & ink] = int(np.percentile(grey[:: 4, :: 4], 90))
    return found


def _specks(grid: np.ndarray) -> np.ndarray:
    """Inked cells with little ink around them: at most a dot's worth in the 44-pixel square they stand in
    (a letter, even "i" or a full stop, has its neighbours in the word or the line within that)."""
    reach = _SPECK_REACH
    sums = np.pad(grid.astype(np.int32), ((reach + 1, reach), (reach + 1, reach))).cumsum(0).cumsum(1)
    size = 2 * reach + 1
    around = sums[size:, size:] - sums[:-size, size:] - sums[size:, :-size] + sums[:-size, :-size]
    return grid & (around <= _SPECK_CELLS)


def segment(ink: np.ndarray, line_height: float) -> list[tuple[Box, int]]:
    """Blocks of text in reading order, each with the id of the column it stands in.

    A recursive XY cut on a 4-pixel grid: a region is cut at white bands across it; neighbouring bands that
    share a white gutter are one multi-column section, which is cut into its columns first, so two columns are
    read one after the other even where their paragraph gaps happen to line up.
    """
    grid = _grid(ink)
    rows, cols = grid.shape
    unit = max(2.0, line_height / _STEP)
    _erase_rules(grid, 40)
    _erase_rules(grid.T, 40)
    grid &= ~_specks(grid)  # a speck in a gutter would join two columns, a few on the margin stretch a block
    cutter = _Cutter(grid, unit)
    cutter.cut(0, 0, rows, cols, 0)
    return [((c0 * _STEP, r0 * _STEP, c1 * _STEP, r1 * _STEP), column) for r0, c0, r1, c1, column in cutter.leaves]


def _erase_rules(grid: np.ndarray, length: int) -> None:
    """Clear thin runs of ink longer than a short word (rules under a headline, lines between columns, even
    slanted ones), so they neither join the text they touch nor fill a gutter. A run of letters is thick: there
    is ink three cells above or below most of it. ``grid`` may be a transposed view: it is changed in place."""
    rows = grid.shape[0]
    found: list[tuple[int, int, int]] = []
    for r in range(rows):
        row = grid[r]
        if np.count_nonzero(row) < length:
            continue
        edges = np.diff(np.concatenate(([0], row.astype(np.int8), [0])))
        for start, stop in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
            if stop - start < length:
                continue
            above = grid[r - 3, start:stop] if r >= 3 else np.zeros(stop - start, dtype=bool)
            below = grid[r + 3, start:stop] if r + 3 < rows else np.zeros(stop - start, dtype=bool)
            if np.mean(~above & ~below) > 0.75:
                found.append((r, int(start), int(stop)))
    for row, first, last in found:
        grid[max(0, row - 1) : row + 2, first:last] = False


class _Cutter:
    def __init__(self, grid: np.ndarray, unit: float) -> None:
        self.grid = grid
        self.stroke = _stroke_height(grid)  # the body type's tall strokes, to tell big type (headlines) from it
        self.unit = unit  # the body text's line height in grid cells
        self.leaves: list[tuple[int, int, int, int, int]] = []
        self.columns = 0

    def cut(self, r0: int, c0: int, r1: int, c1: int, column: int, depth: int = 0) -> None:
        r0, c0, r1, c1 = self._trim(r0, c0, r1, c1)
        if r1 <= r0 or c1 <= c0:
            return
        if depth > 40:
            self.leaves.append((r0, c0, r1, c1, column))
            return
        bands = _runs(np.asarray(self.grid[r0:r1, c0:c1].any(axis=1)), max(2, round(0.6 * self.unit)))
        if len(bands) > 1:
            groups = self._group_bands(bands, r0, c0, c1)
            if len(groups) > 1:
                for g0, g1 in groups:
                    self.cut(r0 + g0, c0, r0 + g1, c1, column, depth + 1)
                return
        single = len(bands) == 1 and (r1 - r0 <= 1.8 * self.unit or self._is_big(r0, r1, c0, c1))
        parts = self._gutters(r0, c0, r1, c1, single=single)
        if len(parts) > 1:
            for p0, p1 in parts:
                self.columns += 1
                self.cut(r0, c0 + p0, r1, c0 + p1, self.columns, depth + 1)
            return
        if len(bands) > 1:  # no gutter runs through: read the first band on its own, then the rest again
            self.cut(r0 + bands[0][0], c0, r0 + bands[0][1], c1, column, depth + 1)
            self.cut(r0 + bands[1][0], c0, r1, c1, column, depth + 1)
            return
        self.leaves.append((r0, c0, r1, c1, column))

    def _trim(self, r0: int, c0: int, r1: int, c1: int) -> tuple[int, int, int, int]:
        sub = self.grid[r0:r1, c0:c1]
        rows = np.nonzero(sub.any(axis=1))[0]
        cols = np.nonzero(sub.any(axis=0))[0]
        if not len(rows) or not len(cols):
            return r0, c0, r0, c0
        return r0 + int(rows[0]), c0 + int(cols[0]), r0 + int(rows[-1]) + 1, c0 + int(cols[-1]) + 1

    def _gutters(self, r0: int, c0: int, r1: int, c1: int, *, single: bool) -> list[tuple[int, int]]:
        """Split columns at white gutters running the region's full height; a single line of text only at gaps
        much wider than its word spaces. A narrow gutter needs text beside it in most rows on both sides (not
        one wide word space above a short last line)."""
        height = r1 - r0
        min_gap = max(3, round((0.9 * height) if single else 0.5 * self.unit))
        sub = self.grid[r0:r1, c0:c1]
        parts = _runs(np.asarray(sub.any(axis=0)), min_gap)
        if len(parts) < 2 or any(p1 - p0 < 2 * self.unit for p0, p1 in parts):
            return [(0, c1 - c0)]
        rows = max(1, int(np.count_nonzero(sub.any(axis=1))))
        for (_, a1), (b0, _) in itertools.pairwise(parts):
            if b0 - a1 < 1.2 * self.unit and not single:
                left, right = sub[:, :a1].any(axis=1), sub[:, b0:].any(axis=1)
                if min(np.count_nonzero(left), np.count_nonzero(right)) < 0.4 * rows or min(
                        len(_runs(np.asarray(left), 1)), len(_runs(np.asarray(right), 1))) < 2:
                    return [(0, c1 - c0)]
        return parts

    def _group_bands(self, bands: list[tuple[int, int]], r0: int, c0: int, c1: int) -> list[tuple[int, int]]:
        """Join neighbouring bands while some white run stays open through all of them (parts of one set of
        columns: a band of the right column alone joins a band of both). A line of big type stands alone."""
        min_gap = max(3, round(0.5 * self.unit))
        groups: list[list[int]] = []
        open_: np.ndarray | None = None
        for b0, b1 in bands:
            used = np.asarray(self.grid[r0 + b0 : r0 + b1, c0:c1].any(axis=0))
            big = self._is_big(r0 + b0, r0 + b1, c0, c1)
            idle = self._wide_idle(used, min_gap) if not big else np.zeros(len(used), dtype=bool)
            shared = idle & open_ if open_ is not None else None
            if shared is not None and any(stop - start >= min_gap for start, stop in _runs(shared, 1)):
                groups[-1][1] = b1
                open_ = shared
            else:
                groups.append([b0, b1])
                open_ = idle if not big else None
        return [(g[0], g[1]) for g in groups]

    def _is_big(self, r0: int, r1: int, c0: int, c1: int) -> bool:
        """A band in big type: taller strokes than the body's, or one line (no white row inside) much taller
        than the body's lines (Hangul's short strokes do not grow much with the size)."""
        sub = self.grid[r0:r1, c0:c1]
        stroke = _stroke_height(sub)
        if stroke >= 1.45 * self.stroke:
            return True
        one_line = bool(sub.any(axis=1).all()) and 1.6 * self.unit <= r1 - r0 <= 3.2 * self.unit
        return one_line and stroke >= 1.15 * self.stroke

    @staticmethod
    def _wide_idle(used: np.ndarray, min_gap: int) -> np.ndarray:
        """The grid columns left white across a band in runs wider than word spaces, its sides included."""
        idle = np.zeros(len(used), dtype=bool)
        for start, stop in _runs(np.asarray(~used), 1):
            if stop - start >= min_gap:
                idle[start:stop] = True
        return idle


def _stroke_height(grid: np.ndarray) -> float:
    """The 90th percentile of the vertical runs of ink: about the height of the type's letters."""
    if not grid.size:
        return 0.0
    edges = np.diff(np.vstack([np.zeros((1, grid.shape[1]), np.int8), grid.astype(np.int8),
                               np.zeros((1, grid.shape[1]), np.int8)]), axis=0).T
    starts = np.nonzero(edges == 1)[1]
    stops = np.nonzero(edges == -1)[1]
    if not len(starts):
        return 0.0
    return float(np.percentile(stops - starts, 90))


def _runs(used: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of ``used`` separated by at least ``min_gap`` unused cells, as (start, stop) pairs."""
    idx = np.nonzero(used)[0]
    if not len(idx):
        return []
    runs: list[tuple[int, int]] = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev - 1 >= min_gap:
            runs.append((start, prev + 1))
            start = i
        prev = i
    runs.append((start, prev + 1))
    return runs


def classify(blocks: list[Block], photo: Box | None) -> float:
    """Mark the headline (the largest type, first in reading order), the photo's caption and noise; return the
    body's line height."""
    for b in blocks:
        if not b.lines or _garbled(b):
            b.kind = "noise"
    text = [b for b in blocks if b.kind != "noise"]
    if not text:
        return 0.0
    body_height = median(ln.height for b in text for ln in b.lines)
    tallest = max(b.line_height for b in text)
    if tallest >= 1.4 * body_height:
        started = False
        for b in text:
            if b.line_height >= 0.75 * tallest:
                b.kind = "headline"
                started = True
            elif started:
                break
    if photo is not None:
        _mark_caption(text, photo, body_height)
    rest = [ln.height for b in text if b.kind == "body" for ln in b.lines]
    return median(rest) if rest else body_height


def _garbled(block: Block) -> bool:
    words = [w for ln in block.lines for w in ln.words]
    text = "".join(w.text for w in words)
    alnum = sum(ch.isalnum() for ch in text)
    conf = sum(w.conf * len(w.text) for w in words) / max(1, len(text))
    return conf < 45 or alnum < max(1, len(text) // 3)


def _mark_caption(blocks: list[Block], photo: Box, body_height: float) -> None:
    """The smaller-type blocks right under the photo (or, failing that, right above it)."""
    px0, py0, px1, py1 = photo

    def beside(b: Block) -> bool:
        return min(b.box[2], px1) - max(b.box[0], px0) > 0.5 * (b.box[2] - b.box[0])

    def small(b: Block) -> bool:
        return b.line_height < 0.93 * body_height

    below = sorted((b for b in blocks if b.kind == "body" and beside(b) and b.box[1] >= py1 - body_height),
                   key=lambda b: b.box[1])
    edge = py1
    found = False
    for b in below:
        if b.box[1] - edge > 2 * body_height or not small(b):
            break
        b.kind, edge, found = "caption", b.box[3], True
    if found:
        return
    above = sorted((b for b in blocks if b.kind == "body" and beside(b) and b.box[3] <= py0 + body_height),
                   key=lambda b: -b.box[3])
    edge = py0
    for b in above:
        if edge - b.box[3] > 2 * body_height or not small(b):
            break
        b.kind, edge = "caption", b.box[1]


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
