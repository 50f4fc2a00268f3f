from dataclasses import fields
from pathlib import Path

import pytest

from docai.geometry import Box
from docai.model import (
    Document,
    DocumentStatus,
    ExtractedField,
    LineItem,
    Page,
    Region,
    TextSource,
    Validation,
    Word,
)
from docai.spool import read_spool, write_spool


def _page(page_no: int, n_words: int) -> Page:
    words = [Word(f"w{i}", Box(10.0 + i, 20.25, 30.5 + i, 31.0 / 3), 0.5 + i / (2 * n_words),
                  region_id=None if i % 3 == 0 else 1 + i % 2)
             for i in range(n_words)]
    regions = [Region(1, "text", 0.91, Box(5.0, 5.0, 300.0, 200.0)),
               Region(2, "table", 0.0, Box(5.0, 210.0, 300.0, 400.0))]
    return Page(page_no, 595.28, 841.89, TextSource.OCR, words, regions, needs_ocr=True)


def test_round_trip_is_equal(tmp_path):
    page = _page(1, 5)
    page.words.append(Word("Größe €1.234,50 — 東京 \"q\" \\", Box(1.0, 2.0, 3.0, 4.0)))
    doc = Document("abc123", Path("/data/in/Rechnung ü.pdf"), "application/pdf", 2,
                   [page, Page(2, 612, 792, error="page raster too large")])
    doc.fields = [
        ExtractedField("total_amount", "1234.50", "€1.234,50", 1, Box(1.0, 2.0, 3.0, 4.0),
                       0.8731, 2, "fusion"),
        ExtractedField("vendor_name", None, "", 1, Box(0.0, 0.0, 0.0, 0.0), 0.1, None, "fusion"),
    ]
    doc.line_items = [LineItem(1, "Schrauben M4 × 20", "2", "0.25", "0.50", 1,
                               Box(5.0, 6.0, 7.0, 8.0), 0.66),
                      LineItem(2, None, None, None, "9.99", 1, Box(5.0, 9.0, 7.0, 10.0), 0.5)]
    doc.validations = [Validation("subtotal_plus_tax", False, "100.00 + 19.00 != 118.00")]

    path = write_spool(doc, tmp_path / "spool")

    assert path == tmp_path / "spool" / "abc123.json"
    assert read_spool(path) == doc
    assert read_spool(path).status is DocumentStatus.PARTIAL
    assert [p.name for p in path.parent.iterdir()] == ["abc123.json"]  # no temp file left


def test_failed_document_without_pages(tmp_path):
    doc = Document("bad", Path("/x/broken.pdf"), None, 0, error="corrupt or unreadable PDF: x")

    back = read_spool(write_spool(doc, tmp_path))

    assert back == doc
    assert back.status is DocumentStatus.FAILED


def test_rewrite_replaces_the_file(tmp_path):
    doc = Document("same", Path("/x/a.pdf"), "application/pdf", 1, [_page(1, 2)])
    write_spool(doc, tmp_path)
    doc.pages[0].words.clear()

    assert read_spool(write_spool(doc, tmp_path)).pages[0].words == []


def test_unknown_format_is_refused(tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"format": 0}')

    with pytest.raises(ValueError, match="spool format"):
        read_spool(path)


def test_every_model_field_is_spooled():
    """Fails when the model gains a field: spool it too (page images excepted)."""
    assert {f.name for f in fields(Document)} == {"doc_id", "source_path", "media_type",
                                                  "page_count", "pages", "error", "fields",
                                                  "line_items", "validations"}
    assert {f.name for f in fields(Page)} == {"page_no", "width", "height", "text_source",
                                              "words", "regions", "needs_ocr", "error",
                                              "image", "ocr_image"}
    assert {f.name for f in fields(Word)} == {"text", "box", "confidence", "region_id"}
    assert {f.name for f in fields(Region)} == {"region_id", "label", "score", "box"}
    assert {f.name for f in fields(ExtractedField)} == {"field", "value", "text", "page_no", "box",
                                                        "confidence", "region_id", "extractor"}
    assert {f.name for f in fields(LineItem)} == {"item_no", "description", "quantity",
                                                  "unit_price", "amount", "page_no", "box",
                                                  "confidence"}
    assert {f.name for f in fields(Validation)} == {"rule", "passed", "detail"}


def test_a_500_word_page_round_trips(tmp_path):
    # How long it takes is the benchmark's business (timed tests fail on a loaded machine).
    doc = Document("big", Path("/x/big.pdf"), "application/pdf", 1, [_page(1, 500)])
    assert read_spool(write_spool(doc, tmp_path)) == doc
