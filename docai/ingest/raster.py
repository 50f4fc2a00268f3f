"""Page rasters: one small image for the layout model, a sharper one for OCR."""

from __future__ import annotations

import numpy as np
import pymupdf

from docai.ingest.errors import IngestError
from docai.model import PageImage

# The layout model resizes its input to 800 x 608; a larger raster only costs time.
LAYOUT_MAX_SIDE = 1400
# Recognition reads text lines cut from this raster; beyond this size OCR slows, reads no better.
OCR_MAX_SIDE = 3500


def zoom_for(page_rect: pymupdf.Rect, dpi: int, max_side: int, native_scale: float | None) -> float:
    """Pixels per point: the requested dpi, never above an image's own resolution or max_side."""
    zoom = dpi / 72
    if native_scale is not None:
        zoom = min(zoom, native_scale)
    longest = max(page_rect.width, page_rect.height)
    return min(zoom, max_side / longest) if longest else zoom


def render(page: pymupdf.Page, zoom: float, max_pixels: int) -> PageImage:
    width, height = page.rect.width * zoom, page.rect.height * zoom
    if width * height > max_pixels:
        raise IngestError(f"page raster of {width:.0f} x {height:.0f} px is over the "
                          f"{max_pixels / 1e6:.0f} Mpx safety cap")
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB,
                          alpha=False)
    pixels = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    return PageImage(pixels=pixels, scale=pix.width / page.rect.width)


def downscale(image: PageImage, scale: float) -> PageImage:
    """A smaller copy of a raster, so an OCR page is not rendered twice."""
    import cv2  # cv2 is heavy to import; only OCR'd pages need it here.

    if scale >= image.scale:
        return image
    factor = scale / image.scale
    height, width = image.pixels.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    pixels = cv2.resize(image.pixels, size, interpolation=cv2.INTER_AREA)
    return PageImage(pixels=pixels, scale=size[0] / (width / image.scale))
