"""The layout stage: detect regions on each page's raster, then organise regions and words."""

from __future__ import annotations

from collections.abc import Sequence

from docai.layout.detector import LayoutEngine
from docai.layout.regions import organise_page
from docai.model import Page, Region
from docai.options import LayoutOptions


class LayoutStage:
    def __init__(self, engine: LayoutEngine, options: LayoutOptions | None = None):
        self.engine = engine
        self.options = options or LayoutOptions()

    def run(self, pages: Sequence[Page]) -> None:
        for page in pages:
            if page.error or page.image is None:
                continue
            try:
                detections = self.engine.detect(page.image.pixels)
            except Exception as exc:  # an engine failure costs this page, not the batch
                page.error = f"layout detection failed: {exc}"
                continue
            to_points = 1 / page.image.scale
            detected = [Region(0, d.label, d.score,
                               d.box.scaled(to_points).clipped(page.width, page.height))
                        for d in detections]
            page.regions, page.words = organise_page(detected, page.words, self.options)
