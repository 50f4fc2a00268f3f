"""Processed documents as JSON files, so that a path, not the object, crosses process and task
boundaries (Prefect tasks, Dask workers). Images are never spooled: a processed document has
already released them.

Words are stored column-wise. Their coordinates and confidences travel as base64 of
little-endian float64: exact, and several times faster to encode than JSON float text.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from docai.geometry import Box
from docai.model import (
    Document,
    ExtractedField,
    LineItem,
    Page,
    Region,
    TextSource,
    Validation,
    Word,
)

FORMAT = 1
_FLOATS = np.dtype("<f8")


def write_spool(doc: Document, directory: Path) -> Path:
    """Write the document to `directory/<doc_id>.json` atomically; return that path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{doc.doc_id}.json"
    data = json.dumps(_document_dict(doc), ensure_ascii=False, separators=(",", ":"))
    # A reader never sees a half-written file: write beside the target, then rename over it.
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{doc.doc_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def read_spool(path: Path) -> Document:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: spool format {data.get('format')!r}, expected {FORMAT}")
    return Document(
        doc_id=data["doc_id"], source_path=Path(data["source_path"]),
        media_type=data["media_type"], page_count=data["page_count"],
        pages=[_page(p) for p in data["pages"]], error=data["error"],
        fields=[ExtractedField(*r[:4], Box(*r[4:8]), *r[8:]) for r in data["fields"]],
        line_items=[LineItem(*r[:6], Box(*r[6:10]), r[10]) for r in data["line_items"]],
        validations=[Validation(*r) for r in data["validations"]])


def _document_dict(doc: Document) -> dict:
    return {"format": FORMAT, "doc_id": doc.doc_id, "source_path": str(doc.source_path),
            "media_type": doc.media_type, "page_count": doc.page_count, "error": doc.error,
            "pages": [_page_dict(p) for p in doc.pages],
            "fields": [[f.field, f.value, f.text, f.page_no, *_corners(f.box), f.confidence,
                        f.region_id, f.extractor] for f in doc.fields],
            "line_items": [[i.item_no, i.description, i.quantity, i.unit_price, i.amount,
                            i.page_no, *_corners(i.box), i.confidence] for i in doc.line_items],
            "validations": [[v.rule, v.passed, v.detail] for v in doc.validations]}


def _page_dict(page: Page) -> dict:
    words = page.words
    return {
        "page_no": page.page_no, "width": page.width, "height": page.height,
        "text_source": page.text_source.value, "needs_ocr": page.needs_ocr, "error": page.error,
        "text": [w.text for w in words],
        "boxes": _pack([c for w in words for c in _corners(w.box)]),
        "confidence": _pack([w.confidence for w in words]),
        "region_id": [w.region_id for w in words],
        "regions": [[r.region_id, r.label, r.score, *_corners(r.box)] for r in page.regions],
    }


def _page(data: dict) -> Page:
    b = _unpack(data["boxes"])
    words = [Word(text, Box(b[i], b[i + 1], b[i + 2], b[i + 3]), confidence, region_id)
             for i, text, confidence, region_id in zip(range(0, len(b), 4), data["text"],
                                                       _unpack(data["confidence"]),
                                                       data["region_id"])]
    regions = [Region(r[0], r[1], r[2], Box(*r[3:])) for r in data["regions"]]
    return Page(page_no=data["page_no"], width=data["width"], height=data["height"],
                text_source=TextSource(data["text_source"]), words=words, regions=regions,
                needs_ocr=data["needs_ocr"], error=data["error"])


def _corners(box: Box) -> tuple[float, float, float, float]:
    return box.x0, box.y0, box.x1, box.y1


def _pack(values: list[float]) -> str:
    return base64.b64encode(np.asarray(values, dtype=_FLOATS).tobytes()).decode("ascii")


def _unpack(text: str) -> list[float]:
    return np.frombuffer(base64.b64decode(text), dtype=_FLOATS).tolist()
