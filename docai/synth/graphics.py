"""Raster decorations drawn with Pillow: logos and rubber stamps (images carry no text layer)."""
from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFont


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def logo_png(rng: random.Random, color: tuple[float, float, float], initials: str) -> bytes:
    """A small square logo: a geometric mark in the accent colour with the company initials."""
    size = 160
    rgb = tuple(int(c * 255) for c in color)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shape = rng.choice(["circle", "square", "diamond", "bars"])
    if shape == "circle":
        draw.ellipse((8, 8, size - 8, size - 8), fill=rgb)
    elif shape == "square":
        draw.rounded_rectangle((8, 8, size - 8, size - 8), radius=24, fill=rgb)
    elif shape == "diamond":
        draw.polygon([(size / 2, 4), (size - 4, size / 2), (size / 2, size - 4), (4, size / 2)], fill=rgb)
    else:
        for i in range(4):
            draw.rectangle((12 + i * 36, 40 + i * 12, 36 + i * 36, size - 12), fill=rgb)
    if shape != "bars":
        text_font = ImageFont.load_default(size=64)
        draw.text((size / 2, size / 2), initials, fill=(255, 255, 255, 255), font=text_font, anchor="mm")
    return _png(image)


def stamp_png(rng: random.Random, word: str, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A rotated, slightly faded rubber stamp such as PAID / BEZAHLT / PAYÉ."""
    text_font = ImageFont.load_default(size=56)
    width = int(text_font.getlength(word)) + 60
    image = Image.new("RGBA", (width, 110), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = (*color, 170)
    draw.rounded_rectangle((6, 6, width - 6, 104), radius=14, outline=ink, width=7)
    draw.text((width / 2, 55), word, fill=ink, font=text_font, anchor="mm")
    return _png(image.rotate(rng.uniform(-25, 25), expand=True, resample=Image.BICUBIC))


def signature_png(rng: random.Random) -> bytes:
    """A scribbled signature line."""
    image = Image.new("RGBA", (300, 90), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(10 + i * 14, 45 + rng.uniform(-30, 30)) for i in range(20)]
    draw.line(points, fill=(20, 30, 110, 255), width=4, joint="curve")
    return _png(image)
