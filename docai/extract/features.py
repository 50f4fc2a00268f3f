"""Encode a page for the fusion model: word tokens (bytes, box, region) and region crops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

from docai.extract.tags import REGION_LABELS
from docai.model import Page

CHARS_PER_WORD = 24
CROP_SIZE = 64
_LABEL_IDS = {label: i for i, label in enumerate(REGION_LABELS)}


@dataclass
class PageFeatures:
    char_ids: np.ndarray      # int64 [W, CHARS_PER_WORD], UTF-8 bytes + 1, 0 pads
    word_boxes: np.ndarray    # float32 [W, 4], x0 y0 x1 y1 as shares of the page size
    word_region: np.ndarray   # int64 [W], index into the regions
    region_boxes: np.ndarray  # float32 [R, 4]
    region_labels: np.ndarray  # int64 [R]
    region_crops: np.ndarray  # uint8 [R, CROP_SIZE, CROP_SIZE], grey; zeros when no image
    has_image: bool


def encode_word(text: str) -> np.ndarray:
    raw = np.frombuffer(text.encode("utf-8")[:CHARS_PER_WORD], np.uint8).astype(np.int64) + 1
    out = np.zeros(CHARS_PER_WORD, np.int64)
    out[: len(raw)] = raw
    return out


def encode_page(page: Page) -> PageFeatures:
    """Features of the page as the pipeline left it after layout (words in reading order)."""
    width, height = page.width or 1.0, page.height or 1.0
    regions = page.regions
    index_of = {r.region_id: i for i, r in enumerate(regions)}
    words = page.words
    char_ids = (np.stack([encode_word(w.text) for w in words]) if words
                else np.zeros((0, CHARS_PER_WORD), np.int64))
    word_boxes = np.array([[w.box.x0 / width, w.box.y0 / height, w.box.x1 / width,
                            w.box.y1 / height] for w in words], np.float32).reshape(-1, 4)
    word_region = np.array([index_of.get(w.region_id, 0) for w in words], np.int64)
    region_boxes = np.array([[r.box.x0 / width, r.box.y0 / height, r.box.x1 / width,
                              r.box.y1 / height] for r in regions], np.float32).reshape(-1, 4)
    region_labels = np.array([_LABEL_IDS.get(r.label, 0) for r in regions], np.int64)
    crops = np.zeros((len(regions), CROP_SIZE, CROP_SIZE), np.uint8)
    if page.image is not None:
        crops = region_crops(page.image.pixels, page.image.scale, regions)
    return PageFeatures(char_ids, np.clip(word_boxes, 0, 1), word_region,
                        np.clip(region_boxes, 0, 1), region_labels, crops,
                        page.image is not None)


def region_crops(pixels: np.ndarray, scale: float, regions) -> np.ndarray:
    """Each region cut from the page raster, grey, squeezed to CROP_SIZE square."""
    import cv2

    grey = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    height, width = grey.shape
    crops = np.zeros((len(regions), CROP_SIZE, CROP_SIZE), np.uint8)
    for i, region in enumerate(regions):
        x0, y0 = int(region.box.x0 * scale), int(region.box.y0 * scale)
        x1 = min(width, max(x0 + 1, int(np.ceil(region.box.x1 * scale))))
        y1 = min(height, max(y0 + 1, int(np.ceil(region.box.y1 * scale))))
        patch = grey[min(y0, height - 1):y1, min(x0, width - 1):x1]
        if patch.size:
            crops[i] = cv2.resize(patch, (CROP_SIZE, CROP_SIZE), interpolation=cv2.INTER_AREA)
    return crops


def collate(pages: list[PageFeatures]) -> dict[str, torch.Tensor]:
    """Pad a batch of pages into the model's inputs; masks are True for real tokens."""
    import torch

    batch = len(pages)
    words = max(1, max(len(p.char_ids) for p in pages))
    regions = max(1, max(len(p.region_labels) for p in pages))
    out = {
        "char_ids": torch.zeros(batch, words, CHARS_PER_WORD, dtype=torch.long),
        "word_boxes": torch.zeros(batch, words, 4),
        "word_region": torch.zeros(batch, words, dtype=torch.long),
        "word_mask": torch.zeros(batch, words, dtype=torch.bool),
        "region_boxes": torch.zeros(batch, regions, 4),
        "region_labels": torch.zeros(batch, regions, dtype=torch.long),
        "region_crops": torch.zeros(batch, regions, CROP_SIZE, CROP_SIZE, dtype=torch.uint8),
        # A page with no region still gets one padding slot attendable, so attention is defined.
        "region_mask": torch.zeros(batch, regions, dtype=torch.bool),
        "use_image": torch.tensor([p.has_image for p in pages]),
    }
    for i, page in enumerate(pages):
        w, r = len(page.char_ids), len(page.region_labels)
        out["char_ids"][i, :w] = torch.from_numpy(page.char_ids)
        out["word_boxes"][i, :w] = torch.from_numpy(page.word_boxes)
        out["word_region"][i, :w] = torch.from_numpy(page.word_region)
        out["word_mask"][i, :w] = True
        out["region_boxes"][i, :r] = torch.from_numpy(page.region_boxes)
        out["region_labels"][i, :r] = torch.from_numpy(page.region_labels)
        out["region_crops"][i, :r] = torch.from_numpy(page.region_crops)
        out["region_mask"][i, :max(r, 1)] = True
    return out


def window(features: PageFeatures, start: int, size: int) -> PageFeatures:
    """The words [start, start + size) of a page, with all its regions."""
    return PageFeatures(features.char_ids[start:start + size],
                        features.word_boxes[start:start + size],
                        features.word_region[start:start + size], features.region_boxes,
                        features.region_labels, features.region_crops, features.has_image)
