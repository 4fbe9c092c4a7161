"""Render a cutting's text as a scan: headline, a photo with its caption, body in two or three columns; then
age it like paper: texture, specks, rotation, grain, blur, a phone photo's perspective and shadow, JPEG.

The expected text is what was drawn, so a test can compare OCR with it."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
LATIN = ROOT / "resources" / "fonts" / "NotoSerif-Regular.ttf"
LATIN_BOLD = ROOT / "resources" / "fonts" / "NotoSerif-Bold.ttf"
CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
CJK_KR_INDEX = 1  # Noto Serif CJK's collection: JP, KR, SC, TC, HK


@dataclass
class Cutting:
    headline: str
    paragraphs: list[str]
    caption: str = ""
    korean: bool = False


@dataclass
class Options:
    columns: int = 2
    width: int = 2400  # 8 inches at 300 dpi
    photo: bool = True
    rotate: float = 0.0
    noise: float = 0.0  # grain; 25 is a grey-level spread of about 4
    blur: float = 0.0
    perspective: float = 0.0  # how far a phone photo's corners move, as a share of the width
    jpeg: int = 85  # JPEG quality; 30-40 is a phone app's or a web upload's heavy compression
    texture: float = 0.0  # paper texture: blotches and fibres, in grey levels (10-15 is cheap newsprint)
    speckle: float = 0.0  # dust, toner and paper flecks a 10,000 pixels (3 is a dirty scanner glass)
    shadow: float = 0.0  # uneven lighting: how much darker the darkest corner is (0.35: a phone's shadow)
    seed: int = 1
    body_size: int = 40  # 9.6 pt at 300 dpi
    extra: dict[str, float] = field(default_factory=dict)


def parse_cutting_text(text: str) -> Cutting:
    """A fixture .txt (headline, caption, body paragraphs) as a Cutting."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    korean = any("\uac00" <= ch <= "\ud7a3" for ch in text)
    return Cutting(headline=blocks[0], caption=blocks[1], paragraphs=blocks[2:], korean=korean)


def _font(path: Path, size: int, korean: bool) -> ImageFont.FreeTypeFont:
    if korean:
        return ImageFont.truetype(str(path), size, index=CJK_KR_INDEX)
    return ImageFont.truetype(str(path), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, korean: bool) -> list[str]:
    """Lines no wider than ``width``: English breaks at spaces, Korean at any syllable (as newspapers do)."""
    lines: list[str] = []
    if korean:
        current = ""
        for ch in text:
            if draw.textlength(current + ch, font=font) > width and current:
                lines.append(current.rstrip())
                current = "" if ch == " " else ch
            else:
                current += ch
        if current.strip():
            lines.append(current.strip())
        return lines
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) > width and current:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _draw_photo(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    horizon = y0 + int((y1 - y0) * rng.uniform(0.45, 0.65))
    for y in range(y0, horizon):  # a sky that darkens downwards
        tone = int(205 - 40 * (y - y0) / max(1, horizon - y0))
        draw.line([(x0, y), (x1, y)], fill=tone)
    draw.rectangle([x0, horizon, x1, y1], fill=rng.randint(80, 120))
    for _ in range(rng.randint(2, 5)):  # buildings or people
        w = rng.randint(30, 140)
        x = rng.randint(x0, x1 - w)
        h = rng.randint(60, max(61, horizon - y0 - 20))
        draw.rectangle([x, horizon - h, x + w, horizon], fill=rng.randint(40, 90))
    draw.ellipse([x1 - 200, y0 + 40, x1 - 120, y0 + 120], fill=235)


def render(cutting: Cutting, options: Options | None = None) -> bytes:
    """The cutting as a greyscale JPEG scan at 300 dpi."""
    o = options or Options()
    rng = random.Random(o.seed)
    regular, bold = (CJK, CJK_BOLD) if cutting.korean else (LATIN, LATIN_BOLD)
    body = _font(regular, o.body_size, cutting.korean)
    small = _font(regular, int(o.body_size * 0.8), cutting.korean)
    head = _font(bold, int(o.body_size * 2.1), cutting.korean)
    margin, gutter = 130, 70
    scratch = ImageDraw.Draw(Image.new("L", (10, 10)))
    col_w = (o.width - 2 * margin - gutter * (o.columns - 1)) // o.columns
    head_lines = _wrap(scratch, cutting.headline, head, o.width - 2 * margin, cutting.korean)
    pitch = int(o.body_size * 1.32)
    small_pitch = int(o.body_size * 0.8 * 1.3)
    # the flow: (kind, text) items, blank lines between paragraphs
    items: list[tuple[str, str]] = []
    photo_h = int(col_w * 0.62) if o.photo else 0
    if o.photo:
        items.append(("photo", ""))
        items += [("caption", ln) for ln in _wrap(scratch, cutting.caption, small, col_w, cutting.korean)]
        items.append(("gap", ""))
    for paragraph in cutting.paragraphs:
        items += [("body", ln) for ln in _wrap(scratch, paragraph, body, col_w, cutting.korean)]
        items.append(("gap", ""))
    heights = {"photo": photo_h + 20, "caption": small_pitch, "body": pitch, "gap": pitch}
    total = sum(heights[k] for k, _ in items)
    column_h = total // o.columns + 2 * pitch
    top = margin + len(head_lines) * int(o.body_size * 2.5) + 60
    height = top + column_h + margin
    page = Image.new("L", (o.width, height), 236)
    draw = ImageDraw.Draw(page)
    y = margin
    for line in head_lines:
        draw.text((margin, y), line, font=head, fill=20)
        y += int(o.body_size * 2.5)
    draw.line([(margin, y + 20), (o.width - margin, y + 20)], fill=40, width=3)
    column, y = 0, top
    for kind, text in items:
        step = heights[kind]
        if y + step > top + column_h and kind != "gap" and column < o.columns - 1:
            column, y = column + 1, top
        if kind == "gap" and y == top:
            continue
        x = margin + column * (col_w + gutter)
        if kind == "photo":
            _draw_photo(page, (x, y, x + col_w, y + photo_h), rng)
        elif kind == "caption":
            draw.text((x, y), text, font=small, fill=30)
        elif kind == "body":
            draw.text((x, y), text, font=body, fill=25)
        y += step
    return age(page, o, rng)


def age(page: Image.Image, o: Options, rng: random.Random) -> bytes:
    """Paper texture and specks, perspective, rotation, uneven light, blur and grain, then JPEG."""
    noise = np.random.default_rng(o.seed)
    if o.texture:
        page = _texture(page, o.texture, noise)
    if o.speckle:
        _speckle(page, o.speckle, random.Random(o.seed * 7 + 1))  # own streams: the geometry stays the same
    if o.perspective:
        w, h = page.size
        d = o.perspective * w
        quad = (rng.uniform(0, d), rng.uniform(0, d), rng.uniform(0, d), h - rng.uniform(0, d),
                w - rng.uniform(0, d), h - rng.uniform(0, d), w - rng.uniform(0, d), rng.uniform(0, d))
        page = page.transform(page.size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=200)
    if o.rotate:
        page = page.rotate(o.rotate, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=245)
    if o.shadow:
        page = _shade(page, o.shadow, random.Random(o.seed * 7 + 2))
    if o.blur:
        page = page.filter(ImageFilter.GaussianBlur(o.blur))
    if o.noise:  # grain, the same for the same seed
        grain = noise.normal(0, o.noise * 0.15, (page.height, page.width))
        page = Image.fromarray(np.clip(np.asarray(page, dtype=np.float32) + grain, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=o.jpeg, dpi=(300, 300))
    return out.getvalue()


def _smooth_noise(noise: np.random.Generator, size: tuple[int, int], cell: int) -> np.ndarray:
    """Noise of unit spread that varies over about ``cell`` pixels (a small random field enlarged smoothly)."""
    w, h = size
    small = noise.normal(0, 1, (h // cell + 2, w // cell + 2)).astype(np.float32)
    big = np.asarray(Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC))
    return big / max(float(big.std()), 1e-6)


def _texture(page: Image.Image, amount: float, noise: np.random.Generator) -> Image.Image:
    """Newsprint: blotches a few millimetres wide and fibres, stronger on the paper than in the ink."""
    field = 0.7 * _smooth_noise(noise, page.size, 60) + 0.5 * _smooth_noise(noise, page.size, 5)
    grain = noise.normal(0, 1, (page.height, page.width)).astype(np.float32)
    fibres = sum(np.roll(grain, k, axis=1) for k in range(-2, 3)) / 2.2  # short streaks along the grain
    pixels = np.asarray(page, dtype=np.float32)
    pixels = pixels + amount * (field + 0.8 * fibres) * (pixels / 255.0)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _speckle(page: Image.Image, density: float, rng: random.Random) -> None:
    """Dark flecks of dust and toner (and a few pale ones) scattered over the page, in place."""
    draw = ImageDraw.Draw(page)
    for _ in range(int(density * page.width * page.height / 10_000)):
        x, y = rng.uniform(0, page.width), rng.uniform(0, page.height)
        r = rng.choice((0.6, 0.8, 1.0, 1.2, 1.6, 2.2))
        tone = rng.randint(20, 110) if rng.random() < 0.85 else rng.randint(215, 250)
        draw.ellipse([x - r, y - r * rng.uniform(0.6, 1.4), x + r, y + r], fill=tone)


def _shade(page: Image.Image, strength: float, rng: random.Random) -> Image.Image:
    """A phone photo's light: a shadow falling across the page from one side, and darker corners."""
    w, h = page.size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (xx / w - 0.5) * np.cos(angle) + (yy / h - 0.5) * np.sin(angle)
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)  # 0 in the light, 1 in the shadow
    corners = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2  # 0 at the centre, 1 at the corners
    light = 1.0 - strength * (0.75 * ramp**1.6 + 0.25 * corners)
    return Image.fromarray(np.clip(np.asarray(page, dtype=np.float32) * light, 0, 255).astype(np.uint8))
