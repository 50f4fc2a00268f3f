"""Process one document through ingest, OCR and layout. Engines load once per processor."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from docai.ingest import IngestError, Ingestor
from docai.ingest.source import file_digest
from docai.layout.detector import LayoutEngine, RapidLayoutEngine
from docai.layout.ocr import OcrEngine, OcrStage, create_ocr_engine
from docai.layout.stage import LayoutStage
from docai.model import Document, Page
from docai.options import ExtractOptions, PipelineOptions


def document_id(path: Path) -> str:
    """sha256 of the bytes; a file that cannot be read gets an id derived from its path."""
    try:
        return file_digest(path)
    except OSError:
        return hashlib.sha256(f"unreadable:{path.resolve()}".encode()).hexdigest()


def default_threads(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class PageReader(Protocol):
    """What runs on pages while their rasters exist, then on the whole document: the fusion
    extractor, or the recorder that collects training examples."""

    def read_pages(self, pages: Sequence[Page]) -> list: ...

    def finish(self, doc: Document, read: list) -> None: ...


def create_extractor(options: ExtractOptions, threads: int) -> PageReader | None:
    if not options.enabled:
        return None
    from docai.extract.extractor import FusionExtractor

    return FusionExtractor(Path(options.checkpoint) if options.checkpoint else None,
                           options.device, threads, options.batch_size)


class DocumentProcessor:
    def __init__(self, options: PipelineOptions | None = None, threads: int = 0,
                 ocr_engine: OcrEngine | None = None, layout_engine: LayoutEngine | None = None,
                 reader: PageReader | None = None):
        self.options = options or PipelineOptions()
        threads = threads or self.options.threads or default_threads(1)
        self.ingestor = Ingestor(self.options.ingest)
        self._ocr_engine = ocr_engine
        self._threads = threads
        self.ocr = None  # the OCR engine loads on the first page that needs it
        layout = self.options.layout
        self.layout = LayoutStage(
            layout_engine or RapidLayoutEngine(threads, layout.min_score, layout.runtime), layout)
        self.reader = reader or create_extractor(self.options.extract, threads)

    def _ocr_stage(self) -> OcrStage:
        if self.ocr is None:
            engine = self._ocr_engine or create_ocr_engine(self.options.ocr, self._threads)
            self.ocr = OcrStage(engine, self.options.ocr)
        return self.ocr

    def process(self, path: Path, doc_id: str | None = None) -> Document:
        doc = Document(doc_id=doc_id or document_id(path), source_path=path.resolve())
        try:
            data, doc.media_type = self.ingestor.read(path)
            source = self.ingestor.open(path, data, doc.media_type)
            del data
        except IngestError as exc:
            doc.error = str(exc)
            return doc
        except OSError as exc:
            doc.error = f"cannot read file: {exc.strerror or exc}"
            return doc
        read: list = []
        try:
            doc.page_count = source.page_count
            batch = self.options.page_batch
            for start in range(1, source.page_count + 1, batch):
                numbers = range(start, min(start + batch, source.page_count + 1))
                pages = self.ingestor.load_pages(source, numbers)
                if any(p.needs_ocr and not p.error for p in pages):
                    self._ocr_stage().run(pages)
                self.layout.run(pages)
                if self.reader is not None:
                    read.extend(self._read(pages))
                for page in pages:
                    page.release_images()
                doc.pages.extend(pages)
        finally:
            source.close()
        failed = [p for p in doc.pages if p.error]
        if doc.pages and len(failed) == len(doc.pages):
            doc.error = f"no page could be processed; page {failed[0].page_no}: {failed[0].error}"
        elif self.reader is not None:
            try:
                self.reader.finish(doc, read)
            except Exception as exc:  # words and regions are still stored with the reason
                doc.error = f"field extraction failed: {exc!r}"
        return doc

    def _read(self, pages: list[Page]) -> list:
        try:
            return self.reader.read_pages(pages)
        except Exception as exc:  # the pages keep their words and regions
            for page in pages:
                page.error = page.error or f"field extraction failed: {exc!r}"
            return []
