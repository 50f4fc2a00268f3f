"""The ingest stage: validate and open a file, then load its pages in batches."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image

from docai.ingest import native_text, raster
from docai.ingest.errors import IngestError
from docai.ingest.sniff import PDF, detect_media_type
from docai.model import Page, TextSource
from docai.options import IngestOptions


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes: the document id."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _lacks_eof_marker(data: bytes) -> bool:
    """A PDF with objects but no end marker was cut short; noise has no objects at all."""
    return b"%%EOF" not in data[-2048:] and b" obj" in data


@dataclass
class SourceDocument:
    path: Path
    media_type: str
    pdf: pymupdf.Document
    # Pixels per point of each page's own image, for image files; None for PDFs.
    native_scales: list[float] | None

    @property
    def page_count(self) -> int:
        return self.pdf.page_count

    def close(self) -> None:
        self.pdf.close()


class Ingestor:
    def __init__(self, options: IngestOptions | None = None):
        self.options = options or IngestOptions()
        # MuPDF reports repairs of damaged files on stderr; the reasons we keep are our own.
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)

    def read(self, path: Path) -> tuple[bytes, str]:
        """The file's bytes and media type, told from its content."""
        size = path.stat().st_size
        if size > self.options.max_file_bytes:
            raise IngestError(f"file is {size / 2**20:.0f} MiB, over the "
                              f"{self.options.max_file_bytes / 2**20:.0f} MiB cap")
        data = path.read_bytes()
        return data, detect_media_type(data, path)

    def open(self, path: Path, data: bytes, media_type: str) -> SourceDocument:
        native_scales = None
        if media_type != PDF:
            frame_sizes = self._image_frame_sizes(data)
        try:
            pdf = pymupdf.open(stream=data, filetype=media_type.split("/")[1])
        except Exception as exc:  # MuPDF raises several types for damaged files
            if media_type == PDF and _lacks_eof_marker(data):
                raise IngestError(f"truncated PDF: no %%EOF marker, cannot open: {exc}") from exc
            kind = "PDF" if media_type == PDF else "image"
            raise IngestError(f"corrupt or unreadable {kind}: {exc}") from exc
        try:
            if pdf.needs_pass:
                raise IngestError("encrypted PDF: a password is required to open it")
            if media_type == PDF and pdf.is_repaired and _lacks_eof_marker(data):
                # MuPDF rebuilds what it can of a cut file; storing that would hide lost pages.
                raise IngestError("truncated PDF: the file ends before its %%EOF marker "
                                  "and its cross-reference table is damaged")
            if pdf.page_count == 0:
                raise IngestError("the document has no pages")
            if media_type != PDF:
                native_scales = [width / pdf.load_page(i).rect.width
                                 for i, (width, _) in enumerate(frame_sizes[:pdf.page_count])]
        except IngestError:
            pdf.close()
            raise
        return SourceDocument(path, media_type, pdf, native_scales)

    def _image_frame_sizes(self, data: bytes) -> list[tuple[int, int]]:
        """Pixel sizes of each frame, read from the headers before anything is decoded."""
        cap = self.options.max_page_pixels
        try:
            with Image.open(io.BytesIO(data)) as image:
                sizes = []
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    sizes.append(image.size)
        except Image.DecompressionBombError as exc:
            raise IngestError(f"image too large to decode safely: {exc}") from exc
        except Exception as exc:
            raise IngestError(f"corrupt or unreadable image: {exc}") from exc
        for number, (width, height) in enumerate(sizes, start=1):
            if width * height > cap:
                raise IngestError(f"image too large: frame {number} is {width} x {height} px, "
                                  f"over the {cap / 1e6:.0f} Mpx safety cap")
        return sizes

    def load_pages(self, source: SourceDocument, page_numbers: Sequence[int]) -> list[Page]:
        """Pages with size, native words, the OCR decision and rasters; errors stay on the page."""
        pages = []
        for page_no in page_numbers:
            try:
                pages.append(self._load_page(source, page_no))
            except Exception as exc:  # one bad page must not sink the document
                reason = str(exc) if isinstance(exc, IngestError) else f"unreadable page: {exc}"
                pages.append(Page(page_no=page_no, width=0.0, height=0.0, error=reason))
        return pages

    def _load_page(self, source: SourceDocument, page_no: int) -> Page:
        options = self.options
        pdf_page = source.pdf.load_page(page_no - 1)
        rect = pdf_page.rect
        page = Page(page_no=page_no, width=rect.width, height=rect.height)
        native_scale = None
        if source.native_scales is None:
            self._check_embedded_images(pdf_page)
            page.words = native_text.native_words(pdf_page)
            page.needs_ocr = native_text.needs_ocr(
                page.words, rect.width * rect.height, native_text.image_coverage(pdf_page), options)
        else:
            native_scale = source.native_scales[page_no - 1]
            page.needs_ocr = True
        layout_zoom = raster.zoom_for(rect, options.layout_dpi, raster.LAYOUT_MAX_SIDE, native_scale)
        if page.needs_ocr:
            page.words = []
            page.text_source = TextSource.OCR
            ocr_zoom = raster.zoom_for(rect, options.ocr_dpi, raster.OCR_MAX_SIDE, native_scale)
            page.ocr_image = raster.render(pdf_page, ocr_zoom, options.max_page_pixels)
            page.image = raster.downscale(page.ocr_image, layout_zoom)
        else:
            page.image = raster.render(pdf_page, layout_zoom, options.max_page_pixels)
        return page

    def _check_embedded_images(self, pdf_page: pymupdf.Page) -> None:
        cap = self.options.max_page_pixels
        for _, _, width, height, *_ in pdf_page.get_images(full=True):
            if width * height > cap:
                raise IngestError(f"embedded image of {width} x {height} px is over the "
                                  f"{cap / 1e6:.0f} Mpx safety cap")
