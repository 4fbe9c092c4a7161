"""Heavily noisy paper: newsprint texture, grain, specks, a phone's shadow and low-quality JPEG. The generator
makes it; the layout still finds the photo (against the same cutting rendered clean), and one Korean phone photo
is read through to its photo and text."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image

from app.clip.ocr.layout import find_photo, segment
from app.clip.ocr.paper import flatten_light, paper_grain
from app.clip.scan import clip_scan
from app.clip.text import clip_text
from tests.scans.compare import char_accuracy, field_differences
from tests.scans.generator import Options, parse_cutting_text, render

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
HEAVY = Options(columns=2, perspective=0.02, blur=0.9, noise=45, texture=12, speckle=1, shadow=0.5, jpeg=35, seed=32)
CLEAN = replace(HEAVY, noise=0, texture=0, speckle=0, shadow=0, jpeg=95)  # the same page, the same geometry


def _grey(scan: bytes) -> Image.Image:
    return Image.open(io.BytesIO(scan)).convert("L")


def _overlap(a: tuple[int, int, int, int] | None, b: tuple[int, int, int, int] | None) -> float:
    """Intersection over union of two boxes (0 when either is missing)."""
    if a is None or b is None:
        return 0.0
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / area


def test_heavy_noise_is_heavy_and_the_photo_is_still_found() -> None:
    cutting = parse_cutting_text((SAMPLES / "korea-herald-2020-07-02.txt").read_text(encoding="utf-8"))
    clean, noisy = _grey(render(cutting, CLEAN)), _grey(render(cutting, HEAVY))
    pixels = np.asarray(noisy, dtype=np.float32)
    assert paper_grain(pixels) > 4 * max(1.0, paper_grain(np.asarray(clean, dtype=np.float32)))
    h, w = pixels.shape
    corners = [float(np.percentile(pixels[y : y + h // 4, x : x + w // 4], 90))
               for y in (0, h - h // 4) for x in (0, w - w // 4)]
    assert min(corners) < 0.8 * max(corners)  # the shadow: one corner's paper a fifth darker than another's
    truth = find_photo(np.asarray(clean))
    assert truth is not None
    flat = flatten_light(noisy)
    corners = [float(np.percentile(np.asarray(flat)[y : y + h // 4, x : x + w // 4], 90))
               for y in (0, h - h // 4) for x in (0, w - w // 4)]
    assert min(corners) > 0.93 * max(corners)  # the light evened out
    assert _overlap(find_photo(np.asarray(flat)), truth) > 0.9
    # the specks do not bridge the gutter: the body still comes in two columns
    ink = np.asarray(flat) < 128
    columns = {column for box, column in segment(ink, 53) if box[1] > truth[3] + 300}
    assert len(columns) == 2


def test_a_heavily_noisy_korean_phone_photo_gives_its_photo_and_text() -> None:
    text = (SAMPLES / "seoul-library-ko.txt").read_bytes()
    cutting = parse_cutting_text(text.decode("utf-8"))
    expected = clip_text(text, filename="k.txt").article
    got = clip_scan(render(cutting, replace(HEAVY, blur=0.8, shadow=0.35, seed=33)), filename="phone.jpg").article
    assert field_differences(got, expected) == []
    assert char_accuracy(got.body, expected.body) >= 0.95
    assert got.photos and got.photos[0].data and (got.photos[0].width or 0) > 800
