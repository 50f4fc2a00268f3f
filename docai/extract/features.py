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
WORD_CROP = (12, 48)  # height, width of each word's own crop: bold, underlines, shading
# Each word also sees the words that usually label it: the two before it on its line and the
# nearest one above it. Key-value layouts vary, but "label left of or above value" does not.
NEIGHBOURS = ("left", "second_left", "above")
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
    word_crops: np.ndarray    # uint8 [W, *WORD_CROP], grey; zeros when no image
    neighbours: np.ndarray    # int64 [W, len(NEIGHBOURS)], word index or -1


def encode_word(text: str) -> np.ndarray:
    return encode_words([text])[0]


def encode_words(texts: list[str]) -> np.ndarray:
    """[len(texts), CHARS_PER_WORD] int64: each text's first UTF-8 bytes + 1, 0 pads."""
    encoded = [text.encode("utf-8")[:CHARS_PER_WORD] for text in texts]
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    out = np.zeros((len(encoded), CHARS_PER_WORD), np.int64)
    # Row-major boolean assignment fills each row's first `length` slots in order.
    out[np.arange(CHARS_PER_WORD) < lengths[:, None]] = np.frombuffer(b"".join(encoded),
                                                                       np.uint8) + 1
    return out


def encode_page(page: Page) -> PageFeatures:
    """Features of the page as the pipeline left it after layout (words in reading order)."""
    width, height = page.width or 1.0, page.height or 1.0
    regions = page.regions
    index_of = {r.region_id: i for i, r in enumerate(regions)}
    words = page.words
    char_ids = encode_words([w.text for w in words])
    word_boxes = np.array([[w.box.x0 / width, w.box.y0 / height, w.box.x1 / width,
                            w.box.y1 / height] for w in words], np.float32).reshape(-1, 4)
    word_region = np.array([index_of.get(w.region_id, 0) for w in words], np.int64)
    region_boxes = np.array([[r.box.x0 / width, r.box.y0 / height, r.box.x1 / width,
                              r.box.y1 / height] for r in regions], np.float32).reshape(-1, 4)
    region_labels = np.array([_LABEL_IDS.get(r.label, 0) for r in regions], np.int64)
    crops = np.zeros((len(regions), CROP_SIZE, CROP_SIZE), np.uint8)
    word_crops = np.zeros((len(words), *WORD_CROP), np.uint8)
    if page.image is not None:
        import cv2

        grey = cv2.cvtColor(page.image.pixels, cv2.COLOR_RGB2GRAY)
        crops = cut_crops(grey, page.image.scale, [r.box for r in regions], (CROP_SIZE, CROP_SIZE))
        word_crops = cut_crops(grey, page.image.scale, [w.box for w in words], WORD_CROP, pad=1)
    word_boxes = np.clip(word_boxes, 0, 1)
    return PageFeatures(char_ids, word_boxes, word_region, np.clip(region_boxes, 0, 1),
                        region_labels, crops, page.image is not None, word_crops,
                        neighbour_indices(word_boxes))


def cut_crops(grey: np.ndarray, scale: float, boxes, size: tuple[int, int],
              pad: int = 0) -> np.ndarray:
    """Each box cut from the grey page raster (pad pixels around it), squeezed to size (h, w)."""
    import cv2

    height, width = grey.shape
    crops = np.zeros((len(boxes), *size), np.uint8)
    if not boxes:
        return crops
    points = np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], np.float64) * scale
    x0 = np.maximum(0, points[:, 0].astype(np.int64) - pad)
    y0 = np.maximum(0, points[:, 1].astype(np.int64) - pad)
    x1 = np.minimum(width, np.maximum(x0 + 1, np.ceil(points[:, 2]).astype(np.int64) + pad))
    y1 = np.minimum(height, np.maximum(y0 + 1, np.ceil(points[:, 3]).astype(np.int64) + pad))
    x0, y0 = np.minimum(x0, width - 1), np.minimum(y0, height - 1)
    target = (size[1], size[0])
    for i, (left, top, right, bottom) in enumerate(zip(x0.tolist(), y0.tolist(), x1.tolist(),
                                                       y1.tolist())):
        patch = grey[top:bottom, left:right]
        if patch.size:
            crops[i] = cv2.resize(patch, target, interpolation=cv2.INTER_AREA)
    return crops


def neighbour_indices(boxes: np.ndarray) -> np.ndarray:
    """For each word: the nearest word ending left of it on its line, the one left of that, and
    the nearest word above that overlaps it horizontally; -1 where there is none."""
    count = len(boxes)
    out = np.full((count, len(NEIGHBOURS)), -1, np.int64)
    if count == 0:
        return out
    x0, y0, x1, y1 = boxes.T
    middle, half_height = (y0 + y1) / 2, np.maximum((y1 - y0) / 2, 1e-4)
    same_line = np.abs(middle[:, None] - middle[None, :]) < np.maximum(half_height[:, None],
                                                                       half_height[None, :])
    left_of = same_line & (x1[None, :] <= x0[:, None] + 0.5 * half_height[:, None])
    np.fill_diagonal(left_of, False)
    left_gap = np.where(left_of, x0[:, None] - x1[None, :], np.inf)
    overlap = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    above = (overlap > 0) & (y1[None, :] <= middle[:, None]) & ~same_line
    above_gap = np.where(above, y0[:, None] - y1[None, :], np.inf)
    rows = np.arange(count)
    left = np.where(np.isfinite(left_gap.min(1)), left_gap.argmin(1), -1)
    out[:, 0] = left
    out[:, 1] = np.where(left >= 0, out[np.maximum(left, 0), 0], -1)
    out[:, 2] = np.where(np.isfinite(above_gap.min(1)), above_gap.argmin(1), -1)
    out[rows, 1] = np.where(out[:, 1] == rows, -1, out[:, 1])
    return out


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
        "word_crops": torch.zeros(batch, words, *WORD_CROP, dtype=torch.uint8),
        "neighbours": torch.full((batch, words, len(NEIGHBOURS)), -1, dtype=torch.long),
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
        out["word_crops"][i, :w] = torch.from_numpy(page.word_crops)
        out["neighbours"][i, :w] = torch.from_numpy(page.neighbours)
        out["region_boxes"][i, :r] = torch.from_numpy(page.region_boxes)
        out["region_labels"][i, :r] = torch.from_numpy(page.region_labels)
        out["region_crops"][i, :r] = torch.from_numpy(page.region_crops)
        out["region_mask"][i, :max(r, 1)] = True
    return out


def window(features: PageFeatures, start: int, size: int) -> PageFeatures:
    """The words [start, start + size) of a page, with all its regions; neighbours outside the
    window are dropped."""
    part = slice(start, start + size)
    neighbours = features.neighbours[part] - start
    neighbours[(neighbours < 0) | (neighbours >= size)] = -1
    return PageFeatures(features.char_ids[part], features.word_boxes[part],
                        features.word_region[part], features.region_boxes,
                        features.region_labels, features.region_crops, features.has_image,
                        features.word_crops[part], neighbours)
