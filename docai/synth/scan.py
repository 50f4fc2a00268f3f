"""Scanned variants of a digital PDF: rasterized, rotated, blurred, noisy, low-contrast, JPEG-compressed.

Ground-truth boxes are moved with the same rotation (bounding box of the rotated corners) and
expressed in page points of the output document: for an image-only PDF the original page size,
for an image file the page size PyMuPDF reports from the DPI written into the file.
"""
from __future__ import annotations

import copy
import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf
from PIL import Image


@dataclass(frozen=True)
class ScanParams:
    dpi: int
    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian sigma in pixels, 0 for none
    noise: float  # Gaussian noise standard deviation in grey levels
    contrast: float  # 1.0 keeps contrast; lower washes the page out
    quality: int  # JPEG quality
    color: bool

    @classmethod
    def draw(cls, rng: random.Random) -> "ScanParams":
        return cls(dpi=rng.choice([150, 160, 180, 200]), angle=rng.uniform(-1.5, 1.5),
                   blur=rng.choice([0.0, 0.5, 0.8, 1.1]), noise=rng.uniform(2, 12),
                   contrast=rng.choice([1.0, 0.85, 0.7, 0.6]), quality=rng.randint(35, 85), color=rng.random() < 0.3)


def degrade(page: pymupdf.Page, params: ScanParams, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """The degraded page raster and the 2x3 affine matrix that maps page pixels to it."""
    pix = page.get_pixmap(dpi=params.dpi, colorspace=pymupdf.csRGB if params.color else pymupdf.csGRAY, alpha=False)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n).copy()
    matrix = cv2.getRotationMatrix2D((pix.width / 2, pix.height / 2), params.angle, 1.0)
    image = cv2.warpAffine(image, matrix, (pix.width, pix.height), flags=cv2.INTER_LINEAR,
                           borderValue=(255, 255, 255))
    if params.blur:
        image = cv2.GaussianBlur(image, (0, 0), params.blur)
    image = image.astype(np.float32)
    paper = rng.uniform(225, 250)
    image = paper - (paper - image * paper / 255.0) * params.contrast  # lift the ink towards the paper tone
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, params.noise, image.shape)
    image = np.clip(image + noise, 0, 255).astype(np.uint8)
    return (image if image.ndim == 2 or image.shape[2] == 3 else image[:, :, 0]), matrix


def _jpeg(image: np.ndarray, quality: int, dpi: int | None = None) -> bytes:
    buffer = io.BytesIO()
    pil = Image.fromarray(image.squeeze() if image.ndim == 3 and image.shape[2] == 1 else image)
    pil.save(buffer, format="JPEG", quality=quality, **({"dpi": (dpi, dpi)} if dpi else {}))
    return buffer.getvalue()


def _transform_box(box: list[float], matrix: np.ndarray, to_px: tuple[float, float], to_pt: tuple[float, float]) -> list[float]:
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]]) * to_px
    moved = corners @ matrix[:, :2].T + matrix[:, 2]
    moved = moved * to_pt
    return [round(float(v), 2) for v in (*moved.min(axis=0), *moved.max(axis=0))]


def _move_boxes(gt: dict, transforms: dict[int, tuple[np.ndarray, tuple, tuple]]) -> None:
    """Rewrite every box in ``gt`` in place with its page's transform."""
    def move(entry: dict) -> None:
        entry["box"] = _transform_box(entry["box"], *transforms[entry["page"]])

    for entry in gt["field_boxes"].values():
        move(entry)
        for other in entry.get("also", []):
            move(other)
    for cells in gt["line_item_boxes"]:
        for cell in cells:
            move(cell)
    for word in gt["words"]:
        move(word)


def scanned_pdf(doc: pymupdf.Document, gt: dict, rng: random.Random) -> tuple[bytes, dict]:
    """An image-only PDF (one JPEG per page, same page size in points) and its ground truth."""
    params = ScanParams.draw(rng)
    out = pymupdf.open()
    transforms = {}
    for number, page in enumerate(doc, start=1):
        image, matrix = degrade(page, params, rng)
        height, width = image.shape[:2]
        new_page = out.new_page(width=page.rect.width, height=page.rect.height)
        new_page.insert_image(new_page.rect, stream=_jpeg(image, params.quality))
        sx, sy = width / page.rect.width, height / page.rect.height
        transforms[number] = (matrix, (sx, sy), (1 / sx, 1 / sy))
    gt = copy.deepcopy(gt)
    _move_boxes(gt, transforms)
    return out.tobytes(garbage=1, deflate=True, no_new_id=True), gt


def scanned_image(doc: pymupdf.Document, gt: dict, rng: random.Random, fmt: str) -> tuple[bytes, dict]:
    """A single-page document as a PNG or JPEG file; gt boxes in the page points PyMuPDF will report."""
    params = ScanParams.draw(rng)
    page = doc[0]
    image, matrix = degrade(page, params, rng)
    height, width = image.shape[:2]
    if fmt == "png":
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PNG", dpi=(params.dpi, params.dpi), optimize=False)
        data = buffer.getvalue()
    else:
        data = _jpeg(image, params.quality, params.dpi)
    reported = pymupdf.open(stream=data, filetype=fmt)[0].rect
    sx, sy = width / page.rect.width, height / page.rect.height
    transforms = {1: (matrix, (sx, sy), (reported.width / width, reported.height / height))}
    gt = copy.deepcopy(gt)
    _move_boxes(gt, transforms)
    gt["pages"] = [{"page_no": 1, "width": round(reported.width, 2), "height": round(reported.height, 2)}]
    return data, gt
