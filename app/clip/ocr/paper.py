"""Clean up the paper before the layout is found: even out uneven light (a phone's shadow, a scanner lid left
open) and measure how grainy the paper is, so that the photo detector and the ink mask see paper as paper."""

from __future__ import annotations

import numpy as np
from PIL import Image

_BLOCK = 32  # the light is sampled on blocks this wide, in pixels
_EVEN = 0.04  # light varying less than this share across the page is left alone


def flatten_light(grey: Image.Image) -> Image.Image:
    """The page divided by its light: a smooth surface (a quadratic in x and y) fitted to the paper's brightness
    block by block, the blocks darker than it (photos, headlines, ink) left out of the fit in turn."""
    bw, bh = grey.width // _BLOCK, grey.height // _BLOCK
    if bw < 4 or bh < 4:
        return grey
    # each block's paper: the brightest of its 8-pixel means (averaging takes the grain out; one of them is
    # plain paper in any block of text)
    means = np.asarray(grey.crop((0, 0, bw * _BLOCK, bh * _BLOCK)).reduce(8), dtype=np.float32)
    blocks = means.reshape(bh, _BLOCK // 8, bw, _BLOCK // 8).max(axis=(1, 3))
    ys, xs = np.mgrid[0:bh, 0:bw].astype(np.float32)
    terms = _terms(xs.ravel() / bw, ys.ravel() / bh)
    values = blocks.ravel()
    keep = values >= np.percentile(values, 30)  # start from the brighter blocks
    fit = np.zeros(len(values), dtype=np.float32)
    for _ in range(4):
        coef, *_ = np.linalg.lstsq(terms[keep], values[keep], rcond=None)
        fit = terms @ coef
        spread = float(np.median(np.abs(values[keep] - fit[keep]))) * 1.48 + 1.0
        keep = values >= fit - 2.5 * spread
    low, high = float(fit.min()), float(fit.max())
    if high <= 0 or (high - low) / high < _EVEN or low <= 0.25 * high:
        return grey  # even light (nothing to do), or a fit that cannot be light (a page mostly photo)
    # the surface on an 8-pixel grid (block i's centre is pixel 32 i + 16), enlarged smoothly to the page
    sh, sw = -(-grey.height // 8), -(-grey.width // 8)
    gy, gx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    small = (_terms(((gx * 8 + 4 - _BLOCK / 2) / _BLOCK).ravel() / bw, ((gy * 8 + 4 - _BLOCK / 2) / _BLOCK).ravel() / bh)
             @ coef).reshape(sh, sw).astype(np.float32)
    surface = np.asarray(Image.fromarray(small).resize(grey.size, Image.Resampling.BILINEAR))
    level = float(np.percentile(fit, 90))
    pixels = np.asarray(grey, dtype=np.float32) * (level / np.maximum(surface, 1.0))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)


def paper_grain(grey: np.ndarray) -> float:
    """How much the paper's grey level wanders (a standard deviation, from its upper quartiles): a few levels on
    a clean scan, ten and more on a grainy, textured phone photo."""
    p75, p90 = np.percentile(grey[::2, ::2], [75, 90])
    return max(0.0, float(p90 - p75) / 0.607)
