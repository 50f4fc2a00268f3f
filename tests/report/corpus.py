"""A small database for report tests: real PDFs with known word boxes, fields grounded on
those boxes (the report is under test, not extraction), a failed and a hostile document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from docai.geometry import Box
from docai.model import (Document, ExtractedField, LineItem, Page, Region, TextSource,
                         Validation, Word)
from docai.processor import document_id
from docai.store import Store
from tests import documents

HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "\"><svg onload=\"document.title='pwned'\">",
    "</title><b id=injected>bold</b>",
]
HOSTILE_NAME = "<img src=x onerror=alert(1)>.pdf"


@dataclass
class Corpus:
    db: Path
    good: Path  # the text PDF
    good_id: str
    hostile_id: str
    failed_id: str
    boxes: dict[str, Box]  # ground truth: word text -> box on page 1 of the good PDF


def word_boxes(pdf: Path, page_no: int = 1) -> list[tuple[str, Box]]:
    with pymupdf.open(pdf) as doc:
        return [(w[4], Box(*w[:4])) for w in doc[page_no - 1].get_text("words")]


def union(*boxes: Box) -> Box:
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes),
               max(b.x1 for b in boxes), max(b.y1 for b in boxes))


def _page(pdf: Path, page_no: int) -> Page:
    words = word_boxes(pdf, page_no)
    top = union(*[b for _, b in words[:2]])
    rest = union(*[b for _, b in words[2:]])
    return Page(page_no, 595, 842, TextSource.NATIVE,
                words=[Word(t, b, 1.0 if i % 5 else 0.42, 1 if i < 2 else 2)
                       for i, (t, b) in enumerate(words)],
                regions=[Region(1, "title", 0.91, top), Region(2, "text", 0.77, rest)])


def _field(name: str, value: str | None, text: str, box: Box, confidence: float,
           page_no: int = 1) -> ExtractedField:
    return ExtractedField(name, value, text, page_no, box, confidence, None, "test")


def good_document(pdf: Path) -> Document:
    doc = Document(document_id(pdf), pdf.resolve(), "application/pdf", 2,
                   [_page(pdf, 1), _page(pdf, 2)])
    b = dict(word_boxes(pdf))
    doc.fields = [
        _field("invoice_number", "2024-0042", "2024-0042", b["2024-0042"], 0.98),
        _field("invoice_date", "2024-03-05", "05.03.2024", b["05.03.2024"], 0.93),
        _field("customer_name", "Kunden AG", "Kunden AG", union(b["Kunden"], b["AG"]), 0.88),
        _field("total_amount", "1234.56", "1234.56", b["1234.56"], 0.97),
        _field("currency", "EUR", "EUR", b["EUR"], 0.41),
        _field("vendor_name", "ACME GmbH", "Page 2", union(*[bx for t, bx in
               word_boxes(pdf, 2) if t in ("Page", "2")]), 0.66, page_no=2),
    ]
    doc.line_items = [LineItem(1, "Consulting", "2.0000", "617.2800", "1234.56", 1,
                               union(b["Total"], b["EUR"]), 0.72)]
    doc.validations = [Validation("total_equals_line_items", True, "1234.56 = 1234.56"),
                       Validation("subtotal_plus_tax", False, "subtotal missing")]
    return doc


def hostile_document(folder: Path) -> Document:
    pdf = folder / HOSTILE_NAME
    with pymupdf.open() as out:
        page = out.new_page(width=595, height=842)
        for i, text in enumerate(HOSTILE):
            page.insert_text((40, 100 + 40 * i), text, fontsize=11, fontname="helv")
        out.save(pdf)
    doc = Document(document_id(pdf), pdf.resolve(), "application/pdf", 1, [_page(pdf, 1)])
    words = word_boxes(pdf)
    doc.fields = [_field(name, HOSTILE[i], HOSTILE[-1 - i], words[i][1], 0.9)
                  for i, name in enumerate(("vendor_name", "customer_name"))]
    doc.fields.append(_field(HOSTILE[2], HOSTILE[3], HOSTILE[0], words[3][1], 0.3))
    doc.line_items = [LineItem(1, HOSTILE[1], "1", "2", "2", 1, words[0][1], 0.5)]
    doc.validations = [Validation(HOSTILE[0], False, HOSTILE[1])]
    doc.pages[0].regions[0].label = HOSTILE[3]
    return doc


def build(folder: Path) -> Corpus:
    pdf = documents.text_pdf(folder / "invoice.pdf", pages=2)
    good = good_document(pdf)
    hostile = hostile_document(folder)
    failed = Document("f" * 64, folder / "broken.pdf",
                      error="corrupt or unreadable PDF: " + HOSTILE[0])
    bare = Document(document_id(documents.text_pdf(folder / "bare.pdf")), folder / "gone.pdf",
                    "application/pdf", 1, [_page(folder / "bare.pdf", 1)])
    db = folder / "report.duckdb"
    with Store(db) as store:
        run_id = store.start_run({})
        for doc in (good, hostile, failed, bare):
            store.write_document(doc, run_id)
        store.finish_run(run_id, 3, 1)
    return Corpus(db, pdf, good.doc_id, hostile.doc_id, failed.doc_id, dict(word_boxes(pdf)))
