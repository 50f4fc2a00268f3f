"""The typed document model that flows through the stages.

Each stage fills its own slot: ingest sets the page size, image and native words, OCR replaces
the words of pages that need it, layout fills the regions and assigns words to them. Images
are transient: they are dropped once the page is done, so only text and boxes travel onwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from docai.geometry import Box


class DocumentStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class TextSource(StrEnum):
    NATIVE = "native"
    OCR = "ocr"


@dataclass(slots=True)
class Word:
    text: str
    box: Box
    confidence: float = 1.0
    region_id: int | None = None


@dataclass(slots=True)
class Region:
    region_id: int
    label: str
    score: float
    box: Box


@dataclass(slots=True)
class PageImage:
    """An RGB raster of a page; `scale` is pixels per PDF point."""

    pixels: np.ndarray
    scale: float


@dataclass(slots=True)
class Page:
    page_no: int
    width: float
    height: float
    text_source: TextSource = TextSource.NATIVE
    words: list[Word] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    image: PageImage | None = None  # for the layout model
    ocr_image: PageImage | None = None  # sharper raster, only on pages that need OCR
    needs_ocr: bool = False
    error: str | None = None

    def release_images(self) -> None:
        self.image = None
        self.ocr_image = None


@dataclass(slots=True)
class ExtractedField:
    """A grounded value: `value` normalised, `text` as printed, box in page points."""

    field: str
    value: str | None
    text: str
    page_no: int
    box: Box
    confidence: float
    region_id: int | None
    extractor: str


@dataclass(slots=True)
class LineItem:
    item_no: int
    description: str | None
    quantity: str | None  # normalised decimals as text, like field values
    unit_price: str | None
    amount: str | None
    page_no: int
    box: Box
    confidence: float


@dataclass(slots=True)
class Validation:
    rule: str
    passed: bool
    detail: str


@dataclass(slots=True)
class Document:
    doc_id: str
    source_path: Path
    media_type: str | None = None
    page_count: int = 0
    pages: list[Page] = field(default_factory=list)
    error: str | None = None
    fields: list[ExtractedField] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.source_path.name

    @property
    def status(self) -> DocumentStatus:
        if self.error is not None:
            return DocumentStatus.FAILED
        if any(p.error for p in self.pages):
            return DocumentStatus.PARTIAL
        return DocumentStatus.OK

    @property
    def summary_error(self) -> str | None:
        """The document's error, or the page errors of a partial document."""
        if self.error is not None:
            return self.error
        page_errors = [f"page {p.page_no}: {p.error}" for p in self.pages if p.error]
        return "; ".join(page_errors) or None
