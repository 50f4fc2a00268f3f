"""Words of a PDF's own text layer, and the measures that decide whether a page needs OCR."""

from __future__ import annotations

import pymupdf

from docai.geometry import Box
from docai.model import Word
from docai.options import IngestOptions

_GARBLED = frozenset("\ufffd\x00")


def native_words(page: pymupdf.Page) -> list[Word]:
    """Text-layer words in the rotated page's points, top-left origin."""
    rotate = page.rotation_matrix
    identity = tuple(rotate) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    words = []
    for x0, y0, x1, y1, text, *_ in page.get_text("words", sort=False):
        if identity and x0 <= x1 and y0 <= y1:  # what the transform below would give, faster
            words.append(Word(text=text, box=Box(x0, y0, x1, y1)))
            continue
        rect = pymupdf.Rect(x0, y0, x1, y1) * rotate
        rect.normalize()
        words.append(Word(text=text, box=Box(rect.x0, rect.y0, rect.x1, rect.y1)))
    return words


def image_coverage(page: pymupdf.Page) -> float:
    """Share of the page covered by placed images (overlaps counted once per image)."""
    page_area = page.rect.width * page.rect.height
    covered = 0.0
    for info in page.get_image_info():
        bbox = pymupdf.Rect(info["bbox"]) & page.rect
        covered += bbox.width * bbox.height
    return min(1.0, covered / page_area) if page_area else 0.0


def needs_ocr(words: list[Word], page_area: float, images_share: float,
              options: IngestOptions) -> bool:
    if len(words) < options.min_native_words:
        return True
    characters = "".join(w.text for w in words)
    garbled = sum(1 for c in characters if c in _GARBLED or not c.isprintable())
    if garbled > options.max_garbled_share * len(characters):
        return True
    text_share = sum(w.box.area for w in words) / page_area if page_area else 0.0
    return images_share >= options.image_coverage_for_scan and text_share < options.min_text_coverage
