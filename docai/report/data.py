"""What the report shows, read from the database in a few parameterised queries per batch.

Rows come back as plain dataclasses so rendering never touches SQL. Everything is read through
a read-only `docai.store.Store` connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

# Fields the index shows beside each document, in column order.
KEY_FIELDS = ("vendor_name", "invoice_number", "invoice_date", "total_amount", "currency")


@dataclass(slots=True)
class BoxRow:
    page_no: int | None
    x0: float | None
    y0: float | None
    x1: float | None
    y1: float | None

    @property
    def grounded(self) -> bool:
        return None not in (self.page_no, self.x0, self.y0, self.x1, self.y1)


@dataclass(slots=True)
class FieldRow(BoxRow):
    field: str = ""
    value: str | None = None
    text: str | None = None
    confidence: float | None = None
    region_id: int | None = None
    extractor: str = ""


@dataclass(slots=True)
class LineItemRow(BoxRow):
    item_no: int = 0
    description: str | None = None
    quantity: str | None = None
    unit_price: str | None = None
    amount: str | None = None
    confidence: float | None = None


@dataclass(slots=True)
class WordRow:
    word_id: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float
    region_id: int | None


@dataclass(slots=True)
class RegionRow:
    region_id: int
    label: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class PageRow:
    page_no: int
    width: float
    height: float
    text_source: str
    regions: list[RegionRow] = field(default_factory=list)
    words: list[WordRow] = field(default_factory=list)


@dataclass(slots=True)
class ValidationRow:
    rule: str
    passed: bool
    detail: str | None


@dataclass(slots=True)
class DocumentRow:
    doc_id: str
    source_path: str
    file_name: str
    media_type: str | None
    page_count: int
    status: str
    error: str | None
    pipeline_version: str
    processed_at: datetime | None
    run_id: str
    pages: list[PageRow] = field(default_factory=list)
    fields: list[FieldRow] = field(default_factory=list)
    line_items: list[LineItemRow] = field(default_factory=list)
    validations: list[ValidationRow] = field(default_factory=list)

    def field_value(self, name: str) -> str | None:
        for f in self.fields:
            if f.field == name:
                return f.value if f.value is not None else f.text
        return None

    @property
    def min_confidence(self) -> float | None:
        values = [f.confidence for f in self.fields if f.confidence is not None]
        return min(values) if values else None

    @property
    def failed_rules(self) -> list[str]:
        return [v.rule for v in self.validations if not v.passed]


_DOCUMENT_COLUMNS = ("doc_id, source_path, file_name, media_type, page_count, status, error, "
                     "pipeline_version, processed_at, run_id")


def has_schema(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = ? AND table_schema = 'main'", ["documents"]).fetchone()
    return bool(found and found[0])


def document_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT doc_id FROM documents ORDER BY file_name, doc_id")
            .fetchall()]


def iter_documents(con: duckdb.DuckDBPyConnection, batch: int = 200) -> Iterator[DocumentRow]:
    """Every stored document with its pages, words, regions and extraction, `batch` at a time
    so memory stays flat however large the database."""
    ids = document_ids(con)
    for start in range(0, len(ids), batch):
        yield from load_documents(con, ids[start:start + batch])


def load_documents(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[DocumentRow]:
    if not ids:
        return []
    where = "WHERE doc_id IN (SELECT UNNEST(?::VARCHAR[]))"
    docs = {row[0]: DocumentRow(*row) for row in con.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents {where}", [ids]).fetchall()}

    pages: dict[tuple[str, int], PageRow] = {}
    for doc_id, page_no, *rest in con.execute(
            f"SELECT doc_id, page_no, width, height, text_source FROM pages {where} "
            "ORDER BY doc_id, page_no", [ids]).fetchall():
        page = PageRow(page_no, *rest)
        pages[doc_id, page_no] = page
        docs[doc_id].pages.append(page)
    for doc_id, page_no, *rest in con.execute(
            f"SELECT doc_id, page_no, region_id, label, score, x0, y0, x1, y1 FROM regions {where} "
            "ORDER BY doc_id, page_no, region_id", [ids]).fetchall():
        if (doc_id, page_no) in pages:
            pages[doc_id, page_no].regions.append(RegionRow(*rest))
    for doc_id, page_no, *rest in con.execute(
            f"SELECT doc_id, page_no, word_id, text, x0, y0, x1, y1, confidence, region_id "
            f"FROM words {where} ORDER BY doc_id, page_no, word_id", [ids]).fetchall():
        if (doc_id, page_no) in pages:
            pages[doc_id, page_no].words.append(WordRow(*rest))

    for doc_id, *rest in con.execute(
            f"SELECT doc_id, page_no, x0, y0, x1, y1, field, value, text, confidence, region_id, "
            f"extractor FROM fields {where} ORDER BY doc_id, field", [ids]).fetchall():
        docs[doc_id].fields.append(FieldRow(*rest))
    for doc_id, *rest in con.execute(
            f"SELECT doc_id, page_no, x0, y0, x1, y1, item_no, description, "
            f"CAST(quantity AS VARCHAR), CAST(unit_price AS VARCHAR), CAST(amount AS VARCHAR), "
            f"confidence FROM line_items {where} ORDER BY doc_id, item_no", [ids]).fetchall():
        docs[doc_id].line_items.append(LineItemRow(*rest))
    for doc_id, *rest in con.execute(
            f"SELECT doc_id, rule, passed, detail FROM validations {where} "
            "ORDER BY doc_id, passed, rule", [ids]).fetchall():
        docs[doc_id].validations.append(ValidationRow(*rest))
    return [docs[i] for i in ids if i in docs]
