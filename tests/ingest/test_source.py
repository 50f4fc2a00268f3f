from pathlib import Path

import pytest

from docai.ingest import IngestError, Ingestor
from docai.ingest.sniff import detect_media_type
from docai.model import TextSource
from docai.options import IngestOptions
from tests import documents


def open_source(path: Path, options: IngestOptions | None = None):
    ingestor = Ingestor(options)
    data, media_type = ingestor.read(path)
    return ingestor, ingestor.open(path, data, media_type)


@pytest.mark.parametrize("data, name, expected", [
    (b"%PDF-1.7\n...", "a.pdf", "application/pdf"),
    (b"junk\n%PDF-1.4\n", "a.bin", "application/pdf"),
    (documents.png_bytes(4, 4), "scan.pdf", "image/png"),  # content wins over the name
    (b"\xff\xd8\xff\xe0rest", "x.jpg", "image/jpeg"),
    (b"II*\x00rest", "x.tif", "image/tiff"),
])
def test_media_type_comes_from_content(data, name, expected):
    assert detect_media_type(data, Path(name)) == expected


@pytest.mark.parametrize("data, name, reason", [
    (b"", "a.pdf", "empty file"),
    (b"Hello, I am a text file", "invoice.pdf", "not a PDF"),
    (b"PK\x03\x04zip", "archive.zip", "unsupported file type"),
])
def test_unsupported_content_is_refused_with_reason(data, name, reason):
    with pytest.raises(IngestError, match=reason):
        detect_media_type(data, Path(name))


@pytest.mark.parametrize("make, reason", [
    (documents.encrypted_pdf, "encrypted PDF"),
    (documents.zero_page_pdf, "no pages"),
    (documents.garbage_pdf, "corrupt or unreadable PDF"),
    (documents.png_bomb, "safety cap|too large"),
])
def test_bad_files_are_refused_with_reason(tmp_path, make, reason):
    path = make(tmp_path / f"bad{'.png' if make is documents.png_bomb else '.pdf'}")
    with pytest.raises(IngestError, match=reason):
        open_source(path)


def test_truncated_pdf_is_refused(tmp_path):
    whole = documents.text_pdf(tmp_path / "whole.pdf", pages=3)
    cut = documents.truncated_pdf(tmp_path / "cut.pdf", whole)
    with pytest.raises(IngestError, match="truncated PDF"):
        open_source(cut)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = documents.text_pdf(tmp_path / "a.pdf")
    with pytest.raises(IngestError, match="MiB cap"):
        Ingestor(IngestOptions(max_file_bytes=100)).read(path)


def test_digital_page_has_native_words_in_points_and_no_ocr(tmp_path):
    ingestor, source = open_source(documents.text_pdf(tmp_path / "a.pdf"))
    [page] = ingestor.load_pages(source, [1])
    assert (page.width, page.height) == (595, 842)
    assert not page.needs_ocr and page.text_source == TextSource.NATIVE
    invoice = next(w for w in page.words if w.text == "INVOICE")
    assert invoice.box.x0 == pytest.approx(72, abs=1)
    # Baseline at y=100 (top-left origin); the box spans ascender to descender.
    assert 75 < invoice.box.y0 < 100 < invoice.box.y1 < 108
    assert page.image.pixels.shape[2] == 3 and page.ocr_image is None
    assert page.image.scale == pytest.approx(96 / 72, rel=0.01)


def test_rotated_page_words_follow_the_rotation(tmp_path):
    ingestor, source = open_source(documents.text_pdf(tmp_path / "r.pdf", rotation=90))
    [page] = ingestor.load_pages(source, [1])
    assert (page.width, page.height) == (842, 595)
    invoice = next(w for w in page.words if w.text == "INVOICE")
    # Rotating 90 degrees clockwise moves text near the top-left edge to the top-right.
    assert invoice.box.x0 > 700 and invoice.box.y0 < 200
    assert invoice.box.height > invoice.box.width


def test_scanned_pdf_and_images_need_ocr(tmp_path):
    text = documents.text_pdf(tmp_path / "a.pdf")
    for path in (documents.scanned_pdf(tmp_path / "s.pdf", text),
                 documents.page_png(tmp_path / "s.png", text)):
        ingestor, source = open_source(path)
        [page] = ingestor.load_pages(source, [1])
        assert page.needs_ocr and page.text_source == TextSource.OCR and page.words == []
        assert page.ocr_image.scale == pytest.approx(200 / 72, rel=0.02)
        assert page.image.scale == pytest.approx(96 / 72, rel=0.02)
        assert page.width == pytest.approx(595, abs=1)


def test_multipage_tiff_gives_one_page_per_frame(tmp_path):
    text = documents.text_pdf(tmp_path / "a.pdf")
    ingestor, source = open_source(documents.multipage_tiff(tmp_path / "m.tiff", text, 3))
    assert source.media_type == "image/tiff" and source.page_count == 3
    pages = ingestor.load_pages(source, [1, 2, 3])
    assert [p.page_no for p in pages] == [1, 2, 3] and all(p.needs_ocr for p in pages)


def test_page_over_pixel_cap_fails_that_page_only(tmp_path):
    options = IngestOptions(max_page_pixels=1_000_000, ocr_dpi=300)
    text = documents.text_pdf(tmp_path / "a.pdf")
    ingestor, source = open_source(documents.scanned_pdf(tmp_path / "s.pdf", text), options)
    [page] = ingestor.load_pages(source, [1])
    assert "safety cap" in page.error
