"""Options, one model per stage. Unknown keys are rejected so a typo never passes silently."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestOptions(_Options):
    layout_dpi: int = Field(96, ge=36, le=600,
                            description="Resolution of the page raster the layout model sees.")
    ocr_dpi: int = Field(200, ge=72, le=600,
                         description="Resolution of the page raster OCR reads.")
    max_page_pixels: int = Field(60_000_000, ge=1_000_000,
                                 description="Refuse to rasterize a page or decode an image "
                                             "larger than this many pixels.")
    max_file_bytes: int = Field(512 * 1024 * 1024, ge=1,
                                description="Refuse files larger than this.")
    min_native_words: int = Field(3, ge=0,
                                  description="A page with fewer text-layer words is OCR'd.")
    min_text_coverage: float = Field(0.01, ge=0, le=1,
                                     description="A page whose images cover most of it and whose "
                                                 "text covers less than this share is OCR'd.")
    image_coverage_for_scan: float = Field(0.5, ge=0, le=1,
                                           description="Image share of the page above which a "
                                                       "page is treated as a possible scan.")
    max_garbled_share: float = Field(0.3, ge=0, le=1,
                                     description="A text layer with more unmappable characters "
                                                 "than this share is OCR'd.")


class OcrOptions(_Options):
    engine: Literal["rapidocr", "tesseract"] = Field("rapidocr", description="OCR engine.")
    min_confidence: float = Field(0.5, ge=0, le=1,
                                  description="Drop recognised words below this confidence.")
    tesseract_lang: str = Field("eng+deu+fra",
                                description="Tesseract languages, when that engine is chosen.")


class LayoutOptions(_Options):
    runtime: Literal["auto", "openvino", "onnxruntime"] = Field(
        "auto", description="Runtime for the layout model: OpenVINO runs it about twice as fast "
                            "on a CPU; auto takes it when installed, else ONNX Runtime.")
    min_score: float = Field(0.5, ge=0, le=1, description="Drop layout regions below this score.")
    duplicate_iou: float = Field(0.6, ge=0, le=1,
                                 description="Regions overlapping more than this IoU are "
                                             "duplicates; the higher score wins.")
    nested_share: float = Field(0.85, ge=0, le=1,
                                description="A region lying this much inside a larger one "
                                            "is folded into it.")
    word_in_region_share: float = Field(0.5, ge=0, le=1,
                                        description="A word belongs to a region when at least "
                                                    "this share of it lies inside.")


class ExtractOptions(_Options):
    enabled: bool = Field(True, description="Extract invoice fields; off stops after layout.")
    checkpoint: str | None = Field(None, description="Fusion model directory (save_pretrained "
                                                     "layout); None uses the shipped model.")
    device: str | None = Field(None, description="torch device; None picks cuda when present.")
    batch_size: int = Field(8, ge=1, le=512, description="Pages per model batch.")


class PipelineOptions(_Options):
    ingest: IngestOptions = Field(default_factory=IngestOptions)
    ocr: OcrOptions = Field(default_factory=OcrOptions)
    layout: LayoutOptions = Field(default_factory=LayoutOptions)
    extract: ExtractOptions = Field(default_factory=ExtractOptions)
    threads: int = Field(0, ge=0, description="Threads per worker for the ONNX engines; "
                                               "0 means cores divided by workers.")
    page_batch: int = Field(4, ge=1, le=64, description="Pages held in memory at once.")
